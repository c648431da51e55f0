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
};
