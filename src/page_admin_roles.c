/* page_admin_roles.c: owns /admin/roles: the roles, how many users hold
 * each, whether a role requires two-step sign-in (requiring it takes
 * effect on its members' next request: whoever has no second factor yet
 * is sent to enrol one), each role's export row cap (shown; set on the
 * role's page), and creating, cloning (with every setting) and deleting
 * roles (only unused, non-built-in ones). One role's matrix:
 * page_admin_role_edit.c. */
#include "config.h"

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "form.h"
#include "json.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "role_def.h"

#include <string.h>

static const struct field_def mfa_fields[] = {
	{ .name = "mfa_required", .label = N_("Require two-step sign-in"), .type = FIELD_BOOL },
};

static const struct form_def mfa_form = {
	"role_mfa", mfa_fields, sizeof(mfa_fields) / sizeof(mfa_fields[0])
};

static int list_roles(struct ctx *ctx, int status);

int
page_admin_roles_get(struct ctx *ctx)
{
	return list_roles(ctx, 200);
}

/* The list again with msgid error above it (status 400). */
int
page_admin_roles_error(struct ctx *ctx, const char *error)
{
	tv_str(ctx->data, "error", error);
	return list_roles(ctx, 400);
}

static int
list_roles(struct ctx *ctx, int status)
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
		tv_strf(r, "href", "/admin/roles/%lld", id);
		tv_strf(r, "field_id", "mfa-%lld", id);
		if (db_cell_int(&rows, i, 4, 0) > 0)	/* NULL: the server default */
			tv_strf(r, "export_row_cap", "%lld", db_cell_int(&rows, i, 4, 0));
	}
	tv_int(ctx->data, "server_cap", ctx->conf->export_row_cap);
	return page_render(ctx, "admin_roles", status);
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

/* Inserts d as a new role (a copy of clone_of, or NULL) and opens it;
 * a taken name shows the list again with the reason. */
static int
insert_role(struct ctx *ctx, struct role_def *d, const char *clone_of)
{
	int rc;

	if (db_begin(ctx->db) != DB_OK || (rc = role_def_create(ctx, d, clone_of)) == -1 ||
	    (rc == 0 && db_commit(ctx->db) != DB_OK)) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 1) {
		db_rollback(ctx->db);
		return page_admin_roles_error(ctx, N_("Another role already has this name."));
	}
	flash_set(ctx, FLASH_ROLE_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/roles/%lld", d->id));
}

/* A new role with no permissions, to be filled on its own page. */
int
page_admin_role_create(struct ctx *ctx)
{
	const char *name = param_get(&ctx->req->form, "name");
	struct role_def d;

	if (!csrf_valid(ctx))
		return 403;
	if (!role_name_ok(name))
		return page_admin_roles_error(ctx, N_("A role name is 1 to 64 lower-case letters, digits, dots, dashes or underscores."));
	memset(&d, 0, sizeof(d));
	memset(d.rule, RULE_DEFAULT, sizeof(d.rule));
	d.name = name;
	d.description = d.networks = d.hours = "";
	return insert_role(ctx, &d, NULL);
}

/* A copy of a role (grants, restrictions, two-step requirement, export
 * row cap) under a new name. */
int
page_admin_role_clone(struct ctx *ctx)
{
	const char *name = param_get(&ctx->req->form, "name");
	struct role_def d;
	const char *from;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = role_def_load(ctx, ctx->ids[0], &d)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!role_name_ok(name))
		return page_admin_roles_error(ctx, N_("A role name is 1 to 64 lower-case letters, digits, dots, dashes or underscores."));
	from = d.name;
	d.name = name;
	return insert_role(ctx, &d, from);
}

/* Deletes a role nobody holds and no group maps to; built-in roles stay. */
int
page_admin_role_delete(struct ctx *ctx)
{
	struct db_value p[2] = { { .type = DBV_INT, .i = ctx->ids[0] }, { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	struct role_def d;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if (db_begin(ctx->db) != DB_OK || (rc = role_def_load(ctx, ctx->ids[0], &d)) == -1 ||
	    db_run(ctx->db, ctx->req->arena, STMT_ROLE_USAGE, p, 2, &rows) != DB_OK)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (d.builtin || db_cell_int(&rows, 0, 0, 1) > 0 || db_cell_int(&rows, 0, 1, 1) > 0) {
		db_rollback(ctx->db);
		return page_admin_roles_error(ctx, d.builtin ? N_("Built-in roles cannot be deleted.") :
		    N_("This role is still held by users or mapped from a directory group: it cannot be deleted."));
	}
	if (db_run(ctx->db, ctx->req->arena, STMT_ROLE_PERMS_CLEAR, p, 1, NULL) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_ROLE_RULES_CLEAR, p, 1, NULL) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_ROLE_DELETE, p, 1, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_ROLE_DELETE, "role", arena_printf(ctx->req->arena, "%lld", d.id),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"role\":%s}",
	    json_quote(ctx->req->arena, d.name))) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_ROLE_DELETED);
	return page_redirect(ctx, "/admin/roles");
fail:
	db_rollback(ctx->db);
	return 503;
}
