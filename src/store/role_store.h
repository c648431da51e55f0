/* role_store.h: the roles as /admin/roles (and the role choices of
 * /admin/groups) read and change them, apart from a role's settings and
 * matrix (role_def.h). Functions return 0 (or 1 found / 0 missing) and
 * -1 on a database error; callers hold the transaction and audit. */
#ifndef CRM_ROLE_STORE_H
#define CRM_ROLE_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;

struct role_summary {
	long long id, members;
	const char *name;
	bool mfa_required;
	long long export_row_cap;	/* 0: the server default */
};

/* Every role by name. */
int role_store_list(struct ctx *ctx, struct role_summary **out, size_t *n);
/* The role's name and two-step requirement: 1, 0 no such role, -1. */
int role_store_mfa_get(struct ctx *ctx, long long id, const char **name, bool *mfa_required);
int role_store_set_mfa(struct ctx *ctx, long long id, bool mfa_required);
/* How many users hold the role and how many groups map to it. */
int role_store_usage(struct ctx *ctx, long long id, long long *users, long long *groups);
/* Deletes the role's permissions, field rules and the role (unless built in). */
int role_store_delete(struct ctx *ctx, long long id);

#endif
