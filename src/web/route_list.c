/* route_list.c: owns the routing table as a list without handlers
 * (route_table.h expanded without them) and the method names, so crmctl
 * routes prints the table the workers serve without linking a page. */
#include "config.h"

#include "route_list.h"
#include "route_table.h"

#define ROUTE_LIST_ENTRY(method, pattern, handler, need, csrf) { method, pattern, need },

static const struct route_entry entries[] = { ROUTE_TABLE(ROUTE_LIST_ENTRY) };

#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static const char *const method_names[METHOD__MAX] = { "GET", "HEAD", "POST", "" };

size_t
route_list_count(void)
{
	return NENTRIES;
}

const struct route_entry *
route_list_at(size_t i)
{
	return i < NENTRIES ? &entries[i] : NULL;
}

const char *
route_method_name(enum http_method m)
{
	return m < METHOD__MAX ? method_names[m] : "?";
}
