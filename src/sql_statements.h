/* sql_statements.h: every SQL statement the application runs, by name. */
#ifndef CRM_SQL_STATEMENTS_H
#define CRM_SQL_STATEMENTS_H

#include <stdbool.h>

enum stmt_id {
	STMT_HEALTH,
	STMT_MIGRATION_APPLIED,
	STMT_MIGRATION_RECORD,
	STMT_DATA_KEY_INSERT,
	STMT_DATA_KEY_SET_WRAPPED,
	STMT_DATA_KEY_GET,
	STMT_DATA_KEY_BATCH_OLD,
	STMT_DATA_KEY_REWRAP,
	STMT_DATA_KEY_COUNT_BY_KEK,
	STMT_DATA_KEY_DESTROY,
	STMT_DATA_KEY_LOCK,
	STMT_ENCRYPTED_COLUMNS,
	STMT__MAX
};

struct stmt_def {
	const char *name;
	const char *sql;
	bool idempotent;	/* safe to retry after a lost connection */
};

extern const struct stmt_def stmt_defs[STMT__MAX];

#endif
