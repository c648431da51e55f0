/* reauth.c: owns re-authentication before sensitive actions (reauth.h):
 * which secret is asked, how a wrong one is counted on the session, and
 * when the session is ended for it. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "flash.h"
#include "handler.h"
#include "i18n.h"
#include "log.h"
#include "login_store.h"
#include "mfa.h"
#include "page.h"
#include "reauth.h"
#include "session.h"

#define PASSWORD_MAX 1024

static bool
looks_like_code(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != ' ')
			return false;
	return n >= 6 && n <= 8;
}

/* 1 right, 0 wrong, -1 unavailable: the password through PAM. */
static int
password_right(struct ctx *ctx, const char *typed)
{
	const char *name = ctx->user->username;
	struct login_user who;

	if (strlen(typed) > PASSWORD_MAX)
		return 0;
	if (login_user_find(ctx, name, &who) != 1)
		return -1;
	switch (auth_pam(ctx->conf, who.local ? ctx->conf->local_pam_service : ctx->conf->pam_service,
	    name, typed)) {
	case AUTH_OK:
		return 1;
	case AUTH_DENIED:
		return 0;
	case AUTH_UNAVAILABLE:
		break;
	}
	return -1;
}

/* Counts a wrong answer on the session and audits it; ends the session
 * at the limit. */
static enum reauth_result
wrong(struct ctx *ctx)
{
	long long n;

	if (db_begin(ctx->db) != DB_OK || (n = session_reauth_failed(ctx)) == -1)
		goto fail;
	if (audit_ctx(ctx, AUDIT_AUTH_REAUTH, "session", arena_printf(ctx->req->arena, "%lld",
	    ctx->user->session_id), AUDIT_FAILURE, 1, arena_printf(ctx->req->arena,
	    "{\"failures\":%lld,\"limit\":%d}", n, ctx->conf->reauth_failures)) == -1)
		goto fail;
	if (n >= ctx->conf->reauth_failures) {
		crm_notice("session ended after %lld wrong confirmations", n);
		session_destroy(ctx);
	}
	if (db_commit(ctx->db) != DB_OK)
		goto fail;
	return n >= ctx->conf->reauth_failures ? REAUTH_ENDED : REAUTH_WRONG;
fail:
	db_rollback(ctx->db);
	return REAUTH_UNAVAILABLE;
}

enum reauth_result
reauth_check(struct ctx *ctx)
{
	const char *typed = param_get(&ctx->req->form, REAUTH_FIELD);
	int right = 2;

	if (ctx->user == NULL)
		return REAUTH_UNAVAILABLE;
	if (typed == NULL || typed[0] == '\0')
		return REAUTH_MISSING;
	/* A code, when the user has a second factor (2: none, so what was
	 * typed is a password of digits); a right one also counts as a
	 * fresh second factor. */
	if (looks_like_code(typed))
		right = mfa_step_up(ctx, typed);
	if (right == 2)
		right = password_right(ctx, typed);
	if (right == -1)
		return REAUTH_UNAVAILABLE;
	return right ? REAUTH_OK : wrong(ctx);
}

int
reauth_require(struct ctx *ctx, reauth_page_fn again)
{
	enum reauth_result r = reauth_check(ctx);

	switch (r) {
	case REAUTH_OK:
		return 0;
	case REAUTH_ENDED:
		flash_set(ctx, FLASH_REAUTH_ENDED);
		return page_redirect(ctx, "/login");
	case REAUTH_UNAVAILABLE:
		return again(ctx, reauth_message(r), 503);
	case REAUTH_MISSING:
		return again(ctx, reauth_message(r), 400);
	case REAUTH_WRONG:
		break;
	}
	return again(ctx, reauth_message(r), 401);
}

const char *
reauth_message(enum reauth_result r)
{
	switch (r) {
	case REAUTH_MISSING:
		return N_("Enter your password, or a code from your authenticator app, to confirm.");
	case REAUTH_WRONG:
		return N_("That password or code is not right.");
	case REAUTH_ENDED:
		return N_("You were signed out after too many wrong confirmations. Sign in again.");
	case REAUTH_UNAVAILABLE:
		return N_("Sign-in is unavailable right now. Try again in a few minutes.");
	case REAUTH_OK:
		break;
	}
	return "";
}
