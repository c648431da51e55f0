/* page_admin_users.c: owns /admin/users, where administrators see who
 * has signed in (source, roles, last sign-in, live sessions) and end all
 * sessions of a user, e.g. a stolen laptop or someone leaving. One
 * user's page is rendered by admin_user_view.c (the change pages show it
 * again with their messages); the data comes from user_store.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "admin_user_view.h"
#include "audit.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "session.h"
#include "user_scope.h"
#include "user_store.h"

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
add_user(struct ctx *ctx, struct tval *list, const struct user_summary *s)
{
	struct tval *u = tv_append_map(list);

	tv_str(u, "name", s->username);
	tv_bool(u, "local", s->source != NULL && strcmp(s->source, "local") == 0);
	tv_bool(u, "disabled", s->disabled);
	tv_str(u, "last_login", display_datetime(ctx, s->last_login));
	tv_int(u, "sessions", s->sessions);
	tv_str(u, "roles", s->roles);
	tv_strf(u, "revoke", "/admin/users/%lld/sessions/revoke", s->id);
	tv_strf(u, "href", "/admin/users/%lld", s->id);
}

int
page_admin_users_get(struct ctx *ctx)
{
	long long page = page_number(ctx);
	struct user_summary *users;
	struct tval *list;
	size_t n;

	if (user_store_list(ctx, USERS_PER_PAGE + 1, (page - 1) * USERS_PER_PAGE, &users, &n) == -1)
		return 503;
	list = tv_list(ctx->data, "users");
	for (size_t i = 0; i < n && i < USERS_PER_PAGE; i++)
		add_user(ctx, list, &users[i]);
	if (page > 1)
		tv_strf(ctx->data, "prev", "/admin/users?page=%lld", page - 1);
	if (n > USERS_PER_PAGE)
		tv_strf(ctx->data, "next", "/admin/users?page=%lld", page + 1);
	return page_render(ctx, "admin_users", 200);
}

/* Ends every session of the user; they must sign in again, which also
 * re-reads their directory groups. */
int
page_admin_user_revoke(struct ctx *ctx)
{
	struct user_info u;
	unsigned long long n = 0;
	int rc;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (db_begin(ctx->db) != DB_OK || (rc = user_store_get(ctx, ctx->ids[0], &u)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (session_revoke_all(ctx->db, ctx->req->arena, ctx->ids[0], &n) == -1 ||
	    audit_ctx(ctx, AUDIT_USER_SESSIONS_REVOKE, "user", arena_printf(ctx->req->arena, "%lld",
	    ctx->ids[0]), AUDIT_SUCCESS, (long long)n, NULL) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	crm_notice("administrator ended %llu session(s) of %s", n, u.username);
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

int
page_admin_user_get(struct ctx *ctx)
{
	return admin_user_view(ctx, 200);
}
