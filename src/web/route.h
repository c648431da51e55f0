/* route.h: the one routing table and its lookup. */
#ifndef CRM_ROUTE_H
#define CRM_ROUTE_H

#include "handler.h"
#include "permission.h"
#include "route_list.h"

/* How a route meets cross-site request forgery (csrf.h). Every route
 * says it in the table; route_table_check refuses CSRF_NONE on a POST
 * route and anything else on a GET route. */
enum route_csrf {
	CSRF_NONE = 0,		/* GET routes only: they change nothing */
	CSRF_TOKEN,		/* the worker checks the form's token (csrf_valid)
				 * before the handler; 403 without it */
	CSRF_EXEMPT,		/* a POST route without the check: only with a
				 * comment in the table saying why */
	CSRF__MAX
};

struct route {
	enum http_method method;	/* GET routes also answer HEAD */
	const char *pattern;		/* "/contacts/{id}/edit" */
	handler_fn handler;
	struct need need;		/* kind PERM_UNDECLARED: unreachable */
	enum route_csrf csrf;		/* POST routes: CSRF_TOKEN or CSRF_EXEMPT */
};

enum route_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method and path; on ROUTE_FOUND *out is set and
 * the {id} values are stored in ctx; on ROUTE_NO_METHOD allow holds the
 * methods the path does accept ("GET, HEAD, POST"). */
enum route_result route_find(struct ctx *ctx, const struct route **out,
    char *allow, size_t allowsz);

/* Checks the table at start-up: returns -1 (logged) when a route lacks
 * a permission or a handler, or a POST route declares no CSRF rule (a
 * GET route one), so such a build cannot serve. */
int route_table_check(void);

/* The same check on any table of n routes (unit tests). */
int route_table_check_entries(const struct route *table, size_t n);

/* The table, for listing it (crmctl routes) and the access matrix test. */
size_t route_count(void);
const struct route *route_at(size_t i);

/* True when pattern matches path; ids receive {id} values. */
int route_match(const char *pattern, const char *path, long long *ids, int *nids);

#endif
