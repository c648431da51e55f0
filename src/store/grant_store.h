/* grant_store.h: temporary grants as stored: a user's live grants, and
 * giving and revoking one, each with its audit record in one transaction
 * (grant_store.c). The rules a grant must meet are the page's
 * (page_admin_grants.c) and grant_ceiling.h's. */
#ifndef CRM_GRANT_STORE_H
#define CRM_GRANT_STORE_H

#include <stddef.h>

struct ctx;

/* A live grant as /admin/users/{id} lists it. */
struct grant_info {
	long long id;
	const char *module, *action, *record, *reason, *granted_by, *expires, *scope;
};

/* A grant to give: record 0 for the whole module (then scope names it),
 * team 0 for none; detail is the audit record's (grant.create). */
struct grant_new {
	long long user_id, record, team, granted_by;
	const char *module, *action, *scope, *reason, *expires;
};

/* The user's grants neither revoked nor expired: 0, or -1 on error. */
int grant_store_list(struct ctx *ctx, long long uid, struct grant_info **out, size_t *n);

/* Inserts g and, in the same transaction, the audit record grant.create
 * whose detail detail(ctx, arg, new id) makes: 0, or -1 (rolled back). */
int grant_store_create(struct ctx *ctx, const struct grant_new *g,
    const char *(*detail)(struct ctx *, const void *, long long), const void *arg);

/* Revokes grant id of user uid with its audit record (grant.revoke):
 * 1 done, 0 no such live grant, -1 error (rolled back either way). */
int grant_store_revoke(struct ctx *ctx, long long uid, long long id);

#endif
