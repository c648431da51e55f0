/* page.c: owns what every page shares: the layout's values, the error
 * page, redirects and forms in templates. Handlers fill ctx->data and
 * end with page_render or page_redirect. */
#include "config.h"

#include <string.h>

#include "cookie.h"
#include "csrf.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "permission.h"
#include "session.h"
#include "tmpl.h"

/* The reason phrase and explanation of each error status are msgids. */
static const struct {
	int status;
	const char *title, *explain;
} errors[] = {
	{ 400, N_("Bad request"), N_("The request could not be understood. Check the address or the form and try again.") },
	{ 403, N_("Forbidden"), N_("You do not have permission to do this.") },
	{ 404, N_("Not found"), N_("There is nothing at this address.") },
	{ 405, N_("Method not allowed"), N_("This address does not accept that kind of request.") },
	{ 413, N_("Too large"), N_("What you sent is larger than this page accepts.") },
	{ 414, N_("Address too long"), N_("The address is longer than this server accepts.") },
	{ 415, N_("Unsupported format"), N_("This page does not accept data in that format.") },
	{ 429, N_("Too many requests"), N_("Too many requests. Wait a moment and try again.") },
	{ 431, N_("Headers too large"), N_("The request headers are larger than this server accepts.") },
	{ 500, N_("Internal error"), N_("Something went wrong on our side. It has been logged.") },
	{ 503, N_("Service unavailable"), N_("The service is unavailable for a moment. Try again shortly.") },
};

enum lang
page_language(const struct ctx *ctx)
{
	const char *c = cookie_get(ctx->req->arena, ctx->req->cookie_header, "__Host-lang");
	int l = c ? lang_from_code(c) : -1;

	return l >= 0 ? (enum lang)l : i18n_negotiate(ctx->req->accept_language);
}

/* The module navigation: each entry shown only to those who may open it. */
static const struct {
	const char *href, *label;
	enum rbac_module module;
} modules[] = {
	{ "/leads", N_("Leads"), MOD_LEADS },
	{ "/accounts", N_("Accounts"), MOD_ACCOUNTS },
	{ "/contacts", N_("Contacts"), MOD_CONTACTS },
	{ "/deals/pipeline", N_("Deals"), MOD_DEALS },
	{ "/activities", N_("Activities"), MOD_ACTIVITIES },
	{ "/admin/users", N_("Users"), MOD_ADMIN_USERS },
	{ "/admin/roles", N_("Roles"), MOD_ADMIN_ROLES },
	{ "/admin/groups", N_("Groups"), MOD_ADMIN_GROUPS },
	{ "/admin/stages", N_("Stages"), MOD_ADMIN_SETTINGS },
	{ "/admin/fields", N_("Custom fields"), MOD_ADMIN_SETTINGS },
	{ "/admin/audit", N_("Audit trail"), MOD_ADMIN_AUDIT },
	{ "/admin/alerts", N_("Alerts"), MOD_ADMIN_ALERTS },
	{ "/admin/backups", N_("Backups"), MOD_ADMIN_AUDIT },
};

static void
add_modules(struct ctx *ctx)
{
	struct tval *list = tv_list(ctx->data, "modules");

	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		size_t n = strlen(modules[i].href);
		struct tval *m;
		if (!permission_can(ctx, modules[i].module, ACT_VIEW))
			continue;
		m = tv_append_map(list);
		tv_str(m, "href", modules[i].href);
		tv_str(m, "label", modules[i].label);
		if (strncmp(ctx->req->path, modules[i].href, n) == 0 &&
		    (ctx->req->path[n] == '\0' || ctx->req->path[n] == '/'))
			tv_str(m, "current", "page");
	}
}

int
page_render(struct ctx *ctx, const char *name, int status)
{
	struct tval *d = ctx->data;

	tv_str(d, "lang", lang_code(ctx->lang));
	tv_str(d, "request_id", ctx->req->id);
	tv_str(d, "csrf", csrf_token(ctx));
	if (ctx->user != NULL) {
		struct tval *u = tv_child(d, "user"), *roles = tv_list(u, "roles");
		tv_str(u, "name", ctx->user->username);
		for (const char **r = ctx->user->roles; r && *r; r++)
			tv_append_str(roles, *r);
		add_modules(ctx);
	}
	if (!tv_get(d, "flash"))
		tv_str(d, "flash", flash_take(ctx));
	ctx->resp->status = status;
	ctx->resp->content_type = "text/html; charset=utf-8";
	ctx->resp->len = 0;
	if (tmpl_render(ctx->resp, name, ctx->lang, d) == -1) {
		response_error(ctx->resp, 500, ctx->req->id);
		return 500;
	}
	return status;
}

static size_t
error_index(int status)
{
	size_t n = sizeof(errors) / sizeof(errors[0]), fallback = 0;

	for (size_t i = 0; i < n; i++) {
		if (errors[i].status == status)
			return i;
		if (errors[i].status == 500)
			fallback = i;
	}
	return fallback;
}

int
page_error(struct ctx *ctx, int status)
{
	size_t i = error_index(status);

	ctx->data = tv_map(ctx->req->arena);
	tv_int(ctx->data, "status", status);
	tv_str(ctx->data, "title", errors[i].title);
	tv_str(ctx->data, "explain", errors[i].explain);
	tv_str(ctx->data, "flash", "");
	/* A form sent while the service could not take it: say that nothing
	 * was kept and how to keep what was typed. */
	if (status == 503 && ctx->req->method == METHOD_POST)
		tv_str(ctx->data, "post_note",
		    N_("Nothing you sent was saved. Go back: your browser still has what you typed. Send it again in a moment."));
	return page_render(ctx, "error", status);
}

int
page_redirect(struct ctx *ctx, const char *path)
{
	ctx->resp->status = 303;
	if (path[0] != '/' || path[1] == '/' || response_header(ctx->resp, "Location", path) == -1) {
		crm_err("refusing to redirect to a non-local path");
		return 500;
	}
	return 303;
}

/* One field in error: its entry in the summary at the top of the form
 * (a link to the field, its label and the message), and what the field
 * itself carries: aria-invalid, and aria-describedby naming the id of
 * its error paragraph ("<field>-error"). */
static void
page_form_error(struct tval *summary, struct tval *f,
    const struct field_value *v, const char *arg, const char *prefix)
{
	struct tval *e = tv_append_map(summary);

	tv_strf(e, "href", "#%s%s", prefix, v->def->name);
	tv_str(e, "label", v->def->label != NULL ? v->def->label : v->def->name);
	tv_str(e, "msg", v->error);
	tv_str(e, "arg", arg);
	tv_str(f, "invalid", "true");
	tv_strf(f, "error_id", "%s%s-error", prefix, v->def->name);
	tv_str(f, "described", tv_get(f, "error_id")->s);
}

void
page_form_in(struct ctx *ctx, const struct form_result *r, const char *key, const char *prefix)
{
	struct tval *form = tv_open(ctx->data, key, TV_MAP);
	struct tval *summary = tv_open(tv_open(ctx->data, "form", TV_MAP), "errors", TV_LIST);

	tv_str(form, "error", r->error);
	for (size_t i = 0; i < r->def->nfields; i++) {
		const struct field_value *v = &r->values[i];
		struct tval *f = tv_child(form, v->def->name);
		const char *arg = form_error_arg(ctx->req->arena, v);

		tv_str(f, "value", v->raw);
		tv_str(f, "error", v->error);
		tv_str(f, "arg", arg);
		if (v->error != NULL) {
			page_form_error(summary, f, v, arg, prefix);
			tv_bool(ctx->data, "error_summary", true);
		}
	}
}

void
page_form(struct ctx *ctx, const struct form_result *r)
{
	page_form_in(ctx, r, "form", "");
}

void
page_error_field(struct ctx *ctx, const char *key, const char *id, const char *label,
    const char *msg, const char *described)
{
	struct tval *form = tv_open(ctx->data, "form", TV_MAP);
	struct tval *e = tv_append_map(tv_open(form, "errors", TV_LIST));
	struct tval *f = tv_open(form, key, TV_MAP);

	tv_strf(e, "href", "#%s", id);
	tv_str(e, "label", label);
	tv_str(e, "msg", msg);
	tv_str(f, "invalid", "true");
	tv_str(f, "described", described);
	tv_bool(ctx->data, "error_summary", true);
}
