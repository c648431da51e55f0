/* page_mfa.c: owns the second factor: enrolment on /account/mfa (a TOTP
 * secret shown as a QR code and in base32, confirmed by a first code,
 * then ten single-use recovery codes shown once) and the code step of
 * sign-in on /login/mfa. The secret is stored as an envelope under the
 * user's data key; recovery codes only as hashes; a code's time step is
 * recorded so it cannot be used twice. */
#include "config.h"

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "csrf.h"
#include "log.h"
#include "mfa.h"
#include "page.h"
#include "pages.h"
#include "flash.h"
#include "qr.h"
#include "reauth.h"
#include "session.h"
#include "subject_key.h"
#include "throttle.h"
#include "totp.h"

#define MSG_WRONG_CODE N_("That code is not right, or it was already used.")
#define MSG_CODES_LOCKED N_("Too many wrong codes. Wait, then try again.")
#define MSG_UNAVAILABLE N_("Sign-in is unavailable right now. Try again in a few minutes.")

static const struct field_def code_fields[] = {
	{ .name = "code", .label = N_("Code"), .type = FIELD_TEXT, .required = true, .max_len = 32 },
};

static const struct form_def code_form = {
	"mfa_code", code_fields, sizeof(code_fields) / sizeof(code_fields[0])
};

/* Puts the wait of the user's second factor on the form: the message and
 * the seconds left. */
static void
show_wait(struct ctx *ctx, struct form_result *r, int wait)
{
	form_set_error(r, NULL, wait < 0 ? MSG_UNAVAILABLE : MSG_CODES_LOCKED);
	page_form(ctx, r);
	if (wait > 0)
		tv_int(ctx->data, "retry_after", wait);
}

int
page_mfa_login_get(struct ctx *ctx)
{
	struct form_result r;
	int wait;

	if (ctx->pending == NULL)
		return page_redirect(ctx, ctx->user ? "/" : "/login");
	/* A new password sign-in does not lift the code's wait: say so. */
	if ((wait = throttle_mfa_wait(ctx, ctx->pending->username)) != 0) {
		form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r);
		show_wait(ctx, &r, wait);
	}
	return page_render(ctx, "mfa_login", 200);
}

/* Wrong codes (TOTP or recovery alike) count on the user's own
 * second-factor key, which only a correct code clears: a password
 * sign-in does not, nor does a new session. While it waits the code is
 * not even looked at (429 with Retry-After). */
int
page_mfa_login_post(struct ctx *ctx)
{
	struct user *u = ctx->pending;
	struct form_result r;
	struct mfa_state m;
	int wait, ok;

	if (u == NULL)
		return page_redirect(ctx, "/login");
	if ((wait = throttle_mfa_wait(ctx, u->username)) != 0) {
		form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r);
		show_wait(ctx, &r, wait);
		if (wait > 0)
			response_header(ctx->resp, "Retry-After",
			    arena_printf(ctx->req->arena, "%d", wait));
		return page_render(ctx, "mfa_login", wait < 0 ? 503 : 429);
	}
	ok = form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r) == 0 &&
	    mfa_load(ctx, u->id, &m) == 0 && m.confirmed ?
	    mfa_code_ok(ctx, u->id, &m, form_field(&r, "code")->value, true) : 0;
	OPENSSL_cleanse(&m, sizeof(m));
	if (!ok) {
		audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_FAILURE, 1, NULL);
		throttle_mfa_failed(ctx, u->username);
		form_set_error(&r, NULL, MSG_WRONG_CODE);
		page_form(ctx, &r);
		return page_render(ctx, "mfa_login", 401);
	}
	throttle_mfa_succeeded(ctx, u->username);
	/* A new token now that the session gains its rights; one transaction
	 * with its audit record. */
	if (db_begin(ctx->db) != DB_OK || audit_ctx(ctx, ok == 2 ? AUDIT_AUTH_MFA_RECOVERY :
	    AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_SUCCESS, 1, NULL) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	session_destroy(ctx);
	if (session_create_mfa(ctx, u->id, u->username) == -1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	crm_notice("signed in with a second factor: %s", u->username);
	return page_redirect(ctx, "/");
}

/* Shows the enrolment page for secret (QR code, base32, code form). */
static int
show_enrolment(struct ctx *ctx, const unsigned char secret[TOTP_SECRET_BYTES], int status)
{
	char b32[64];
	const char *uri = totp_uri(ctx->req->arena, "CRM", ctx->user->username, secret);
	int size = 0;
	const char *path = qr_path(ctx->req->arena, uri, &size);

	base32_encode(secret, TOTP_SECRET_BYTES, b32, sizeof(b32));
	tv_str(ctx->data, "secret", arena_strdup(ctx->req->arena, b32));
	tv_str(ctx->data, "qr_path", path);
	tv_strf(ctx->data, "qr_viewbox", "0 0 %d %d", size, size);
	OPENSSL_cleanse(b32, sizeof(b32));
	return page_render(ctx, "mfa", status);
}

/* The page of a user with two-step sign-in on: new recovery codes, and
 * turning it off unless a role requires it; error (a msgid) about the
 * last attempt. */
static int
enabled_page(struct ctx *ctx, const char *error, int status)
{
	tv_bool(ctx->data, "enabled", true);
	tv_bool(ctx->data, "required", ctx->user->mfa_required);
	if (error != NULL)
		tv_str(ctx->data, "reauth_error", error);
	return page_render(ctx, "mfa", status);
}

int
page_mfa_get(struct ctx *ctx)
{
	struct mfa_state m;
	int rc = 503;

	if (db_begin(ctx->db) != DB_OK || mfa_load(ctx, ctx->user->id, &m) == -1)
		goto out;
	if (m.confirmed) {
		db_rollback(ctx->db);
		rc = enabled_page(ctx, NULL, 200);
		goto out;
	}
	/* A fresh secret each visit until one is confirmed. */
	if (totp_new_secret(m.secret) == -1 || mfa_store_secret(ctx, ctx->user->id, m.secret) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto out;
	rc = show_enrolment(ctx, m.secret, 200);
out:
	if (rc == 503)
		db_rollback(ctx->db);
	OPENSSL_cleanse(&m, sizeof(m));
	return rc;
}

/* Stores ten new recovery codes (hashes only) and puts them in the page. */
static int
new_recovery_codes(struct ctx *ctx)
{
	const char *codes[10];
	struct tval *list = tv_list(ctx->data, "recovery_codes");

	if (recovery_codes_new(ctx->req->arena, codes) == -1 ||
	    mfa_recovery_clear(ctx, ctx->user->id) == -1)
		return -1;
	for (int i = 0; i < 10; i++) {
		const char *h = recovery_code_hash(ctx->req->arena, codes[i]);
		if (h == NULL || mfa_recovery_add(ctx, ctx->user->id, h) == -1)
			return -1;
		tv_append_str(list, codes[i]);
	}
	return 0;
}

int
page_mfa_post(struct ctx *ctx)
{
	struct form_result r;
	struct mfa_state m;
	uint64_t step = 0;
	int rc = 503;

	if (db_begin(ctx->db) != DB_OK || mfa_load(ctx, ctx->user->id, &m) == -1)
		goto out;
	if (!m.exists || m.confirmed) {
		db_rollback(ctx->db);
		rc = page_redirect(ctx, "/account/mfa");
		goto out;
	}
	if (form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r) > 0 ||
	    (step = totp_verify(m.secret, form_field(&r, "code")->value, time(NULL), 0)) == 0) {
		db_rollback(ctx->db);
		form_set_error(&r, NULL, MSG_WRONG_CODE);
		page_form(ctx, &r);
		rc = show_enrolment(ctx, m.secret, 400);
		goto out;
	}
	/* A new session token too: the session has gained a factor. */
	if (mfa_confirm(ctx, ctx->user->id, (long long)step) == -1 ||
	    new_recovery_codes(ctx) == -1 || session_rotate(ctx, true) == -1 ||
	    audit_ctx(ctx, AUDIT_AUTH_MFA_ENROL, "user", ctx->user->username, AUDIT_SUCCESS,
	    1, NULL) == -1 || db_commit(ctx->db) != DB_OK)
		goto out;
	ctx->user->mfa_due = false;
	crm_notice("second factor enrolled");
	rc = enabled_page(ctx, NULL, 200);
out:
	if (rc == 503)
		db_rollback(ctx->db);
	OPENSSL_cleanse(&m, sizeof(m));
	return rc;
}

/* 1 when the user has a confirmed second factor, 0 not, -1 database. */
static int
mfa_on(struct ctx *ctx)
{
	struct mfa_state m;
	int rc;

	if (db_begin(ctx->db) != DB_OK)
		return -1;
	rc = mfa_load(ctx, ctx->user->id, &m) == -1 ? -1 : m.confirmed;
	db_rollback(ctx->db);
	OPENSSL_cleanse(&m, sizeof(m));
	return rc;
}

/* What both actions below check first: the CSRF token, that two-step
 * sign-in is on, for turning it off that no role requires it, and the
 * password or a current code (reauth.h). 0 to go on, or the status of
 * the answer made. */
static int
confirmed(struct ctx *ctx, bool turning_off)
{
	int on;

	if ((on = mfa_on(ctx)) == -1)
		return 503;
	if (on == 0)
		return page_redirect(ctx, "/account/mfa");
	if (turning_off && ctx->user->mfa_required)
		return enabled_page(ctx, N_("Your role requires two-step sign-in, so it cannot be turned off."), 403);
	return reauth_require(ctx, enabled_page);
}

/* Turns two-step sign-in off: secret and recovery codes gone, every
 * session of the user ended but a new one for this browser (the account
 * lost a factor: anyone who signed in with it is out). Refused while a
 * role requires it. */
int
page_mfa_disable(struct ctx *ctx)
{
	int st;

	if ((st = confirmed(ctx, true)) != 0)
		return st;
	if (db_begin(ctx->db) != DB_OK || mfa_remove(ctx, ctx->user->id) == -1 ||
	    session_revoke_all(ctx->db, ctx->req->arena, ctx->user->id, NULL) == -1 ||
	    audit_ctx(ctx, AUDIT_AUTH_MFA_DISABLE, "user", ctx->user->username, AUDIT_SUCCESS, 1,
	    NULL) == -1 || session_create(ctx, ctx->user->id, ctx->user->username, false) == -1 ||
	    db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	crm_notice("second factor turned off");
	flash_set(ctx, FLASH_MFA_DISABLED);
	return page_redirect(ctx, "/account/mfa");
}

/* Ten new recovery codes replace the old ones, shown once. */
int
page_mfa_recovery_codes(struct ctx *ctx)
{
	int st;

	if ((st = confirmed(ctx, false)) != 0)
		return st;
	if (db_begin(ctx->db) != DB_OK || new_recovery_codes(ctx) == -1 ||
	    audit_ctx(ctx, AUDIT_AUTH_MFA_RECOVERY_CODES, "user", ctx->user->username, AUDIT_SUCCESS,
	    1, NULL) == -1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	crm_notice("new recovery codes made");
	return enabled_page(ctx, NULL, 200);
}
