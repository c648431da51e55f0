/* sql_statements.h: every SQL statement the application runs, by name. */
#ifndef CRM_SQL_STATEMENTS_H
#define CRM_SQL_STATEMENTS_H

#include <stdbool.h>

#include "stmt_families.h"

enum stmt_id {
	STMT_USER_BY_NAME,
	STMT_USER_ROLE_NAMES,
	STMT_ROLE_GET,
	STMT_USER_SET_DISABLED,
	STMT_LAST_SIGN_INS,
	STMT_FAILED_SIGN_INS_SINCE,
	STMT_ROLE_PERMS_CLEAR,
	STMT_ROLE_RULES_CLEAR,
	STMT_CONTACTS_BY_NAME,
	STMT_CONTACTS_BY_NEWEST,
	STMT_CONTACTS_BY_UPDATED,
	STMT_CONTACTS_NAME_SEARCH,
	STMT_CONTACTS_EXACT_SEARCH,
	STMT_CONTACT_GET,
	STMT_CONTACT_INSERT,
	STMT_CONTACT_SET_SECRETS,
	STMT_CONTACT_UPDATE,
	STMT_DEAL_STAGES,
	STMT_DEAL_GET,
	STMT_DEALS_LIST,
	STMT_DEALS_BY_STAGE,
	STMT_DEAL_INSERT,
	STMT_DEAL_UPDATE,
	STMT_ACCOUNT_INSERT,
	STMT_LEAD_SET_SECRETS,
	STMT_ACTIVITY_GET,
	STMT_ACTIVITY_INSERT,
	STMT_ACTIVITY_SET_BODY,
	STMT_ACTIVITY_UPDATE,
	STMT_ACTIVITY_COMPLETE,
	STMT_ACTIVITIES_OPEN_TASKS,
	STMT_ACTIVITIES_RECENT,
	STMT_ACTIVITIES_TIMELINE,
	STMT_RELATED_NAME,
	STMT_LEAD_OF_DEAL,
	STMT_CONTACT_DUPLICATE,
	STMT_SEED_OWNER,
	STMT_SEED_FIRST_ADMIN,
	STMT_SEED_CONTACT_INSERT,
	/* Record lifecycle (record_kind.c): soft delete, deleted lists,
	 * restore and owner reassignment of the five record types. */
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
