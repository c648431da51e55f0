/* session.c: owns sessions. The cookie carries 256 random bits; the
 * table keeps only their SHA-256, so reading the table (or a backup)
 * does not let anyone in. A new token is issued at every sign-in. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "audit.h"
#include "cookie.h"
#include "handler.h"
#include "log.h"
#include "rights_cache.h"
#include "session.h"

#define TOKEN_BYTES 32

static void
to_hex(const unsigned char *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", in[i]);
}

/* SHA-256 of the token's hex text as sent in the cookie. */
static void
token_hash(const char *hex, unsigned char out[32])
{
	unsigned len = 0;

	EVP_Digest(hex, strlen(hex), out, &len, EVP_sha256(), NULL);
}

static bool
token_well_formed(const char *t)
{
	if (t == NULL || strlen(t) != 2 * TOKEN_BYTES)
		return false;
	for (; *t; t++)
		if (!strchr("0123456789abcdef", *t))
			return false;
	return true;
}

/* Fills u->roles (names, NULL-terminated) and u->mfa_due: one of the
 * roles requires the second factor and the user has not enrolled one.
 * -1 when the database cannot answer: a user whose roles are unknown is
 * not a user without roles (that would skip the second-factor check). */
static int
load_roles(struct ctx *ctx, struct user *u)
{
	struct db_rows rows;

	if (rights_cache_run(ctx->db, ctx->req->arena, STMT_SESSION_ROLES, u->id, -1, &rows) != DB_OK)
		return -1;
	u->roles = arena_alloc(ctx->req->arena, sizeof(*u->roles) * (rows.nrows + 1));
	u->mfa_due = u->mfa_required = false;
	for (size_t i = 0; i < rows.nrows; i++) {
		u->roles[i] = db_cell_text(&rows, i, 0);
		if (db_cell_int(&rows, i, 1, 0) == 1)
			u->mfa_required = true;
		if (db_cell_int(&rows, i, 1, 0) == 1 && db_cell_int(&rows, i, 2, 0) == 0)
			u->mfa_due = true;
	}
	u->roles[rows.nrows] = NULL;
	return 0;
}

static int
delete_session(struct ctx *ctx, long long id)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = id } };

	return db_run(ctx->db, ctx->req->arena, STMT_SESSION_DELETE, p, 1, NULL) == DB_OK ? 0 : -1;
}

int
session_load(struct ctx *ctx)
{
	const char *t = cookie_get(ctx->req->arena, ctx->req->cookie_header, SESSION_COOKIE);
	unsigned char hash[32];
	struct db_value p[1];
	struct db_rows rows;
	struct user *u;
	long long age, idle;

	ctx->user = ctx->pending = NULL;
	if (!token_well_formed(t))
		return 0;
	token_hash(t, hash);
	p[0] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)hash, .len = sizeof(hash) };
	if (db_run(ctx->db, ctx->req->arena, STMT_SESSION_GET, p, 1, &rows) != DB_OK)
		return -1;
	if (rows.nrows != 1)
		return 0;
	age = db_cell_int(&rows, 0, 5, 0);
	idle = db_cell_int(&rows, 0, 6, 0);
	if (db_cell_int(&rows, 0, 4, 1) != 0 || age > ctx->conf->session_max ||
	    idle > ctx->conf->session_idle) {
		delete_session(ctx, db_cell_int(&rows, 0, 0, 0));
		return 0;
	}
	u = arena_alloc(ctx->req->arena, sizeof(*u));
	u->session_id = db_cell_int(&rows, 0, 0, 0);
	u->id = db_cell_int(&rows, 0, 1, 0);
	u->csrf = db_cell_text(&rows, 0, 2);
	u->username = db_cell_text(&rows, 0, 3);
	u->mfa_pending = db_cell_int(&rows, 0, 7, 0) != 0;
	u->team_id = db_cell_int(&rows, 0, 8, 0);
	u->mfa_age = db_cell_int(&rows, 0, 10, -1);
	rights_cache_set_generation((unsigned long long)db_cell_int(&rows, 0, 9, 0));
	if (load_roles(ctx, u) == -1 || (!u->mfa_pending && rbac_load(ctx->db, ctx->req->arena, u->id, u->team_id,
	    ctx->req->remote_addr, time(NULL), ctx->conf->hours_tz_offset, &u->rights) == -1)) {
		rights_cache_set_generation(0);
		return -1;
	}
	rights_cache_set_generation(0);
	/* Until the required second factor is enrolled the roles grant
	 * nothing, so even a page that forgot the gate shows no record. */
	if (u->mfa_due) {
		memset(u->rights.scope, 0, sizeof(u->rights.scope));
		memset(u->rights.rule, 0, sizeof(u->rights.rule));
	}
	if (idle >= 60) {	/* one write a minute at most per session */
		p[0] = (struct db_value){ .type = DBV_INT, .i = u->session_id };
		db_run(ctx->db, ctx->req->arena, STMT_SESSION_TOUCH, p, 1, NULL);
	}
	if (u->mfa_pending)
		ctx->pending = u;
	else
		ctx->user = u;
	return 0;
}

/* Inserts a session; *sid and *csrf_out (arena) when not NULL. */
static int
create(struct ctx *ctx, long long user_id, bool mfa_pending, bool mfa_verified, long long *sid,
    const char **csrf_out)
{
	unsigned char raw[TOKEN_BYTES], csrf_raw[32], hash[32];
	char token[2 * TOKEN_BYTES + 1], csrf[65];
	const char *ip = ctx->req->remote_addr ? ctx->req->remote_addr : "";
	const char *ua = ctx->req->user_agent ? ctx->req->user_agent : "";
	struct db_value p[7];
	struct db_rows rows;
	int rc = -1;

	if (RAND_priv_bytes(raw, sizeof(raw)) != 1 || RAND_bytes(csrf_raw, sizeof(csrf_raw)) != 1)
		goto out;
	to_hex(raw, sizeof(raw), token);
	to_hex(csrf_raw, sizeof(csrf_raw), csrf);
	token_hash(token, hash);
	p[0] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)hash, .len = sizeof(hash) };
	p[1] = (struct db_value){ .type = DBV_INT, .i = user_id };
	p[2] = (struct db_value){ .type = DBV_TEXT, .s = csrf, .len = 64 };
	p[3] = (struct db_value){ .type = DBV_TEXT, .s = ip, .len = strnlen(ip, 45) };
	p[4] = (struct db_value){ .type = DBV_TEXT, .s = ua, .len = strnlen(ua, 255) };
	p[5] = (struct db_value){ .type = DBV_INT, .i = mfa_pending };
	p[6] = (struct db_value){ .type = DBV_INT, .i = mfa_verified };
	if (db_run(ctx->db, ctx->req->arena, STMT_SESSION_INSERT, p, 7, &rows) != DB_OK)
		goto out;
	if (sid != NULL)
		*sid = (long long)rows.insert_id;
	if (csrf_out != NULL)
		*csrf_out = arena_strdup(ctx->req->arena, csrf);
	if (cookie_set(ctx->resp, SESSION_COOKIE, arena_strdup(ctx->req->arena, token), -1) == 0)
		rc = 0;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(token, sizeof(token));
	return rc;
}

/* Ends user_id's sessions beyond [auth] session_limit, oldest sign-in
 * first, each with its session.evict record (in the caller's
 * transaction). Expired sessions go first, unrecorded: they no longer
 * open anything. 0 or -1. */
static int
enforce_limit(struct ctx *ctx, long long user_id, const char *username)
{
	const struct db_value expired[] = { { .type = DBV_INT, .i = user_id },
	    { .type = DBV_INT, .i = ctx->conf->session_idle },
	    { .type = DBV_INT, .i = ctx->conf->session_max } };
	const struct db_value beyond[] = { { .type = DBV_INT, .i = user_id },
	    { .type = DBV_INT, .i = ctx->conf->session_limit } };
	struct audit_record r;
	struct db_rows rows;

	if (ctx->conf->session_limit <= 0)
		return 0;
	if (db_run(ctx->db, ctx->req->arena, STMT_SESSIONS_EXPIRED_DELETE, expired, 3, NULL) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_SESSIONS_BEYOND_LIMIT, beyond, 2, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		long long id = db_cell_int(&rows, i, 0, 0);
		audit_from_ctx(&r, ctx);
		r.actor = username;
		r.actor_id = user_id;
		r.action = AUDIT_SESSION_EVICT;
		r.object_type = "session";
		r.object_id = arena_printf(ctx->req->arena, "%lld", id);
		r.outcome = AUDIT_SUCCESS;
		r.detail = arena_printf(ctx->req->arena, "{\"limit\":%d}", ctx->conf->session_limit);
		if (delete_session(ctx, id) == -1 || audit_write(ctx->db, ctx->req->arena, &r) == -1)
			return -1;
	}
	return 0;
}

/* A sign-in's new session: it replaces the request's own session, if
 * any, and the user's oldest beyond the limit end. */
static int
sign_in_session(struct ctx *ctx, long long user_id, const char *username, bool mfa_pending,
    bool mfa_verified)
{
	const struct user *old = ctx->user ? ctx->user : ctx->pending;

	if (create(ctx, user_id, mfa_pending, mfa_verified, NULL, NULL) == -1)
		return -1;
	/* Signing in again, as anyone, ends the session it replaces. */
	if (old != NULL && delete_session(ctx, old->session_id) == -1)
		return -1;
	ctx->user = ctx->pending = NULL;
	return enforce_limit(ctx, user_id, username);
}

int
session_create(struct ctx *ctx, long long user_id, const char *username, bool mfa_pending)
{
	return sign_in_session(ctx, user_id, username, mfa_pending, false);
}

int
session_create_mfa(struct ctx *ctx, long long user_id, const char *username)
{
	return sign_in_session(ctx, user_id, username, false, true);
}

int
session_mfa_verified(struct ctx *ctx)
{
	const struct db_value p[1] = { { .type = DBV_INT, .i = ctx->user ? ctx->user->session_id : 0 } };

	if (ctx->user == NULL)
		return -1;
	if (db_run(ctx->db, ctx->req->arena, STMT_SESSION_MFA_VERIFIED, p, 1, NULL) != DB_OK)
		return -1;
	ctx->user->mfa_age = 0;
	return 0;
}

bool
session_mfa_fresh(const struct ctx *ctx)
{
	return ctx->user != NULL && ctx->user->mfa_age >= 0 && ctx->user->mfa_age <= ctx->conf->mfa_fresh;
}

int
session_destroy(struct ctx *ctx)
{
	const struct user *u = ctx->user ? ctx->user : ctx->pending;

	if (u != NULL)
		delete_session(ctx, u->session_id);
	cookie_set(ctx->resp, SESSION_COOKIE, "", 0);
	ctx->user = ctx->pending = NULL;
	return 0;
}

int
session_rotate(struct ctx *ctx, bool mfa_verified)
{
	struct user *u = ctx->user;
	long long old;

	if (u == NULL)
		return -1;
	old = u->session_id;
	if (create(ctx, u->id, false, mfa_verified, &u->session_id, &u->csrf) == -1 ||
	    delete_session(ctx, old) == -1)
		return -1;
	if (mfa_verified)
		u->mfa_age = 0;
	return enforce_limit(ctx, u->id, u->username);
}

int
session_revoke_all(struct db *db, struct arena *a, long long user_id, unsigned long long *n)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = user_id } };
	struct db_rows rows;

	if (db_run(db, a, STMT_SESSIONS_REVOKE_ALL, p, 1, &rows) != DB_OK)
		return -1;
	if (n != NULL)
		*n = rows.affected;
	return 0;
}
