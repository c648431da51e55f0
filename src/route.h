/* route.h: the one routing table and its lookup. */
#ifndef CRM_ROUTE_H
#define CRM_ROUTE_H

#include "handler.h"
#include "permission.h"
#include "route_list.h"

struct route {
	enum http_method method;	/* GET routes also answer HEAD */
	const char *pattern;		/* "/contacts/{id}/edit" */
	handler_fn handler;
	struct need need;		/* kind PERM_UNDECLARED: unreachable */
};

enum route_result { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method and path; on ROUTE_FOUND *out is set and
 * the {id} values are stored in ctx; on ROUTE_NO_METHOD allow holds the
 * methods the path does accept ("GET, HEAD, POST"). */
enum route_result route_find(struct ctx *ctx, const struct route **out,
    char *allow, size_t allowsz);

/* Checks the table at start-up: returns -1 (logged) when a route lacks
 * a permission or a handler, so such a build cannot serve. */
int route_table_check(void);

/* The table, for listing it (crmctl routes) and the access matrix test. */
size_t route_count(void);
const struct route *route_at(size_t i);

/* True when pattern matches path; ids receive {id} values. */
int route_match(const char *pattern, const char *path, long long *ids, int *nids);

#endif
