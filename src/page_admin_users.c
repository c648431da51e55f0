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
	struct db_value p[4] = {
		{ .type = DBV_INT, .i = ctx->conf->session_idle },
		{ .type = DBV_INT, .i = ctx->conf->session_max },
		{ .type = DBV_INT, .i = USERS_PER_PAGE + 1 },
		{ .type = DBV_INT, .i = (page - 1) * USERS_PER_PAGE },
	};
	struct db_rows rows;
	struct tval *list;

	if (db_run(ctx->db, ctx->req->arena, STMT_ADMIN_USERS, p, 4, &rows) != DB_OK)
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

	if (!csrf_valid(ctx))
		return 403;
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

/* One user: who they are and their sign-in history (from the audit
 * trail: successes, failures and why, second factors, sign-outs). */
int
page_admin_user_get(struct ctx *ctx)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	struct tval *list;
	const char *name;

	if (db_run(ctx->db, ctx->req->arena, STMT_ADMIN_USER_NAME, p, 1, &rows) != DB_OK)
		return 503;
	if (rows.nrows == 0)
		return 404;
	name = db_cell_text(&rows, 0, 0);
	tv_str(ctx->data, "name", name);
	tv_strf(ctx->data, "revoke", "/admin/users/%lld/sessions/revoke", ctx->ids[0]);
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = name, .len = strlen(name) };
	if (db_run(ctx->db, ctx->req->arena, STMT_SIGN_IN_HISTORY, p, 1, &rows) != DB_OK)
		return 503;
	list = tv_list(ctx->data, "history");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *h = tv_append_map(list);
		tv_str(h, "at", db_cell_text(&rows, i, 0));
		tv_str(h, "action", db_cell_text(&rows, i, 1));
		tv_str(h, "outcome", db_cell_text(&rows, i, 2));
		tv_str(h, "ip", db_cell_text(&rows, i, 3));
		tv_str(h, "agent", db_cell_text(&rows, i, 4));
		tv_str(h, "reason", db_cell_text(&rows, i, 5));
		tv_bool(h, "failed", strcmp(db_cell_text(&rows, i, 2), "success") != 0);
	}
	return page_render(ctx, "admin_user", 200);
}
