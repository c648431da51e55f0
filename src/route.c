/* route.c: owns the routing table: every URL the workers answer, its
 * method, handler and required permission, in one place. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pages.h"
#include "route.h"

static const struct route routes[] = {
	{ METHOD_GET, "/", page_home, PERM_PUBLIC },
	{ METHOD_GET, "/healthz", page_healthz, PERM_PUBLIC },
	{ METHOD_GET, "/account/language", page_language_get, PERM_PUBLIC },
	{ METHOD_POST, "/account/language", page_language_post, PERM_PUBLIC },
	{ METHOD_GET, "/login", page_login_get, PERM_PUBLIC },
	{ METHOD_POST, "/login", page_login_post, PERM_PUBLIC },
	{ METHOD_POST, "/login/sso", page_login_sso_post, PERM_PUBLIC },
	{ METHOD_POST, "/logout", page_logout_post, PERM_PUBLIC },
	{ METHOD_GET, "/login/mfa", page_mfa_login_get, PERM_PUBLIC },
	{ METHOD_POST, "/login/mfa", page_mfa_login_post, PERM_PUBLIC },
	{ METHOD_GET, "/account/mfa", page_mfa_get, PERM_MFA_SETUP },
	{ METHOD_POST, "/account/mfa", page_mfa_post, PERM_MFA_SETUP },
	{ METHOD_GET, "/account/sessions", page_sessions_get, PERM_SIGNED_IN },
	{ METHOD_POST, "/account/sessions/{id}/revoke", page_session_revoke, PERM_SIGNED_IN },
	{ METHOD_GET, "/admin/users", page_admin_users_get, PERM_ADMIN_USERS },
	{ METHOD_POST, "/admin/users/{id}/sessions/revoke", page_admin_user_revoke, PERM_ADMIN_USERS },
	{ METHOD_GET, "/admin/users/{id}", page_admin_user_get, PERM_ADMIN_USERS },
	{ METHOD_GET, "/admin/roles", page_admin_roles_get, PERM_ADMIN_ROLES },
	{ METHOD_GET, "/admin/audit", page_admin_audit_get, PERM_AUDIT_READ },
	{ METHOD_GET, "/admin/audit.csv", page_admin_audit_csv, PERM_AUDIT_READ },
	{ METHOD_GET, "/admin/alerts", page_admin_alerts_get, PERM_ALERTS_READ },
	{ METHOD_POST, "/admin/alerts/{id}/ack", page_admin_alert_ack, PERM_ALERTS_ACK },
	{ METHOD_POST, "/admin/roles/{id}/mfa", page_admin_role_mfa_post, PERM_ADMIN_ROLES },
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

int
route_table_check(void)
{
	int bad = 0;

	for (size_t i = 0; i < NROUTES; i++)
		if (routes[i].permission == PERM_UNDECLARED ||
		    routes[i].permission >= PERM__MAX || routes[i].handler == NULL) {
			crm_err("route %s %s has no declared permission or handler",
			    method_names[routes[i].method], routes[i].pattern);
			bad = 1;
		}
	return bad ? -1 : 0;
}
