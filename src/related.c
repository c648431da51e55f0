/* related.c: owns what an activity is attached to (related.h): the
 * record types' modules and pages, the name lookup within the user's
 * view scope, and binding that scope for the name joins of lists. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "handler.h"
#include "related.h"
#include "session.h"

/* Per enum activity_related: the module whose view scope applies and
 * the pages' path. */
static const enum rbac_module related_modules[AR__MAX] = {
	MOD_CONTACTS, MOD_ACCOUNTS, MOD_DEALS, MOD_LEADS,
};
static const char *const related_paths[AR__MAX] = { "/contacts", "/accounts", "/deals", "/leads" };

void
related_scope_bind(const struct ctx *ctx, struct db_value *p)
{
	for (int r = 0; r < AR__MAX; r++)
		record_scope_bind(ctx, related_modules[r], ACT_VIEW, p + r * RECORD_SCOPE_PARAMS);
}

int
related_name(struct ctx *ctx, int rel, long long id, const char **name)
{
	const char *type;
	struct db_value p[2 + RELATED_SCOPE_PARAMS];
	struct db_rows rows;

	*name = NULL;
	if (rel < 0 || rel >= AR__MAX || id <= 0)
		return 0;
	type = activity_related_names[rel];
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = type, .len = strlen(type) };
	p[1] = (struct db_value){ .type = DBV_INT, .i = id };
	related_scope_bind(ctx, p + 2);
	if (db_run(ctx->db, ctx->req->arena, STMT_RELATED_NAME, p, 2 + RELATED_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	*name = db_cell_text(&rows, 0, 0);	/* NULL: no row, or NULL (not viewable) */
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
