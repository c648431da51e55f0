/* role_def.h: one role as the admin pages edit it: its settings, its
 * permission matrix and its field rules; loading, comparing and saving
 * it (saving writes the audit record with what changed, before/after). */
#ifndef CRM_ROLE_DEF_H
#define CRM_ROLE_DEF_H

#include <stdbool.h>

#include "rbac.h"

struct ctx;

#define ROLE_FIELDS_MAX RBAC_FIELDS_MAX
#define RULE_DEFAULT (-1)	/* no rule: visible, editable where the module is */

struct role_def {
	long long id;
	const char *name, *description, *networks, *hours;
	bool mfa, builtin;
	long long export_row_cap;	/* 1..RBAC_EXPORT_CAP_MAX, or 0: none of its
					 * own, the server default (NULL in roles) */
	unsigned char scope[MOD__MAX][ACT__MAX];	/* enum rbac_scope */
	signed char rule[ROLE_FIELDS_MAX];		/* per rbac_fields[i]; RULE_DEFAULT */
};

/* Loads role id: 1 found, 0 no such role, -1 database error. */
int role_def_load(struct ctx *ctx, long long id, struct role_def *out);

/* True when next grants something old does not (a larger scope, a more
 * open field rule, fewer restrictions, a larger export row cap, counting
 * "no cap of its own" as server_default, [server] export_row_cap): a
 * user holding the role may not make that change. */
bool role_def_raises(const struct role_def *old, const struct role_def *next, int server_default);

/* Saves next over old (same id) inside the caller's transaction with
 * its role.update audit record. 0, DB_ERR_DUPLICATE as 1 (name taken),
 * or -1. */
int role_def_save(struct ctx *ctx, const struct role_def *old, const struct role_def *next);

/* Inserts def as a new role (id set on success) with its grants and a
 * role.create audit record (detail names clone_of when not NULL).
 * 0, 1 name taken, -1. */
int role_def_create(struct ctx *ctx, struct role_def *def, const char *clone_of);

/* True for the administrator role, whose permissions cannot change: the
 * CRM must always keep someone able to administer it. Its settings
 * (description, restrictions, export row cap) can. */
bool role_def_locked(const struct role_def *d);

#endif
