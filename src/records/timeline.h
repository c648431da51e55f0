/* timeline.h: activities as list page values: the timeline of one record
 * (newest first, within the user's activities scope), and the row shape
 * the lists of /activities and the dashboard share (their data comes
 * from activity.h). */
#ifndef CRM_TIMELINE_H
#define CRM_TIMELINE_H

#include "activity.h"
#include "tval.h"

struct ctx;

/* Appends activity it of a list to list. The state becomes one of the
 * flags open, overdue and done (tasks only); the attached record as
 * related_show puts it (its name and link only when the statement found
 * the user may view it). */
void timeline_row(struct tval *list, const struct activity_item *it);

/* Appends the user's open tasks, overdue ones first, at most limit, to
 * list. Returns how many, or -1 on a database error. */
long long timeline_my_tasks(struct ctx *ctx, struct tval *list, long long limit);

/* Fills ctx->data "timeline" (on, items, links to add an activity) with
 * the activities attached to record related_type/related_id that the
 * user may view, newest first; nothing when the user may not view
 * activities. The caller has checked that the user may view the record.
 * The listing is audited as a view of that many records. 0, or -1 on a
 * database error. */
int timeline_show(struct ctx *ctx, const char *related_type, long long related_id);

/* timeline_show for account account_id: its own activities and those of
 * its contacts and deals the user may view (account_related.h), at most
 * ACCOUNT_TIMELINE_MAX; each row of a contact or deal names it
 * (related_name, related_href), and "total" and "more" say how many
 * there are. Audited as a view of the rows shown. 0, or -1. */
int timeline_show_account(struct ctx *ctx, long long account_id);

#endif
