/* sql_statements.c: owns the text of every statement the application
 * prepares. SQL lives only here (and in sql/ migrations), always with
 * placeholders, so a reviewer can read every query in one file. */
#include "config.h"

#include "sql_statements.h"

const struct stmt_def stmt_defs[STMT__MAX] = {
	[STMT_HEALTH] = { "health",
	    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", true },
	[STMT_MIGRATION_APPLIED] = { "migration_applied",
	    "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
	    true },
	[STMT_MIGRATION_RECORD] = { "migration_record",
	    "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP())", false },
	[STMT_DATA_KEY_INSERT] = { "data_key_insert",
	    "INSERT INTO data_keys (subject_type, subject_id, kek_version, created_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP())", false },
	[STMT_DATA_KEY_SET_WRAPPED] = { "data_key_set_wrapped",
	    "UPDATE data_keys SET wrapped = ? WHERE id = ?", false },
	[STMT_DATA_KEY_GET] = { "data_key_get",
	    "SELECT id, kek_version, wrapped FROM data_keys"
	    " WHERE subject_type = ? AND subject_id = ? LOCK IN SHARE MODE", true },
	[STMT_DATA_KEY_LOCK] = { "data_key_lock",
	    "SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys"
	    " WHERE wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 1 FOR UPDATE", false },
	[STMT_ENCRYPTED_COLUMNS] = { "encrypted_columns",
	    "SELECT table_name, column_name, subject_type, subject_column"
	    " FROM encrypted_columns ORDER BY table_name, column_name", true },
	[STMT_DATA_KEY_BATCH_OLD] = { "data_key_batch_old",
	    "SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys"
	    " WHERE kek_version < ? AND wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 500", true },
	[STMT_DATA_KEY_REWRAP] = { "data_key_rewrap",
	    "UPDATE data_keys SET wrapped = ?, kek_version = ?, rewrapped_at = UTC_TIMESTAMP()"
	    " WHERE id = ? AND kek_version = ?", false },
	[STMT_DATA_KEY_COUNT_BY_KEK] = { "data_key_count_by_kek",
	    "SELECT kek_version, COUNT(*) FROM data_keys WHERE wrapped IS NOT NULL"
	    " GROUP BY kek_version ORDER BY kek_version", true },
	[STMT_DATA_KEY_DESTROY] = { "data_key_destroy",
	    "UPDATE data_keys SET wrapped = NULL, destroyed_at = UTC_TIMESTAMP()"
	    " WHERE subject_type = ? AND subject_id = ?", false },
};
