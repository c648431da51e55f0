/* page_admin_roles.c: owns /admin/roles: the roles, how many users hold
 * each, and whether a role requires two-step sign-in. Requiring it takes
 * effect on its members' next request: whoever has no second factor yet
 * is sent to enrol one before anything else opens. The access-control
 * work adds the permission matrix and field rules to this page. */
#include "config.h"

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "form.h"
#include "json.h"
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

/* {"name":..,"before":{"mfa_required":x},"after":{"mfa_required":y}} */
static const char *
change_detail(struct arena *a, const char *role, bool before, bool after)
{
	struct json j, b, f;

	json_begin(&b, a);
	json_bool(&b, "mfa_required", before);
	json_begin(&f, a);
	json_bool(&f, "mfa_required", after);
	json_begin(&j, a);
	json_str(&j, "role", role);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

int
page_admin_role_mfa_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct form_result r;
	struct db_value p[2] = { { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	bool before, after;

	if (!csrf_valid(ctx))
		return 403;
	if (form_validate(&mfa_form, &ctx->req->form, a, &r) > 0)
		return 400;
	after = form_field(&r, "mfa_required")->i != 0;
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, STMT_ROLE_GET, p, 1, &rows) != DB_OK)
		goto fail;
	if (rows.nrows == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	before = db_cell_int(&rows, 0, 1, 0) != 0;
	p[0] = (struct db_value){ .type = DBV_INT, .i = after };
	p[1] = (struct db_value){ .type = DBV_INT, .i = ctx->ids[0] };
	if (db_run(ctx->db, a, STMT_ROLE_SET_MFA, p, 2, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_ROLE_UPDATE, "role", arena_printf(a, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, change_detail(a, db_cell_text(&rows, 0, 0), before, after)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	crm_notice("role %lld: two-step sign-in %s", ctx->ids[0], after ? "required" : "not required");
	flash_set(ctx, FLASH_ROLE_SAVED);
	return page_redirect(ctx, "/admin/roles");
fail:
	db_rollback(ctx->db);
	return 503;
}
