/* page_home.c: owns the start page, the dashboard. Signed in, it shows
 * the pipeline by stage (count and value within the user's scope and
 * field rights), the user's open tasks and the recent activities (each
 * with the record it is attached to, named when the user may view it),
 * the user's roles and their previous sign-in (when and
 * from where) with the failed attempts since, so someone whose password
 * is being tried, or was used, notices. */
#include "config.h"

#include <string.h>

#include "deal.h"
#include "page.h"
#include "permission.h"
#include "record_scope.h"
#include "pages.h"
#include "session.h"
#include "timeline.h"

/* The sign-in before this one and the failures since; best effort. */
static void
previous_sign_in(struct ctx *ctx)
{
	const char *name = ctx->user->username;
	struct db_value p[2] = { { .type = DBV_TEXT, .s = name, .len = strlen(name) } };
	struct db_rows rows, fails;

	if (db_run(ctx->db, ctx->req->arena, STMT_LAST_SIGN_INS, p, 1, &rows) != DB_OK ||
	    rows.nrows < 2)
		return;
	tv_str(ctx->data, "previous_at", db_cell_text(&rows, 1, 0));
	tv_str(ctx->data, "previous_ip", db_cell_text(&rows, 1, 1));
	p[1] = rows.cells[1 * rows.ncols + 2];
	if (db_run(ctx->db, ctx->req->arena, STMT_FAILED_SIGN_INS_SINCE, p, 2, &fails) == DB_OK)
		tv_int(ctx->data, "failed_since", db_cell_int(&fails, 0, 0, 0));
}

/* The pipeline by stage, within the user's deal scope; totals only when
 * the user may see amounts (deal_amount_text). */
static int
pipeline(struct ctx *ctx)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct db_value p[RECORD_SCOPE_PARAMS];
	struct tval *list;
	struct db_rows sums;
	int n;

	if (!permission_can(ctx, MOD_DEALS, ACT_VIEW))
		return 0;
	record_scope_bind(ctx, MOD_DEALS, ACT_VIEW, p);
	if ((n = deal_stages(ctx, st, DEAL_STAGES_MAX)) < 0 ||
	    db_run(ctx->db, ctx->req->arena, STMT_DEALS_BY_STAGE, p, RECORD_SCOPE_PARAMS, &sums) != DB_OK)
		return -1;
	list = tv_list(ctx->data, "pipeline");
	for (int s = 0; s < n; s++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "stage", st[s].name);
		tv_int(e, "count", 0);
		for (size_t i = 0; i < sums.nrows; i++)
			if (db_cell_int(&sums, i, 0, 0) == st[s].id) {
				tv_int(e, "count", db_cell_int(&sums, i, 1, 0));
				if (strcmp(db_cell_text(&sums, i, 3), db_cell_text(&sums, i, 4)) == 0)
					tv_str(e, "value", deal_amount_text(ctx, db_cell_int(&sums, i, 2, 0),
					    db_cell_text(&sums, i, 3)));
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
	struct tval *recent;
	struct db_rows rows;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	if (timeline_my_tasks(ctx, tv_list(ctx->data, "tasks"), 10) == -1 ||
	    timeline_recent(ctx, &any, 0, 10, &rows) == -1)
		return -1;
	recent = tv_list(ctx->data, "recent");
	for (size_t i = 0; i < rows.nrows; i++)
		timeline_row(recent, &rows, i);
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
