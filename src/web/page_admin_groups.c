/* page_admin_groups.c: owns /admin/groups: which directory groups give
 * which CRM role. Signing in re-reads the user's groups and these rows,
 * so a change applies to each user at their next sign-in (an
 * administrator can end their sessions on /admin/users to make it now).
 * Adding and removing a mapping are audited (group.map). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "group_store.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "role_store.h"

static int
show(struct ctx *ctx, const char *error, int status)
{
	struct tval *list = tv_list(ctx->data, "mappings"), *roles = tv_list(ctx->data, "roles");
	struct group_mapping *g;
	struct role_summary *r;
	size_t n;
	long long chosen = form_id_parse(param_get(&ctx->req->form, "role"), FORM_ID_MAX_U32);

	if (group_store_list(ctx, &g, &n) == -1)
		return 503;
	for (size_t i = 0; i < n; i++) {
		struct tval *m = tv_append_map(list);
		tv_str(m, "group", g[i].group);
		tv_str(m, "role", g[i].role);
		tv_strf(m, "role_id", "%lld", g[i].role_id);
	}
	if (role_store_list(ctx, &r, &n) == -1)
		return 503;
	for (size_t i = 0; i < n; i++) {
		struct tval *v = tv_append_map(roles);
		tv_strf(v, "id", "%lld", r[i].id);
		tv_str(v, "name", r[i].name);
		tv_bool(v, "selected", r[i].id == chosen);
	}
	if (error != NULL)
		tv_str(ctx->data, "error", error);
	return page_render(ctx, "admin_groups", status);
}

/* A refused mapping: the page again with the error; when adding, the
 * input it is about (group or role) marked and linked from the error
 * summary, and the group name typed kept. */
static int
refuse(struct ctx *ctx, bool add, bool on_role, const char *error)
{
	if (add) {
		tv_str(ctx->data, "group_value", param_get(&ctx->req->form, "group"));
		if (on_role)
			page_error_field(ctx, "role", "role", N_("Role"), error, "groups-error");
		else
			page_error_field(ctx, "group", "group", N_("Directory group"), error, "groups-error");
	}
	return show(ctx, error, 400);
}

int
page_admin_groups_get(struct ctx *ctx)
{
	return show(ctx, NULL, 200);
}

/* A directory group name as nslcd gives it: 1-128 of letters, digits,
 * space . _ - (no LDAP filter syntax, no control characters). */
static bool
group_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 128)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(" ._-", *s)))
			return false;
	return true;
}

/* Adds (add) or removes one mapping, with its audit record. */
static int
change(struct ctx *ctx, bool add)
{
	struct arena *a = ctx->req->arena;
	const char *group = param_get(&ctx->req->form, "group");
	const char *role_name;
	struct json j;
	bool changed;
	long long role_id;
	int rc;

	if (!group_name_ok(group))
		return refuse(ctx, add, false,
		    N_("A group name is 1 to 128 letters, digits, spaces, dots, dashes or underscores."));
	if ((role_id = form_id_parse(param_get(&ctx->req->form, "role"), FORM_ID_MAX_U32)) == 0)
		return refuse(ctx, add, true, pick_message(PICK_ROLE));
	if (db_begin(ctx->db) != DB_OK || (rc = pick_role(ctx, role_id, &role_name)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return refuse(ctx, add, true, pick_message(PICK_ROLE));
	}
	json_begin(&j, a);
	json_str(&j, "group", group);
	json_str(&j, "role", role_name);
	json_str(&j, "change", add ? "added" : "removed");
	if (group_store_map(ctx, add, group, role_id, &changed) == -1)
		goto fail;
	if (!changed) {
		db_rollback(ctx->db);
		return refuse(ctx, add, false, add ? N_("This group already gives this role.") :
		    N_("This group does not give this role."));
	}
	if (audit_ctx(ctx, AUDIT_GROUP_MAP, "group", group, AUDIT_SUCCESS, 1, json_end(&j)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_GROUPS_SAVED);
	return page_redirect(ctx, "/admin/groups");
fail:
	db_rollback(ctx->db);
	return 503;
}

int
page_admin_group_add(struct ctx *ctx)
{
	return change(ctx, true);
}

int
page_admin_group_remove(struct ctx *ctx)
{
	return change(ctx, false);
}
