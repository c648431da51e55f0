/* record_scope.c: owns the parameters of the record scope condition
 * (record_scope.h). The condition itself is SQL text in
 * sql_statements.c, so it is prepared once like every statement. */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

struct record_scope
record_scope_of(const struct ctx *ctx, enum rbac_module m, enum rbac_action a)
{
	return (struct record_scope){
		.scope = ctx->user ? rbac_scope(&ctx->user->rights, m, a) : SCOPE_NONE,
		.team_id = ctx->user ? ctx->user->team_id : 0,
		.user_id = ctx->user ? ctx->user->id : 0,
		.action = rbac_action_name(a),
	};
}

