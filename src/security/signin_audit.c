/* signin_audit.c: owns the audit records of sign-in (signin_audit.h).
 * Failed attempts name what was typed, so a burst against one account or
 * from one address shows in the trail and the anomaly watcher sees it. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "json.h"
#include "signin_audit.h"

static int
put(struct ctx *ctx, struct audit_record *r)
{
	if (db_in_transaction(ctx->db))
		return audit_write(ctx->db, ctx->req->arena, r);
	return audit_standalone(ctx->db, ctx->req->arena, r);
}

int
signin_audit(struct ctx *ctx, const char *username, long long uid, const char *roles,
    const char *outcome, const char *method, const char *reason)
{
	struct audit_record r;
	struct json j;

	audit_from_ctx(&r, ctx);
	r.actor = username;
	r.actor_id = uid;
	r.roles = roles ? roles : "";
	r.action = AUDIT_AUTH_LOGIN;
	r.object_type = "user";
	r.object_id = username;
	r.outcome = outcome;
	r.items = 1;
	json_begin(&j, ctx->req->arena);
	json_str(&j, "method", method);
	if (reason != NULL)
		json_str(&j, "reason", reason);
	r.detail = json_end(&j);
	return put(ctx, &r);
}

static const struct { const char *code, *label; } reasons[] = {
	{ "denied", N_("Wrong password, unknown user or no access") },
	{ "invalid_input", N_("Invalid input") },
	{ "unavailable", N_("Sign-in service unavailable") },
	{ "no_role_or_disabled", N_("No role, or the account is disabled") },
	{ "restricted", N_("Not allowed from this network or at this time") },
	{ "locked", N_("Locked after too many failed attempts") },
	{ "no_trusted_identity", N_("No trusted certificate") },
	{ "local_account", N_("A local account: certificate sign-in not allowed") },
}, methods[] = {
	{ "password", N_("Password") },
	{ "sso", N_("Single sign-on") },
};

const char *
signin_reason_label(const char *reason)
{
	for (size_t i = 0; reason != NULL && i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(reasons[i].code, reason) == 0)
			return reasons[i].label;
	return NULL;
}

const char *
signin_method_label(const char *method)
{
	for (size_t i = 0; method != NULL && i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].code, method) == 0)
			return methods[i].label;
	return NULL;
}

/* The names in a comma-separated list, as a JSON array. */
static const char *
names_array(struct arena *a, const char *csv)
{
	const char *out = "[", *p = csv;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *name = arena_alloc(a, n + 1);
		memcpy(name, p, n);
		name[n] = '\0';
		out = arena_printf(a, "%s%s%s", out, out[1] ? "," : "", json_quote(a, name));
		p = comma ? comma + 1 : NULL;
	}
	return arena_printf(a, "%s]", out);
}

int
signin_audit_roles(struct ctx *ctx, const char *username, long long uid, const char *before,
    const char *after)
{
	struct audit_record r;
	struct json j;

	if (strcmp(before, after) == 0)
		return 0;
	audit_from_ctx(&r, ctx);
	r.actor = username;
	r.actor_id = uid;
	r.roles = after;
	r.action = AUDIT_USER_ROLES;
	r.object_type = "user";
	r.object_id = arena_printf(ctx->req->arena, "%lld", uid);
	r.outcome = AUDIT_SUCCESS;
	r.items = 1;
	json_begin(&j, ctx->req->arena);
	json_raw(&j, "before", names_array(ctx->req->arena, before));
	json_raw(&j, "after", names_array(ctx->req->arena, after));
	json_str(&j, "source", "directory groups at sign-in");
	json_str(&j, "by", "directory");	/* the sync, not the person signing in */
	json_str(&j, "username", username);
	r.detail = json_end(&j);
	return put(ctx, &r);
}
