/* audit_detail.h: an audit record's JSON detail as lines people read:
 * "Field: before -> after" for what changed, "key: value" for the rest,
 * field and permission names in the viewer's language. Values are shown
 * as stored: protected ones were masked when the record was written. */
#ifndef CRM_AUDIT_DETAIL_H
#define CRM_AUDIT_DETAIL_H

#include "deal.h"
#include "tval.h"

struct ctx;

/* What the lines name that details hold as ids, looked up once for a
 * page of lines: the deal stages (deal_stages(): names in the viewer's
 * language). Zero-initialise it (loaded on first use). */
struct audit_detail_refs {
	bool loaded;
	int nstages;
	struct deal_stage stages[DEAL_STAGES_MAX];
};

/* Appends to list one map per line ({what, before, after} for a change,
 * {what, value} otherwise) for detail of an object_type record. A deal's
 * stage is named (an unknown id stays as stored) and its amount_cents is
 * "Amount" as the deal page shows it (grouped, with the currency the
 * detail holds; "•••" where the viewer's role may not see amounts in
 * clear). false when detail is not JSON this reader knows: the caller
 * shows it raw. */
bool audit_detail_lines(struct ctx *ctx, struct audit_detail_refs *refs, struct tval *list,
    const char *object_type, const char *detail);

#endif
