/* role_store.c: owns the admin_role statements (admin_role_sql.h): the
 * roles list, a role's two-step requirement, its use, and deleting it
 * (role_store.h). */
#include "config.h"

#include "handler.h"
#include "request.h"
#include "role_store.h"
#include "stmt.h"

int
role_store_list(struct ctx *ctx, struct role_summary **out, size_t *n)
{
	struct admin_role_list_out r;

	if (stmt_admin_role_list(ctx->db, ctx->req->arena, &(struct admin_role_list_in){ 0 }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct role_summary){
			.id = r.rows[i].id, .members = r.rows[i].members, .name = r.rows[i].name,
			.mfa_required = r.rows[i].mfa_required != 0, .export_row_cap = r.rows[i].export_row_cap,
		};
	*n = r.n;
	return 0;
}

int
role_store_mfa_get(struct ctx *ctx, long long id, const char **name, bool *mfa_required)
{
	struct admin_role_mfa_get_out r;

	if (stmt_admin_role_mfa_get(ctx->db, ctx->req->arena, &(struct admin_role_mfa_get_in){ .id = id },
	    &r) != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	*name = r.rows[0].name;
	*mfa_required = r.rows[0].mfa_required != 0;
	return 1;
}

int
role_store_set_mfa(struct ctx *ctx, long long id, bool mfa_required)
{
	struct admin_role_set_mfa_out r;

	return stmt_admin_role_set_mfa(ctx->db, ctx->req->arena,
	    &(struct admin_role_set_mfa_in){ .mfa_required = mfa_required, .id = id }, &r) == DB_OK ? 0 : -1;
}

int
role_store_usage(struct ctx *ctx, long long id, long long *users, long long *groups)
{
	struct admin_role_usage_out r;

	if (stmt_admin_role_usage(ctx->db, ctx->req->arena,
	    &(struct admin_role_usage_in){ .id = id, .id_again = id }, &r) != DB_OK)
		return -1;
	*users = r.n ? r.rows[0].users : 1;	/* no row: taken as in use */
	*groups = r.n ? r.rows[0].groups : 1;
	return 0;
}

int
role_store_delete(struct ctx *ctx, long long id)
{
	struct admin_role_by_id_in in = { .id = id };
	struct admin_role_by_id_out r;

	if (stmt_admin_role_perms_clear(ctx->db, ctx->req->arena, &in, &r) != DB_OK ||
	    stmt_admin_role_rules_clear(ctx->db, ctx->req->arena, &in, &r) != DB_OK ||
	    stmt_admin_role_delete(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	return 0;
}
