/* record_panel.c: owns the "who can access this" panel (record_panel.h). */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "i18n.h"
#include "pages.h"
#include "record_panel.h"
#include "stmt.h"

/* The roles that see module m's records by team or all: 0 or -1. */
static int
roles(struct ctx *ctx, struct tval *list, const char *module, long long team_id, const char *team)
{
	struct record_panel_roles_in in = { .module = module };
	struct record_panel_roles_out o;

	if (stmt_record_panel_roles(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	for (size_t i = 0; i < o.n; i++) {
		bool all = strcmp(o.rows[i].scope, "all") == 0;
		struct tval *e;
		if (!all && team_id == 0)
			continue;	/* no team: team scope reaches nobody else */
		e = tv_append_map(list);
		tv_strf(e, "who", "%s (%lld)", o.rows[i].name, o.rows[i].members);
		tv_str(e, "why", all ? N_("Role: all records") : N_("Role: records of the team"));
		if (!all)
			tv_str(e, "team", team);
	}
	return 0;
}

/* Module grants only where their scope reaches this record: 0 or -1. */
static int
grants(struct ctx *ctx, struct tval *list, const char *module, long long id, long long team_id,
    const char *owner)
{
	struct record_panel_grants_in in = { .module = module, .id = id, .team_id = team_id,
	    .owner = owner ? owner : "" };
	struct record_panel_grants_out o;

	if (stmt_record_panel_grants(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	for (size_t i = 0; i < o.n; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "who", o.rows[i].username);
		tv_str(e, "why", N_("Temporary grant"));
		tv_strf(e, "detail", "%s, %s, %s", o.rows[i].action, o.rows[i].reason, o.rows[i].expires);
	}
	return 0;
}

int
record_panel(struct ctx *ctx, enum rbac_module m, long long id, const char *owner,
    long long team_id, const char *team)
{
	const char *module = rbac_module_name(m);
	struct tval *list = tv_list(ctx->data, "access"), *e = tv_append_map(list);

	tv_str(e, "who", owner);
	tv_str(e, "why", N_("Owner"));
	if (roles(ctx, list, module, team_id, team) == -1 || grants(ctx, list, module, id, team_id, owner) == -1)
		return -1;
	return record_owner_form(ctx, m, id);
}
