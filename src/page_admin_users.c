/* page_admin_users.c: owns /admin/users, where administrators see who
 * has signed in (source, roles, last sign-in, live sessions) and end all
 * sessions of a user, e.g. a stolen laptop or someone leaving. The
 * access-control work extends this page (disable, roles, team). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "session.h"
#include "user_scope.h"

#define USERS_PER_PAGE 100

/* ?page=N, 1-based; anything unreadable is page 1. */
static long long
page_number(const struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->query, "page");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 1;

	return v && (*end != '\0' || n < 1 || n > 100000) ? 1 : n;
}

static void
add_user(struct tval *list, const struct db_rows *rows, size_t i)
{
	struct tval *u = tv_append_map(list);
	long long id = db_cell_int(rows, i, 0, 0);

	tv_str(u, "name", db_cell_text(rows, i, 1));
	const char *source = db_cell_text(rows, i, 2);

	tv_bool(u, "local", source != NULL && strcmp(source, "local") == 0);
	tv_bool(u, "disabled", db_cell_int(rows, i, 3, 0) != 0);
	tv_str(u, "last_login", db_cell_text(rows, i, 4));
	tv_int(u, "sessions", db_cell_int(rows, i, 5, 0));
	tv_str(u, "roles", db_cell_text(rows, i, 6));
	tv_strf(u, "revoke", "/admin/users/%lld/sessions/revoke", id);
	tv_strf(u, "href", "/admin/users/%lld", id);
}

int
page_admin_users_get(struct ctx *ctx)
{
	long long page = page_number(ctx);
	struct db_value p[4 + USER_SCOPE_PARAMS] = {
		{ .type = DBV_INT, .i = ctx->conf->session_idle },
		{ .type = DBV_INT, .i = ctx->conf->session_max },
	};
	struct db_rows rows;
	struct tval *list;

	user_scope_bind(ctx, ACT_VIEW, p + 2);
	p[7] = (struct db_value){ .type = DBV_INT, .i = USERS_PER_PAGE + 1 };
	p[8] = (struct db_value){ .type = DBV_INT, .i = (page - 1) * USERS_PER_PAGE };
	if (db_run(ctx->db, ctx->req->arena, STMT_ADMIN_USERS, p, 4 + USER_SCOPE_PARAMS, &rows) != DB_OK)
		return 503;
	list = tv_list(ctx->data, "users");
	for (size_t i = 0; i < rows.nrows && i < USERS_PER_PAGE; i++)
		add_user(list, &rows, i);
	if (page > 1)
		tv_strf(ctx->data, "prev", "/admin/users?page=%lld", page - 1);
	if (rows.nrows > USERS_PER_PAGE)
		tv_strf(ctx->data, "next", "/admin/users?page=%lld", page + 1);
	return page_render(ctx, "admin_users", 200);
}

/* Ends every session of the user; they must sign in again, which also
 * re-reads their directory groups. */
int
page_admin_user_revoke(struct ctx *ctx)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	unsigned long long n = 0;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (db_begin(ctx->db) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_ADMIN_USER_NAME, p, 1, &rows) != DB_OK)
		goto fail;
	if (rows.nrows == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (session_revoke_all(ctx->db, ctx->req->arena, ctx->ids[0], &n) == -1 ||
	    audit_ctx(ctx, AUDIT_USER_SESSIONS_REVOKE, "user", arena_printf(ctx->req->arena, "%lld",
	    ctx->ids[0]), AUDIT_SUCCESS, (long long)n, NULL) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	crm_notice("administrator ended %llu session(s) of %s", n, db_cell_text(&rows, 0, 0));
	if (ctx->ids[0] == ctx->user->id) {
		session_destroy(ctx);
		return page_redirect(ctx, "/login");
	}
	flash_set(ctx, FLASH_USER_SESSIONS_REVOKED);
	return page_redirect(ctx, "/admin/users");
fail:
	db_rollback(ctx->db);
	return 503;
}

/* The roles for the form: every role, ticked when assigned by hand,
 * marked when it comes from a directory group. */
static int
show_roles(struct ctx *ctx)
{
	struct db_value p[2] = { { .type = DBV_INT, .i = ctx->ids[0] }, { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "roles");

	if (db_run(ctx->db, ctx->req->arena, STMT_USER_ROLE_CHOICES, p, 2, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *r = tv_append_map(list);
		tv_strf(r, "field", "role.%lld", db_cell_int(&rows, i, 0, 0));
		tv_strf(r, "id", "role-%lld", db_cell_int(&rows, i, 0, 0));
		tv_str(r, "name", db_cell_text(&rows, i, 1));
		tv_bool(r, "manual", db_cell_int(&rows, i, 2, 0) != 0);
		tv_bool(r, "group", db_cell_int(&rows, i, 3, 0) != 0);
	}
	return 0;
}

static int
show_teams(struct ctx *ctx, long long current)
{
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "teams");

	if (db_run(ctx->db, ctx->req->arena, STMT_TEAMS, NULL, 0, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *t = tv_append_map(list);
		tv_str(t, "id", db_cell_text(&rows, i, 0));
		tv_str(t, "name", db_cell_text(&rows, i, 1));
		tv_bool(t, "selected", db_cell_int(&rows, i, 0, 0) == current);
	}
	return 0;
}

static int
show_history(struct ctx *ctx, const char *name)
{
	struct db_value p[1] = { { .type = DBV_TEXT, .s = name, .len = strlen(name) } };
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "history");

	if (db_run(ctx->db, ctx->req->arena, STMT_SIGN_IN_HISTORY, p, 1, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *h = tv_append_map(list);
		tv_str(h, "at", db_cell_text(&rows, i, 0));
		tv_str(h, "action", db_cell_text(&rows, i, 1));
		tv_str(h, "outcome", db_cell_text(&rows, i, 2));
		tv_str(h, "ip", db_cell_text(&rows, i, 3));
		tv_str(h, "agent", db_cell_text(&rows, i, 4));
		tv_str(h, "reason", db_cell_text(&rows, i, 5));
	}
	return 0;
}

/* One user: who they are, their roles and team, their temporary grants
 * and their sign-in history (from the audit trail). */
int
page_admin_user_show(struct ctx *ctx, int status)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	const char *name;
	long long id = ctx->ids[0];
	int rc = user_in_scope(ctx, id, ACT_VIEW);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (db_run(ctx->db, ctx->req->arena, STMT_ADMIN_USER, p, 1, &rows) != DB_OK)
		return 503;
	if (rows.nrows == 0)
		return 404;
	name = db_cell_text(&rows, 0, 0);
	tv_str(ctx->data, "name", name);
	tv_bool(ctx->data, "disabled", db_cell_int(&rows, 0, 1, 0) != 0);
	tv_bool(ctx->data, "local", strcmp(db_cell_text(&rows, 0, 2), "local") == 0);
	tv_bool(ctx->data, "self", id == ctx->user->id);
	tv_bool(ctx->data, "full", user_scope_all(ctx));
	tv_strf(ctx->data, "base", "/admin/users/%lld", id);
	tv_strf(ctx->data, "revoke", "/admin/users/%lld/sessions/revoke", id);
	tv_strf(ctx->data, "disable", "/admin/users/%lld/disable", id);
	tv_strf(ctx->data, "enable", "/admin/users/%lld/enable", id);
	tv_strf(ctx->data, "roles_action", "/admin/users/%lld/roles", id);
	tv_strf(ctx->data, "team_action", "/admin/users/%lld/team", id);
	tv_strf(ctx->data, "grants_action", "/admin/users/%lld/grants", id);
	if (show_roles(ctx) == -1 || show_teams(ctx, db_cell_int(&rows, 0, 3, 0)) == -1 ||
	    page_admin_grants_show(ctx, id) == -1 || show_history(ctx, name) == -1)
		return 503;
	return page_render(ctx, "admin_user", status);
}

int
page_admin_user_get(struct ctx *ctx)
{
	return page_admin_user_show(ctx, 200);
}
