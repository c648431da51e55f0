/* timeline.h: activities as list page values: the timeline of one record
 * (newest first, within the user's activities scope), the user's open
 * tasks and the filtered list of /activities and the dashboard, and the
 * row shape they share. */
#ifndef CRM_TIMELINE_H
#define CRM_TIMELINE_H

#include <stddef.h>

#include "db.h"
#include "tval.h"

struct ctx;

/* Appends row i of an activity list result (the columns the activity
 * lists share in sql_statements.c: id, kind, subject, related_type,
 * related_id, when, state, owner, related name) to list. The state
 * becomes one of the flags open, overdue and done (tasks only); the
 * attached record as related_show puts it (its name and link only when
 * the statement found the user may view it). */
void timeline_row(struct tval *list, const struct db_rows *rows, size_t i);

/* What an activity list is narrowed to; "" and 0 mean any. state is
 * "open", "overdue" or "done" (tasks only). */
struct activity_filter {
	const char *kind, *state;
	long long owner;
};

/* Appends the user's open tasks, overdue ones first, at most limit, to
 * list. Returns how many, or -1 on a database error. */
long long timeline_my_tasks(struct ctx *ctx, struct tval *list, long long limit);

/* Runs the list of activities in the user's scope matching f, newest
 * first, with an id below after (0: from the newest), at most limit rows
 * into rows (for timeline_row). 0, or -1 on a database error. */
int timeline_recent(struct ctx *ctx, const struct activity_filter *f, long long after, long long limit,
    struct db_rows *rows);

/* Fills ctx->data "timeline" (on, items, links to add an activity) with
 * the activities attached to record related_type/related_id that the
 * user may view, newest first; nothing when the user may not view
 * activities. The caller has checked that the user may view the record.
 * The listing is audited as a view of that many records. 0, or -1 on a
 * database error. */
int timeline_show(struct ctx *ctx, const char *related_type, long long related_id);

#endif
