/* permission.c: owns the decision whether a request may reach a route.
 * Sign-in and roles extend it; the rule that undeclared means denied
 * stays here. */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "log.h"
#include "permission.h"
#include "session.h"

static const char *const permission_names[PERM__MAX] = {
	[PERM_UNDECLARED] = "undeclared",
	[PERM_PUBLIC] = "public",
	[PERM_SIGNED_IN] = "signed-in",
	[PERM_MFA_SETUP] = "mfa-setup",
	[PERM_ADMIN_USERS] = "admin.users",
	[PERM_ADMIN_ROLES] = "admin.roles",
	[PERM_AUDIT_READ] = "admin.audit",
	[PERM_ALERTS_READ] = "admin.alerts",
	[PERM_ALERTS_ACK] = "admin.alerts.ack",
};

/* Until the permission matrix of the access-control work exists, the
 * admin areas belong to the administrator role alone. */
static bool
has_role(const struct user *u, const char *role)
{
	for (const char **r = u->roles; r != NULL && *r != NULL; r++)
		if (strcmp(*r, role) == 0)
			return true;
	return false;
}

const char *
permission_name(enum permission p)
{
	return p < PERM__MAX ? permission_names[p] : "?";
}

bool
permission_allows(const struct ctx *ctx, enum permission p)
{
	switch (p) {
	case PERM_PUBLIC:
		return true;
	case PERM_SIGNED_IN:
	case PERM_MFA_SETUP:
		return ctx->user != NULL;
	case PERM_ADMIN_USERS:
	case PERM_ADMIN_ROLES:
	case PERM_ALERTS_ACK:
		return ctx->user != NULL && has_role(ctx->user, "administrator");
	case PERM_AUDIT_READ:
	case PERM_ALERTS_READ:
		return ctx->user != NULL && (has_role(ctx->user, "auditor") ||
		    has_role(ctx->user, "administrator"));
	case PERM_UNDECLARED:
	case PERM__MAX:
		break;
	}
	crm_err("route without a declared permission was reached; denied");
	return false;
}
