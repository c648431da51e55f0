/* audit_detail.h: an audit record's JSON detail as lines people read:
 * "Field: before -> after" for what changed, "key: value" for the rest,
 * field and permission names in the viewer's language. Values are shown
 * as stored: protected ones were masked when the record was written. */
#ifndef CRM_AUDIT_DETAIL_H
#define CRM_AUDIT_DETAIL_H

#include "tval.h"

struct ctx;

/* Appends to list one map per line ({what, before, after} for a change,
 * {what, value} otherwise) for detail of an object_type record. false
 * when detail is not JSON this reader knows: the caller shows it raw. */
bool audit_detail_lines(struct ctx *ctx, struct tval *list, const char *object_type, const char *detail);

#endif
