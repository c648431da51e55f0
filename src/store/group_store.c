/* group_store.c: owns the admin_group statements (admin_group_sql.h):
 * the directory group to role mappings (group_store.h). */
#include "config.h"

#include "group_store.h"
#include "handler.h"
#include "request.h"
#include "stmt.h"

int
group_store_list(struct ctx *ctx, struct group_mapping **out, size_t *n)
{
	struct admin_group_list_out r;

	if (stmt_admin_group_list(ctx->db, ctx->req->arena, &(struct admin_group_list_in){ 0 }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct group_mapping){
			.group = r.rows[i].group_name, .role = r.rows[i].role, .role_id = r.rows[i].role_id,
		};
	*n = r.n;
	return 0;
}

int
group_store_map(struct ctx *ctx, bool add, const char *group, long long role_id, bool *changed)
{
	struct admin_group_map_in in = { .group_name = group, .role_id = role_id };
	struct admin_group_map_out r;
	enum db_error e = add ? stmt_admin_group_map_add(ctx->db, ctx->req->arena, &in, &r) :
	    stmt_admin_group_map_remove(ctx->db, ctx->req->arena, &in, &r);

	if (e != DB_OK)
		return -1;
	*changed = r.affected != 0;
	return 0;
}
