/* page_admin_role_edit.c: owns /admin/roles/{id}: one form with a role's
 * name, description, two-step requirement, network and hour restrictions,
 * CSV export row cap, its permission matrix (module x action -> no
 * access, own, team, all) and its field rules. Forged permission or field
 * names, unknown scopes, bad restrictions, a cap that is not a whole
 * number in range and a taken name are refused with a message and
 * nothing saved; a user may not raise the rights of a role they hold (a
 * larger cap is a raise); the administrator role's matrix is fixed, its
 * cap is not (an operator may want administrators' exports smaller too).
 * Saved changes apply to every holder on their next request and are
 * audited with before/after. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "csrf.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "restriction.h"
#include "role_def.h"
#include "session.h"

#define MSG_NAME N_("A role name is 1 to 64 lower-case letters, digits, dots, dashes or underscores.")
#define MSG_CAP N_("The export row cap is a whole number from 1 to 1000000, or empty for the server default.")

/* The export row cap field: empty is the server default (no cap of the
 * role's own). */
static const struct field_def role_cap_fields[] = {
	{ .name = "export_row_cap", .label = N_("Export row cap"), .type = FIELD_INT,
	  .min = 1, .max = RBAC_EXPORT_CAP_MAX },
};

/* Not static: tests/unit/test_form.c checks the table. */
const struct form_def role_cap_form = {
	"role_cap", role_cap_fields, sizeof(role_cap_fields) / sizeof(role_cap_fields[0])
};

bool
role_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._-", *s)))
			return false;
	return true;
}

/* The select options of a cell: value, msgid label, selected. */
static void
options(struct tval *cell, int n, const char *(*name)(int), const char *(*label)(int), int cur)
{
	struct tval *list = tv_list(cell, "options");

	for (int v = 0; v < n; v++) {
		struct tval *o = tv_append_map(list);
		tv_str(o, "value", name(v));
		tv_str(o, "label", label(v));
		tv_bool(o, "selected", v == cur);
	}
}

static const char *scope_name(int s) { return rbac_scope_name((enum rbac_scope)s); }
static const char *scope_label(int s) { return rbac_scope_label((enum rbac_scope)s); }
static const char *rule_name(int r) { return r == 0 ? "default" : rbac_rule_name((enum field_rule)(r - 1)); }
static const char *rule_label(int r) { return r == 0 ? N_("As the module") : rbac_rule_label((enum field_rule)(r - 1)); }

static void
show_matrix(struct ctx *ctx, const struct role_def *d)
{
	struct tval *mods = tv_list(ctx->data, "matrix"), *heads = tv_list(ctx->data, "actions");

	for (int a = 0; a < ACT__MAX; a++)
		tv_append_str(heads, rbac_action_label(a));
	for (int m = 0; m < MOD__MAX; m++) {
		struct tval *row = tv_append_map(mods), *cells = tv_list(row, "cells");
		tv_str(row, "label", rbac_module_label(m));
		for (int a = 0; a < ACT__MAX; a++) {
			struct tval *c = tv_append_map(cells);
			tv_strf(c, "name", "p.%s.%s", rbac_module_name(m), rbac_action_name(a));
			tv_strf(c, "label", "%s: %s", rbac_module_name(m), rbac_action_name(a));
			options(c, SCOPE__MAX, scope_name, scope_label, d->scope[m][a]);
		}
	}
}

static void
show_fields(struct ctx *ctx, const struct role_def *d)
{
	struct tval *list = tv_list(ctx->data, "fields");

	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++) {
		struct tval *row = tv_append_map(list);
		tv_str(row, "module", rbac_module_label(rbac_fields[f].module));
		tv_str(row, "label", rbac_fields[f].label);
		tv_strf(row, "name", "f.%s.%s", rbac_module_name(rbac_fields[f].module), rbac_fields[f].name);
		options(row, RULE__MAX + 1, rule_name, rule_label, d->rule[f] + 1);
	}
}

/* cap_raw: the cap as the user sent it, when a POST is shown again; else
 * NULL and the role's own is shown (empty for the server default). */
static int
show(struct ctx *ctx, const struct role_def *d, const char *cap_raw, const char *error, int status)
{
	tv_strf(ctx->data, "action", "/admin/roles/%lld", d->id);
	if (cap_raw != NULL)
		tv_str(ctx->data, "export_row_cap", cap_raw);
	else if (d->export_row_cap > 0)
		tv_strf(ctx->data, "export_row_cap", "%lld", d->export_row_cap);
	tv_int(ctx->data, "server_cap", ctx->conf->export_row_cap);
	tv_strf(ctx->data, "clone", "/admin/roles/%lld/clone", d->id);
	tv_strf(ctx->data, "delete", "/admin/roles/%lld/delete", d->id);
	tv_str(ctx->data, "name", d->name);
	tv_str(ctx->data, "description", d->description);
	tv_str(ctx->data, "networks", d->networks);
	tv_str(ctx->data, "hours", d->hours);
	tv_bool(ctx->data, "mfa", d->mfa);
	tv_bool(ctx->data, "locked", role_def_locked(d));
	tv_bool(ctx->data, "builtin", d->builtin);
	if (error != NULL)
		tv_str(ctx->data, "error", error);
	show_matrix(ctx, d);
	show_fields(ctx, d);
	return page_render(ctx, "admin_role", status);
}

int
page_admin_role_get(struct ctx *ctx)
{
	struct role_def d;
	int rc = role_def_load(ctx, ctx->ids[0], &d);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	return show(ctx, &d, NULL, NULL, 200);
}

#define MSG_NO_SUCH N_("The form named a permission or field that does not exist.")

/* A field rule from the form: RULE_DEFAULT for "default", -2 if unknown. */
static int
rule_value(const char *v)
{
	return strcmp(v, "default") == 0 ? RULE_DEFAULT : rbac_rule_parse(v) >= 0 ?
	    rbac_rule_parse(v) : -2;
}

/* Reads one p.MODULE.ACTION or f.MODULE.FIELD parameter into d; NULL,
 * or the msgid of what is wrong with it. Module names contain dots
 * ("admin.users"), so the key splits at its last dot. */
static const char *
read_grant(struct role_def *d, const char *key, const char *value)
{
	const char *dot = strrchr(key + 2, '.');
	char mod[40];
	int m, a, s, r;

	if (dot == NULL || dot - (key + 2) >= (long)sizeof(mod))
		return MSG_NO_SUCH;
	snprintf(mod, sizeof(mod), "%.*s", (int)(dot - (key + 2)), key + 2);
	if ((m = rbac_module_parse(mod)) < 0)
		return MSG_NO_SUCH;
	if (key[0] == 'p') {
		if ((a = rbac_action_parse(dot + 1)) < 0)
			return MSG_NO_SUCH;
		if ((s = rbac_scope_parse(value)) < 0)
			return N_("A permission can only be no access, own, team or all records.");
		d->scope[m][a] = (unsigned char)s;
		return NULL;
	}
	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++)
		if ((int)rbac_fields[f].module == m && strcmp(rbac_fields[f].name, dot + 1) == 0) {
			if ((r = rule_value(value)) == -2)
				return N_("A field rule can only be hidden, masked, read-only or editable.");
			d->rule[f] = (signed char)r;
			return NULL;
		}
	return MSG_NO_SUCH;
}

/* Reads the export row cap into d (empty: 0, the server default); NULL,
 * or the msgid of what is wrong with it. */
static const char *
read_cap(struct ctx *ctx, struct role_def *d)
{
	struct form_result r;
	const struct field_value *v;

	form_validate(&role_cap_form, &ctx->req->form, ctx->req->arena, &r);
	v = form_field(&r, "export_row_cap");
	if (v->error != NULL)
		return MSG_CAP;
	d->export_row_cap = v->value != NULL ? v->i : 0;
	return NULL;
}

/* Builds the submitted role from the form over old; NULL or a msgid. */
static const char *
read_form(struct ctx *ctx, const struct role_def *old, struct role_def *d)
{
	char err[160];
	struct net_rule *nets;
	struct time_window *win;
	const char *e;
	size_t n;

	*d = *old;
	memset(d->scope, 0, sizeof(d->scope));
	memset(d->rule, RULE_DEFAULT, sizeof(d->rule));
	d->name = param_get(&ctx->req->form, "name");
	d->description = param_get(&ctx->req->form, "description");
	d->networks = param_get(&ctx->req->form, "networks");
	d->hours = param_get(&ctx->req->form, "hours");
	d->mfa = param_get(&ctx->req->form, "mfa_required") != NULL;
	if (!d->description) d->description = "";
	if (!d->networks) d->networks = "";
	if (!d->hours) d->hours = "";
	/* The matrix first: a form shown again for a bad setting must show
	 * the submitted grants, or saving it once fixed would drop them. */
	for (const struct param *p = ctx->req->form.head; p; p = p->next) {
		if ((p->key[0] != 'p' && p->key[0] != 'f') || p->key[1] != '.')
			continue;
		if ((e = read_grant(d, p->key, p->value)) != NULL)
			return e;
	}
	if (!role_name_ok(d->name))
		return MSG_NAME;
	if (strlen(d->description) > 255)
		return N_("The description is longer than 255 characters.");
	if (restriction_parse_networks(d->networks, ctx->req->arena, &nets, &n, err, sizeof(err)) == -1)
		return N_("The allowed networks are not a list of addresses or CIDR blocks, e.g. 10.0.0.0/8, 192.168.1.0/24.");
	if (restriction_parse_hours(d->hours, ctx->req->arena, &win, &n, err, sizeof(err)) == -1)
		return N_("The allowed hours are not windows such as mon-fri 07:00-19:00; sat 09:00-13:00.");
	if ((e = read_cap(ctx, d)) != NULL)
		return e;
	if (role_def_locked(old) && memcmp(old->scope, d->scope, sizeof(d->scope)) != 0)
		return N_("The administrator role always has every permission: someone must be able to administer the CRM.");
	return NULL;
}

static bool
holds(const struct ctx *ctx, const char *role)
{
	for (const char **r = ctx->user->roles; r && *r; r++)
		if (strcmp(*r, role) == 0)
			return true;
	return false;
}

int
page_admin_role_post(struct ctx *ctx)
{
	struct role_def old, d;
	const char *error, *cap_raw = param_get(&ctx->req->form, "export_row_cap");
	int rc;

	if ((rc = role_def_load(ctx, ctx->ids[0], &old)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((error = read_form(ctx, &old, &d)) != NULL)
		return show(ctx, &d, cap_raw, error, 400);
	if (holds(ctx, old.name) && role_def_raises(&old, &d, ctx->conf->export_row_cap))
		return show(ctx, &d, cap_raw, N_("You hold this role, so you cannot widen it: ask another administrator."), 403);
	if (db_begin(ctx->db) != DB_OK || (rc = role_def_save(ctx, &old, &d)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 1) {
		db_rollback(ctx->db);
		return show(ctx, &d, cap_raw, N_("Another role already has this name."), 400);
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	crm_notice("role %s saved", d.name);
	flash_set(ctx, FLASH_ROLE_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/roles/%lld", d.id));
}
