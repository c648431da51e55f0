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
#include "custom_field.h"
#include "display.h"
#include "handler.h"
#include "json.h"
#include "log.h"
#include "rights_cache.h"
#include "session.h"
#include "stmt.h"

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
	struct stmt_call call = stmt_call_session_roles(&(struct session_roles_in){ .user_id = u->id });
	struct session_roles_out out;
	struct db_rows rows;

	if (rights_cache_call(ctx->db, ctx->req->arena, ctx->rights_generation, &call, u->id,
	    &rows) != DB_OK)
		return -1;
	session_roles_read(&rows, ctx->req->arena, &out);
	u->roles = arena_alloc(ctx->req->arena, sizeof(*u->roles) * (out.n + 1));
	u->mfa_due = u->mfa_required = false;
	for (size_t i = 0; i < out.n; i++) {
		u->roles[i] = out.rows[i].name;
		if (out.rows[i].mfa_required == 1)
			u->mfa_required = true;
		if (out.rows[i].mfa_required == 1 && out.rows[i].mfa_enrolled == 0)
			u->mfa_due = true;
	}
	u->roles[out.n] = NULL;
	return 0;
}

static int
delete_session(struct ctx *ctx, long long id)
{
	return stmt_session_delete(ctx->db, ctx->req->arena, &(struct session_id_in){ .id = id },
	    NULL) == DB_OK ? 0 : -1;
}

/* A number read from a result cell (db.c: DBV_TEXT with .i parsed), or
 * dflt when NULL. */
static long long
int_or(const struct db_value *v, long long dflt)
{
	return v->type == DBV_TEXT || v->type == DBV_INT ? v->i : dflt;
}

/* The user of a live session row (arena memory). */
static struct user *
user_of(struct ctx *ctx, const struct session_get_row *row)
{
	struct user *u = arena_alloc(ctx->req->arena, sizeof(*u));

	u->session_id = row->id;
	u->id = row->user_id;
	u->csrf = row->csrf;
	u->username = row->username;
	u->mfa_pending = row->mfa_pending != 0;
	u->team_id = row->team_id;
	u->mfa_age = int_or(&row->mfa_age, -1);
	return u;
}

/* The user's own language and time zone, when chosen (the account
 * page), replace the browser's language and UTC for the request. A zone
 * this machine no longer knows is left at UTC. */
static void
user_locale(struct ctx *ctx, const struct session_get_row *row)
{
	int l = row->language ? lang_from_code(row->language) : -1;

	if (l >= 0)
		ctx->lang = (enum lang)l;
	if (row->time_zone != NULL && display_zone_valid(row->time_zone))
		ctx->time_zone = row->time_zone;
}

/* Roles and rights of u, read at the generation of its session row (the
 * rights cache answers while it is current); -1 when they cannot be. */
static int
load_rights(struct ctx *ctx, struct user *u, unsigned long long generation)
{
	int rc;

	ctx->rights_generation = generation;
	ctx->session_generation = generation;
	rc = custom_fields_sync(ctx->db, generation) == -1 || load_roles(ctx, u) == -1 || (!u->mfa_pending && rbac_load_at(ctx->db, ctx->req->arena,
	    ctx->rights_generation, u->id, u->team_id, ctx->req->remote_addr, time(NULL),
	    ctx->conf->hours_tz_offset, &u->rights) == -1) ? -1 : 0;
	ctx->rights_generation = 0;	/* later reads this request see its own changes */
	return rc;
}

int
session_load(struct ctx *ctx)
{
	const char *t = cookie_get(ctx->req->arena, ctx->req->cookie_header, SESSION_COOKIE);
	unsigned char hash[32];
	struct session_get_out out;
	const struct session_get_row *row;
	struct user *u;

	ctx->user = ctx->pending = NULL;
	if (!token_well_formed(t))
		return 0;
	token_hash(t, hash);
	if (stmt_session_get(ctx->db, ctx->req->arena, &(struct session_get_in){ .token_hash =
	    { .type = DBV_BLOB, .s = (const char *)hash, .len = sizeof(hash) } }, &out) != DB_OK)
		return -1;
	if (out.n != 1)
		return 0;
	row = &out.rows[0];
	if (int_or(&row->disabled, 1) != 0 || row->age > ctx->conf->session_max ||
	    row->idle > ctx->conf->session_idle) {
		delete_session(ctx, row->id);
		return 0;
	}
	u = user_of(ctx, row);
	user_locale(ctx, row);
	if (load_rights(ctx, u, (unsigned long long)row->generation) == -1)
		return -1;
	/* Until the required second factor is enrolled the roles grant
	 * nothing, so even a page that forgot the gate shows no record. */
	if (u->mfa_due) {
		memset(u->rights.scope, 0, sizeof(u->rights.scope));
		memset(u->rights.rule, 0, sizeof(u->rights.rule));
	}
	if (row->idle >= 60)	/* one write a minute at most per session */
		stmt_session_touch(ctx->db, ctx->req->arena, &(struct session_id_in){ .id = u->session_id },
		    NULL);
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
	struct session_insert_out out;
	int rc = -1;

	if (RAND_priv_bytes(raw, sizeof(raw)) != 1 || RAND_bytes(csrf_raw, sizeof(csrf_raw)) != 1)
		goto out;
	to_hex(raw, sizeof(raw), token);
	to_hex(csrf_raw, sizeof(csrf_raw), csrf);
	token_hash(token, hash);
	if (stmt_session_insert(ctx->db, ctx->req->arena, &(struct session_insert_in){
	    .token_hash = { .type = DBV_BLOB, .s = (const char *)hash, .len = sizeof(hash) },
	    .user_id = user_id, .csrf = csrf,
	    .ip = { .type = DBV_TEXT, .s = ip, .len = strnlen(ip, 45) },
	    .user_agent = { .type = DBV_TEXT, .s = ua, .len = strnlen(ua, 255) },
	    .mfa_pending = mfa_pending, .mfa_verified = mfa_verified }, &out) != DB_OK)
		goto out;
	if (sid != NULL)
		*sid = (long long)out.insert_id;
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
	const struct session_expired_delete_in expired = { .user_id = user_id,
	    .idle = ctx->conf->session_idle, .max = ctx->conf->session_max };
	const struct session_beyond_limit_in beyond = { .user_id = user_id,
	    .limit = ctx->conf->session_limit };
	struct session_beyond_limit_out out;
	struct audit_record r;

	if (ctx->conf->session_limit <= 0)
		return 0;
	if (stmt_session_expired_delete(ctx->db, ctx->req->arena, &expired, NULL) != DB_OK ||
	    stmt_session_beyond_limit(ctx->db, ctx->req->arena, &beyond, &out) != DB_OK)
		return -1;
	for (size_t i = 0; i < out.n; i++) {
		long long id = out.rows[i].id;
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
	if (ctx->user == NULL)
		return -1;
	if (stmt_session_mfa_verified(ctx->db, ctx->req->arena,
	    &(struct session_id_in){ .id = ctx->user->session_id }, NULL) != DB_OK)
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
	struct session_revoke_all_out out;

	if (stmt_session_revoke_all(db, a, &(struct session_revoke_all_in){ .user_id = user_id },
	    &out) != DB_OK)
		return -1;
	if (n != NULL)
		*n = out.affected;
	return 0;
}

int
session_list(struct ctx *ctx, struct session_info **out, size_t *n)
{
	struct session_list_out rows;

	*out = NULL;
	*n = 0;
	if (stmt_session_list(ctx->db, ctx->req->arena, &(struct session_list_in){
	    .user_id = ctx->user->id, .idle = ctx->conf->session_idle,
	    .max = ctx->conf->session_max }, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++)
		(*out)[i] = (struct session_info){ .id = rows.rows[i].id,
		    .created = rows.rows[i].created, .seen = rows.rows[i].seen,
		    .ip = rows.rows[i].ip, .agent = rows.rows[i].agent };
	*n = rows.n;
	return 0;
}

int
session_revoke_own(struct ctx *ctx, long long id)
{
	struct session_revoke_own_out out;

	if (stmt_session_revoke_own(ctx->db, ctx->req->arena, &(struct session_revoke_own_in){
	    .id = id, .user_id = ctx->user->id }, &out) != DB_OK)
		return -1;
	return out.affected ? 1 : 0;
}

long long
session_reauth_failed(struct ctx *ctx)
{
	struct session_id_out out;

	if (stmt_session_reauth_failed(ctx->db, ctx->req->arena,
	    &(struct session_id_in){ .id = ctx->user->session_id }, &out) != DB_OK)
		return -1;
	return (long long)out.insert_id;
}

/* session.h */
int
session_save_locale(struct ctx *ctx, const char *lang, const char *zone)
{
	struct json j;

	json_begin(&j, ctx->req->arena);
	json_str(&j, "language", lang);
	json_str(&j, "time_zone", zone);
	if (db_begin(ctx->db) != DB_OK)
		return -1;
	if (stmt_session_user_locale(ctx->db, ctx->req->arena, &(struct session_user_locale_in){
	    .language = lang, .time_zone = zone, .user_id = ctx->user->id }, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_USER_LOCALE, "user", arena_printf(ctx->req->arena, "%lld", ctx->user->id),
	    AUDIT_SUCCESS, 1, json_end(&j)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}
