/* page_sessions.c: owns /account/sessions, where people see where they
 * are signed in (time, address, browser) and end any of those sessions
 * (another one only with their password or a code: reauth.h). Only the
 * user's own sessions are listed or revoked. */
#include "config.h"

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "reauth.h"
#include "session.h"

/* The page, with a message (msgid, or NULL) about the last attempt. */
static int
sessions_page(struct ctx *ctx, const char *error, int status)
{
	struct db_value p[3] = {
		{ .type = DBV_INT, .i = ctx->user->id },
		{ .type = DBV_INT, .i = ctx->conf->session_idle },
		{ .type = DBV_INT, .i = ctx->conf->session_max },
	};
	struct db_rows rows;
	struct tval *list;

	/* Expired sessions are no longer usable, so they are not shown. */
	if (db_run(ctx->db, ctx->req->arena, STMT_SESSIONS_OF_USER, p, 3, &rows) != DB_OK)
		return 503;
	list = tv_list(ctx->data, "sessions");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *s = tv_append_map(list);
		long long id = db_cell_int(&rows, i, 0, 0);
		tv_int(s, "id", id);
		tv_strf(s, "revoke", "/account/sessions/%lld/revoke", id);
		tv_str(s, "created", db_cell_text(&rows, i, 1));
		tv_str(s, "seen", db_cell_text(&rows, i, 2));
		tv_str(s, "ip", db_cell_text(&rows, i, 3));
		tv_str(s, "agent", db_cell_text(&rows, i, 4));
		tv_bool(s, "current", id == ctx->user->session_id);
	}
	if (error != NULL)
		tv_str(ctx->data, "reauth_error", error);
	return page_render(ctx, "sessions", status);
}

int
page_sessions_get(struct ctx *ctx)
{
	return sessions_page(ctx, NULL, 200);
}

/* Ending another session asks for the password or a code again, so a
 * stolen cookie cannot throw the owner out; ending this one (signing
 * out here) does not. 0 to go on, or the status of the answer. */
static int
confirmed(struct ctx *ctx)
{
	if (ctx->ids[0] == ctx->user->session_id)
		return 0;
	return reauth_require(ctx, sessions_page);
}

int
page_session_revoke(struct ctx *ctx)
{
	struct db_value p[2] = {
		{ .type = DBV_INT, .i = ctx->ids[0] },
		{ .type = DBV_INT, .i = ctx->user->id },
	};
	struct db_rows rows;
	int st;

	if (!csrf_valid(ctx))
		return 403;
	if ((st = confirmed(ctx)) != 0)
		return st;
	if (db_begin(ctx->db) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_SESSION_REVOKE_OWN, p, 2, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 404;	/* not one of this user's sessions */
	}
	if (audit_ctx(ctx, AUDIT_SESSION_REVOKE, "session", arena_printf(ctx->req->arena, "%lld",
	    ctx->ids[0]), AUDIT_SUCCESS, 1, NULL) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	if (ctx->ids[0] == ctx->user->session_id) {
		session_destroy(ctx);
		return page_redirect(ctx, "/login");
	}
	flash_set(ctx, FLASH_SESSION_REVOKED);
	return page_redirect(ctx, "/account/sessions");
fail:
	db_rollback(ctx->db);
	return 503;
}
