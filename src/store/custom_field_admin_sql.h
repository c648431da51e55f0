/* custom_field_admin_sql.h: the statements /admin/fields runs about
 * custom field definitions (sql/033_custom_fields.sql): a family's
 * fields with their labels, one field, its options, the checks behind
 * the limits and the English label's uniqueness, and the writes of
 * adding, changing, reordering, retiring and restoring fields and
 * options (declared as stmt.h says; custom_field_store.c runs them).
 * The runtime's own reads of the definitions are not here. */
#ifndef CRM_CUSTOM_FIELD_ADMIN_SQL_H
#define CRM_CUSTOM_FIELD_ADMIN_SQL_H

/* A field's columns with its label and help in both languages. */
#define CFA_FIELD_COLS \
	" f.id, f.family, f.type, f.required, f.default_value, f.currency, f.protect, f.personal," \
	" f.position, f.retired_at IS NOT NULL, f.version, en.label, en.help, zh.label, zh.help," \
	" (SELECT COUNT(*) FROM custom_field_options o WHERE o.field_id = f.id AND o.retired_at IS NULL)" \
	" FROM custom_fields f" \
	" LEFT JOIN custom_field_texts en ON en.field_id = f.id AND en.option_code = '' AND en.lang = 'en'" \
	" LEFT JOIN custom_field_texts zh ON zh.field_id = f.id AND zh.option_code = '' AND zh.lang = 'zh-CN'"
#define CFA_FIELD_OUT(X) X(INT, id) X(TEXT, family) X(TEXT, type) X(INT, required) \
	X(TEXT, default_value) X(TEXT, currency) X(TEXT, protect) X(TEXT, personal) X(INT, position) \
	X(INT, retired) X(INT, version) X(TEXT, label_en) X(TEXT, help_en) X(TEXT, label_zh) \
	X(TEXT, help_zh) X(INT, live_options)

#define cfa_list_SQL "SELECT" CFA_FIELD_COLS " WHERE f.family = ? ORDER BY f.position, f.id"
#define cfa_list_IN(X) X(TEXT, family)
#define cfa_list_OUT(X) CFA_FIELD_OUT(X)

#define cfa_get_SQL "SELECT" CFA_FIELD_COLS " WHERE f.id = ?"
#define cfa_get_IN(X) X(INT, id)
#define cfa_get_OUT(X) CFA_FIELD_OUT(X)
/* The same row locked for a change (shape cfa_get). */
#define cfa_get_lock_SQL "SELECT" CFA_FIELD_COLS " WHERE f.id = ? FOR UPDATE"

/* Locks a family's fields (and the gap after them, so no field of the
 * family is added meanwhile) in display order: the limit, the label
 * check and the renumbering of positions read it. */
#define cfa_family_lock_SQL \
	"SELECT f.id, f.retired_at IS NOT NULL FROM custom_fields f WHERE f.family = ?" \
	" ORDER BY f.position, f.id FOR UPDATE"
#define cfa_family_lock_IN(X) X(TEXT, family)
#define cfa_family_lock_OUT(X) X(INT, id) X(INT, retired)

/* Live fields of the family other than id whose English label is label,
 * compared without regard to case (CSV import maps columns by label). */
#define cfa_label_taken_SQL \
	"SELECT COUNT(*) FROM custom_fields f JOIN custom_field_texts t ON t.field_id = f.id" \
	" AND t.option_code = '' AND t.lang = 'en'" \
	" WHERE f.family = ? AND f.retired_at IS NULL AND f.id <> ? AND LOWER(t.label) = LOWER(?)"
#define cfa_label_taken_IN(X) X(TEXT, family) X(INT, id) X(TEXT, label)
#define cfa_label_taken_OUT(X) X(INT, n)

#define cfa_insert_SQL \
	"INSERT INTO custom_fields (family, type, required, default_value, currency, protect, personal," \
	" position, version, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define cfa_insert_IN(X) X(TEXT, family) X(TEXT, type) X(INT, required) X(TEXT, default_value) \
	X(TEXT, currency) X(TEXT, protect) X(TEXT, personal) X(INT, position)
#define cfa_insert_OUT(X)

/* What may change after creation; only the version the form showed. */
#define cfa_update_SQL \
	"UPDATE custom_fields SET required = ?, default_value = ?, personal = ?, version = version + 1," \
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?"
#define cfa_update_IN(X) X(INT, required) X(TEXT, default_value) X(TEXT, personal) X(INT, id) \
	X(INT, version)
#define cfa_update_OUT(X)

/* Retires (retired 1) or restores (0) the version the form showed. */
#define cfa_retire_SQL \
	"UPDATE custom_fields SET retired_at = IF(? = 1, UTC_TIMESTAMP(), NULL), version = version + 1," \
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?"
#define cfa_retire_IN(X) X(INT, retired) X(INT, id) X(INT, version)
#define cfa_retire_OUT(X)

/* A change of the field's order or options: a new version, only from
 * the version the form showed. */
#define cfa_touch_SQL \
	"UPDATE custom_fields SET version = version + 1, updated_at = UTC_TIMESTAMP()" \
	" WHERE id = ? AND version = ?"
#define cfa_touch_IN(X) X(INT, id) X(INT, version)
#define cfa_touch_OUT(X)

#define cfa_position_SQL "UPDATE custom_fields SET position = ? WHERE id = ?"
#define cfa_position_IN(X) X(INT, position) X(INT, id)
#define cfa_position_OUT(X)

/* A label and help of the field (option_code '') or of an option. */
#define cfa_text_put_SQL \
	"INSERT INTO custom_field_texts (field_id, option_code, lang, label, help) VALUES (?, ?, ?, ?, ?)" \
	" ON DUPLICATE KEY UPDATE label = VALUES(label), help = VALUES(help)"
#define cfa_text_put_IN(X) X(INT, field_id) X(TEXT, option_code) X(TEXT, lang) X(TEXT, label) \
	X(TEXT, help)
#define cfa_text_put_OUT(X)

#define cfa_text_delete_SQL \
	"DELETE FROM custom_field_texts WHERE field_id = ? AND option_code = ? AND lang = ?"
#define cfa_text_delete_IN(X) X(INT, field_id) X(TEXT, option_code) X(TEXT, lang)
#define cfa_text_delete_OUT(X)

/* A field's options in order with their labels (the lock variant for a
 * change shares the shape). */
#define CFA_OPTION_COLS \
	" o.code, o.position, o.retired_at IS NOT NULL, en.label, zh.label FROM custom_field_options o" \
	" LEFT JOIN custom_field_texts en ON en.field_id = o.field_id AND en.option_code = o.code AND en.lang = 'en'" \
	" LEFT JOIN custom_field_texts zh ON zh.field_id = o.field_id AND zh.option_code = o.code" \
	" AND zh.lang = 'zh-CN' WHERE o.field_id = ? ORDER BY o.position, o.code"
#define cfa_options_SQL "SELECT" CFA_OPTION_COLS
#define cfa_options_IN(X) X(INT, field_id)
#define cfa_options_OUT(X) X(TEXT, code) X(INT, position) X(INT, retired) X(TEXT, label_en) \
	X(TEXT, label_zh)
#define cfa_options_lock_SQL "SELECT" CFA_OPTION_COLS " FOR UPDATE"

#define cfa_option_insert_SQL \
	"INSERT INTO custom_field_options (field_id, code, position) VALUES (?, ?, ?)"
#define cfa_option_insert_IN(X) X(INT, field_id) X(TEXT, code) X(INT, position)
#define cfa_option_insert_OUT(X)

#define cfa_option_position_SQL \
	"UPDATE custom_field_options SET position = ? WHERE field_id = ? AND code = ?"
#define cfa_option_position_IN(X) X(INT, position) X(INT, field_id) X(TEXT, code)
#define cfa_option_position_OUT(X)

#define cfa_option_retire_SQL \
	"UPDATE custom_field_options SET retired_at = IF(? = 1, UTC_TIMESTAMP(), NULL)" \
	" WHERE field_id = ? AND code = ?"
#define cfa_option_retire_IN(X) X(INT, retired) X(INT, field_id) X(TEXT, code)
#define cfa_option_retire_OUT(X)

#define CUSTOM_FIELD_ADMIN_SHAPES(T) T(cfa_list) T(cfa_get) T(cfa_family_lock) T(cfa_label_taken) \
	T(cfa_insert) T(cfa_update) T(cfa_retire) T(cfa_touch) T(cfa_position) T(cfa_text_put) \
	T(cfa_text_delete) T(cfa_options) T(cfa_option_insert) T(cfa_option_position) \
	T(cfa_option_retire)
#define CUSTOM_FIELD_ADMIN_STMTS(S) \
	S(cfa_list, RO, cfa_list) \
	S(cfa_get, RO, cfa_get) \
	S(cfa_get_lock, RW, cfa_get) \
	S(cfa_family_lock, RW, cfa_family_lock) \
	S(cfa_label_taken, RW, cfa_label_taken) \
	S(cfa_insert, RW, cfa_insert) \
	S(cfa_update, RW, cfa_update) \
	S(cfa_retire, RW, cfa_retire) \
	S(cfa_touch, RW, cfa_touch) \
	S(cfa_position, RW, cfa_position) \
	S(cfa_text_put, RW, cfa_text_put) \
	S(cfa_text_delete, RW, cfa_text_delete) \
	S(cfa_options, RO, cfa_options) \
	S(cfa_options_lock, RW, cfa_options) \
	S(cfa_option_insert, RW, cfa_option_insert) \
	S(cfa_option_position, RW, cfa_option_position) \
	S(cfa_option_retire, RW, cfa_option_retire)

#endif
