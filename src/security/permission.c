/* permission.c: owns the decision whether a request may reach a route.
 * The rule that undeclared means denied stays here; what a user holds
 * comes from rbac.c (loaded with the session). */
#include "config.h"

#include <stdio.h>

#include "handler.h"
#include "log.h"
#include "permission.h"
#include "session.h"

const char *
permission_text(const struct need *n, char *buf, unsigned size)
{
	switch (n->kind) {
	case PERM_PUBLIC:
		return "public";
	case PERM_SIGNED_IN:
		return "signed-in";
	case PERM_MFA_SETUP:
		return "mfa-setup";
	case PERM_GRANT:
		snprintf(buf, size, "%s.%s", rbac_module_name(n->module), rbac_action_name(n->action));
		return buf;
	case PERM_UNDECLARED:
	case PERM__MAX:
		break;
	}
	return "undeclared";
}

bool
permission_can(const struct ctx *ctx, enum rbac_module m, enum rbac_action a)
{
	return ctx->user != NULL && rbac_scope(&ctx->user->rights, m, a) != SCOPE_NONE;
}

int
export_row_cap(const struct ctx *ctx)
{
	return rbac_export_row_cap(ctx->user != NULL ? &ctx->user->rights : NULL, ctx->conf->export_row_cap);
}

bool
permission_allows(const struct ctx *ctx, const struct need *n)
{
	switch (n->kind) {
	case PERM_PUBLIC:
		return true;
	case PERM_SIGNED_IN:
	case PERM_MFA_SETUP:
		return ctx->user != NULL;
	case PERM_GRANT:
		return permission_can(ctx, n->module, n->action);
	case PERM_UNDECLARED:
	case PERM__MAX:
		break;
	}
	crm_err("route without a declared permission was reached; denied");
	return false;
}
