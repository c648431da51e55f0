/* grant_ceiling.c: owns the grant ceiling (grant_ceiling.h): what a
 * granter may give, and what a stored grant still gives. */
#include "config.h"

#include "grant_ceiling.h"
#include "i18n.h"

static const char *const messages[GRANT_REFUSAL__MAX] = {
	[GRANT_OK] = "",
	[GRANT_NOT_HELD] = N_("You can only grant access you have yourself."),
	[GRANT_WIDER] = N_("You can only grant a scope as narrow as yours, or narrower."),
	[GRANT_OUTSIDE_TEAM] = N_("That scope reaches beyond your own team: this user is not in it."),
	[GRANT_ADMIN_NOT_ALL] = N_("Only administrators of all users can grant access to administration."),
	[GRANT_ADMIN_NO_MFA] = N_("Granting access to administration needs a fresh second factor: enter a current code from your authenticator."),
};

bool
grant_module_is_admin(enum rbac_module m)
{
	return m >= MOD_ADMIN_USERS && m < MOD__MAX;
}

/* Whether a grant of scope want anchored to the granter's team reaches
 * only what the granter reaches, for a grantee of team grantee_team. */
static bool
within_reach(enum rbac_scope held, enum rbac_scope want, long long team, long long grantee_team)
{
	if (want == SCOPE_ALL || held == SCOPE_ALL)
		return want != SCOPE_TEAM || (team != 0 && team == grantee_team);
	/* held is team or own: the grantee's records (own) or the team's
	 * (team) are the granter's only inside the granter's team. */
	return held == SCOPE_TEAM && team != 0 && team == grantee_team;
}

enum grant_refusal
grant_check(const struct grant_granter *g, enum rbac_module m, enum rbac_scope want,
    long long grantee_team)
{
	if (g->held == SCOPE_NONE)
		return GRANT_NOT_HELD;
	if (grant_module_is_admin(m) && !g->admin_all)
		return GRANT_ADMIN_NOT_ALL;
	if (grant_module_is_admin(m) && !g->mfa_fresh)
		return GRANT_ADMIN_NO_MFA;
	if (want == SCOPE_NONE || want > g->held)
		return GRANT_WIDER;
	if (!within_reach(g->held, want, g->team_id, grantee_team))
		return GRANT_OUTSIDE_TEAM;
	return GRANT_OK;
}

const char *
grant_refusal_message(enum grant_refusal r)
{
	return r < GRANT_REFUSAL__MAX ? messages[r] : messages[GRANT_NOT_HELD];
}

enum rbac_scope
grant_effective(enum rbac_module m, enum rbac_scope stored, enum rbac_scope ceiling,
    enum rbac_scope admin_ceiling, long long anchor_team, long long grantee_team)
{
	enum rbac_scope s = stored < ceiling ? stored : ceiling;

	if (m >= MOD__MAX || s == SCOPE_NONE)
		return SCOPE_NONE;
	if (grant_module_is_admin(m) && admin_ceiling != SCOPE_ALL)
		return SCOPE_NONE;
	if (s != SCOPE_ALL && !within_reach(ceiling, s, anchor_team, grantee_team))
		return SCOPE_NONE;
	return s;
}
