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
#include "stmt.h"
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
	struct subject_key *k;
	struct auth_mfa_get_out out;
	const char *pt;
	size_t len;

	memset(m, 0, sizeof(*m));
	if (stmt_auth_mfa_get(ctx->db, ctx->req->arena, &(struct auth_mfa_get_in){ .user_id = uid },
	    &out) != DB_OK)
		return -1;
	if (out.n == 0)
		return 0;
	if ((k = mfa_user_key(ctx, uid)) == NULL ||
	    field_open(k, ctx->req->arena, MFA_TABLE, MFA_COLUMN, uid, &out.rows[0].secret, &pt,
	    &len) == -1 || len != TOTP_SECRET_BYTES)
		return -1;
	memcpy(m->secret, pt, TOTP_SECRET_BYTES);
	m->exists = true;
	m->confirmed = out.rows[0].confirmed == 1;
	m->last_step = out.rows[0].last_step;
	return 0;
}

int
mfa_code_ok(struct ctx *ctx, long long uid, const struct mfa_state *m, const char *code,
    bool allow_recovery)
{
	uint64_t step = totp_verify(m->secret, code, time(NULL), (uint64_t)m->last_step);
	const char *hash;

	if (step > 0) {
		struct auth_mfa_use_step_out out;
		return stmt_auth_mfa_use_step(ctx->db, ctx->req->arena, &(struct auth_mfa_use_step_in){
		    .step = (long long)step, .user_id = uid, .step_again = (long long)step }, &out) ==
		    DB_OK && out.affected == 1 ? 1 : 0;	/* a concurrent use of the same code loses */
	}
	if (allow_recovery && (hash = recovery_code_hash(ctx->req->arena, code)) != NULL) {
		struct auth_recovery_out out;
		return stmt_auth_recovery_use(ctx->db, ctx->req->arena, &(struct auth_recovery_in){
		    .user_id = uid, .code_hash = hash }, &out) == DB_OK && out.affected == 1 ? 2 : 0;
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

int
mfa_enrolled(struct ctx *ctx, long long uid)
{
	struct auth_mfa_get_out out;

	if (stmt_auth_mfa_get(ctx->db, ctx->req->arena, &(struct auth_mfa_get_in){ .user_id = uid },
	    &out) != DB_OK)
		return -1;
	return out.n == 1 && out.rows[0].confirmed == 1;
}

int
mfa_store_secret(struct ctx *ctx, long long uid, const unsigned char secret[TOTP_SECRET_BYTES])
{
	struct subject_key *k = mfa_user_key(ctx, uid);
	struct auth_mfa_put_in in = { .user_id = uid };

	if (k == NULL || field_seal(k, ctx->req->arena, MFA_TABLE, MFA_COLUMN, uid,
	    (const char *)secret, TOTP_SECRET_BYTES, &in.secret) == -1)
		return -1;
	return stmt_auth_mfa_put(ctx->db, ctx->req->arena, &in, NULL) == DB_OK ? 0 : -1;
}

int
mfa_confirm(struct ctx *ctx, long long uid, long long step)
{
	return stmt_auth_mfa_confirm(ctx->db, ctx->req->arena, &(struct auth_mfa_confirm_in){
	    .step = step, .user_id = uid }, NULL) == DB_OK ? 0 : -1;
}

int
mfa_recovery_clear(struct ctx *ctx, long long uid)
{
	return stmt_auth_recovery_delete_all(ctx->db, ctx->req->arena,
	    &(struct auth_user_id_in){ .user_id = uid }, NULL) == DB_OK ? 0 : -1;
}

int
mfa_recovery_add(struct ctx *ctx, long long uid, const char *code_hash)
{
	return stmt_auth_recovery_insert(ctx->db, ctx->req->arena, &(struct auth_recovery_in){
	    .user_id = uid, .code_hash = code_hash }, NULL) == DB_OK ? 0 : -1;
}

int
mfa_remove(struct ctx *ctx, long long uid)
{
	if (stmt_auth_mfa_delete(ctx->db, ctx->req->arena,
	    &(struct auth_user_id_in){ .user_id = uid }, NULL) != DB_OK)
		return -1;
	return mfa_recovery_clear(ctx, uid);
}
