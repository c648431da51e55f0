/* user_scope.c: owns the reach of admin.users grants (user_scope.h). */
#include "config.h"

#include "handler.h"
#include "session.h"
#include "stmt.h"
#include "user_scope.h"

struct user_scope
user_scope_of(const struct ctx *ctx, enum rbac_module m, enum rbac_action a)
{
	return (struct user_scope){
		.scope = rbac_scope(&ctx->user->rights, m, a),
		.team_id = ctx->user->team_id,
		.user_id = ctx->user->id,
	};
}

int
user_in_scope(struct ctx *ctx, long long id, enum rbac_action a)
{
	return user_in_module_scope(ctx, id, MOD_ADMIN_USERS, a);
}

int
user_in_module_scope(struct ctx *ctx, long long id, enum rbac_module m, enum rbac_action a)
{
	struct admin_user_in_scope_in in = { .id = id, .scope = user_scope_of(ctx, m, a) };
	struct admin_user_in_scope_out out;

	if (stmt_admin_user_in_scope(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.n == 1;
}

bool
user_scope_all(const struct ctx *ctx)
{
	/* Through a temporary grant only with a second factor verified in
	 * this session: a grant must not make an administrator of all users
	 * of someone who signs in with a password alone. (A role giving it
	 * says itself whether it needs the second factor.) */
	return rbac_scope(&ctx->user->rights, MOD_ADMIN_USERS, ACT_EDIT) == SCOPE_ALL &&
	    (ctx->user->rights.users_all_by_role || ctx->user->mfa_age >= 0);
}
