/* page_home.c: owns the start page, the dashboard. Signed in, it shows
 * the pipeline by stage (count and value within the user's scope and
 * field rights), the user's open tasks and the recent activities (each
 * with the record it is attached to, named when the user may view it),
 * the user's roles and their previous sign-in (when and
 * from where) with the failed attempts since, so someone whose password
 * is being tried, or was used, notices. */
#include "config.h"

#include "deal.h"
#include "home_store.h"
#include "page.h"
#include "permission.h"
#include "pages.h"
#include "session.h"
#include "timeline.h"

/* The sign-in before this one and the failures since; best effort. */
static void
previous_sign_in(struct ctx *ctx)
{
	struct home_sign_in p;

	if (home_previous_sign_in(ctx, &p) != 1)
		return;
	tv_str(ctx->data, "previous_at", p.at);
	tv_str(ctx->data, "previous_ip", p.ip);
	if (p.failed_since >= 0)
		tv_int(ctx->data, "failed_since", p.failed_since);
}

/* The pipeline by stage, within the user's deal scope; totals only when
 * the user may see amounts (deal_amount_text). */
static int
pipeline(struct ctx *ctx)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct deal_stage_sum *sums;
	struct tval *list;
	long long nsums;
	int n;

	if (!permission_can(ctx, MOD_DEALS, ACT_VIEW))
		return 0;
	if ((n = deal_stages(ctx, st, DEAL_STAGES_MAX)) < 0 || (nsums = deal_stage_sums(ctx, &sums)) < 0)
		return -1;
	list = tv_list(ctx->data, "pipeline");
	for (int s = 0; s < n; s++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "stage", st[s].name);
		tv_int(e, "count", 0);
		for (long long i = 0; i < nsums; i++)
			if (sums[i].stage_id == st[s].id) {
				tv_int(e, "count", sums[i].count);
				if (sums[i].one_currency)
					tv_str(e, "value", deal_amount_text(ctx, sums[i].amount_cents,
					    sums[i].currency));
			}
	}
	return 0;
}

/* My open tasks (overdue ones flagged, soonest due first) and the most
 * recent activities in my scope. */
static int
activities(struct ctx *ctx)
{
	static const struct activity_filter any = { "", "", 0 };
	struct activity_item *items;
	struct tval *recent;
	long long n;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	if (timeline_my_tasks(ctx, tv_list(ctx->data, "tasks"), 10) == -1 ||
	    (n = activity_recent(ctx, &any, 0, 10, &items)) == -1)
		return -1;
	recent = tv_list(ctx->data, "recent");
	for (long long i = 0; i < n; i++)
		timeline_row(recent, &items[i]);
	return 0;
}

int
page_home(struct ctx *ctx)
{
	if (ctx->user != NULL)
		previous_sign_in(ctx);
	if (ctx->user != NULL && (pipeline(ctx) == -1 || activities(ctx) == -1))
		return 503;
	return page_render(ctx, "home", 200);
}
