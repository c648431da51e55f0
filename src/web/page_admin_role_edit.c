/* page_admin_role_edit.c: owns /admin/roles/{id}: one form with a role's
 * name, description, two-step requirement, network and hour restrictions,
 * CSV export row cap, its permission matrix (module x action -> no
 * access, own, team, all) and its field rules. Forged permission or field
 * names, unknown scopes, bad restrictions, a cap that is not a whole
 * number in range and a taken name are refused with a message and
 * nothing saved; a user may not raise the rights of a role they hold (a
 * larger cap is a raise); the administrator role's matrix is fixed, its
 * cap is not (an operator may want administrators' exports smaller too).
 * The matrix is a grid of modules x actions offering only the scopes
 * that mean something for each module (rbac_scope_applies); field rules
 * are listed by their labels. Saving takes two POSTs: the first shows
 * what would change (the review, nothing written), the second
 * (step=confirm, the same values) writes it. Saved changes apply to
 * every holder on their next request and are audited with before/after. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "csrf.h"
#include "custom_field.h"
#include "flash.h"
#include "i18n.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "record_decl.h"
#include "restriction.h"
#include "role_def.h"
#include "session.h"

#define MSG_NAME N_("A role name is 1 to 64 lower-case letters, digits, dots, dashes or underscores.")
#define MSG_CAP N_("The export row cap is a whole number from 1 to 1000000, or empty for the server default.")
#define MSG_NO_SUCH N_("The form named a permission or field that does not exist.")
#define MSG_SCOPE N_("A permission can only be no access, own, team or all records.")
#define MSG_ADMIN_SCOPE N_("Administration modules have no own or team records: a permission there is none or all.")
#define MSG_RULE N_("A field rule can only be hidden, masked, read-only or editable.")
#define MSG_DESCRIPTION N_("The description is longer than 255 characters.")
#define MSG_NETWORKS N_("The allowed networks are not a list of addresses or CIDR blocks, e.g. 10.0.0.0/8, 192.168.1.0/24.")
#define MSG_HOURS N_("The allowed hours are not windows such as mon-fri 07:00-19:00; sat 09:00-13:00.")
#define MSG_LOCKED N_("The administrator role always has every permission: someone must be able to administer the CRM.")
#define MSG_RAISE N_("You hold this role, so you cannot widen it: ask another administrator.")
#define MSG_TAKEN N_("Another role already has this name.")

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

/* The field rule options of a field: value, msgid label, selected. */
static void
rule_options(struct tval *cell, int cur)
{
	struct tval *list = tv_list(cell, "options");

	for (int r = RULE_DEFAULT; r < RULE__MAX; r++) {
		struct tval *o = tv_append_map(list);
		tv_str(o, "value", r == RULE_DEFAULT ? "default" : rbac_rule_name((enum field_rule)r));
		tv_str(o, "label", r == RULE_DEFAULT ? N_("As the module") : rbac_rule_label((enum field_rule)r));
		tv_bool(o, "selected", r == cur);
	}
}

/* The scope options of a grid cell: only the scopes that mean something
 * for the module (rbac_scope_applies), and the stored one even when it
 * does not, so that saving the form unchanged never changes it. */
static void
scope_options(struct tval *cell, enum rbac_module m, int cur)
{
	struct tval *list = tv_list(cell, "options");

	for (int s = 0; s < SCOPE__MAX; s++) {
		struct tval *o;
		if (!rbac_scope_applies(m, (enum rbac_scope)s) && s != cur)
			continue;
		o = tv_append_map(list);
		tv_str(o, "value", rbac_scope_name((enum rbac_scope)s));
		tv_str(o, "label", rbac_scope_short_label((enum rbac_scope)s));
		tv_bool(o, "selected", s == cur);
	}
}

static const char *
tr(const struct ctx *ctx, const char *msgid)
{
	return i18n_get(ctx->lang, NULL, msgid);
}

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
			tv_strf(c, "label", "%s: %s", tr(ctx, rbac_module_label(m)), tr(ctx, rbac_action_label(a)));
			scope_options(c, (enum rbac_module)m, d->scope[m][a]);
		}
	}
}

/* The label of rbac_fields[f] in the user's language: a custom field's
 * own label in that language, a declared field's translated msgid. */
static const char *
field_label(const struct ctx *ctx, size_t f)
{
	for (int k = 0; k < RK__MAX; k++) {
		const struct record_decl *rd = record_decl_of((enum record_kind_id)k);
		const struct custom_field *cf;
		if (rd == NULL || rd->module != rbac_fields[f].module)
			continue;
		if ((cf = custom_field_named((enum record_kind_id)k, rbac_fields[f].name)) != NULL)
			return custom_label(cf, ctx->lang);
	}
	return tr(ctx, rbac_fields[f].label);
}

static void
show_fields(struct ctx *ctx, const struct role_def *d)
{
	struct tval *list = tv_list(ctx->data, "fields");

	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++) {
		struct tval *row = tv_append_map(list);
		const char *label = field_label(ctx, f);
		tv_str(row, "module", rbac_module_label(rbac_fields[f].module));
		tv_str(row, "label", label);
		tv_strf(row, "id", "rule-%zu", f);
		tv_strf(row, "name", "f.%s.%s", rbac_module_name(rbac_fields[f].module), rbac_fields[f].name);
		tv_strf(row, "aria", "%s: %s", tr(ctx, rbac_module_label(rbac_fields[f].module)), label);
		rule_options(row, d->rule[f]);
	}
}

/* The input an error message is about ("name", ..., "matrix" for the
 * grid and the field rules), for the error summary's link; NULL when it
 * is about the role as a whole. */
static const struct {
	const char *id, *label, *msg;
} error_fields[] = {
	{ "name", N_("Name"), MSG_NAME },
	{ "name", N_("Name"), MSG_TAKEN },
	{ "description", N_("Description"), MSG_DESCRIPTION },
	{ "networks", N_("Allowed networks"), MSG_NETWORKS },
	{ "hours", N_("Allowed hours"), MSG_HOURS },
	{ "export_row_cap", N_("Export row cap"), MSG_CAP },
	{ "matrix", N_("Permissions"), MSG_NO_SUCH },
	{ "matrix", N_("Permissions"), MSG_SCOPE },
	{ "matrix", N_("Permissions"), MSG_ADMIN_SCOPE },
	{ "matrix", N_("Permissions"), MSG_RULE },
	{ "matrix", N_("Permissions"), MSG_LOCKED },
	{ "matrix", N_("Permissions"), MSG_RAISE },
};

/* The error summary (_error_summary.xhtml) of error, and the field in
 * error marked (form.<id>.invalid, described by its message). */
static void
show_error(struct ctx *ctx, const char *error)
{
	struct tval *form = tv_child(ctx->data, "form"), *list = tv_list(form, "errors");

	tv_str(ctx->data, "error", error);
	for (size_t i = 0; i < sizeof(error_fields) / sizeof(error_fields[0]); i++) {
		struct tval *e, *f;
		if (strcmp(error_fields[i].msg, error) != 0)
			continue;
		e = tv_append_map(list);
		tv_strf(e, "href", "#%s", error_fields[i].id);
		tv_str(e, "label", error_fields[i].label);
		tv_str(e, "msg", error);
		f = tv_child(form, error_fields[i].id);
		tv_str(f, "invalid", "true");
		tv_str(f, "described", "role-error");
		tv_bool(ctx->data, "error_summary", true);
		return;
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
		show_error(ctx, error);
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
read_grant(const struct role_def *old, struct role_def *d, const char *key, const char *value)
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
			return MSG_SCOPE;
		/* The form offers only the scopes that mean something for the
		 * module, and the stored one. */
		if (!rbac_scope_applies((enum rbac_module)m, (enum rbac_scope)s) && s != old->scope[m][a])
			return MSG_ADMIN_SCOPE;
		d->scope[m][a] = (unsigned char)s;
		return NULL;
	}
	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++)
		if ((int)rbac_fields[f].module == m && strcmp(rbac_fields[f].name, dot + 1) == 0) {
			if ((r = rule_value(value)) == -2)
				return MSG_RULE;
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
		if ((e = read_grant(old, d, p->key, p->value)) != NULL)
			return e;
	}
	if (!role_name_ok(d->name))
		return MSG_NAME;
	if (strlen(d->description) > 255)
		return MSG_DESCRIPTION;
	if (restriction_parse_networks(d->networks, ctx->req->arena, &nets, &n, err, sizeof(err)) == -1)
		return MSG_NETWORKS;
	if (restriction_parse_hours(d->hours, ctx->req->arena, &win, &n, err, sizeof(err)) == -1)
		return MSG_HOURS;
	if ((e = read_cap(ctx, d)) != NULL)
		return e;
	if (role_def_locked(old) && memcmp(old->scope, d->scope, sizeof(d->scope)) != 0)
		return MSG_LOCKED;
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

/* ---- the review step: what saving would change, before it does ---- */

/* One line of the review: what, and its value now and after saving
 * (all in the user's language). */
static void
change(struct tval *list, const char *what, const char *before, const char *after)
{
	struct tval *c = tv_append_map(list);

	tv_str(c, "what", what);
	tv_str(c, "before", before);
	tv_str(c, "after", after);
}

/* A text setting as the review shows it: empty as none_text. */
static void
change_text(struct ctx *ctx, struct tval *list, const char *what, const char *before,
    const char *after, const char *none_text)
{
	before = before ? before : "";
	after = after ? after : "";
	if (strcmp(before, after) != 0)
		change(list, tr(ctx, what), before[0] ? before : tr(ctx, none_text),
		    after[0] ? after : tr(ctx, none_text));
}

static const char *
cap_shown(struct ctx *ctx, long long cap)
{
	return cap > 0 ? arena_printf(ctx->req->arena, "%lld", cap) :
	    arena_printf(ctx->req->arena, "%s (%d)", tr(ctx, N_("Server default")), ctx->conf->export_row_cap);
}

static const char *
rule_shown(const struct ctx *ctx, int r)
{
	return tr(ctx, r == RULE_DEFAULT ? N_("As the module") : rbac_rule_label((enum field_rule)r));
}

static void
review_settings(struct ctx *ctx, struct tval *list, const struct role_def *o, const struct role_def *n)
{
	change_text(ctx, list, N_("Name"), o->name, n->name, N_("(none)"));
	change_text(ctx, list, N_("Description"), o->description, n->description, N_("(none)"));
	if (o->mfa != n->mfa)
		change(list, tr(ctx, N_("Require two-step sign-in")), tr(ctx, o->mfa ? N_("Yes") : N_("No")),
		    tr(ctx, n->mfa ? N_("Yes") : N_("No")));
	change_text(ctx, list, N_("Allowed networks"), o->networks, n->networks, N_("Any network"));
	change_text(ctx, list, N_("Allowed hours"), o->hours, n->hours, N_("Any time"));
	if (o->export_row_cap != n->export_row_cap)
		change(list, tr(ctx, N_("Export row cap")), cap_shown(ctx, o->export_row_cap),
		    cap_shown(ctx, n->export_row_cap));
}

static void
review_grants(struct ctx *ctx, struct tval *list, const struct role_def *o, const struct role_def *n)
{
	for (int m = 0; m < MOD__MAX; m++)
		for (int a = 0; a < ACT__MAX; a++)
			if (o->scope[m][a] != n->scope[m][a])
				change(list, arena_printf(ctx->req->arena, "%s: %s", tr(ctx, rbac_module_label(m)),
				    tr(ctx, rbac_action_label(a))),
				    tr(ctx, rbac_scope_short_label(o->scope[m][a])),
				    tr(ctx, rbac_scope_short_label(n->scope[m][a])));
	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++)
		if (o->rule[f] != n->rule[f])
			change(list, arena_printf(ctx->req->arena, "%s: %s (%s)",
			    tr(ctx, rbac_module_label(rbac_fields[f].module)), field_label(ctx, f),
			    tr(ctx, N_("field rule"))), rule_shown(ctx, o->rule[f]), rule_shown(ctx, n->rule[f]));
}

/* The submitted role as hidden inputs, for the confirming POST: the
 * same values, read and checked again when it arrives. */
static void
hidden_inputs(struct ctx *ctx, const struct role_def *d, const char *cap_raw)
{
	struct tval *list = tv_list(ctx->data, "hidden");
#define HIDDEN(k, v) do { struct tval *h_ = tv_append_map(list); \
	tv_str(h_, "name", (k)); tv_str(h_, "value", (v)); } while (0)

	HIDDEN("name", d->name);
	HIDDEN("description", d->description);
	HIDDEN("networks", d->networks);
	HIDDEN("hours", d->hours);
	HIDDEN("export_row_cap", cap_raw ? cap_raw : "");
	if (d->mfa)
		HIDDEN("mfa_required", "on");
	for (int m = 0; m < MOD__MAX; m++)
		for (int a = 0; a < ACT__MAX; a++)
			HIDDEN(arena_printf(ctx->req->arena, "p.%s.%s", rbac_module_name(m), rbac_action_name(a)),
			    rbac_scope_name(d->scope[m][a]));
	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++)
		HIDDEN(arena_printf(ctx->req->arena, "f.%s.%s", rbac_module_name(rbac_fields[f].module),
		    rbac_fields[f].name), d->rule[f] == RULE_DEFAULT ? "default" :
		    rbac_rule_name((enum field_rule)d->rule[f]));
#undef HIDDEN
}

/* The review page: what saving d over o would change, with Confirm (the
 * same values again, step=confirm) and Back (step=edit: the form with
 * them). Nothing is written. */
static int
review(struct ctx *ctx, const struct role_def *o, const struct role_def *d, const char *cap_raw)
{
	struct tval *list = tv_list(ctx->data, "changes");

	tv_strf(ctx->data, "action", "/admin/roles/%lld", d->id);
	tv_str(ctx->data, "name", o->name);
	review_settings(ctx, list, o, d);
	review_grants(ctx, list, o, d);
	tv_bool(ctx->data, "unchanged", list->n == 0);
	hidden_inputs(ctx, d, cap_raw);
	return page_render(ctx, "admin_role_review", 200);
}

int
page_admin_role_post(struct ctx *ctx)
{
	struct role_def old, d;
	const char *error, *cap_raw = param_get(&ctx->req->form, "export_row_cap");
	const char *step = param_get(&ctx->req->form, "step");
	int rc;

	if ((rc = role_def_load(ctx, ctx->ids[0], &old)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((error = read_form(ctx, &old, &d)) != NULL)
		return show(ctx, &d, cap_raw, error, 400);
	if (holds(ctx, old.name) && role_def_raises(&old, &d, ctx->conf->export_row_cap))
		return show(ctx, &d, cap_raw, MSG_RAISE, 403);
	if (step == NULL || strcmp(step, "confirm") != 0)
		return step != NULL && strcmp(step, "edit") == 0 ? show(ctx, &d, cap_raw, NULL, 200) :
		    review(ctx, &old, &d, cap_raw);
	if (db_begin(ctx->db) != DB_OK || (rc = role_def_save(ctx, &old, &d)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 1) {
		db_rollback(ctx->db);
		return show(ctx, &d, cap_raw, MSG_TAKEN, 400);
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	crm_notice("role %s saved", d.name);
	flash_set(ctx, FLASH_ROLE_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/roles/%lld", d.id));
}
