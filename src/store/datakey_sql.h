/* datakey_sql.h: the statements crmctl keys runs on the data keys
 * (data_keys) and the register of encrypted columns (encrypted_columns):
 * counting keys per key-encryption key, rewrapping them in batches, and
 * locking one subject's key to replace it (stmt.h). The re-encryption of
 * a registered column itself is db_run_sql: its names come from the
 * register (crmctl_keys.c checks them). */
#ifndef CRM_DATAKEY_SQL_H
#define CRM_DATAKEY_SQL_H

#define datakey_count_by_kek_SQL \
	"SELECT kek_version, COUNT(*) FROM data_keys WHERE wrapped IS NOT NULL" \
	" GROUP BY kek_version ORDER BY kek_version"
#define datakey_count_by_kek_IN(X)
#define datakey_count_by_kek_OUT(X) X(INT, kek_version) X(INT, count)

#define datakey_batch_old_SQL \
	"SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys" \
	" WHERE kek_version < ? AND wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 500"

/* The shape of a data_keys row both reads return. */
#define datakey_row_IN(X) X(INT, after)
#define datakey_row_OUT(X) X(INT, id) X(TEXT, subject_type) X(INT, subject_id) \
	X(INT, kek_version) X(VAL, wrapped)

#define datakey_lock_SQL \
	"SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys" \
	" WHERE wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 1 FOR UPDATE"

#define datakey_batch_IN(X) X(INT, newest) X(INT, after)
#define datakey_batch_OUT(X) datakey_row_OUT(X)

#define datakey_rewrap_SQL \
	"UPDATE data_keys SET wrapped = ?, kek_version = ?, rewrapped_at = UTC_TIMESTAMP()" \
	" WHERE id = ? AND kek_version = ?"
#define datakey_rewrap_IN(X) X(VAL, wrapped) X(INT, kek_version) X(INT, id) X(INT, old_version)
#define datakey_rewrap_OUT(X)

#define datakey_columns_SQL \
	"SELECT table_name, column_name, subject_type, subject_column, row_column" \
	" FROM encrypted_columns ORDER BY table_name, column_name"
#define datakey_columns_IN(X)
#define datakey_columns_OUT(X) X(TEXT, table) X(TEXT, column) X(TEXT, subject_type) \
	X(TEXT, subject_column) X(TEXT, row_column)

/* Shapes of the re-encryption of one registered column (crmctl keys
 * rotate --data), whose text crmctl_keys.c builds from the register and
 * runs with db_run_sql: the sealed fields of one subject, and one field
 * set again. */
#define datakey_field_IN(X) X(INT, subject_id)
#define datakey_field_OUT(X) X(INT, row) X(VAL, sealed)
#define datakey_field_set_IN(X) X(VAL, sealed) X(INT, row)
#define datakey_field_set_OUT(X)

#define DATAKEY_SHAPES(T) T(datakey_field) T(datakey_field_set) T(datakey_count_by_kek) T(datakey_row) T(datakey_batch) \
	T(datakey_rewrap) T(datakey_columns)
#define DATAKEY_STMTS(S) \
	S(datakey_count_by_kek, RO, datakey_count_by_kek) \
	S(datakey_batch_old, RO, datakey_batch) \
	S(datakey_lock, RW, datakey_row) \
	S(datakey_rewrap, RW, datakey_rewrap) \
	S(datakey_columns, RO, datakey_columns)

#endif
