/* route.c: owns the routing table: every URL the workers answer, its
 * method, handler, required permission and CSRF rule, in one place. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pages.h"
#include "route.h"

/* Every POST route says CSRF_TOKEN: the worker checks the form's token
 * (csrf_valid) before the handler runs and answers 403 without it. That
 * includes the sign-in forms: before a session exists the token is the
 * double-submit __Host-csrf cookie, while the second factor is pending it
 * is the pending session's (csrf.c). CSRF_EXEMPT would need a comment
 * here saying why; no route is exempt. */
static const struct route routes[] = {
	{ METHOD_GET, "/", page_home, OPEN(PERM_PUBLIC), CSRF_NONE },
	{ METHOD_GET, "/healthz", page_healthz, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE },
	{ METHOD_GET, "/account/language", page_language_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE },
	{ METHOD_POST, "/account/language", page_language_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN },
	{ METHOD_GET, "/login", page_login_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE },
	{ METHOD_POST, "/login", page_login_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN },
	{ METHOD_POST, "/login/sso", page_login_sso_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN },
	{ METHOD_POST, "/logout", page_logout_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN },
	{ METHOD_GET, "/login/mfa", page_mfa_login_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE },
	{ METHOD_POST, "/login/mfa", page_mfa_login_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN },
	{ METHOD_GET, "/account/mfa", page_mfa_get, OPEN(PERM_MFA_SETUP), CSRF_NONE },
	{ METHOD_POST, "/account/mfa", page_mfa_post, OPEN(PERM_MFA_SETUP), CSRF_TOKEN },
	{ METHOD_POST, "/account/mfa/disable", page_mfa_disable, OPEN(PERM_SIGNED_IN), CSRF_TOKEN },
	{ METHOD_POST, "/account/mfa/recovery-codes", page_mfa_recovery_codes,
	  OPEN(PERM_SIGNED_IN), CSRF_TOKEN },
	{ METHOD_GET, "/account/sessions", page_sessions_get, OPEN(PERM_SIGNED_IN), CSRF_NONE },
	{ METHOD_POST, "/account/sessions/{id}/revoke", page_session_revoke, OPEN(PERM_SIGNED_IN), CSRF_TOKEN },
	{ METHOD_GET, "/contacts", page_contacts_get, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/contacts/new", page_contact_new_get, GRANT(MOD_CONTACTS, ACT_CREATE), CSRF_NONE },
	{ METHOD_POST, "/contacts/new", page_contact_new_post, GRANT(MOD_CONTACTS, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/contacts/export", page_contacts_export_get,
	  GRANT(MOD_CONTACTS, ACT_EXPORT), CSRF_NONE },
	{ METHOD_POST, "/contacts/export", page_contacts_export_post,
	  GRANT(MOD_CONTACTS, ACT_EXPORT), CSRF_TOKEN },
	{ METHOD_GET, "/contacts/import", page_contacts_import_get,
	  GRANT(MOD_CONTACTS, ACT_IMPORT), CSRF_NONE },
	{ METHOD_POST, "/contacts/import", page_contacts_import_post,
	  GRANT(MOD_CONTACTS, ACT_IMPORT), CSRF_TOKEN },
	{ METHOD_GET, "/contacts/deleted", page_records_deleted, GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_NONE },
	{ METHOD_POST, "/contacts/{id}/restore", page_record_restore,
	  GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_GET, "/contacts/{id}", page_contact_get, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/contacts/{id}/reveal", page_contact_reveal,
	  GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_TOKEN },
	{ METHOD_GET, "/contacts/{id}/edit", page_contact_edit_get, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_NONE },
	{ METHOD_POST, "/contacts/{id}/edit", page_contact_edit_post,
	  GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/contacts/{id}/delete", page_record_delete,
	  GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/contacts/{id}/owner", page_record_owner, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/accounts", page_accounts_get, GRANT(MOD_ACCOUNTS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/accounts/new", page_account_new_get, GRANT(MOD_ACCOUNTS, ACT_CREATE), CSRF_NONE },
	{ METHOD_POST, "/accounts/new", page_account_new_post, GRANT(MOD_ACCOUNTS, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/accounts/export", page_accounts_export_get,
	  GRANT(MOD_ACCOUNTS, ACT_EXPORT), CSRF_NONE },
	{ METHOD_POST, "/accounts/export", page_accounts_export_post,
	  GRANT(MOD_ACCOUNTS, ACT_EXPORT), CSRF_TOKEN },
	{ METHOD_GET, "/accounts/import", page_accounts_import_get,
	  GRANT(MOD_ACCOUNTS, ACT_IMPORT), CSRF_NONE },
	{ METHOD_POST, "/accounts/import", page_accounts_import_post,
	  GRANT(MOD_ACCOUNTS, ACT_IMPORT), CSRF_TOKEN },
	{ METHOD_GET, "/accounts/{id}", page_account_get, GRANT(MOD_ACCOUNTS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/accounts/{id}/edit", page_account_edit_get, GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_NONE },
	{ METHOD_POST, "/accounts/{id}/edit", page_account_edit_post,
	  GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/accounts/{id}/delete", page_record_delete,
	  GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/accounts/{id}/owner", page_record_owner, GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/accounts/deleted", page_records_deleted, GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_NONE },
	{ METHOD_POST, "/accounts/{id}/restore", page_record_restore,
	  GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_GET, "/leads", page_leads_get, GRANT(MOD_LEADS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/leads/new", page_lead_new_get, GRANT(MOD_LEADS, ACT_CREATE), CSRF_NONE },
	{ METHOD_POST, "/leads/new", page_lead_new_post, GRANT(MOD_LEADS, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/leads/export", page_leads_export_get, GRANT(MOD_LEADS, ACT_EXPORT), CSRF_NONE },
	{ METHOD_POST, "/leads/export", page_leads_export_post, GRANT(MOD_LEADS, ACT_EXPORT), CSRF_TOKEN },
	{ METHOD_GET, "/leads/import", page_leads_import_get, GRANT(MOD_LEADS, ACT_IMPORT), CSRF_NONE },
	{ METHOD_POST, "/leads/import", page_leads_import_post, GRANT(MOD_LEADS, ACT_IMPORT), CSRF_TOKEN },
	{ METHOD_GET, "/leads/{id}", page_lead_get, GRANT(MOD_LEADS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/leads/{id}/edit", page_lead_edit_get, GRANT(MOD_LEADS, ACT_EDIT), CSRF_NONE },
	{ METHOD_POST, "/leads/{id}/edit", page_lead_edit_post, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/leads/{id}/delete", page_record_delete, GRANT(MOD_LEADS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/leads/{id}/owner", page_record_owner, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/leads/deleted", page_records_deleted, GRANT(MOD_LEADS, ACT_DELETE), CSRF_NONE },
	{ METHOD_POST, "/leads/{id}/restore", page_record_restore, GRANT(MOD_LEADS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/leads/{id}/convert", page_lead_convert, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/deals", page_deals_get, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/deals/pipeline", page_deals_pipeline, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/deals/new", page_deal_new_get, GRANT(MOD_DEALS, ACT_CREATE), CSRF_NONE },
	{ METHOD_POST, "/deals/new", page_deal_new_post, GRANT(MOD_DEALS, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/deals/export", page_deals_export_get, GRANT(MOD_DEALS, ACT_EXPORT), CSRF_NONE },
	{ METHOD_POST, "/deals/export", page_deals_export_post, GRANT(MOD_DEALS, ACT_EXPORT), CSRF_TOKEN },
	{ METHOD_GET, "/deals/{id}", page_deal_get, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/deals/{id}/edit", page_deal_edit_get, GRANT(MOD_DEALS, ACT_EDIT), CSRF_NONE },
	{ METHOD_POST, "/deals/{id}/edit", page_deal_edit_post, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/deals/{id}/stage", page_deal_stage, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/deals/{id}/delete", page_record_delete, GRANT(MOD_DEALS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/deals/{id}/owner", page_record_owner, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/deals/deleted", page_records_deleted, GRANT(MOD_DEALS, ACT_DELETE), CSRF_NONE },
	{ METHOD_POST, "/deals/{id}/restore", page_record_restore, GRANT(MOD_DEALS, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_GET, "/activities", page_activities_get, GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/activities/new", page_activity_new_get, GRANT(MOD_ACTIVITIES, ACT_CREATE), CSRF_NONE },
	{ METHOD_POST, "/activities/new", page_activity_new_post,
	  GRANT(MOD_ACTIVITIES, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/activities/export", page_activities_export_get,
	  GRANT(MOD_ACTIVITIES, ACT_EXPORT), CSRF_NONE },
	{ METHOD_POST, "/activities/export", page_activities_export_post,
	  GRANT(MOD_ACTIVITIES, ACT_EXPORT), CSRF_TOKEN },
	{ METHOD_GET, "/activities/{id}", page_activity_get, GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/activities/{id}/reveal", page_activity_reveal,
	  GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_TOKEN },
	{ METHOD_GET, "/activities/{id}/edit", page_activity_edit_get,
	  GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_NONE },
	{ METHOD_POST, "/activities/{id}/edit", page_activity_edit_post,
	  GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/activities/{id}/complete", page_activity_complete,
	  GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/activities/{id}/delete", page_record_delete,
	  GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_POST, "/activities/{id}/owner", page_record_owner,
	  GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/activities/deleted", page_records_deleted,
	  GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_NONE },
	{ METHOD_POST, "/activities/{id}/restore", page_record_restore,
	  GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_GET, "/admin/users", page_admin_users_get, GRANT(MOD_ADMIN_USERS, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/admin/users/{id}", page_admin_user_get, GRANT(MOD_ADMIN_USERS, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/users/{id}/sessions/revoke", page_admin_user_revoke,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/disable", page_admin_user_disable,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/enable", page_admin_user_enable,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/roles", page_admin_user_roles,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/team", page_admin_user_team,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/grants", page_admin_grant_create,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/users/{id}/grants/{id}/revoke", page_admin_grant_revoke,
	  GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/admin/roles", page_admin_roles_get, GRANT(MOD_ADMIN_ROLES, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/roles", page_admin_role_create, GRANT(MOD_ADMIN_ROLES, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_GET, "/admin/roles/{id}", page_admin_role_get, GRANT(MOD_ADMIN_ROLES, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/roles/{id}", page_admin_role_post,
	  GRANT(MOD_ADMIN_ROLES, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/roles/{id}/mfa", page_admin_role_mfa_post,
	  GRANT(MOD_ADMIN_ROLES, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/roles/{id}/clone", page_admin_role_clone,
	  GRANT(MOD_ADMIN_ROLES, ACT_CREATE), CSRF_TOKEN },
	{ METHOD_POST, "/admin/roles/{id}/delete", page_admin_role_delete,
	  GRANT(MOD_ADMIN_ROLES, ACT_DELETE), CSRF_TOKEN },
	{ METHOD_GET, "/admin/groups", page_admin_groups_get, GRANT(MOD_ADMIN_GROUPS, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/groups", page_admin_group_add, GRANT(MOD_ADMIN_GROUPS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/groups/remove", page_admin_group_remove,
	  GRANT(MOD_ADMIN_GROUPS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/admin/stages", page_admin_stages_get, GRANT(MOD_ADMIN_SETTINGS, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/stages", page_admin_stage_create,
	  GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/stages/{id}", page_admin_stage_update,
	  GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_POST, "/admin/stages/{id}/delete", page_admin_stage_delete,
	  GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN },
	{ METHOD_GET, "/admin/audit", page_admin_audit_get, GRANT(MOD_ADMIN_AUDIT, ACT_VIEW), CSRF_NONE },
	{ METHOD_GET, "/admin/audit.csv", page_admin_audit_csv, GRANT(MOD_ADMIN_AUDIT, ACT_EXPORT), CSRF_NONE },
	{ METHOD_GET, "/admin/alerts", page_admin_alerts_get, GRANT(MOD_ADMIN_ALERTS, ACT_VIEW), CSRF_NONE },
	/* Backups and restore drills: read-only evidence for auditors. */
	{ METHOD_GET, "/admin/backups", page_admin_backups_get, GRANT(MOD_ADMIN_AUDIT, ACT_VIEW), CSRF_NONE },
	{ METHOD_POST, "/admin/alerts/{id}/ack", page_admin_alert_ack,
	  GRANT(MOD_ADMIN_ALERTS, ACT_EDIT), CSRF_TOKEN },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static const char *const method_names[METHOD__MAX] = { "GET", "HEAD", "POST", "" };

int
route_match(const char *pattern, const char *path, long long *ids, int *nids)
{
	*nids = 0;
	while (*pattern && *path) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			long long v = 0;
			int digits = 0;
			if (*path == '0')
				return 0;	/* one spelling per id */
			while (*path >= '0' && *path <= '9' && digits < 18) {
				v = v * 10 + (*path++ - '0');
				digits++;
			}
			if (digits == 0 || (*path >= '0' && *path <= '9') || *nids >= ROUTE_MAX_IDS)
				return 0;
			ids[(*nids)++] = v;
			pattern += 4;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

static int
method_matches(enum http_method route, enum http_method req)
{
	return route == req || (route == METHOD_GET && req == METHOD_HEAD);
}

enum route_result
route_find(struct ctx *ctx, const struct route **out, char *allow, size_t allowsz)
{
	long long ids[ROUTE_MAX_IDS];
	int nids;
	bool path_seen = false;

	allow[0] = '\0';
	for (size_t i = 0; i < NROUTES; i++) {
		if (!route_match(routes[i].pattern, ctx->req->path, ids, &nids))
			continue;
		path_seen = true;
		if (method_matches(routes[i].method, ctx->req->method)) {
			*out = &routes[i];
			memcpy(ctx->ids, ids, sizeof(ids));
			ctx->nids = nids;
			return ROUTE_FOUND;
		}
		if (strlen(allow) + 12 < allowsz) {
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, routes[i].method == METHOD_GET ? "GET, HEAD" :
			    method_names[routes[i].method]);
		}
	}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

size_t
route_count(void)
{
	return NROUTES;
}

const struct route *
route_at(size_t i)
{
	return i < NROUTES ? &routes[i] : NULL;
}

const char *
route_method_name(enum http_method m)
{
	return m < METHOD__MAX ? method_names[m] : "?";
}

static bool
permission_declared(const struct route *r)
{
	return r->need.kind != PERM_UNDECLARED && r->need.kind < PERM__MAX &&
	    (r->need.kind != PERM_GRANT || (r->need.module < MOD__MAX && r->need.action < ACT__MAX));
}

/* A POST route checks the token or is exempt on purpose; a GET route
 * changes nothing, so a token rule there is a mistake in the table. */
static bool
csrf_declared(const struct route *r)
{
	if (r->csrf >= CSRF__MAX)
		return false;
	if (r->method == METHOD_POST)
		return r->csrf != CSRF_NONE;
	return r->csrf == CSRF_NONE;
}

int
route_table_check_entries(const struct route *table, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		const struct route *r = &table[i];
		const char *m = route_method_name(r->method);
		if (!permission_declared(r) || r->handler == NULL) {
			crm_err("route %s %s has no declared permission or handler", m, r->pattern);
			bad = 1;
		}
		if (!csrf_declared(r)) {
			crm_err("route %s %s: a POST route declares CSRF_TOKEN or CSRF_EXEMPT, "
			    "a GET route neither", m, r->pattern);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int
route_table_check(void)
{
	return route_table_check_entries(routes, NROUTES);
}
