/* permission.h: the permissions routes declare. Deny by default: the zero
 * value means "not declared" and no request passes it. */
#ifndef CRM_PERMISSION_H
#define CRM_PERMISSION_H

#include <stdbool.h>

struct ctx;

enum permission {
	PERM_UNDECLARED = 0,
	PERM_PUBLIC,		/* anyone, signed in or not (health, start page) */
	PERM_SIGNED_IN,		/* any signed-in user (their own account pages) */
	PERM_MFA_SETUP,		/* signed in, even while a role's required second
				 * factor is not enrolled yet (/account/mfa) */
	PERM_ADMIN_USERS,	/* /admin/users: list users, end their sessions */
	PERM_ADMIN_ROLES,	/* /admin/roles: role settings */
	PERM_AUDIT_READ,	/* /admin/audit: read and export the audit trail */
	PERM_ALERTS_READ,	/* /admin/alerts: see anomaly alerts */
	PERM_ALERTS_ACK,	/* acknowledge them */
	PERM__MAX
};

const char *permission_name(enum permission p);

/* True when the request in ctx may use a route needing p. */
bool permission_allows(const struct ctx *ctx, enum permission p);

#endif
