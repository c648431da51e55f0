/* permission.c: owns the decision whether a request may reach a route.
 * Sign-in and roles extend it; the rule that undeclared means denied
 * stays here. */
#include "config.h"

#include "handler.h"
#include "log.h"
#include "permission.h"
#include "session.h"

static const char *const permission_names[PERM__MAX] = {
	[PERM_UNDECLARED] = "undeclared",
	[PERM_PUBLIC] = "public",
	[PERM_SIGNED_IN] = "signed-in",
};

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
		return ctx->user != NULL;
	case PERM_UNDECLARED:
	case PERM__MAX:
		break;
	}
	crm_err("route without a declared permission was reached; denied");
	return false;
}
