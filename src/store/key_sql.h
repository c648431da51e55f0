/* key_sql.h: the statements about data subjects' data keys
 * (subject_key.c; declared as stmt.h says). */
#ifndef CRM_KEY_SQL_H
#define CRM_KEY_SQL_H

#define key_insert_SQL "INSERT INTO data_keys (subject_type, subject_id, kek_version, created_at)" \
	" VALUES (?, ?, ?, UTC_TIMESTAMP())"
#define key_insert_IN(X) X(TEXT, subject_type) X(INT, subject_id) X(INT, kek_version)
#define key_insert_OUT(X)

#define key_set_wrapped_SQL "UPDATE data_keys SET wrapped = ? WHERE id = ?"
#define key_set_wrapped_IN(X) X(VAL, wrapped) X(INT, id)
#define key_set_wrapped_OUT(X)

/* The key as subject_key_from_row takes it: id, kek_version, wrapped. */
#define key_get_SQL "SELECT id, kek_version, wrapped FROM data_keys" \
	" WHERE subject_type = ? AND subject_id = ? LOCK IN SHARE MODE"
#define key_get_IN(X) X(TEXT, subject_type) X(INT, subject_id)
#define key_get_OUT(X) X(VAL, id) X(VAL, kek_version) X(VAL, wrapped)

#define key_destroy_SQL "UPDATE data_keys SET wrapped = NULL, destroyed_at = UTC_TIMESTAMP()" \
	" WHERE subject_type = ? AND subject_id = ?"
#define key_destroy_IN(X) X(TEXT, subject_type) X(INT, subject_id)
#define key_destroy_OUT(X)

#define KEY_SHAPES(T) T(key_insert) T(key_set_wrapped) T(key_get) T(key_destroy)
#define KEY_STMTS(S) \
	S(key_insert, RW, key_insert) \
	S(key_set_wrapped, RW, key_set_wrapped) \
	S(key_get, RO, key_get) \
	S(key_destroy, RW, key_destroy)

#endif
