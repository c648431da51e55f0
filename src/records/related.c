/* related.c: owns what an activity is attached to (related.h): the
 * record types (their names, labels, modules and pages), the name
 * lookup within the user's view scope, and that scope for the name
 * joins of lists. activity.c uses it; it uses nothing of activity.c. */
#include "config.h"

#include "display.h"
#include "handler.h"
#include "i18n.h"
#include "record_scope.h"
#include "related.h"
#include "session.h"
#include "stmt.h"

const char *const activity_related_names[AR__MAX] = { "contact", "account", "deal", "lead" };
const char *const activity_related_labels[AR__MAX] = { N_("Contact"), N_("Account"), N_("Deal"), N_("Lead") };

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
	struct activity_related_name_in in;
	struct activity_related_name_out r;

	*name = NULL;
	if (rel < 0 || rel >= AR__MAX || id <= 0)
		return 0;
	in = (struct activity_related_name_in){
		.related_type = activity_related_names[rel], .related_id = id,
		.contacts = related_scope_of(ctx, AR_CONTACT), .accounts = related_scope_of(ctx, AR_ACCOUNT),
		.deals = related_scope_of(ctx, AR_DEAL), .leads = related_scope_of(ctx, AR_LEAD),
	};
	if (stmt_activity_related_name(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	/* NULL: not viewable; a person's name in the language's order */
	*name = r.n > 0 && r.rows[0].name != NULL ? display_person(ctx, r.rows[0].name, r.rows[0].family) : NULL;
	return *name != NULL;
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
