/* admin_stage_sql.h: the statements /admin/stages runs about the deal
 * pipeline's stages: the list with deal counts, adding, changing and
 * deleting one (declared as stmt.h says; stage_store.c runs them). */
#ifndef CRM_ADMIN_STAGE_SQL_H
#define CRM_ADMIN_STAGE_SQL_H

#define admin_stage_list_SQL \
	"SELECT s.id, s.name, s.position, s.probability, s.outcome," \
	" (SELECT COUNT(*) FROM deals d WHERE d.stage_id = s.id) FROM deal_stages s ORDER BY s.position"
#define admin_stage_list_IN(X)
#define admin_stage_list_OUT(X) X(INT, id) X(TEXT, name) X(INT, position) X(INT, probability) \
	X(TEXT, outcome) X(INT, deals)

#define admin_stage_insert_SQL \
	"INSERT INTO deal_stages (name, position, probability, outcome) VALUES (?, ?, ?, ?)"
#define admin_stage_insert_IN(X) X(TEXT, name) X(INT, position) X(INT, probability) X(TEXT, outcome)
#define admin_stage_insert_OUT(X)

#define admin_stage_update_SQL \
	"UPDATE deal_stages SET name = ?, position = ?, probability = ?, outcome = ? WHERE id = ?"
#define admin_stage_update_IN(X) X(TEXT, name) X(INT, position) X(INT, probability) X(TEXT, outcome) \
	X(INT, id)
#define admin_stage_update_OUT(X)

/* Only a stage no deal is in. */
#define admin_stage_delete_SQL \
	"DELETE FROM deal_stages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.stage_id = ?)"
#define admin_stage_delete_IN(X) X(INT, id) X(INT, id_again)
#define admin_stage_delete_OUT(X)

/* The stages' names per language (sql/037_user_locale.sql), and setting
 * or clearing one. */
#define admin_stage_names_SQL "SELECT stage_id, lang, name FROM deal_stage_names"
#define admin_stage_names_IN(X)
#define admin_stage_names_OUT(X) X(INT, stage_id) X(TEXT, lang) X(TEXT, name)

#define admin_stage_name_set_SQL "INSERT INTO deal_stage_names (stage_id, lang, name) VALUES (?, ?, ?)" \
	" ON DUPLICATE KEY UPDATE name = VALUES(name)"
#define admin_stage_name_set_IN(X) X(INT, stage_id) X(TEXT, lang) X(TEXT, name)
#define admin_stage_name_set_OUT(X)

#define admin_stage_name_clear_SQL "DELETE FROM deal_stage_names WHERE stage_id = ? AND lang = ?"
#define admin_stage_name_clear_IN(X) X(INT, stage_id) X(TEXT, lang)
#define admin_stage_name_clear_OUT(X)

#define ADMIN_STAGE_SHAPES(T) T(admin_stage_list) T(admin_stage_insert) T(admin_stage_update) \
	T(admin_stage_delete) T(admin_stage_names) T(admin_stage_name_set) T(admin_stage_name_clear)
#define ADMIN_STAGE_STMTS(S) \
	S(admin_stage_list, RO, admin_stage_list) \
	S(admin_stage_insert, RW, admin_stage_insert) \
	S(admin_stage_update, RW, admin_stage_update) \
	S(admin_stage_delete, RW, admin_stage_delete) \
	S(admin_stage_names, RO, admin_stage_names) \
	S(admin_stage_name_set, RW, admin_stage_name_set) \
	S(admin_stage_name_clear, RW, admin_stage_name_clear)

#endif
