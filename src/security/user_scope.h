/* user_scope.h: which users an admin.users grant reaches. With scope
 * "all" every user; with "team" (a sales manager) the users of the
 * actor's team; "own" only the actor. Changes that could raise someone's
 * rights (roles, team, disabling) need "all". */
#ifndef CRM_USER_SCOPE_H
#define CRM_USER_SCOPE_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;

/* 1 when user id is within reach for action, 0 when not (or missing:
 * the same answer), -1 on a database error. */
int user_in_scope(struct ctx *ctx, long long id, enum rbac_action a);

struct user_scope;
/* The same as the USCOPE field of a typed statement (stmt.h) binds it:
 * the actor's reach for module m x action a. */
struct user_scope user_scope_of(const struct ctx *ctx, enum rbac_module m, enum rbac_action a);

int user_in_module_scope(struct ctx *ctx, long long id, enum rbac_module m, enum rbac_action a);

/* True when the actor may change roles, teams and disable users: edit
 * scope "all" on admin.users from a role, or from a temporary grant in
 * a session that verified a second factor. */
bool user_scope_all(const struct ctx *ctx);

#endif
