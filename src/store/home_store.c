/* home_store.c: owns the start page's statements (home_sql.h): the
 * signed-in user's previous successful sign-in and the failed attempts
 * since (home_store.h). */
#include "config.h"

#include "handler.h"
#include "home_store.h"
#include "session.h"
#include "stmt.h"

int
home_previous_sign_in(struct ctx *ctx, struct home_sign_in *out)
{
	struct home_last_sign_ins_out last;
	struct home_failed_since_out fails;
	struct home_failed_since_in f;

	if (stmt_home_last_sign_ins(ctx->db, ctx->req->arena,
	    &(struct home_last_sign_ins_in){ .username = ctx->user->username }, &last) != DB_OK ||
	    last.n < 2)
		return 0;
	out->at = last.rows[1].shown;
	out->ip = last.rows[1].ip;
	out->failed_since = -1;
	f = (struct home_failed_since_in){ .username = ctx->user->username, .since = last.rows[1].at };
	if (stmt_home_failed_since(ctx->db, ctx->req->arena, &f, &fails) == DB_OK)
		out->failed_since = fails.n > 0 ? fails.rows[0].count : 0;
	return 1;
}
