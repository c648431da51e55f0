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
#include "page.h"
#include "pages.h"
#include "qr.h"
#include "session.h"
#include "subject_key.h"
#include "throttle.h"
#include "totp.h"

#define MSG_WRONG_CODE N_("That code is not right, or it was already used.")
#define MFA_TABLE "user_mfa"
#define MFA_COLUMN "secret"

static const struct field_def code_fields[] = {
	{ .name = "code", .label = N_("Code"), .type = FIELD_TEXT, .required = true, .max_len = 32 },
};

static const struct form_def code_form = {
	"mfa_code", code_fields, sizeof(code_fields) / sizeof(code_fields[0])
};

/* The user's data key, created on first need (inside a transaction). */
static struct subject_key *
user_key(struct ctx *ctx, long long uid)
{
	struct subject_key *k = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, ctx->req->arena, "user", uid, &k);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, ctx->req->arena, "user", uid, &k);
	return st == SUBJECT_KEY_OK ? k : NULL;
}

struct mfa_state {
	bool exists, confirmed;
	long long last_step;
	unsigned char secret[TOTP_SECRET_BYTES];
};

/* Loads and decrypts the user's TOTP secret; 0, or -1 on a database or
 * integrity failure. */
static int
load_mfa(struct ctx *ctx, long long uid, struct mfa_state *m)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = uid } };
	struct subject_key *k;
	struct db_rows rows;
	const char *pt;
	size_t len;

	memset(m, 0, sizeof(*m));
	if (db_run(ctx->db, ctx->req->arena, STMT_MFA_GET, p, 1, &rows) != DB_OK)
		return -1;
	if (rows.nrows == 0)
		return 0;
	if ((k = user_key(ctx, uid)) == NULL ||
	    field_open(k, ctx->req->arena, MFA_TABLE, MFA_COLUMN, uid, &rows.cells[0], &pt, &len) == -1 ||
	    len != TOTP_SECRET_BYTES)
		return -1;
	memcpy(m->secret, pt, TOTP_SECRET_BYTES);
	m->exists = true;
	m->confirmed = db_cell_int(&rows, 0, 1, 0) == 1;
	m->last_step = db_cell_int(&rows, 0, 2, 0);
	return 0;
}

/* Accepts a TOTP code (recording its step): 1, or an unused recovery
 * code: 2; anything else: 0. */
static int
code_ok(struct ctx *ctx, long long uid, const struct mfa_state *m, const char *code)
{
	uint64_t step = totp_verify(m->secret, code, time(NULL), (uint64_t)m->last_step);
	const char *hash;
	struct db_rows rows;

	if (step > 0) {
		struct db_value p[3] = { { .type = DBV_INT, .i = (long long)step },
		    { .type = DBV_INT, .i = uid }, { .type = DBV_INT, .i = (long long)step } };
		return db_run(ctx->db, ctx->req->arena, STMT_MFA_USE_STEP, p, 3, &rows) == DB_OK &&
		    rows.affected == 1 ? 1 : 0;	/* a concurrent use of the same code loses */
	}
	if ((hash = recovery_code_hash(ctx->req->arena, code)) != NULL) {
		struct db_value p[2] = { { .type = DBV_INT, .i = uid },
		    { .type = DBV_TEXT, .s = hash, .len = strlen(hash) } };
		return db_run(ctx->db, ctx->req->arena, STMT_RECOVERY_USE, p, 2, &rows) == DB_OK &&
		    rows.affected == 1 ? 2 : 0;
	}
	return 0;
}

int
page_mfa_step_up(struct ctx *ctx, const char *code)
{
	struct user *u = ctx->user;
	struct mfa_state m;
	uint64_t step = 0;
	int ok = 0;

	if (u == NULL || code == NULL || code[0] == '\0' || throttle_wait(ctx, u->username) != 0)
		return 0;
	if (load_mfa(ctx, u->id, &m) == -1)
		return -1;
	if (m.confirmed)
		step = totp_verify(m.secret, code, time(NULL), (uint64_t)m.last_step);
	OPENSSL_cleanse(&m, sizeof(m));
	if (step > 0) {
		struct db_value p[3] = { { .type = DBV_INT, .i = (long long)step },
		    { .type = DBV_INT, .i = u->id }, { .type = DBV_INT, .i = (long long)step } };
		struct db_rows rows;
		ok = db_run(ctx->db, ctx->req->arena, STMT_MFA_USE_STEP, p, 3, &rows) == DB_OK &&
		    rows.affected == 1;
	}
	if (!ok) {
		throttle_failed(ctx, u->username);
		audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_FAILURE, 1, NULL);
		return 0;
	}
	throttle_succeeded(ctx, u->username);
	if (audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_SUCCESS, 1, NULL) == -1 ||
	    session_mfa_verified(ctx) == -1)
		return -1;
	return 1;
}

int
page_mfa_login_get(struct ctx *ctx)
{
	if (ctx->pending == NULL)
		return page_redirect(ctx, ctx->user ? "/" : "/login");
	return page_render(ctx, "mfa_login", 200);
}

int
page_mfa_login_post(struct ctx *ctx)
{
	struct user *u = ctx->pending;
	struct form_result r;
	struct mfa_state m;
	int wait, ok;

	if (!csrf_valid(ctx))
		return 403;
	if (u == NULL)
		return page_redirect(ctx, "/login");
	if ((wait = throttle_wait(ctx, u->username)) != 0) {
		form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r);
		form_set_error(&r, NULL, wait < 0 ? N_("Sign-in is unavailable right now. Try again in a few minutes.") :
		    N_("Too many failed sign-ins. Wait a few minutes and try again."));
		page_form(ctx, &r);
		return page_render(ctx, "mfa_login", wait < 0 ? 503 : 429);
	}
	ok = form_validate(&code_form, &ctx->req->form, ctx->req->arena, &r) == 0 &&
	    load_mfa(ctx, u->id, &m) == 0 && m.confirmed ?
	    code_ok(ctx, u->id, &m, form_field(&r, "code")->value) : 0;
	OPENSSL_cleanse(&m, sizeof(m));
	if (!ok) {
		throttle_failed(ctx, u->username);
		audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_FAILURE, 1, NULL);
		form_set_error(&r, NULL, MSG_WRONG_CODE);
		page_form(ctx, &r);
		return page_render(ctx, "mfa_login", 401);
	}
	throttle_succeeded(ctx, u->username);
	/* A new token now that the session gains its rights; one transaction
	 * with its audit record. */
	if (db_begin(ctx->db) != DB_OK || audit_ctx(ctx, ok == 2 ? AUDIT_AUTH_MFA_RECOVERY :
	    AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_SUCCESS, 1, NULL) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	session_destroy(ctx);
	if (session_create_mfa(ctx, u->id) == -1 || db_commit(ctx->db) != DB_OK) {
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

int
page_mfa_get(struct ctx *ctx)
{
	struct mfa_state m;
	struct subject_key *k;
	struct db_value p[2];
	int rc = 503;

	if (db_begin(ctx->db) != DB_OK || load_mfa(ctx, ctx->user->id, &m) == -1)
		goto out;
	if (m.confirmed) {
		db_rollback(ctx->db);
		tv_bool(ctx->data, "enabled", true);
		rc = page_render(ctx, "mfa", 200);
		goto out;
	}
	/* A fresh secret each visit until one is confirmed. */
	if (totp_new_secret(m.secret) == -1 || (k = user_key(ctx, ctx->user->id)) == NULL)
		goto out;
	p[0] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	if (field_seal(k, ctx->req->arena, MFA_TABLE, MFA_COLUMN, ctx->user->id,
	    (const char *)m.secret, TOTP_SECRET_BYTES, &p[1]) == -1 ||
	    db_run(ctx->db, ctx->req->arena, STMT_MFA_PUT, p, 2, NULL) != DB_OK ||
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
	struct db_value p[2] = { { .type = DBV_INT, .i = ctx->user->id } };

	if (recovery_codes_new(ctx->req->arena, codes) == -1 ||
	    db_run(ctx->db, ctx->req->arena, STMT_RECOVERY_DELETE_ALL, p, 1, NULL) != DB_OK)
		return -1;
	for (int i = 0; i < 10; i++) {
		const char *h = recovery_code_hash(ctx->req->arena, codes[i]);
		p[1] = (struct db_value){ .type = DBV_TEXT, .s = h, .len = strlen(h) };
		if (h == NULL || db_run(ctx->db, ctx->req->arena, STMT_RECOVERY_INSERT, p, 2, NULL) != DB_OK)
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

	if (!csrf_valid(ctx))
		return 403;
	if (db_begin(ctx->db) != DB_OK || load_mfa(ctx, ctx->user->id, &m) == -1)
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
	{
		struct db_value p[2] = { { .type = DBV_INT, .i = (long long)step },
		    { .type = DBV_INT, .i = ctx->user->id } };
		/* A new session token too: the session has gained a factor. */
		if (db_run(ctx->db, ctx->req->arena, STMT_MFA_CONFIRM, p, 2, NULL) != DB_OK ||
		    new_recovery_codes(ctx) == -1 || session_rotate(ctx, true) == -1 ||
		    audit_ctx(ctx, AUDIT_AUTH_MFA_ENROL, "user", ctx->user->username, AUDIT_SUCCESS,
		    1, NULL) == -1 || db_commit(ctx->db) != DB_OK)
			goto out;
	}
	ctx->user->mfa_due = false;
	crm_notice("second factor enrolled");
	tv_bool(ctx->data, "enabled", true);
	rc = page_render(ctx, "mfa", 200);
out:
	if (rc == 503)
		db_rollback(ctx->db);
	OPENSSL_cleanse(&m, sizeof(m));
	return rc;
}
