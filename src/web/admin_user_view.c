/* admin_user_view.c: owns the rendering of /admin/users/{id}: who the
 * user is, their roles (ticked when assigned by hand, marked when from a
 * directory group) and team, their temporary grants and the choices the
 * grant form offers, and their sign-in history (from the audit trail).
 * The data comes from user_store.h and grant_store.h; the user page
 * and the pages that change a user show it through here. */
#include "config.h"

#include <string.h>

#include "admin_user_view.h"
#include "audit.h"
#include "display.h"
#include "grant_store.h"
#include "i18n.h"
#include "page.h"
#include "rbac.h"
#include "session.h"
#include "signin_audit.h"
#include "user_scope.h"
#include "user_store.h"

/* The roles for the form: every role, ticked when assigned by hand,
 * marked when it comes from a directory group. */
static int
show_roles(struct ctx *ctx, long long id)
{
	struct user_role_choice *r;
	struct tval *list = tv_list(ctx->data, "roles");
	size_t n;

	if (user_store_role_choices(ctx, id, &r, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *t = tv_append_map(list);
		tv_strf(t, "field", "role.%lld", r[i].id);
		if (i == 0)	/* the error summary's link to the roles */
			tv_str(t, "id", "roles");
		else
			tv_strf(t, "id", "role-%lld", r[i].id);
		tv_str(t, "name", r[i].name);
		tv_bool(t, "manual", r[i].manual);
		tv_bool(t, "group", r[i].from_group);
	}
	return 0;
}

static int
show_teams(struct ctx *ctx, long long current)
{
	struct user_team *t;
	struct tval *list = tv_list(ctx->data, "teams");
	size_t n;

	if (user_store_teams(ctx, &t, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *v = tv_append_map(list);
		tv_strf(v, "id", "%lld", t[i].id);
		tv_str(v, "name", t[i].name);
		tv_bool(v, "selected", t[i].id == current);
	}
	return 0;
}

/* An audit outcome code as the page's language says it. */
static const char *
outcome_label(struct ctx *ctx, const char *code)
{
	static const char *const codes[] = { AUDIT_SUCCESS, AUDIT_FAILURE, AUDIT_DENIED };
	static const char *const labels[] = { N_("Succeeded"), N_("Failed"), N_("Refused") };

	for (size_t i = 0; code != NULL && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(code, codes[i]) == 0)
			return i18n_get(ctx->lang, NULL, labels[i]);
	return code;
}

static int
show_history(struct ctx *ctx, const char *name)
{
	struct user_sign_in *h;
	struct tval *list = tv_list(ctx->data, "history");
	size_t n;

	if (user_store_sign_ins(ctx, name, &h, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *v = tv_append_map(list);
		tv_str(v, "at", display_datetime(ctx, h[i].at));
		tv_str(v, "action", h[i].action);
		tv_str(v, "outcome", outcome_label(ctx, h[i].outcome));
		tv_str(v, "ip", h[i].ip);
		tv_str(v, "agent", h[i].agent);
		tv_str(v, "reason", signin_reason_label(h[i].reason) ?
		    i18n_get(ctx->lang, NULL, signin_reason_label(h[i].reason)) : h[i].reason);
	}
	return 0;
}

/* The widest scope the user holds on any module x action: the scope
 * choices the grant form offers (each grant is checked against its own). */
static enum rbac_scope
widest_held(const struct ctx *ctx)
{
	enum rbac_scope w = SCOPE_NONE;

	for (int m = 0; m < MOD__MAX; m++)
		for (int a = 0; a < ACT__MAX; a++)
			if (rbac_scope(&ctx->user->rights, m, a) > w)
				w = rbac_scope(&ctx->user->rights, m, a);
	return w;
}

static void
show_grant_choices(struct ctx *ctx)
{
	struct tval *mods = tv_list(ctx->data, "grant_modules"), *acts = tv_list(ctx->data, "grant_actions");
	struct tval *scopes = tv_list(ctx->data, "grant_scopes");
	enum rbac_scope w = widest_held(ctx);

	for (int m = 0; m < MOD__MAX; m++) {
		struct tval *o = tv_append_map(mods);
		tv_str(o, "value", rbac_module_name(m));
		tv_str(o, "label", rbac_module_label(m));
	}
	for (int a = 0; a < ACT__MAX; a++) {
		struct tval *o = tv_append_map(acts);
		tv_str(o, "value", rbac_action_name(a));
		tv_str(o, "label", rbac_action_label(a));
	}
	for (int sc = w; sc > SCOPE_NONE; sc--) {	/* the widest first: the default */
		struct tval *o = tv_append_map(scopes);
		tv_str(o, "value", rbac_scope_name(sc));
		tv_str(o, "label", rbac_scope_label(sc));
	}
	tv_bool(ctx->data, "grant_code", user_scope_all(ctx));
}

static int
show_grants(struct ctx *ctx, long long uid)
{
	struct grant_info *g;
	struct tval *list = tv_list(ctx->data, "grants");
	size_t n;

	if (grant_store_list(ctx, uid, &g, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *v = tv_append_map(list);
		int m = rbac_module_parse(g[i].module), act = rbac_action_parse(g[i].action);
		tv_str(v, "module", m >= 0 ? i18n_get(ctx->lang, NULL, rbac_module_label((enum rbac_module)m)) : g[i].module);
		tv_str(v, "action", act >= 0 ? i18n_get(ctx->lang, NULL, rbac_action_label((enum rbac_action)act)) :
		    g[i].action);
		tv_str(v, "record", g[i].record);
		tv_str(v, "reason", g[i].reason);
		tv_str(v, "by", g[i].granted_by);
		tv_str(v, "expires", display_datetime(ctx, g[i].expires));
		tv_str(v, "scope", g[i].scope);
		tv_strf(v, "revoke", "/admin/users/%lld/grants/%lld/revoke", uid, g[i].id);
	}
	show_grant_choices(ctx);
	return 0;
}

static void
show_links(struct ctx *ctx, long long id)
{
	tv_strf(ctx->data, "base", "/admin/users/%lld", id);
	tv_strf(ctx->data, "revoke", "/admin/users/%lld/sessions/revoke", id);
	tv_strf(ctx->data, "disable", "/admin/users/%lld/disable", id);
	tv_strf(ctx->data, "enable", "/admin/users/%lld/enable", id);
	tv_strf(ctx->data, "roles_action", "/admin/users/%lld/roles", id);
	tv_strf(ctx->data, "team_action", "/admin/users/%lld/team", id);
	tv_strf(ctx->data, "grants_action", "/admin/users/%lld/grants", id);
}

int
admin_user_view(struct ctx *ctx, int status)
{
	struct user_info u;
	long long id = ctx->ids[0];
	int rc = user_in_scope(ctx, id, ACT_VIEW);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if ((rc = user_store_get(ctx, id, &u)) <= 0)
		return rc == 0 ? 404 : 503;
	tv_str(ctx->data, "name", u.username);
	tv_bool(ctx->data, "disabled", u.disabled);
	tv_bool(ctx->data, "local", strcmp(u.source, "local") == 0);
	tv_bool(ctx->data, "self", id == ctx->user->id);
	tv_bool(ctx->data, "full", user_scope_all(ctx));
	show_links(ctx, id);
	if (show_roles(ctx, id) == -1 || show_teams(ctx, u.team_id) == -1 ||
	    show_grants(ctx, id) == -1 || show_history(ctx, u.username) == -1)
		return 503;
	return page_render(ctx, "admin_user", status);
}
