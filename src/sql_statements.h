/* sql_statements.h: every SQL statement the application runs, by name. */
#ifndef CRM_SQL_STATEMENTS_H
#define CRM_SQL_STATEMENTS_H

#include <stdbool.h>

#include "stmt_families.h"

enum stmt_id {
	STMT_CONTACTS_EXPORT,
	/* Record lifecycle (record_kind.c): soft delete, deleted lists,
	 * restore and owner reassignment of the five record types. */
	STMT_ACCOUNTS_EXPORT,
	STMT_LEADS_EXPORT,
	STMT_DEALS_EXPORT,
	STMT_ACTIVITIES_EXPORT,
#define STMT_ID_NONE(shape)
#define STMT_ID(name, mode, shape) STMT_##name,
	STMT_FAMILIES(STMT_ID_NONE, STMT_ID)
#undef STMT_ID
#undef STMT_ID_NONE
	STMT__MAX
};

struct stmt_def {
	const char *name;
	const char *sql;
	bool idempotent;	/* safe to retry after a lost connection */
	bool typed;		/* declared as stmt.h says: then */
	int nparams, ncols;	/* the ?s and columns its lists declare */
};

extern const struct stmt_def stmt_defs[STMT__MAX];

#endif
