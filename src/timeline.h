/* timeline.h: activities as list page values: the timeline of one record
 * (newest first, within the user's activities scope) and the row shape
 * shared with /activities. */
#ifndef CRM_TIMELINE_H
#define CRM_TIMELINE_H

#include <stddef.h>

#include "db.h"
#include "tval.h"

struct ctx;

/* Appends row i of an activity list result (id, kind, subject,
 * related_type, related_id, when, flag, owner) to list; the flag (done,
 * or overdue) goes in under the key flag. */
void timeline_row(struct tval *list, const struct db_rows *rows, size_t i, const char *flag);

/* Fills ctx->data "timeline" (on, items, links to add an activity) with
 * the activities attached to record related_type/related_id that the
 * user may view; nothing when the user may not view activities. The
 * listing is audited as a view of that many records. 0, or -1 on a
 * database error. */
int timeline_show(struct ctx *ctx, const char *related_type, long long related_id);

#endif
