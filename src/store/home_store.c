/* home_store.c: owns the dashboard's statements (home_sql.h): the
 * signed-in user's previous successful sign-in and the failed attempts
 * since, the pipeline sums, the deals won and the deals closing
 * (home_store.h). */
#include "config.h"

#include "handler.h"
#include "record_scope.h"
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

/* The deal view scope as HOME_SCOPE_SQL binds it. */
#define HOME_SCOPE(sc) \
	.level = (sc).scope, .level_again = (sc).scope, .team = (sc).team_id, .team_again = (sc).team_id, \
	.level_third = (sc).scope, .user = (sc).user_id

long long
home_pipeline(struct ctx *ctx, struct home_sum **out)
{
	struct record_scope sc = record_scope_of(ctx, MOD_DEALS, ACT_VIEW);
	struct home_pipeline_in in = { HOME_SCOPE(sc) };
	struct home_pipeline_out r;

	if (stmt_home_pipeline(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct home_sum){
			.owner_id = r.rows[i].owner_id, .stage_id = r.rows[i].stage_id, .count = r.rows[i].count,
			.amount_cents = r.rows[i].amount_cents, .weighted = r.rows[i].weighted,
			.owner = r.rows[i].owner, .currency = r.rows[i].currency,
		};
	return (long long)r.n;
}

long long
home_won(struct ctx *ctx, const char *from, const char *to, struct home_sum **out)
{
	struct record_scope sc = record_scope_of(ctx, MOD_DEALS, ACT_VIEW);
	struct home_won_in in = { .from = from, .to = to, HOME_SCOPE(sc) };
	struct home_won_out r;

	if (stmt_home_won(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct home_sum){
			.owner_id = r.rows[i].owner_id, .count = r.rows[i].count,
			.amount_cents = r.rows[i].amount_cents, .currency = r.rows[i].currency,
			.owner = r.rows[i].owner,
		};
	return (long long)r.n;
}

long long
home_closing(struct ctx *ctx, const char *from, const char *to, long long limit, struct home_deal **out)
{
	struct home_closing_in in = {
		.accounts = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW), .from = from, .to = to,
		.scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW), .limit = limit,
	};
	struct home_closing_out r;

	if (stmt_home_closing(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct home_deal){
			.id = r.rows[i].id, .account_id = r.rows[i].account_id,
			.amount_cents = r.rows[i].amount_cents, .stage_id = r.rows[i].stage_id,
			.name = r.rows[i].name, .account = r.rows[i].account, .currency = r.rows[i].currency,
			.close = r.rows[i].close, .owner = r.rows[i].owner,
		};
	return (long long)r.n;
}
