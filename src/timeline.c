/* timeline.c: owns the lists of activities (timeline.h): their row
 * shape, the statements' parameters, and the timeline shown on a
 * record's page. Bodies never appear in lists, so nothing here
 * decrypts. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "audit.h"
#include "handler.h"
#include "i18n.h"
#include "permission.h"
#include "record_scope.h"
#include "related.h"
#include "session.h"
#include "timeline.h"

#define TIMELINE_MAX 50

/* The state column of the activity lists (ACTIVITY_STATE_SQL). */
enum { STATE_NONE, STATE_OPEN, STATE_OVERDUE, STATE_DONE };

void
timeline_row(struct tval *list, const struct db_rows *rows, size_t i)
{
	struct tval *r = tv_append_map(list);
	int kind = activity_parse(activity_kind_names, AK__MAX, db_cell_text(rows, i, 1));
	int rel = activity_parse(activity_related_names, AR__MAX, db_cell_text(rows, i, 3));
	long long state = db_cell_int(rows, i, 6, STATE_NONE);

	tv_strf(r, "href", "/activities/%lld", db_cell_int(rows, i, 0, 0));
	tv_str(r, "kind", kind >= 0 ? activity_kind_labels[kind] : "");
	tv_str(r, "subject", db_cell_text(rows, i, 2));
	related_show(r, rel, db_cell_int(rows, i, 4, 0), db_cell_text(rows, i, 8));
	tv_str(r, "when", db_cell_text(rows, i, 5));
	tv_bool(r, "open", state == STATE_OPEN);
	tv_bool(r, "overdue", state == STATE_OVERDUE);
	tv_bool(r, "done", state == STATE_DONE);
	tv_str(r, "owner", db_cell_text(rows, i, 7));
}

static struct db_value
text(const char *s)
{
	return (struct db_value){ .type = DBV_TEXT, .s = s, .len = strlen(s) };
}

static struct db_value
num(long long v)
{
	return (struct db_value){ .type = DBV_INT, .i = v };
}

long long
timeline_my_tasks(struct ctx *ctx, struct tval *list, long long limit)
{
	struct db_value p[RELATED_SCOPE_PARAMS + 2 + RECORD_SCOPE_PARAMS];
	struct db_rows rows;
	size_t n = RELATED_SCOPE_PARAMS;

	related_scope_bind(ctx, p);
	p[n++] = num(ctx->user->id);
	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_VIEW, p + n);
	n += RECORD_SCOPE_PARAMS;
	p[n++] = num(limit);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACTIVITIES_OPEN_TASKS, p, n, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++)
		timeline_row(list, &rows, i);
	return (long long)rows.nrows;
}

int
timeline_recent(struct ctx *ctx, const struct activity_filter *f, long long after, long long limit,
    struct db_rows *rows)
{
	struct db_value p[RELATED_SCOPE_PARAMS + RECORD_SCOPE_PARAMS + 10];
	size_t n = RELATED_SCOPE_PARAMS;

	related_scope_bind(ctx, p);
	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_VIEW, p + n);
	n += RECORD_SCOPE_PARAMS;
	p[n++] = text(f->kind);
	p[n++] = text(f->kind);
	p[n++] = text(f->state);
	p[n++] = text(f->state);
	p[n++] = text(f->state);
	p[n++] = num(f->owner);
	p[n++] = num(f->owner);
	p[n++] = num(after);
	p[n++] = num(after);
	p[n++] = num(limit);
	return db_run(ctx->db, ctx->req->arena, STMT_ACTIVITIES_RECENT, p, n, rows) == DB_OK ? 0 : -1;
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
	struct db_value p[3 + RECORD_SCOPE_PARAMS] = {
		{ .type = DBV_TEXT, .s = related_type, .len = strlen(related_type) },
		{ .type = DBV_INT, .i = related_id },
	};
	struct tval *t, *items;
	struct db_rows rows;

	if (!permission_can(ctx, MOD_ACTIVITIES, ACT_VIEW))
		return 0;
	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_VIEW, p + 2);
	p[2 + RECORD_SCOPE_PARAMS] = (struct db_value){ .type = DBV_INT, .i = TIMELINE_MAX };
	if (db_run(ctx->db, ctx->req->arena, STMT_ACTIVITIES_TIMELINE, p, 3 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	t = tv_child(ctx->data, "timeline");
	tv_bool(t, "on", true);
	items = tv_list(t, "items");
	for (size_t i = 0; i < rows.nrows; i++)
		timeline_row(items, &rows, i);
	add_links(ctx, t, related_type, related_id);
	if (rows.nrows > 0 && audit_view(ctx, "activities",
	    arena_printf(ctx->req->arena, "%s:%lld", related_type, related_id),
	    (long long)rows.nrows) == -1)
		return -1;
	return 0;
}
