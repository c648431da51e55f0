/* page_sessions.c: owns /account/sessions, where people see where they
 * are signed in (time, address, browser) and end any of those sessions
 * (another one only with their password or a code: reauth.h). Only the
 * user's own sessions are listed or revoked. */
#include "config.h"

#include "audit.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "reauth.h"
#include "session.h"

/* The page, with a message (msgid, or NULL) about the last attempt. */
static int
sessions_page(struct ctx *ctx, const char *error, int status)
{
	struct session_info *sessions;
	struct tval *list;
	size_t n;

	/* Expired sessions are no longer usable, so they are not shown. */
	if (session_list(ctx, &sessions, &n) == -1)
		return 503;
	list = tv_list(ctx->data, "sessions");
	for (size_t i = 0; i < n; i++) {
		struct tval *s = tv_append_map(list);
		tv_int(s, "id", sessions[i].id);
		tv_strf(s, "revoke", "/account/sessions/%lld/revoke", sessions[i].id);
		tv_str(s, "created", display_datetime(ctx, sessions[i].created));
		tv_str(s, "seen", display_datetime(ctx, sessions[i].seen));
		tv_str(s, "ip", sessions[i].ip);
		tv_str(s, "agent", sessions[i].agent);
		tv_bool(s, "current", sessions[i].id == ctx->user->session_id);
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
	int st, ended;

	if ((st = confirmed(ctx)) != 0)
		return st;
	if (db_begin(ctx->db) != DB_OK || (ended = session_revoke_own(ctx, ctx->ids[0])) == -1)
		goto fail;
	if (ended == 0) {
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
