/* sql_statements.h: every SQL statement the application runs, by name:
 * the ids are generated from the families' declarations (stmt.h). */
#ifndef CRM_SQL_STATEMENTS_H
#define CRM_SQL_STATEMENTS_H

#include <stdbool.h>

#include "stmt_families.h"

enum stmt_id {
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
	bool idempotent;	/* safe to retry after a lost connection (RO) */
	int nparams, ncols;	/* the ?s and columns its lists declare */
};

extern const struct stmt_def stmt_defs[STMT__MAX];

#endif
