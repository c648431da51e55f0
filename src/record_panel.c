/* record_panel.c: owns the "who can access this" panel (record_panel.h). */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "i18n.h"
#include "pages.h"
#include "record_panel.h"

int
record_panel(struct ctx *ctx, enum rbac_module m, long long id, const char *owner,
    long long team_id, const char *team)
{
	const char *module = rbac_module_name(m);
	struct db_value p[4] = { { .type = DBV_TEXT, .s = module, .len = strlen(module) } };
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "access"), *e = tv_append_map(list);

	tv_str(e, "who", owner);
	tv_str(e, "why", N_("Owner"));
	if (db_run(ctx->db, ctx->req->arena, STMT_ROLES_WITH_SCOPE, p, 1, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		bool all = strcmp(db_cell_text(&rows, i, 1), "all") == 0;
		if (!all && team_id == 0)
			continue;	/* no team: team scope reaches nobody else */
		e = tv_append_map(list);
		tv_strf(e, "who", "%s (%lld)", db_cell_text(&rows, i, 0), db_cell_int(&rows, i, 2, 0));
		tv_str(e, "why", all ? N_("Role: all records") : N_("Role: records of the team"));
		if (!all)
			tv_str(e, "team", team);
	}
	/* Module grants only where their scope reaches this record. */
	p[1] = (struct db_value){ .type = DBV_INT, .i = id };
	p[2] = (struct db_value){ .type = DBV_INT, .i = team_id };
	p[3] = (struct db_value){ .type = DBV_TEXT, .s = owner ? owner : "", .len = owner ? strlen(owner) : 0 };
	if (db_run(ctx->db, ctx->req->arena, STMT_RECORD_GRANTS, p, 4, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		e = tv_append_map(list);
		tv_str(e, "who", db_cell_text(&rows, i, 0));
		tv_str(e, "why", N_("Temporary grant"));
		tv_strf(e, "detail", "%s, %s, %s", db_cell_text(&rows, i, 1), db_cell_text(&rows, i, 2),
		    db_cell_text(&rows, i, 3));
	}
	return record_owner_form(ctx, m, id);
}
