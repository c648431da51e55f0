/* page_admin_grants.c: owns temporary grants, given on /admin/users/{id}:
 * one user gets one action on a module (with a scope) or on one record of
 * it, for a stated reason until an expiry at most 90 days ahead. A grant
 * never exceeds its granter (grant_ceiling.h): the scope is no wider than
 * the granter's and reaches only the granter's team, a record grant needs
 * a record the granter can open, and admin.* needs an administrator of
 * all users with a fresh second factor. A grant ends by itself (rights
 * are recomputed per request and ignore expired grants) or when revoked;
 * both are audited, and crmctl watch raises an alert for each grant. The
 * record pages of the CRM core list the grants on a record. Storing is
 * grant_store.h's; the user's page with the grants on it is
 * admin_user_view.c's. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin_user_view.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "grant_ceiling.h"
#include "grant_store.h"
#include "json.h"
#include "mfa.h"
#include "page.h"
#include "pages.h"
#include "rbac.h"
#include "permission.h"
#include "pick.h"
#include "record_kind.h"
#include "session.h"
#include "user_scope.h"
#include "user_store.h"

#define GRANT_MAX_DAYS 90

#define MSG_PERMISSION N_("The form named a permission that does not exist.")
#define MSG_RECORD N_("A record is given by its number, or left empty for the whole module.")
#define MSG_SCOPE N_("The form named a scope that does not exist.")
#define MSG_REASON N_("Say why, in 5 to 500 characters.")
#define MSG_EXPIRES N_("The grant must end in the future, within 90 days.")
#define MSG_CODE N_("That code is not right, or it was already used.")
#define MSG_KIND N_("Only records of accounts, contacts, leads, deals and activities can be granted one by one.")
#define MSG_NOT_YOURS N_("You can only grant a record you can open yourself.")

/* The input a refusal is about, for the error summary (the others, such
 * as the ceiling's, are about the grant as a whole: on the scope). */
static const struct {
	const char *msg, *key, *id, *label;
} grant_inputs[] = {
	{ MSG_PERMISSION, "grant_module", "g-module", N_("Module") },
	{ MSG_RECORD, "grant_record", "g-record", N_("Record number (empty: the whole module)") },
	{ MSG_SCOPE, "grant_scope", "g-scope", N_("Scope (a team means your own team)") },
	{ MSG_REASON, "grant_reason", "g-reason", N_("Reason") },
	{ MSG_EXPIRES, "grant_expires", "g-expires", N_("Ends (in your time zone)") },
	{ MSG_CODE, "grant_code", "g-code", N_("Code from your authenticator (administration modules, "
	    "when your last one is older than a few minutes)") },
	{ MSG_KIND, "grant_record", "g-record", N_("Record number (empty: the whole module)") },
	{ MSG_NOT_YOURS, "grant_record", "g-record", N_("Record number (empty: the whole module)") },
};

/* The page again with msg above the grant form, the input it is about
 * marked and linked from the error summary, and what was typed kept. */
static int
refuse(struct ctx *ctx, const char *msg)
{
	const struct param_list *f = &ctx->req->form;
	size_t i, n = sizeof(grant_inputs) / sizeof(grant_inputs[0]);

	tv_str(ctx->data, "grant_error", msg);
	tv_str(ctx->data, "grant_record", param_get(f, "record"));
	tv_str(ctx->data, "grant_reason", param_get(f, "reason"));
	tv_str(ctx->data, "grant_expires", param_get(f, "expires"));
	for (i = 0; i < n && strcmp(grant_inputs[i].msg, msg) != 0; i++)
		;
	if (i < n)
		page_error_field(ctx, grant_inputs[i].key, grant_inputs[i].id, grant_inputs[i].label, msg,
		    "grant-error");
	else
		page_error_field(ctx, "grant_scope", "g-scope", N_("Scope (a team means your own team)"), msg,
		    "grant-error");
	return admin_user_view(ctx, 400);
}

/* "YYYY-MM-DDTHH:MM" (datetime-local, in the user's time zone) as UTC
 * "YYYY-MM-DD HH:MM:00" when it lies in the next GRANT_MAX_DAYS days;
 * NULL otherwise. */
static const char *
expiry(struct ctx *ctx, const char *v)
{
	struct tm tm = { 0 };
	char utc[20];
	time_t t, now = time(NULL);

	if (v == NULL || strlen(v) != 16 || display_input_to_utc(ctx, v, utc) == -1 ||
	    sscanf(utc, "%4d-%2d-%2d %2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min) != 5)
		return NULL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t <= now || t > now + GRANT_MAX_DAYS * 86400L)
		return NULL;
	return arena_strdup(ctx->req->arena, utc);
}

/* One grant as the form asked for it, checked field by field. */
struct grant_req {
	enum rbac_module module;
	enum rbac_action action;
	enum rbac_scope scope;		/* SCOPE_NONE for a record grant */
	long long record;		/* 0: the whole module */
	const char *reason, *until;
	const char *grantee;		/* username */
	long long grantee_team;		/* 0: none */
};

/* Reads the form into g: NULL, or the msgid of what is wrong. */
static const char *
read_form(struct ctx *ctx, struct grant_req *g)
{
	const struct param_list *f = &ctx->req->form;
	const char *record = param_get(f, "record"), *scope = param_get(f, "scope");
	int m = rbac_module_parse(param_get(f, "module")), a = rbac_action_parse(param_get(f, "action"));

	memset(g, 0, sizeof(*g));
	if (m < 0 || a < 0)
		return MSG_PERMISSION;
	g->module = (enum rbac_module)m;
	g->action = (enum rbac_action)a;
	if (record != NULL && record[0] != '\0' && (g->record = form_id_parse(record, 0)) == 0)
		return MSG_RECORD;
	if (scope == NULL || scope[0] == '\0')	/* absent: the widest the granter holds */
		g->scope = rbac_scope(&ctx->user->rights, g->module, g->action);
	else if (rbac_scope_parse(scope) <= SCOPE_NONE)
		return MSG_SCOPE;
	else
		g->scope = (enum rbac_scope)rbac_scope_parse(scope);
	g->reason = param_get(f, "reason");
	if (g->reason == NULL || strlen(g->reason) < 5 || strlen(g->reason) > 500)
		return MSG_REASON;
	if ((g->until = expiry(ctx, param_get(f, "expires"))) == NULL)
		return MSG_EXPIRES;
	return NULL;
}

/* The grantee's username and team into g: 1, 0 no such user, -1 error. */
static int
load_grantee(struct ctx *ctx, struct grant_req *g)
{
	struct user_info u;
	int rc = user_store_get(ctx, ctx->ids[0], &u);

	if (rc == 1) {
		g->grantee = u.username;
		g->grantee_team = u.team_id;
	}
	return rc;
}

/* The ceiling (grant_ceiling.h), a fresh second factor taken from the
 * form's code when admin.* needs one, and for a record grant the record
 * within the granter's own scope for the action. NULL when the grant
 * may be given, else a msgid; *status 503 on a database error. */
static const char *
check_ceiling(struct ctx *ctx, const struct grant_req *g, int *status)
{
	struct grant_granter who = {
		.held = rbac_scope(&ctx->user->rights, g->module, g->action),
		.team_id = ctx->user->team_id, .admin_all = user_scope_all(ctx),
		.mfa_fresh = session_mfa_fresh(ctx),
	};
	const char *code = param_get(&ctx->req->form, "code");
	const struct record_kind *k;
	enum grant_refusal r;
	int rc;

	if (grant_module_is_admin(g->module) && who.admin_all && !who.mfa_fresh && code && code[0]) {
		if ((rc = mfa_step_up(ctx, code)) == -1)
			return *status = 503, "";
		if (rc == 0)
			return MSG_CODE;
		who.mfa_fresh = true;
	}
	r = grant_check(&who, g->module, g->record ? who.held : g->scope, g->grantee_team);
	if (r != GRANT_OK || g->record == 0)
		return r == GRANT_OK ? NULL : grant_refusal_message(r);
	if ((k = record_kind_named(rbac_module_name(g->module))) == NULL)
		return MSG_KIND;
	if ((rc = pick_record(ctx, k, g->record, g->action)) == -1)
		return *status = 503, "";
	return rc == 1 ? NULL : MSG_NOT_YOURS;
}

/* The audit detail of grant.create: what crmctl watch's alert names
 * (arg: the struct grant_req). */
static const char *
detail(struct ctx *ctx, const void *arg, long long id)
{
	const struct grant_req *g = arg;
	struct json j;

	json_begin(&j, ctx->req->arena);
	json_int(&j, "grant", id);
	json_str(&j, "user", g->grantee);
	json_str(&j, "module", rbac_module_name(g->module));
	json_str(&j, "action", rbac_action_name(g->action));
	if (g->record)
		json_int(&j, "record", g->record);
	else
		json_str(&j, "scope", rbac_scope_name(g->scope));
	if (!g->record && g->scope != SCOPE_ALL)
		json_int(&j, "team", ctx->user->team_id);
	json_str(&j, "reason", g->reason);
	json_str(&j, "expires", g->until);
	return json_end(&j);
}

/* Stores the grant with its audit record (grant_store.h). */
static int
store(struct ctx *ctx, const struct grant_req *g)
{
	struct grant_new n = {
		.user_id = ctx->ids[0], .record = g->record, .team = ctx->user->team_id,
		.granted_by = ctx->user->id, .module = rbac_module_name(g->module),
		.action = rbac_action_name(g->action), .scope = rbac_scope_name(g->scope),
		.reason = g->reason, .expires = g->until,
	};

	if (grant_store_create(ctx, &n, detail, g) == -1)
		return 503;
	flash_set(ctx, FLASH_USER_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/users/%lld", ctx->ids[0]));
}

int
page_admin_grant_create(struct ctx *ctx)
{
	struct grant_req g;
	const char *msg;
	int rc, status = 400;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((msg = read_form(ctx, &g)) != NULL)
		return refuse(ctx, msg);
	if (ctx->ids[0] == ctx->user->id)
		return refuse(ctx, N_("You cannot change your own roles or disable yourself: ask another administrator."));
	if ((rc = load_grantee(ctx, &g)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((msg = check_ceiling(ctx, &g, &status)) != NULL)
		return status == 503 ? 503 : refuse(ctx, msg);
	return store(ctx, &g);
}

int
page_admin_grant_revoke(struct ctx *ctx)
{
	int rc;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((rc = grant_store_revoke(ctx, ctx->ids[0], ctx->ids[1])) <= 0)
		return rc == 0 ? 404 : 503;
	flash_set(ctx, FLASH_USER_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/users/%lld", ctx->ids[0]));
}
