/* page_activities.c: owns /activities: the user's open tasks (overdue
 * ones first, then by due time) and the recent activities in the user's
 * record scope, newest first, 50 a page with keyset paging on id. Lists
 * carry no bodies. Listing is audited as a view of that many records. */
#include "config.h"

#include <stdlib.h>

#include "activity.h"
#include "audit.h"
#include "export.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"
#include "timeline.h"

#define ACTIVITIES_PER_PAGE 50
#define OPEN_TASKS_MAX 100

/* The user's open tasks. Returns how many, or -1 on a database error. */
static long long
open_tasks(struct ctx *ctx)
{
	struct db_value p[2 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = ctx->user->id } };
	struct tval *list = tv_list(ctx->data, "tasks");
	struct db_rows rows;

	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_VIEW, p + 1);
	p[1 + RECORD_SCOPE_PARAMS] = (struct db_value){ .type = DBV_INT, .i = OPEN_TASKS_MAX };
	if (db_run(ctx->db, ctx->req->arena, STMT_ACTIVITIES_OPEN_TASKS, p, 2 + RECORD_SCOPE_PARAMS,
	    &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++)
		timeline_row(list, &rows, i, "overdue");
	return (long long)rows.nrows;
}

/* One page of recent activities after id after (0: the newest). Returns
 * how many are shown, or -1 on a database error. */
static long long
recent(struct ctx *ctx, long long after)
{
	struct db_value p[3 + RECORD_SCOPE_PARAMS];
	struct tval *list = tv_list(ctx->data, "recent");
	struct db_rows rows;
	size_t shown;

	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_VIEW, p);
	p[RECORD_SCOPE_PARAMS] = (struct db_value){ .type = DBV_INT, .i = after };
	p[RECORD_SCOPE_PARAMS + 1] = (struct db_value){ .type = DBV_INT, .i = after };
	p[RECORD_SCOPE_PARAMS + 2] = (struct db_value){ .type = DBV_INT, .i = ACTIVITIES_PER_PAGE + 1 };
	if (db_run(ctx->db, ctx->req->arena, STMT_ACTIVITIES_RECENT, p, 3 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	shown = rows.nrows > ACTIVITIES_PER_PAGE ? ACTIVITIES_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++)
		timeline_row(list, &rows, i, "done");
	if (rows.nrows > ACTIVITIES_PER_PAGE)
		tv_strf(ctx->data, "next", "/activities?after=%lld", db_cell_int(&rows, shown - 1, 0, 0));
	return (long long)shown;
}

int
page_activities_get(struct ctx *ctx)
{
	const char *after = param_get(&ctx->req->query, "after");
	long long a = after ? strtoll(after, NULL, 10) : 0, ntasks = 0, nrecent;

	if (a < 0)
		a = 0;
	if (a == 0 && (ntasks = open_tasks(ctx)) == -1)
		return 503;
	tv_bool(ctx->data, "first_page", a == 0);
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACTIVITIES, ACT_DELETE));
	if ((nrecent = recent(ctx, a)) == -1)
		return 503;
	export_list_links(ctx, "activities", MOD_ACTIVITIES, NULL, false);
	if (ntasks + nrecent > 0)
		audit_view(ctx, "activities", "list", ntasks + nrecent);
	return page_render(ctx, "activities", 200);
}
