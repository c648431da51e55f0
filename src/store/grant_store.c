/* grant_store.c: owns the temp_grants statements (admin_grant_sql.h):
 * a user's live grants, and giving and revoking one with its audit
 * record in the same transaction (grant_store.h). */
#include "config.h"

#include "audit.h"
#include "grant_store.h"
#include "handler.h"
#include "request.h"
#include "stmt.h"

int
grant_store_list(struct ctx *ctx, long long uid, struct grant_info **out, size_t *n)
{
	struct admin_grant_list_out r;

	if (stmt_admin_grant_list(ctx->db, ctx->req->arena, &(struct admin_grant_list_in){ .user_id = uid },
	    &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct grant_info){
			.id = r.rows[i].id, .module = r.rows[i].module, .action = r.rows[i].action,
			.record = r.rows[i].record, .reason = r.rows[i].reason,
			.granted_by = r.rows[i].granted_by, .expires = r.rows[i].expires, .scope = r.rows[i].scope,
		};
	*n = r.n;
	return 0;
}

static struct db_value
id_or_null(long long v)
{
	return v ? (struct db_value){ .type = DBV_INT, .i = v } : (struct db_value){ .type = DBV_NULL };
}

int
grant_store_create(struct ctx *ctx, const struct grant_new *g,
    const char *(*detail)(struct ctx *, const void *, long long), const void *arg)
{
	struct arena *a = ctx->req->arena;
	struct admin_grant_insert_in in = {
		.user_id = g->user_id, .module = g->module, .action = g->action,
		.record = id_or_null(g->record), .scope = g->record ? NULL : g->scope,
		.team = id_or_null(g->team), .reason = g->reason, .granted_by = g->granted_by,
		.expires = g->expires,
	};
	struct admin_grant_insert_out r;

	if (db_begin(ctx->db) != DB_OK)
		return -1;
	if (stmt_admin_grant_insert(ctx->db, a, &in, &r) != DB_OK ||
	    audit_ctx(ctx, AUDIT_GRANT_CREATE, "user", arena_printf(a, "%lld", g->user_id),
	    AUDIT_SUCCESS, 1, detail(ctx, arg, (long long)r.insert_id)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
grant_store_revoke(struct ctx *ctx, long long uid, long long id)
{
	struct arena *a = ctx->req->arena;
	struct admin_grant_revoke_out r;

	if (db_begin(ctx->db) != DB_OK || stmt_admin_grant_revoke(ctx->db, a,
	    &(struct admin_grant_revoke_in){ .id = id, .user_id = uid }, &r) != DB_OK)
		goto fail;
	if (r.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (audit_ctx(ctx, AUDIT_GRANT_REVOKE, "grant", arena_printf(a, "%lld", id),
	    AUDIT_SUCCESS, 1, arena_printf(a, "{\"user\":%lld}", uid)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}
