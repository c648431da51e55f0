/* deal_board.c: owns the pipeline board's statements (deal_sql.h's
 * deal_board_*): the per-stage sums under the board's filter, a stage's
 * cards with the account's name only within the accounts view scope, the
 * teams, and owners' initials (deal_board.h). */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "deal_board.h"
#include "handler.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

#define BOARD_IN(ctx, f) \
	.scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW), \
	.owner = (f)->owner, .owner_again = (f)->owner, .team = (f)->team, .team_again = (f)->team, \
	.from = (f)->from, .from_again = (f)->from, .to = (f)->to, .to_again = (f)->to

/* Adds one row of the sums statements (all three have the same
 * columns) into the heads out[0..*n), one per stage; weighted stays cents
 * x percent until deal_board_sums rounds it. */
static void
add_row(struct deal_board_sum *out, long long *n, long long stage_id, long long count, long long amount,
    long long weighted, const char *min_currency, const char *max_currency)
{
	long long k = 0;

	while (k < *n && out[k].stage_id != stage_id)
		k++;
	if (k == *n)
		out[(*n)++] = (struct deal_board_sum){ .stage_id = stage_id, .currency = min_currency,
		    .one_currency = true };
	out[k].count += count;
	out[k].amount_cents += amount;
	out[k].weighted_cents += weighted;
	out[k].one_currency = out[k].one_currency && strcmp(min_currency, max_currency) == 0 &&
	    strcmp(min_currency, out[k].currency) == 0;
}

#define ADD_ROWS(heads, nheads, res) \
	for (size_t i_ = 0; i_ < (res).n; i_++) \
		add_row((heads), (nheads), (res).rows[i_].stage_id, (res).rows[i_].count, \
		    (res).rows[i_].amount_cents, (res).rows[i_].weighted, (res).rows[i_].min_currency, \
		    (res).rows[i_].max_currency)

/* Without a close-date filter the heads come from the maintained summary
 * plus the deals reached only through a temporary grant (deal_sql.h);
 * with one, from the deals themselves. */
long long
deal_board_sums(struct ctx *ctx, const struct deal_board_filter *f, struct deal_board_sum **out)
{
	struct record_scope sc = record_scope_of(ctx, MOD_DEALS, ACT_VIEW);
	struct arena *a = ctx->req->arena;
	long long n = 0;

	if (f->from != NULL || f->to != NULL) {
		struct deal_board_sums_in in = { BOARD_IN(ctx, f) };
		struct deal_board_sums_out r;

		if (stmt_deal_board_sums(ctx->db, a, &in, &r) != DB_OK)
			return -1;
		*out = arena_alloc(a, (r.n ? r.n : 1) * sizeof(**out));
		ADD_ROWS(*out, &n, r);
	} else {
#define SCOPE_VALUES .scope = sc.scope, .scope_team = sc.scope, .team_id = sc.team_id, \
	.team_id_again = sc.team_id, .scope_own = sc.scope, .user_id = sc.user_id, .owner = f->owner, \
	.owner_again = f->owner, .team = f->team, .team_again = f->team
		struct deal_board_summary_sums_out s;
		struct deal_board_granted_sums_out g;

		if (stmt_deal_board_summary_sums(ctx->db, a, &(struct deal_board_summary_sums_in){ SCOPE_VALUES },
		    &s) != DB_OK || stmt_deal_board_granted_sums(ctx->db, a, &(struct deal_board_granted_sums_in){
		    .grantee = sc.user_id, .action = sc.action, SCOPE_VALUES }, &g) != DB_OK)
			return -1;
#undef SCOPE_VALUES
		*out = arena_alloc(a, (s.n + g.n ? s.n + g.n : 1) * sizeof(**out));
		ADD_ROWS(*out, &n, s);
		ADD_ROWS(*out, &n, g);
	}
	for (long long k = 0; k < n; k++) {	/* cents x percent to cents, half away from zero */
		long long w = (*out)[k].weighted_cents;
		(*out)[k].weighted_cents = w >= 0 ? (w + 50) / 100 : -((-w + 50) / 100);
	}
	return n;
}

long long
deal_board_cards(struct ctx *ctx, const struct deal_board_filter *f, long long stage, long long limit,
    struct deal_board_card **out)
{
	struct deal_board_cards_in in = {
		.accounts = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW), .stage = stage, BOARD_IN(ctx, f),
		.limit = limit,
	};
	struct deal_board_cards_out r;

	if (stmt_deal_board_cards(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++) {
		const struct deal_board_cards_row *w = &r.rows[i];
		(*out)[i] = (struct deal_board_card){
			.id = w->id, .amount_cents = w->amount_cents, .account_id = w->account_id,
			.version = w->version, .name = w->name, .currency = w->currency, .owner = w->owner,
			.expected_close = w->expected_close, .account = w->account,
		};
	}
	return (long long)r.n;
}

long long
deal_board_teams(struct ctx *ctx, struct deal_board_team **out)
{
	struct deal_board_teams_out r;

	if (stmt_deal_board_teams(ctx->db, ctx->req->arena, &(struct deal_board_teams_in){ 0 }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct deal_board_team){ .id = r.rows[i].id, .name = r.rows[i].name };
	return (long long)r.n;
}

/* The bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
char_len(const unsigned char *s)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (s[i] == '\0' || (s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

const char *
deal_board_initials(struct ctx *ctx, const char *name)
{
	char out[16];
	size_t o = 0;
	int parts = 0;
	bool start = true;

	for (const unsigned char *s = (const unsigned char *)(name ? name : ""); *s != '\0' && parts < 2;) {
		size_t n = char_len(s);
		if (strchr(".-_ ", *s) != NULL) {
			start = true;
			s++;
			continue;
		}
		if (start) {
			for (size_t i = 0; i < n; i++)
				out[o++] = n == 1 ? (char)toupper(s[i]) : (char)s[i];
			parts++;
			start = false;
			if (n > 1)	/* a CJK name: its first character is enough */
				break;
		}
		s += n;
	}
	out[o] = '\0';
	return arena_strdup(ctx->req->arena, o > 0 ? out : "?");
}
