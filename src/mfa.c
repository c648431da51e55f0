/* mfa.c: owns the stored second factor of a user (mfa.h): loading and
 * decrypting the TOTP secret, accepting a code once, and the step-up of a
 * signed-in user that refreshes the session's verification. */
#include "config.h"

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "handler.h"
#include "mfa.h"
#include "session.h"
#include "subject_key.h"
#include "throttle.h"

struct subject_key *
mfa_user_key(struct ctx *ctx, long long uid)
{
	struct subject_key *k = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, ctx->req->arena, "user", uid, &k);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, ctx->req->arena, "user", uid, &k);
	return st == SUBJECT_KEY_OK ? k : NULL;
}

int
mfa_load(struct ctx *ctx, long long uid, struct mfa_state *m)
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
	if ((k = mfa_user_key(ctx, uid)) == NULL ||
	    field_open(k, ctx->req->arena, MFA_TABLE, MFA_COLUMN, uid, &rows.cells[0], &pt, &len) == -1 ||
	    len != TOTP_SECRET_BYTES)
		return -1;
	memcpy(m->secret, pt, TOTP_SECRET_BYTES);
	m->exists = true;
	m->confirmed = db_cell_int(&rows, 0, 1, 0) == 1;
	m->last_step = db_cell_int(&rows, 0, 2, 0);
	return 0;
}

int
mfa_code_ok(struct ctx *ctx, long long uid, const struct mfa_state *m, const char *code,
    bool allow_recovery)
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
	if (allow_recovery && (hash = recovery_code_hash(ctx->req->arena, code)) != NULL) {
		struct db_value p[2] = { { .type = DBV_INT, .i = uid },
		    { .type = DBV_TEXT, .s = hash, .len = strlen(hash) } };
		return db_run(ctx->db, ctx->req->arena, STMT_RECOVERY_USE, p, 2, &rows) == DB_OK &&
		    rows.affected == 1 ? 2 : 0;
	}
	return 0;
}

int
mfa_step_up(struct ctx *ctx, const char *code)
{
	struct user *u = ctx->user;
	struct mfa_state m;
	int ok;

	if (u == NULL || code == NULL || code[0] == '\0' || throttle_mfa_wait(ctx, u->username) != 0)
		return 0;
	if (mfa_load(ctx, u->id, &m) == -1)
		return -1;
	if (!m.confirmed) {
		OPENSSL_cleanse(&m, sizeof(m));
		return 2;
	}
	ok = mfa_code_ok(ctx, u->id, &m, code, false);
	OPENSSL_cleanse(&m, sizeof(m));
	if (!ok) {
		throttle_mfa_failed(ctx, u->username);
		audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_FAILURE, 1, NULL);
		return 0;
	}
	throttle_mfa_succeeded(ctx, u->username);
	if (audit_ctx(ctx, AUDIT_AUTH_MFA_VERIFY, "user", u->username, AUDIT_SUCCESS, 1, NULL) == -1 ||
	    session_mfa_verified(ctx) == -1)
		return -1;
	return 1;
}
