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
#include "role_store.h"

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
	struct role_summary *roles;
	struct tval *list;
	size_t n;

	if (role_store_list(ctx, &roles, &n) == -1)
		return 503;
	list = tv_list(ctx->data, "roles");
	for (size_t i = 0; i < n; i++) {
		struct tval *r = tv_append_map(list);
		long long id = roles[i].id;
		tv_str(r, "name", roles[i].name);
		tv_bool(r, "mfa_required", roles[i].mfa_required);
		tv_int(r, "members", roles[i].members);
		tv_strf(r, "action", "/admin/roles/%lld/mfa", id);
		tv_strf(r, "href", "/admin/roles/%lld", id);
		tv_strf(r, "field_id", "mfa-%lld", id);
		if (roles[i].export_row_cap > 0)	/* NULL: the server default */
			tv_strf(r, "export_row_cap", "%lld", roles[i].export_row_cap);
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
	const char *name;
	bool before, after;
	int rc;

	if (form_validate(&mfa_form, &ctx->req->form, a, &r) > 0)
		return 400;
	after = form_field(&r, "mfa_required")->i != 0;
	if (db_begin(ctx->db) != DB_OK || (rc = role_store_mfa_get(ctx, ctx->ids[0], &name, &before)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (role_store_set_mfa(ctx, ctx->ids[0], after) == -1 ||
	    audit_ctx(ctx, AUDIT_ROLE_UPDATE, "role", arena_printf(a, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, change_detail(a, name, before, after)) == -1 ||
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
	struct role_def d;
	long long users, groups;
	int rc;

	if (db_begin(ctx->db) != DB_OK || (rc = role_def_load(ctx, ctx->ids[0], &d)) == -1 ||
	    role_store_usage(ctx, ctx->ids[0], &users, &groups) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (d.builtin || users > 0 || groups > 0) {
		db_rollback(ctx->db);
		return page_admin_roles_error(ctx, d.builtin ? N_("Built-in roles cannot be deleted.") :
		    N_("This role is still held by users or mapped from a directory group: it cannot be deleted."));
	}
	if (role_store_delete(ctx, ctx->ids[0]) == -1 ||
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
