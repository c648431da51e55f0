/* group_store.h: which directory groups give which role, as
 * /admin/groups reads and changes it. Functions return 0 and -1 on a
 * database error; callers hold the transaction and audit (group.map). */
#ifndef CRM_GROUP_STORE_H
#define CRM_GROUP_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;

struct group_mapping {
	const char *group, *role;
	long long role_id;
};

/* Every mapping by group, then role name. */
int group_store_list(struct ctx *ctx, struct group_mapping **out, size_t *n);
/* Adds (add) or removes the mapping of group to role_id; *changed is
 * false when it already existed (add) or did not (remove). */
int group_store_map(struct ctx *ctx, bool add, const char *group, long long role_id, bool *changed);

#endif
