/* page_home.c: owns the start page, the dashboard. Signed in, it shows
 * what a sales rep starts the day with, in the user's calendar (time
 * zone): their open tasks due today and overdue, their meetings and calls
 * today, their latest activities, the open deals closing this month, the pipeline by stage (count,
 * total, probability-weighted forecast) and the deals won this quarter
 * against the last. With a team or all scope on deals (a manager) the
 * deal figures are the team's, with a line per owner. Amounts appear as
 * the deals.amount field rule allows; when the role may not see them the
 * page says so. Also the user's roles and their previous sign-in (when
 * and from where) with the failed attempts since, so someone whose
 * password is being tried, or was used, notices. Every list reads an
 * index range (sql/036_dashboard.sql), never a user's whole book. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "activity.h"
#include "deal.h"
#include "display.h"
#include "home_store.h"
#include "page.h"
#include "permission.h"
#include "pages.h"
#include "session.h"
#include "timeline.h"

#define DASH_LIST_MAX 10	/* rows of each activity and deal list */
#define DASH_OWNERS_MAX 200	/* owners in the manager's table */
#define DASH_CURRENCIES 8

/* Amounts per currency: a total over deals in several currencies is
 * shown as "1,000.00 CHF + 200.00 EUR", never added up. */
struct money {
	int n;
	const char *cur[DASH_CURRENCIES];
	long long cents[DASH_CURRENCIES];
};

static void
money_add(struct money *m, const char *cur, long long cents)
{
	int i;

	for (i = 0; i < m->n && strcmp(m->cur[i], cur) != 0; i++)
		;
	if (i == m->n) {
		if (m->n == DASH_CURRENCIES)
			return;
		m->cur[m->n] = cur;
		m->cents[m->n++] = 0;
	}
	m->cents[i] += cents;
}

/* The text of m as the user may see it, or NULL when amounts are hidden
 * from the role (the page says so once). */
static const char *
money_text(struct ctx *ctx, const struct money *m)
{
	const char *s = NULL;

	if (m->n == 0)
		return deal_amount_text(ctx, 0, "");
	for (int i = 0; i < m->n; i++) {
		const char *t = deal_amount_text(ctx, m->cents[i], m->cur[i]);
		if (t == NULL)
			return NULL;
		s = s == NULL ? t : arena_printf(ctx->req->arena, "%s + %s", s, t);
	}
	return s;
}

static void
put_money(struct ctx *ctx, struct tval *e, const char *key, const struct money *m)
{
	const char *t = money_text(ctx, m);

	if (t != NULL)
		tv_str(e, key, t);
}

/* A weighted total as the user may see it: m holds cents times percent
 * (deal_pipeline_sums.weighted), summed as they are and rounded to a
 * cent only here, as the board rounds its column sums; a cut per row
 * lost up to a cent per owner and stage. */
static void
put_weighted(struct ctx *ctx, struct tval *e, const char *key, const struct money *m)
{
	struct money c = *m;

	for (int i = 0; i < c.n; i++)
		c.cents[i] = (c.cents[i] + 50) / 100;
	put_money(ctx, e, key, &c);
}

/* The UTC bounds of a period of the user's calendar. */
struct period {
	char start[20], end[20];
};

static int
period_of(struct ctx *ctx, time_t now, enum display_period p, int offset, struct period *out)
{
	return display_period_utc(ctx, now, p, offset, out->start, out->end);
}

/* The local calendar date ("YYYY-MM-DD") at UTC time utc. */
static const char *
local_date(struct ctx *ctx, const char *utc)
{
	const char *s = display_datetime_input(ctx, utc);

	return strlen(s) >= 10 ? arena_printf(ctx->req->arena, "%.10s", s) : NULL;
}

/* The sign-in before this one and the failures since; best effort. */
static void
previous_sign_in(struct ctx *ctx)
{
	struct home_sign_in p;

	if (home_previous_sign_in(ctx, &p) != 1)
		return;
	tv_str(ctx->data, "previous_at", display_datetime(ctx, p.at));
	tv_str(ctx->data, "previous_ip", p.ip);
	if (p.failed_since >= 0)
		tv_int(ctx->data, "failed_since", p.failed_since);
}

static void
activity_rows(struct ctx *ctx, const char *key, const struct activity_item *items, long long n)
{
	struct tval *list = tv_list(ctx->data, key);

	for (long long i = 0; i < n; i++)
		timeline_row(list, &items[i]);
}

/* My tasks due today and overdue, my meetings and calls today. */
static int
activities(struct ctx *ctx, const struct period *today)
{
	struct activity_item *items;
	long long n;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	tv_bool(ctx->data, "activities_on", true);
	tv_strf(ctx->data, "my_tasks_href", "/activities?kind=task&state=open&owner=%lld", ctx->user->id);
	tv_strf(ctx->data, "my_overdue_href", "/activities?kind=task&state=overdue&owner=%lld",
	    ctx->user->id);
	if ((n = activity_tasks_due(ctx, today->start, today->end, DASH_LIST_MAX, &items)) == -1)
		return -1;
	activity_rows(ctx, "tasks_today", items, n);
	if ((n = activity_tasks_overdue(ctx, today->start, DASH_LIST_MAX, &items)) == -1)
		return -1;
	activity_rows(ctx, "tasks_overdue", items, n);
	tv_bool(ctx->data, "tasks_overdue_more", n == DASH_LIST_MAX);
	if ((n = activity_meetings(ctx, today->start, today->end, DASH_LIST_MAX, &items)) == -1)
		return -1;
	activity_rows(ctx, "meetings", items, n);
	if ((n = activity_my_recent(ctx, DASH_LIST_MAX, &items)) == -1)
		return -1;
	activity_rows(ctx, "recent", items, n);
	return 0;
}

/* The stage's name and outcome, NULL when unknown. */
static const struct deal_stage *
stage_of(const struct deal_stage *st, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (st[i].id == id)
			return &st[i];
	return NULL;
}

/* The open deals closing this month in the user's calendar. */
static int
closing(struct ctx *ctx, time_t now, const struct deal_stage *st, int nst)
{
	struct period month;
	struct home_deal *d;
	const char *from, *to;
	struct tval *list;
	long long n;

	if (period_of(ctx, now, PERIOD_MONTH, 0, &month) == -1 ||
	    (from = local_date(ctx, month.start)) == NULL || (to = local_date(ctx, month.end)) == NULL)
		return -1;
	if ((n = home_closing(ctx, from, to, DASH_LIST_MAX, &d)) == -1)
		return -1;
	list = tv_list(ctx->data, "closing");
	for (long long i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		const struct deal_stage *s = stage_of(st, nst, d[i].stage_id);
		const char *amount = deal_amount_text(ctx, d[i].amount_cents, d[i].currency);
		tv_strf(e, "href", "/deals/%lld", d[i].id);
		tv_str(e, "name", d[i].name);
		if (d[i].account != NULL) {
			tv_str(e, "account", d[i].account);
			tv_strf(e, "account_href", "/accounts/%lld", d[i].account_id);
		}
		if (amount != NULL)
			tv_str(e, "amount", amount);
		tv_str(e, "close", display_date(ctx, d[i].close));
		tv_str(e, "stage", s != NULL ? s->name : "");
		tv_str(e, "owner", d[i].owner);
	}
	tv_bool(ctx->data, "closing_more", n == DASH_LIST_MAX);
	return 0;
}

/* One owner's line of the manager's table. */
struct owner_line {
	long long id, open;
	const char *name;
	struct money pipeline, weighted, won;
	long long won_count;
};

static struct owner_line *
owner_line(struct owner_line *o, int *n, long long id, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (o[i].id == id)
			return &o[i];
	if (*n == DASH_OWNERS_MAX)
		return NULL;
	memset(&o[*n], 0, sizeof(o[*n]));
	o[*n].id = id;
	o[*n].name = name != NULL ? name : "";
	return &o[(*n)++];
}

/* Won in a quarter (offset 0 this, -1 the last): count and amounts, by
 * owner into o when it is given. */
static int
won(struct ctx *ctx, time_t now, int offset, long long *count, struct money *m, struct owner_line *o,
    int *no)
{
	struct period q;
	struct home_sum *w;
	long long n;

	if (period_of(ctx, now, PERIOD_QUARTER, offset, &q) == -1 || (n = home_won(ctx, q.start, q.end, &w)) == -1)
		return -1;
	for (long long i = 0; i < n; i++) {
		struct owner_line *l = o != NULL ? owner_line(o, no, w[i].owner_id, w[i].owner) : NULL;
		*count += w[i].count;
		money_add(m, w[i].currency, w[i].amount_cents);
		if (l != NULL) {
			l->won_count += w[i].count;
			money_add(&l->won, w[i].currency, w[i].amount_cents);
		}
	}
	return 0;
}

/* The pipeline by stage (open stages: count, total, weighted), its
 * totals, the per-owner lines of a team. */
static void
pipeline_rows(struct ctx *ctx, const struct deal_stage *st, int nst, const struct home_sum *s, long long ns,
    struct owner_line *o, int *no)
{
	struct tval *list = tv_list(ctx->data, "pipeline");
	struct money all = { 0 }, all_weighted = { 0 };
	long long all_count = 0;

	for (long long i = 0; i < ns; i++) {
		const struct deal_stage *g = stage_of(st, nst, s[i].stage_id);
		struct owner_line *l;
		if (g == NULL || strcmp(g->outcome, "open") != 0 || (l = owner_line(o, no, s[i].owner_id, s[i].owner)) == NULL)
			continue;
		l->name = s[i].owner != NULL ? s[i].owner : l->name;
		l->open += s[i].count;
		money_add(&l->pipeline, s[i].currency, s[i].amount_cents);
		money_add(&l->weighted, s[i].currency, s[i].weighted);
	}
	for (int k = 0; k < nst; k++) {
		struct money total = { 0 }, weighted = { 0 };
		long long count = 0;
		struct tval *e;
		if (strcmp(st[k].outcome, "open") != 0)
			continue;
		for (long long i = 0; i < ns; i++)
			if (s[i].stage_id == st[k].id) {
				count += s[i].count;
				money_add(&total, s[i].currency, s[i].amount_cents);
				money_add(&weighted, s[i].currency, s[i].weighted);
				money_add(&all, s[i].currency, s[i].amount_cents);
				money_add(&all_weighted, s[i].currency, s[i].weighted);
			}
		all_count += count;
		e = tv_append_map(list);
		tv_str(e, "stage", st[k].name);
		tv_strf(e, "probability", "%d%%", st[k].probability);
		tv_int(e, "count", count);
		put_money(ctx, e, "value", &total);
		put_weighted(ctx, e, "weighted", &weighted);
	}
	tv_int(ctx->data, "pipeline_count", all_count);
	put_money(ctx, ctx->data, "pipeline_value", &all);
	put_weighted(ctx, ctx->data, "pipeline_weighted", &all_weighted);
}

/* The manager's table: a line per owner. */
static void
owner_rows(struct ctx *ctx, const struct owner_line *o, int no)
{
	struct tval *list = tv_list(ctx->data, "owners");

	for (int i = 0; i < no; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "name", o[i].name[0] != '\0' ? o[i].name : "?");
		tv_strf(e, "deals_href", "/deals?owner=%lld", o[i].id);
		tv_int(e, "open", o[i].open);
		put_money(ctx, e, "pipeline", &o[i].pipeline);
		put_weighted(ctx, e, "weighted", &o[i].weighted);
		tv_int(e, "won_count", o[i].won_count);
		put_money(ctx, e, "won", &o[i].won);
	}
}

/* The deal figures: closing this month, pipeline, won, owners. */
static int
deals(struct ctx *ctx, time_t now)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct owner_line *o;
	struct home_sum *s;
	struct money won_now = { 0 }, won_before = { 0 };
	long long ns, count_now = 0, count_before = 0;
	int nst, no = 0;
	bool team;

	if (!permission_can(ctx, MOD_DEALS, ACT_VIEW))
		return 0;
	team = rbac_scope(&ctx->user->rights, MOD_DEALS, ACT_VIEW) >= SCOPE_TEAM;
	tv_bool(ctx->data, "deals_on", true);
	tv_bool(ctx->data, "team", team);
	tv_bool(ctx->data, "amounts_hidden", deal_amount_text(ctx, 0, "") == NULL);
	o = arena_alloc(ctx->req->arena, DASH_OWNERS_MAX * sizeof(*o));
	if ((nst = deal_stages(ctx, st, DEAL_STAGES_MAX)) < 0 || closing(ctx, now, st, nst) == -1 ||
	    (ns = home_pipeline(ctx, &s)) == -1)
		return -1;
	pipeline_rows(ctx, st, nst, s, ns, o, &no);
	if (won(ctx, now, 0, &count_now, &won_now, o, &no) == -1 ||
	    won(ctx, now, -1, &count_before, &won_before, NULL, NULL) == -1)
		return -1;
	tv_int(ctx->data, "won_count", count_now);
	tv_str(ctx->data, "won_unit", deal_count_unit(count_now));
	put_money(ctx, ctx->data, "won_value", &won_now);
	tv_int(ctx->data, "won_before_count", count_before);
	tv_str(ctx->data, "won_before_unit", deal_count_unit(count_before));
	put_money(ctx, ctx->data, "won_before_value", &won_before);
	if (team)
		owner_rows(ctx, o, no);
	return 0;
}

static int
dashboard(struct ctx *ctx)
{
	time_t now = time(NULL);
	struct period today;

	if (period_of(ctx, now, PERIOD_DAY, 0, &today) == -1)
		return -1;
	tv_str(ctx->data, "today", display_date(ctx, local_date(ctx, today.start)));
	if (activities(ctx, &today) == -1 || deals(ctx, now) == -1)
		return -1;
	return 0;
}

int
page_home(struct ctx *ctx)
{
	if (ctx->user != NULL)
		previous_sign_in(ctx);
	if (ctx->user != NULL && dashboard(ctx) == -1)
		return 503;
	return page_render(ctx, "home", 200);
}
