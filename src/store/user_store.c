/* user_store.c: owns the admin_user statements (admin_user_sql.h) but
 * the reach check: the users list, one user, their role choices, role
 * names and sign-in history, the teams, the count of other
 * administrators, and the changes an administrator makes (user_store.h). */
#include "config.h"

#include "handler.h"
#include "request.h"
#include "stmt.h"
#include "user_scope.h"
#include "user_store.h"

int
user_store_list(struct ctx *ctx, long long limit, long long offset, struct user_summary **out, size_t *n)
{
	struct admin_user_list_in in = {
		.idle = ctx->conf->session_idle, .max_age = ctx->conf->session_max,
		.scope = user_scope_of(ctx, MOD_ADMIN_USERS, ACT_VIEW), .limit = limit, .offset = offset,
	};
	struct admin_user_list_out r;

	if (stmt_admin_user_list(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct user_summary){
			.id = r.rows[i].id, .sessions = r.rows[i].sessions, .username = r.rows[i].username,
			.source = r.rows[i].source, .last_login = r.rows[i].last_login,
			.roles = r.rows[i].roles, .disabled = r.rows[i].disabled != 0,
		};
	*n = r.n;
	return 0;
}

int
user_store_get(struct ctx *ctx, long long id, struct user_info *out)
{
	struct admin_user_get_out r;

	if (stmt_admin_user_get(ctx->db, ctx->req->arena, &(struct admin_user_get_in){ .id = id }, &r) != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	*out = (struct user_info){
		.username = r.rows[0].username, .source = r.rows[0].source,
		.disabled = r.rows[0].disabled != 0, .team_id = r.rows[0].team_id,
	};
	return 1;
}

int
user_store_role_choices(struct ctx *ctx, long long id, struct user_role_choice **out, size_t *n)
{
	struct admin_user_role_choices_in in = { .user_id = id, .user_id_again = id };
	struct admin_user_role_choices_out r;

	if (stmt_admin_user_role_choices(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct user_role_choice){
			.id = r.rows[i].id, .name = r.rows[i].name,
			.manual = r.rows[i].manual != 0, .from_group = r.rows[i].from_group != 0,
		};
	*n = r.n;
	return 0;
}

int
user_store_teams(struct ctx *ctx, struct user_team **out, size_t *n)
{
	struct admin_user_teams_out r;

	if (stmt_admin_user_teams(ctx->db, ctx->req->arena, &(struct admin_user_teams_in){ 0 }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct user_team){ .id = r.rows[i].id, .name = r.rows[i].name };
	*n = r.n;
	return 0;
}

int
user_store_sign_ins(struct ctx *ctx, const char *username, struct user_sign_in **out, size_t *n)
{
	struct admin_user_sign_ins_out r;

	if (stmt_admin_user_sign_ins(ctx->db, ctx->req->arena,
	    &(struct admin_user_sign_ins_in){ .actor = username }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct user_sign_in){
			.at = r.rows[i].at, .action = r.rows[i].action, .outcome = r.rows[i].outcome,
			.ip = r.rows[i].ip, .agent = r.rows[i].agent, .reason = r.rows[i].reason,
		};
	*n = r.n;
	return 0;
}

long long
user_store_other_admins(struct ctx *ctx, long long id)
{
	struct admin_user_other_admins_out r;

	if (stmt_admin_user_other_admins(ctx->db, ctx->req->arena,
	    &(struct admin_user_other_admins_in){ .user_id = id }, &r) != DB_OK)
		return -1;
	return r.n ? r.rows[0].n : 0;
}

int
user_store_role_names(struct ctx *ctx, long long id, const char ***out, size_t *n)
{
	struct admin_user_role_names_out r;

	if (stmt_admin_user_role_names(ctx->db, ctx->req->arena,
	    &(struct admin_user_role_names_in){ .user_id = id }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = r.rows[i].name;
	*n = r.n;
	return 0;
}

int
user_store_set_disabled(struct ctx *ctx, long long id, bool disabled, bool *changed)
{
	struct admin_user_set_disabled_in in = { .disabled = disabled, .id = id };
	struct admin_user_set_disabled_out r;

	if (stmt_admin_user_set_disabled(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*changed = r.affected != 0;
	return 0;
}

int
user_store_manual_roles_clear(struct ctx *ctx, long long id)
{
	struct admin_user_roles_clear_out r;

	return stmt_admin_user_roles_clear(ctx->db, ctx->req->arena,
	    &(struct admin_user_roles_clear_in){ .user_id = id }, &r) == DB_OK ? 0 : -1;
}

int
user_store_manual_role_add(struct ctx *ctx, long long id, long long role_id)
{
	struct admin_user_role_add_out r;

	return stmt_admin_user_role_add(ctx->db, ctx->req->arena,
	    &(struct admin_user_role_add_in){ .user_id = id, .role_id = role_id }, &r) == DB_OK ? 0 : -1;
}

int
user_store_set_team(struct ctx *ctx, long long id, long long team)
{
	struct admin_user_set_team_in in = {
		.team = team ? (struct db_value){ .type = DBV_INT, .i = team } : (struct db_value){ .type = DBV_NULL },
		.id = id,
	};
	struct admin_user_set_team_out r;

	return stmt_admin_user_set_team(ctx->db, ctx->req->arena, &in, &r) == DB_OK ? 0 : -1;
}
