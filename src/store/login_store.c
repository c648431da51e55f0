/* login_store.c: owns the SQL of signing in about users (login_store.h):
 * the statements auth_user_* of auth_sql.h. */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "login_store.h"
#include "stmt.h"

int
login_user_find(struct ctx *ctx, const char *username, struct login_user *out)
{
	struct auth_user_by_name_out rows;
	const struct auth_user_by_name_row *r;

	memset(out, 0, sizeof(*out));
	if (stmt_auth_user_by_name(ctx->db, ctx->req->arena, &(struct auth_user_by_name_in){
	    .username = username }, &rows) != DB_OK)
		return -1;
	if (rows.n != 1)
		return 0;
	r = &rows.rows[0];
	out->id = r->id;
	/* NULL reads as disabled; a number (db.c: DBV_TEXT, .i parsed) as itself */
	out->disabled = r->disabled.type == DBV_NULL || r->disabled.i != 0;
	out->local = r->source != NULL && strcmp(r->source, "local") == 0;
	return 1;
}

int
login_user_create(struct ctx *ctx, const char *username, long long *id)
{
	struct auth_user_insert_out out;

	if (stmt_auth_user_insert(ctx->db, ctx->req->arena, &(struct auth_user_insert_in){
	    .username = username }, &out) != DB_OK)
		return -1;
	*id = (long long)out.insert_id;
	return 0;
}

int
login_roles_from_groups(struct ctx *ctx, long long uid, const char *const *groups, int ngroups)
{
	if (stmt_auth_user_roles_clear(ctx->db, ctx->req->arena,
	    &(struct auth_user_id_in){ .user_id = uid }, NULL) != DB_OK)
		return -1;
	for (int i = 0; i < ngroups; i++)
		if (stmt_auth_user_roles_from_group(ctx->db, ctx->req->arena,
		    &(struct auth_user_roles_from_group_in){ .user_id = uid, .group_name = groups[i] },
		    NULL) != DB_OK)
			return -1;
	return 0;
}

const char *
login_role_names(struct ctx *ctx, long long uid)
{
	struct auth_user_role_names_out rows;
	const char *out = "";

	if (stmt_auth_user_role_names(ctx->db, ctx->req->arena,
	    &(struct auth_user_role_names_in){ .user_id = uid }, &rows) != DB_OK)
		return NULL;
	for (size_t i = 0; i < rows.n; i++) {
		const char *r = rows.rows[i].name ? rows.rows[i].name : "";
		out = i == 0 ? arena_strdup(ctx->req->arena, r) :
		    arena_printf(ctx->req->arena, "%s,%s", out, r);
	}
	return out;
}

int
login_touch(struct ctx *ctx, long long uid)
{
	return stmt_auth_user_login_touch(ctx->db, ctx->req->arena,
	    &(struct auth_user_id_in){ .user_id = uid }, NULL) == DB_OK ? 0 : -1;
}
