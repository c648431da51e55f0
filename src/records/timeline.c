/* timeline.c: owns the lists of activities as page values (timeline.h):
 * their row shape and the timeline shown on a record's page (the rows
 * come from activity.c; an account's, which also holds the activities
 * of its contacts and deals, from account_related.c). Bodies never appear in lists, so nothing here
 * decrypts. */
#include "config.h"

#include "account_related.h"
#include "activity.h"
#include "audit.h"
#include "handler.h"
#include "i18n.h"
#include "permission.h"
#include "related.h"
#include "session.h"
#include "timeline.h"

#define TIMELINE_MAX 50

/* The state column of the activity lists (ACTIVITY_STATE_SQL). */
enum { STATE_NONE, STATE_OPEN, STATE_OVERDUE, STATE_DONE };

void
timeline_row(struct tval *list, const struct activity_item *it)
{
	struct tval *r = tv_append_map(list);

	tv_strf(r, "href", "/activities/%lld", it->id);
	tv_str(r, "kind", it->kind >= 0 ? activity_kind_labels[it->kind] : "");
	tv_str(r, "subject", it->subject);
	related_show(r, it->related, it->related_id, it->related_name);
	tv_str(r, "when", it->at);
	tv_bool(r, "open", it->state == STATE_OPEN);
	tv_bool(r, "overdue", it->state == STATE_OVERDUE);
	tv_bool(r, "done", it->state == STATE_DONE);
	tv_str(r, "owner", it->owner);
}

long long
timeline_my_tasks(struct ctx *ctx, struct tval *list, long long limit)
{
	struct activity_item *items;
	long long n = activity_open_tasks(ctx, limit, &items);

	for (long long i = 0; i < n; i++)
		timeline_row(list, &items[i]);
	return n;
}

/* Links to add each kind of activity to the record. */
static void
add_links(struct ctx *ctx, struct tval *t, const char *related_type, long long related_id)
{
	static const char *const add_labels[AK__MAX] = {
		N_("Add a task"), N_("Add a call"), N_("Add a meeting"), N_("Add a note"),
	};
	struct tval *list = tv_list(t, "add");

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_CREATE))
		return;
	for (int k = 0; k < AK__MAX; k++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "href", "/activities/new?related=%s&id=%lld&kind=%s", related_type, related_id,
		    activity_kind_names[k]);
		tv_str(e, "label", add_labels[k]);
	}
}

int
timeline_show(struct ctx *ctx, const char *related_type, long long related_id)
{
	struct activity_item *found;
	struct tval *t, *items;
	long long n;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	if ((n = activity_timeline(ctx, related_type, related_id, TIMELINE_MAX, &found)) == -1)
		return -1;
	t = tv_child(ctx->data, "timeline");
	tv_bool(t, "on", true);
	items = tv_list(t, "items");
	for (long long i = 0; i < n; i++)
		timeline_row(items, &found[i]);
	add_links(ctx, t, related_type, related_id);
	if (n > 0 && audit_view(ctx, "activities",
	    arena_printf(ctx->req->arena, "%s:%lld", related_type, related_id), n) == -1)
		return -1;
	return 0;
}

int
timeline_show_account(struct ctx *ctx, long long account_id)
{
	struct activity_item *found;
	struct tval *t, *items;
	long long n, total;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	if ((n = account_related_activities(ctx, account_id, ACCOUNT_TIMELINE_MAX, &found, &total)) == -1)
		return -1;
	t = tv_child(ctx->data, "timeline");
	tv_bool(t, "on", true);
	tv_int(t, "total", total);
	tv_bool(t, "more", total > n);
	items = tv_list(t, "items");
	for (long long i = 0; i < n; i++)
		timeline_row(items, &found[i]);
	add_links(ctx, t, "account", account_id);
	if (n > 0 && audit_view(ctx, "activities",
	    arena_printf(ctx->req->arena, "account:%lld", account_id), n) == -1)
		return -1;
	return 0;
}
