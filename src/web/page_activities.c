/* page_activities.c: owns /activities: the user's open tasks (overdue
 * ones first, then by due time) and the activities in the user's record
 * scope, newest first, 50 a page with keyset paging on id, filtered by
 * kind, state (open, overdue, done: tasks only) and owner. Each row
 * names the record it is attached to when the user may view that
 * record. Lists carry no bodies. Listing is audited as a view of that
 * many records. */
#include "config.h"

#include <stdlib.h>

#include "activity.h"
#include "audit.h"
#include "export.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"
#include "timeline.h"

#define ACTIVITIES_PER_PAGE 50
#define OPEN_TASKS_MAX 100

static const char *const kind_values[] = { "task", "call", "meeting", "note", NULL };
static const char *const state_values[] = { "open", "overdue", "done", NULL };
static const char *const state_labels[] = { N_("Open"), N_("Overdue"), N_("Done") };

static const struct field_def filter_fields[] = {
	{ .name = "kind", .label = N_("Kind"), .type = FIELD_CHOICE, .choices = kind_values },
	{ .name = "state", .label = N_("State"), .type = FIELD_CHOICE, .choices = state_values },
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID },
};
const struct form_def activities_filter_form = {
	"activities_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

/* One page of activities matching f after id after (0: the newest).
 * Returns how many are shown, or -1 on a database error. */
static long long
recent(struct ctx *ctx, const struct list_filter *f, long long after)
{
	struct activity_filter af = {
		list_filter_value(f, "kind"), list_filter_value(f, "state"), f->owner,
	};
	struct tval *list = tv_list(ctx->data, "recent");
	struct activity_item *items;
	long long n, shown;

	if ((n = activity_recent(ctx, &af, after, ACTIVITIES_PER_PAGE + 1, &items)) == -1)
		return -1;
	shown = n > ACTIVITIES_PER_PAGE ? ACTIVITIES_PER_PAGE : n;
	for (long long i = 0; i < shown; i++)
		timeline_row(list, &items[i]);
	if (n > ACTIVITIES_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, f, "/activities",
		    arena_printf(ctx->req->arena, "after=%lld", items[shown - 1].id)));
	return shown;
}

int
page_activities_get(struct ctx *ctx)
{
	const char *after = param_get(&ctx->req->query, "after");
	long long a = after ? strtoll(after, NULL, 10) : 0, ntasks = 0, nrecent;
	struct list_filter f;
	int rc = list_filter_read(ctx, &activities_filter_form, MOD_ACTIVITIES, &f);

	if (rc == -1)
		return 503;
	list_filter_options(ctx, "kinds", kind_values, activity_kind_labels, list_filter_value(&f, "kind"));
	list_filter_options(ctx, "states", state_values, state_labels, list_filter_value(&f, "state"));
	tv_str(ctx->data, "filtered", f.query[0] ? f.query : NULL);
	if (rc == 1)
		return page_render(ctx, "activities", 400);
	if (a < 0)
		a = 0;
	/* My open tasks head the unfiltered first page only. */
	if (a == 0 && f.query[0] == '\0' &&
	    (ntasks = timeline_my_tasks(ctx, tv_list(ctx->data, "tasks"), OPEN_TASKS_MAX)) == -1)
		return 503;
	tv_bool(ctx->data, "first_page", a == 0 && f.query[0] == '\0');
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACTIVITIES, ACT_DELETE));
	if ((nrecent = recent(ctx, &f, a)) == -1)
		return 503;
	export_list_links(ctx, "activities", MOD_ACTIVITIES, NULL, false);
	if (ntasks + nrecent > 0)
		audit_view(ctx, "activities", "list", ntasks + nrecent);
	return page_render(ctx, "activities", 200);
}
