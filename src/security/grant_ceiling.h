/* grant_ceiling.h: the rule that a temporary grant never exceeds its
 * granter. When given: the granter holds the module x action, the scope
 * asked is no wider than theirs, it reaches only the granter's own team
 * (a team grant means the granter's team, and the grantee must be in
 * it), and admin.* only from an administrator of all users with a fresh
 * second factor. When used: a stored grant gives at most what its granter
 * holds now, and a team grant only while the grantee is in its team.
 * Pure (no database), so tests/unit/test_grant_ceiling.c covers it. */
#ifndef CRM_GRANT_CEILING_H
#define CRM_GRANT_CEILING_H

#include <stdbool.h>

#include "rbac.h"

enum grant_refusal {
	GRANT_OK,
	GRANT_NOT_HELD,		/* the granter lacks module x action */
	GRANT_WIDER,		/* scope wider than the granter's */
	GRANT_OUTSIDE_TEAM,	/* the grantee is outside the granter's reach */
	GRANT_ADMIN_NOT_ALL,	/* admin.* from someone not administrator of all users */
	GRANT_ADMIN_NO_MFA,	/* admin.* without a fresh second factor */
	GRANT_REFUSAL__MAX
};

/* What the granter brings to the form. */
struct grant_granter {
	enum rbac_scope held;	/* their scope on the module x action */
	long long team_id;	/* 0: none */
	bool admin_all;		/* administrator of all users (user_scope_all) */
	bool mfa_fresh;		/* a second factor verified recently in this session */
};

/* True for admin.users, admin.roles, ... */
bool grant_module_is_admin(enum rbac_module m);

/* Whether granter may give a grant of scope want on module m to a user
 * of team grantee_team (0: none). */
enum grant_refusal grant_check(const struct grant_granter *g, enum rbac_module m,
    enum rbac_scope want, long long grantee_team);

/* The refusal's message (a msgid); "" for GRANT_OK. */
const char *grant_refusal_message(enum grant_refusal r);

/* The scope a stored module-wide grant gives its grantee now: its stored
 * scope, capped by the granter's current role scope (ceiling); for an
 * admin.* module SCOPE_NONE unless admin_ceiling (the granter's
 * admin.users edit scope) is still SCOPE_ALL; a team or own scope only
 * while the grantee is in the grant's team (anchor_team) or the granter
 * reaches everything. */
enum rbac_scope grant_effective(enum rbac_module m, enum rbac_scope stored, enum rbac_scope ceiling,
    enum rbac_scope admin_ceiling, long long anchor_team, long long grantee_team);

#endif
