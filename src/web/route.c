/* route.c: owns the routing table with its handlers (route_table.h
 * holds the list) and the lookup the workers route a request by. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pages.h"
#include "route.h"
#include "route_table.h"

/* Every POST route says CSRF_TOKEN: the worker checks the form's token
 * (csrf_valid) before the handler runs and answers 403 without it. That
 * includes the sign-in forms: before a session exists the token is the
 * double-submit __Host-csrf cookie, while the second factor is pending it
 * is the pending session's (csrf.c). CSRF_EXEMPT would need a comment
 * here saying why; no route is exempt. */

#define ROUTE_ENTRY(method, pattern, handler, need, csrf) { method, pattern, handler, need, csrf },

static const struct route routes[] = { ROUTE_TABLE(ROUTE_ENTRY) };

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

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
			    route_method_name(routes[i].method));
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
