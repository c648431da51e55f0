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

#define ADMIN_STAGE_SHAPES(T) T(admin_stage_list) T(admin_stage_insert) T(admin_stage_update) \
	T(admin_stage_delete)
#define ADMIN_STAGE_STMTS(S) \
	S(admin_stage_list, RO, admin_stage_list) \
	S(admin_stage_insert, RW, admin_stage_insert) \
	S(admin_stage_update, RW, admin_stage_update) \
	S(admin_stage_delete, RW, admin_stage_delete)

#endif
