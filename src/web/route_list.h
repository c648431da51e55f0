/* route_list.h: the routing table without its handlers, for listing it
 * (crmctl routes) from the core library. */
#ifndef CRM_ROUTE_LIST_H
#define CRM_ROUTE_LIST_H

#include <stddef.h>

#include "permission.h"
#include "request.h"

/* One route as listed: what route.h's struct route holds but the handler. */
struct route_entry {
	enum http_method method;
	const char *pattern;
	struct need need;
};

size_t route_list_count(void);
/* Entry i of the table, in table order, or NULL past the end. */
const struct route_entry *route_list_at(size_t i);
/* "GET", "HEAD", "POST", or "?" for a value outside the enum. */
const char *route_method_name(enum http_method m);

#endif
