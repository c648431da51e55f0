/* related.c: owns what an activity is attached to (related.h): the
 * record types' modules and pages, the name lookup within the user's
 * view scope (its statement is activity.c's), and that scope for the
 * name joins of lists. */
#include "config.h"

#include "activity.h"
#include "record_scope.h"
#include "related.h"
#include "session.h"
#include "stmt.h"

/* Per enum activity_related: the module whose view scope applies and
 * the pages' path. */
static const enum rbac_module related_modules[AR__MAX] = {
	MOD_CONTACTS, MOD_ACCOUNTS, MOD_DEALS, MOD_LEADS,
};
static const char *const related_paths[AR__MAX] = { "/contacts", "/accounts", "/deals", "/leads" };

struct record_scope
related_scope_of(const struct ctx *ctx, int rel)
{
	return record_scope_of(ctx, related_modules[rel], ACT_VIEW);
}

int
related_name(struct ctx *ctx, int rel, long long id, const char **name)
{
	return activity_related_name(ctx, rel, id, name);
}

void
related_show(struct tval *m, int rel, long long id, const char *name)
{
	if (rel < 0 || rel >= AR__MAX)
		return;
	tv_str(m, "related", activity_related_labels[rel]);
	if (name == NULL)
		return;
	tv_str(m, "related_name", name);
	tv_strf(m, "related_href", "%s/%lld", related_paths[rel], id);
}
