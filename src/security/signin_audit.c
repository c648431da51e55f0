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
