/* page_pipeline.c: owns /deals/pipeline, the board: a column per stage
 * (deal_stages() order and names) headed by the count, total and
 * probability-weighted total of the matching deals (one aggregate query,
 * deal_board.h), and the newest cards of each stage (name, account
 * within the accounts scope, amount under the deals.amount rule, close
 * date, owner's initials), each with a move form that posts to the deal
 * page's move (page_deal_edit.c: the same permission, checks and audit).
 * The filter (owner, team, close dates) is a GET form; a move made from
 * the board comes back to it with the same filter (pipeline_return), and
 * the links to /deals carry it (its team and close-date part,
 * deal_filter_team_close, is /deals' too). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "deal.h"
#include "deal_board.h"
#include "display.h"
#include "escape.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"

#define CARDS_PER_STAGE 50

#define MSG_RANGE N_("The end of the close date range is before its start.")

static const struct field_def board_filter_fields[] = {
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID },
	{ .name = "team", .label = N_("Team"), .type = FIELD_ID, .max = FORM_ID_MAX_U32 },
	{ .name = "close_from", .label = N_("Closing from"), .type = FIELD_DATE },
	{ .name = "close_to", .label = N_("Closing until"), .type = FIELD_DATE },
};
static const struct form_def board_filter_form = {
	"pipeline_filter", board_filter_fields, sizeof(board_filter_fields) / sizeof(board_filter_fields[0])
};

/* The board as the request asks for it. */
struct board {
	struct list_filter f;
	struct deal_board_filter df;
	struct deal_stage st[DEAL_STAGES_MAX];
	int nst;
	bool amounts;	/* the role may see amounts (clear or masked) */
};

const char *
pipeline_return(struct ctx *ctx)
{
	const char *r = param_get(&ctx->req->form, "return"), *q;
	struct form_result fr;

	if (r == NULL || strcmp(r, "board") != 0)
		return NULL;
	form_validate(&board_filter_form, &ctx->req->form, ctx->req->arena, &fr);
	q = list_filter_query(ctx->req->arena, &fr);
	return q[0] ? arena_printf(ctx->req->arena, "/deals/pipeline?%s", q) : "/deals/pipeline";
}

/* The team choices (all teams for a user who sees every deal, else the
 * user's own team), the current one selected. 1 when current is one of
 * them (or 0: none), 0 not, -1 error. */
static int
team_options(struct ctx *ctx, long long current)
{
	struct deal_board_team *teams;
	struct tval *list = tv_list(ctx->data, "teams");
	bool all = rbac_scope(&ctx->user->rights, MOD_DEALS, ACT_VIEW) == SCOPE_ALL;
	long long n = deal_board_teams(ctx, &teams);
	int found = current == 0;

	if (n < 0)
		return -1;
	for (long long i = 0; i < n; i++) {
		struct tval *o;
		if (!all && teams[i].id != ctx->user->team_id)
			continue;
		o = tv_append_map(list);
		tv_strf(o, "value", "%lld", teams[i].id);
		tv_str(o, "text", teams[i].name);
		tv_bool(o, "selected", teams[i].id == current);
		found |= teams[i].id == current;
	}
	return found;
}

int
deal_filter_team_close(struct ctx *ctx, struct list_filter *f, long long *team, const char **from,
    const char **to)
{
	const struct field_value *tf = form_field(&f->r, "team");
	const char *fr = list_filter_value(f, "close_from"), *tt = list_filter_value(f, "close_to");
	int rc = 0, t;

	*team = tf->error == NULL && tf->value != NULL ? tf->i : 0;
	*from = fr[0] ? fr : NULL;
	*to = tt[0] ? tt : NULL;
	if ((t = team_options(ctx, *team)) == -1)
		return -1;
	if (t == 0) {
		list_filter_refuse(ctx, f, "team");
		rc = 1;
	}
	/* The close date is filtered on only where the role may key on it. */
	if ((*from || *to) && !rbac_field_keyable(&ctx->user->rights, MOD_DEALS, "expected_close")) {
		list_filter_refuse(ctx, f, *from ? "close_from" : "close_to");
		rc = 1;
	}
	if (*from && *to && strcmp(*from, *to) > 0) {
		form_set_error(&f->r, "close_to", MSG_RANGE);
		page_form(ctx, &f->r);
		rc = 1;
	}
	return rc;
}

/* Reads the filter; 0 valid, 1 refused (the page says why), -1 error. */
static int
read_filter(struct ctx *ctx, struct board *b)
{
	int rc = list_filter_read(ctx, &board_filter_form, MOD_DEALS, &b->f), t;

	if (rc == -1)
		return -1;
	b->df.owner = b->f.owner;
	tv_bool(ctx->data, "filtered", b->f.query[0] != '\0');
	if ((t = deal_filter_team_close(ctx, &b->f, &b->df.team, &b->df.from, &b->df.to)) == -1)
		return -1;
	tv_str(ctx->data, "list_href", b->f.query[0] ? arena_printf(ctx->req->arena, "/deals?%s", b->f.query)
	    : "/deals");
	return rc | t;
}

/* A column head: count, and where amounts may be seen the total and the
 * weighted total (several currencies: no total, said so). */
static void
column_sums(struct ctx *ctx, struct tval *col, const struct board *b, long long stage,
    const struct deal_board_sum *sums, long long nsums, long long *count)
{
	*count = 0;
	for (long long i = 0; i < nsums; i++) {
		if (sums[i].stage_id != stage)
			continue;
		*count = sums[i].count;
		if (!b->amounts)
			break;
		if (!sums[i].one_currency) {
			tv_bool(col, "mixed", true);
			break;
		}
		tv_str(col, "total", deal_amount_text(ctx, sums[i].amount_cents, sums[i].currency));
		tv_str(col, "weighted", deal_amount_text(ctx, sums[i].weighted_cents, sums[i].currency));
		break;
	}
	tv_int(col, "count", *count);
	tv_str(col, "unit", deal_count_unit(*count));
}

/* The hidden fields that bring a move back to this board and filter. */
static void
keep_filter(struct ctx *ctx, const struct board *b)
{
	struct tval *keep = tv_list(ctx->data, "keep");

	for (size_t i = 0; i < b->f.r.def->nfields; i++) {
		const struct field_value *v = &b->f.r.values[i];
		struct tval *k;
		if (v->error != NULL || v->value == NULL || v->value[0] == '\0')
			continue;
		k = tv_append_map(keep);
		tv_str(k, "name", v->def->name);
		tv_str(k, "value", v->value);
	}
}

/* One card and its move form (the other stages). */
static void
add_card(struct ctx *ctx, struct tval *list, const struct board *b, long long stage,
    const struct deal_board_card *c)
{
	struct tval *d = tv_append_map(list), *moves = tv_list(d, "moves");

	tv_strf(d, "id", "%lld", c->id);
	tv_strf(d, "href", "/deals/%lld", c->id);
	tv_strf(d, "move", "/deals/%lld/stage", c->id);
	tv_strf(d, "select_id", "move-%lld", c->id);
	tv_strf(d, "title_id", "card-%lld", c->id);
	tv_int(d, "version", c->version);
	tv_str(d, "name", c->name);
	if (c->account != NULL) {
		tv_str(d, "account", c->account);
		tv_strf(d, "account_href", "/accounts/%lld", c->account_id);
	} else if (c->account_id > 0)
		tv_bool(d, "account_hidden", true);
	if (b->amounts)
		tv_str(d, "amount", deal_amount_text(ctx, c->amount_cents, c->currency));
	if (c->expected_close[0] != '\0')
		tv_str(d, "close", display_date(ctx, c->expected_close));
	tv_str(d, "owner", c->owner);
	tv_str(d, "initials", deal_board_initials(ctx, c->owner));
	/* The next stage is chosen already: the usual move is one step on. */
	for (int s = 0; s < b->nst; s++) {
		struct tval *o;
		if (b->st[s].id == stage)
			continue;
		o = tv_append_map(moves);
		tv_strf(o, "value", "%lld", b->st[s].id);
		tv_str(o, "text", b->st[s].name);
		tv_bool(o, "selected", s > 0 && b->st[s - 1].id == stage);
	}
}

/* The link to the deals list of stage for the cards left off the
 * column: /deals takes every filter of the board (owner, team, close
 * dates) under the same names and checks, so the list holds the same
 * deals as the column. */
static const char *
more_href(struct ctx *ctx, const struct board *b, long long stage)
{
	const char *q = b->f.query;

	return arena_printf(ctx->req->arena, "/deals?stage=%lld%s%s", stage, q[0] ? "&" : "", q);
}

/* The columns; the number of cards shown, or -1. */
static long long
columns(struct ctx *ctx, struct board *b)
{
	long long shown = 0;
	struct tval *cols = tv_list(ctx->data, "stages");
	struct deal_board_sum *sums;
	long long nsums = deal_board_sums(ctx, &b->df, &sums);

	if (nsums < 0)
		return -1;
	for (int s = 0; s < b->nst; s++) {
		const struct deal_stage *st = &b->st[s];
		struct tval *col = tv_append_map(cols), *cards = tv_list(col, "deals");
		struct deal_board_card *c;
		long long count, m = 0;

		tv_strf(col, "id", "%lld", st->id);
		tv_strf(col, "head_id", "stage-%lld", st->id);
		tv_str(col, "name", st->name);
		tv_strf(col, "class", "stage stage-%s", st->outcome);
		tv_int(col, "probability", st->probability);
		column_sums(ctx, col, b, st->id, sums, nsums, &count);
		if (count > 0 && (m = deal_board_cards(ctx, &b->df, st->id, CARDS_PER_STAGE, &c)) == -1)
			return -1;
		for (long long i = 0; i < m; i++)
			add_card(ctx, cards, b, st->id, &c[i]);
		shown += m;
		if (count > m) {
			tv_int(col, "more", count - m);
			tv_str(col, "more_text", count - m == 1 ? N_("more deal in the list") :
			    N_("more deals in the list"));
			tv_str(col, "more_href", more_href(ctx, b, st->id));
		}
	}
	return shown;
}

int
page_deals_pipeline(struct ctx *ctx)
{
	struct board *b = arena_alloc(ctx->req->arena, sizeof(*b));
	long long shown;
	int rc;

	memset(b, 0, sizeof(*b));
	b->amounts = deal_amount_text(ctx, 0, "") != NULL;
	tv_bool(ctx->data, "show_amount", b->amounts);
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
	tv_bool(ctx->data, "can_move", permission_can(ctx, MOD_DEALS, ACT_EDIT));
	if ((b->nst = deal_stages(ctx, b->st, DEAL_STAGES_MAX)) < 0 || (rc = read_filter(ctx, b)) == -1)
		return 503;
	if (rc == 1)
		return page_render(ctx, "pipeline", 400);
	keep_filter(ctx, b);
	if ((shown = columns(ctx, b)) == -1)
		return 503;
	if (shown > 0)
		audit_view(ctx, "deals", "pipeline", shown);
	return page_render(ctx, "pipeline", 200);
}
