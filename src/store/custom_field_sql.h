/* custom_field_sql.h: the statements that read the custom field
 * definitions into a worker's registry (custom_field.c): every field,
 * every option, every label, each in one statement. */
#ifndef CRM_CUSTOM_FIELD_SQL_H
#define CRM_CUSTOM_FIELD_SQL_H

#define custom_field_all_SQL \
	"SELECT id, family, type, required, default_value, currency, protect, personal," \
	" retired_at IS NOT NULL, version FROM custom_fields" \
	" ORDER BY family, retired_at IS NOT NULL, position, id"
#define custom_field_all_IN(X)
#define custom_field_all_OUT(X) X(INT, id) X(TEXT, family) X(TEXT, type) X(INT, required) \
	X(TEXT, default_value) X(TEXT, currency) X(TEXT, protect) X(TEXT, personal) X(INT, retired) \
	X(INT, version)

#define custom_field_options_all_SQL \
	"SELECT field_id, code, retired_at IS NOT NULL FROM custom_field_options" \
	" ORDER BY field_id, position, code"
#define custom_field_options_all_IN(X)
#define custom_field_options_all_OUT(X) X(INT, field_id) X(TEXT, code) X(INT, retired)

#define custom_field_texts_all_SQL \
	"SELECT field_id, option_code, lang, label, help FROM custom_field_texts"
#define custom_field_texts_all_IN(X)
#define custom_field_texts_all_OUT(X) X(INT, field_id) X(TEXT, option_code) X(TEXT, lang) \
	X(TEXT, label) X(TEXT, help)

/* The columns a user chose for a family's list (field names, commas). */
#define custom_list_columns_get_SQL \
	"SELECT columns FROM user_list_columns WHERE user_id = ? AND family = ?"
#define custom_list_columns_get_IN(X) X(INT, user_id) X(TEXT, family)
#define custom_list_columns_get_OUT(X) X(TEXT, columns)

#define custom_list_columns_set_SQL \
	"INSERT INTO user_list_columns (user_id, family, columns) VALUES (?, ?, ?)" \
	" ON DUPLICATE KEY UPDATE columns = VALUES(columns)"
#define custom_list_columns_set_IN(X) X(INT, user_id) X(TEXT, family) X(TEXT, columns)
#define custom_list_columns_set_OUT(X)

#define CUSTOM_FIELD_SHAPES(T) T(custom_field_all) T(custom_field_options_all) T(custom_field_texts_all) \
	T(custom_list_columns_get) T(custom_list_columns_set)
#define CUSTOM_FIELD_STMTS(S) \
	S(custom_field_all, RO, custom_field_all) \
	S(custom_field_options_all, RO, custom_field_options_all) \
	S(custom_field_texts_all, RO, custom_field_texts_all) \
	S(custom_list_columns_get, RO, custom_list_columns_get) \
	S(custom_list_columns_set, RW, custom_list_columns_set)

#endif
