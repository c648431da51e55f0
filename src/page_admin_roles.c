/* page_admin_roles.c: owns /admin/roles: the roles, how many users hold
 * each, and whether a role requires two-step sign-in. Requiring it takes
 * effect on its members' next request: whoever has no second factor yet
 * is sent to enrol one before anything else opens. The access-control
 * work adds the permission matrix and field rules to this page. */
#include "config.h"

#include "csrf.h"
#include "flash.h"
#include "form.h"
#include "log.h"
#include "page.h"
#include "pages.h"

static const struct field_def mfa_fields[] = {
	{ .name = "mfa_required", .label = N_("Require two-step sign-in"), .type = FIELD_BOOL },
};

static const struct form_def mfa_form = {
	"role_mfa", mfa_fields, sizeof(mfa_fields) / sizeof(mfa_fields[0])
};

int
page_admin_roles_get(struct ctx *ctx)
{
	struct db_rows rows;
	struct tval *list;

	if (db_run(ctx->db, ctx->req->arena, STMT_ADMIN_ROLES, NULL, 0, &rows) != DB_OK)
		return 503;
	list = tv_list(ctx->data, "roles");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *r = tv_append_map(list);
		long long id = db_cell_int(&rows, i, 0, 0);
		tv_str(r, "name", db_cell_text(&rows, i, 1));
		tv_bool(r, "mfa_required", db_cell_int(&rows, i, 2, 0) != 0);
		tv_int(r, "members", db_cell_int(&rows, i, 3, 0));
		tv_strf(r, "action", "/admin/roles/%lld/mfa", id);
		tv_strf(r, "field_id", "mfa-%lld", id);
	}
	return page_render(ctx, "admin_roles", 200);
}

int
page_admin_role_mfa_post(struct ctx *ctx)
{
	struct form_result r;
	struct db_value p[2];
	struct db_rows rows;

	if (!csrf_valid(ctx))
		return 403;
	if (form_validate(&mfa_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return 400;
	p[0] = (struct db_value){ .type = DBV_INT, .i = form_field(&r, "mfa_required")->i };
	p[1] = (struct db_value){ .type = DBV_INT, .i = ctx->ids[0] };
	if (db_run(ctx->db, ctx->req->arena, STMT_ROLE_SET_MFA, p, 2, &rows) != DB_OK)
		return 503;
	if (rows.affected == 0 && db_run(ctx->db, ctx->req->arena, STMT_ADMIN_ROLES, NULL, 0,
	    &rows) == DB_OK) {
		bool found = false;
		for (size_t i = 0; i < rows.nrows; i++)
			found |= db_cell_int(&rows, i, 0, 0) == ctx->ids[0];
		if (!found)
			return 404;
	}
	crm_notice("role %lld: two-step sign-in %s", ctx->ids[0],
	    p[0].i ? "required" : "not required");
	flash_set(ctx, FLASH_ROLE_SAVED);
	return page_redirect(ctx, "/admin/roles");
}
