/* permission.h: what a route needs. Deny by default: the zero value
 * means "not declared" and no request passes it. A route either is open
 * (public, any signed-in user, second-factor set-up) or needs a grant:
 * module x action (rbac.h) with any record scope; the record scope then
 * narrows what the handler's SQL fetches. */
#ifndef CRM_PERMISSION_H
#define CRM_PERMISSION_H

#include <stdbool.h>

#include "rbac.h"

struct ctx;

enum permission {
	PERM_UNDECLARED = 0,
	PERM_PUBLIC,		/* anyone, signed in or not (health, start page) */
	PERM_SIGNED_IN,		/* any signed-in user (their own account pages) */
	PERM_MFA_SETUP,		/* signed in, even while a role's required second
				 * factor is not enrolled yet (/account/mfa) */
	PERM_GRANT,		/* a grant of module x action, any scope */
	PERM__MAX
};

/* What a route declares: the kind, and for PERM_GRANT the grant.
 * before_mfa marks the few routes that show no CRM data and stay
 * reachable while a session is not fully signed in: its second factor is
 * still to be given (code pending), or a role requires one the user has
 * not enrolled (must enrol). Every other route, public ones included,
 * then redirects to the code form or the enrolment page (worker.c). */
struct need {
	enum permission kind;
	enum rbac_module module;
	enum rbac_action action;
	bool before_mfa;
};

#define OPEN(kind) { kind, 0, 0, false }
#define OPEN_BEFORE_MFA(kind) { kind, 0, 0, true }
#define GRANT(module, action) { PERM_GRANT, module, action, false }

/* "public", "signed-in", "mfa-setup", or "accounts.view" style. */
const char *permission_text(const struct need *n, char *buf, unsigned size);

/* True when the request in ctx may use a route needing n. */
bool permission_allows(const struct ctx *ctx, const struct need *n);

/* Shorthand for pages: may the user do action on module at all? */
bool permission_can(const struct ctx *ctx, enum rbac_module m, enum rbac_action a);

/* The most rows one CSV export may hold for the signed-in user: the
 * largest cap of the roles that apply now, a role without its own cap
 * counting as [server] export_row_cap (rbac_export_row_cap); that
 * setting without a user. */
int export_row_cap(const struct ctx *ctx);

#endif
