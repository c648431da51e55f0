/* throttle.c: owns the sign-in and second-factor throttle (throttle.h):
 * its keys, the waits each key earns, the checks made before PAM or the
 * code is looked at, and the auth.throttle audit record written when a
 * username's delay or a second factor's lock engages. Keys are what was
 * typed (the username string, existing or not) and the client address,
 * so the answer is the same for real and made-up users. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "audit.h"
#include "json.h"
#include "stmt.h"
#include "throttle.h"

#define KEY_MAX 128		/* login_throttle.k, characters */
#define SHIFT_MAX 20		/* 2^20 s is beyond any configurable wait */

static const char *const kind_names[THROTTLE__MAX] = { "pair", "user", "ip", "mfa" };

/* Bytes of key that fit the 128-character column without splitting a
 * UTF-8 sequence (a cut one would make the database refuse the row and
 * turn a wrong password into a 503). */
static size_t
key_len(const char *key)
{
	size_t n = strnlen(key, KEY_MAX);

	while (n > 0 && n < strlen(key) && ((unsigned char)key[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static const char *
client(const struct ctx *ctx)
{
	return ctx->req->remote_addr ? ctx->req->remote_addr : "-";
}

/* The pair's key: the address first (it has no space and is short, so a
 * long username is what gets cut), then the username. Arena memory. */
static const char *
pair_key(const struct ctx *ctx, const char *username)
{
	return arena_printf(ctx->req->arena, "%s %s", client(ctx), username);
}

/* s cut to what the key column holds (arena memory). */
static const char *
key_of(const struct ctx *ctx, const char *s)
{
	return arena_strndup(ctx->req->arena, s, key_len(s));
}

/* 2^e seconds, at most max. */
static int
doubling(int e, int max)
{
	if (e >= SHIFT_MAX || (1 << e) > max)
		return max;
	return 1 << e;
}

int
throttle_secs(enum throttle_key key, int n, const struct conf *c)
{
	switch (key) {
	case THROTTLE_PAIR:
		if (n >= c->throttle_pair_failures)
			return c->throttle_lock;
		return n <= 2 ? 0 : doubling(n - 2, c->throttle_lock);
	case THROTTLE_MFA:
		if (n >= c->throttle_mfa_failures)
			return c->throttle_lock;
		return n <= 2 ? 0 : doubling(n - 2, c->throttle_lock);
	case THROTTLE_USER:	/* a delay that grows, never a lock */
		if (n < c->throttle_user_failures)
			return 0;
		return doubling(n - c->throttle_user_failures + 1, c->throttle_user_delay_max);
	case THROTTLE_IP:	/* a whole office may share one address: no back-off */
		return n >= c->throttle_ip_failures ? c->throttle_lock : 0;
	case THROTTLE__MAX:
		break;
	}
	return 0;
}

int
throttle_wait(struct ctx *ctx, const char *username)
{
	const struct auth_throttle_check_in in = { .pair = key_of(ctx, pair_key(ctx, username)),
	    .user = key_of(ctx, username), .ip = key_of(ctx, client(ctx)) };
	struct auth_throttle_check_out out;
	int wait = 0;

	if (stmt_auth_throttle_check(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	for (size_t i = 0; i < out.n; i++) {
		const char *kind = out.rows[i].kind;
		long long secs = out.rows[i].wait;
		/* Whatever a row says (a row from before an upgrade, a
		 * changed setting), a username alone is never locked. */
		if (kind != NULL && strcmp(kind, kind_names[THROTTLE_USER]) == 0 &&
		    secs > ctx->conf->throttle_user_delay_max)
			secs = ctx->conf->throttle_user_delay_max;
		if (secs > wait)
			wait = (int)secs;
	}
	return wait;
}

int
throttle_mfa_wait(struct ctx *ctx, const char *username)
{
	struct auth_throttle_wait_out out;
	long long secs;

	if (stmt_auth_throttle_wait(ctx->db, ctx->req->arena, &(struct auth_throttle_wait_in){
	    .kind = kind_names[THROTTLE_MFA], .k = key_of(ctx, username) }, &out) != DB_OK)
		return -1;
	secs = out.n > 0 ? out.rows[0].wait : 0;
	return secs > 0 ? (int)secs : 0;
}

/* The auth.throttle record of a delay or lock that engaged, inside the
 * caller's transaction. The actor is the pending user, or else what was
 * typed. 0 or -1. */
static int
audit_engaged(struct ctx *ctx, enum throttle_key key, const char *username, int n, int secs)
{
	struct audit_record r;
	struct json j;

	audit_from_ctx(&r, ctx);
	if (ctx->pending == NULL)
		r.actor = username;
	r.action = AUDIT_AUTH_THROTTLE;
	r.object_type = kind_names[key];
	r.object_id = username;
	r.outcome = AUDIT_DENIED;
	json_begin(&j, ctx->req->arena);
	json_int(&j, "failures", n);
	json_int(&j, "seconds", secs);
	r.detail = json_end(&j);
	return audit_write(ctx->db, ctx->req->arena, &r);
}

/* Sets key's wait; with audit, together with its audit record. */
static void
hold(struct ctx *ctx, const char *k, int secs, bool audit, enum throttle_key key,
    const char *username, int n)
{
	const struct auth_throttle_lock_in q = { .seconds = secs, .kind = kind_names[key], .k = k };

	if (!audit) {
		stmt_auth_throttle_lock(ctx->db, ctx->req->arena, &q, NULL);
		return;
	}
	if (db_begin(ctx->db) != DB_OK)
		return;
	if (stmt_auth_throttle_lock(ctx->db, ctx->req->arena, &q, NULL) != DB_OK ||
	    audit_engaged(ctx, key, username, n, secs) == -1 || db_commit(ctx->db) != DB_OK)
		db_rollback(ctx->db);
}

/* Counts one failure of key k; when the wait engages at engage_at
 * failures (0: never audited), the auth.throttle record goes with it. */
static void
count(struct ctx *ctx, enum throttle_key key, const char *k, const char *username, int engage_at)
{
	const char *kk = key_of(ctx, k);
	struct auth_throttle_get_out out;
	int n, secs;

	if (stmt_auth_throttle_fail(ctx->db, ctx->req->arena, &(struct auth_throttle_fail_in){
	    .kind = kind_names[key], .k = kk, .window = ctx->conf->throttle_window }, NULL) != DB_OK ||
	    stmt_auth_throttle_get(ctx->db, ctx->req->arena, &(struct auth_throttle_get_in){
	    .kind = kind_names[key], .k = kk }, &out) != DB_OK)
		return;
	n = out.n > 0 ? (int)out.rows[0].failures : 0;
	if ((secs = throttle_secs(key, n, ctx->conf)) > 0)
		hold(ctx, kk, secs, n == engage_at, key, username, n);
}

void
throttle_failed(struct ctx *ctx, const char *username)
{
	count(ctx, THROTTLE_PAIR, pair_key(ctx, username), username, 0);
	count(ctx, THROTTLE_USER, username, username, ctx->conf->throttle_user_failures);
	count(ctx, THROTTLE_IP, client(ctx), username, 0);
}

static void
clear(struct ctx *ctx, enum throttle_key key, const char *k)
{
	stmt_auth_throttle_clear(ctx->db, ctx->req->arena, &(struct auth_throttle_clear_in){
	    .kind = kind_names[key], .k = key_of(ctx, k) }, NULL);
}

void
throttle_succeeded(struct ctx *ctx, const char *username)
{
	clear(ctx, THROTTLE_PAIR, pair_key(ctx, username));
	clear(ctx, THROTTLE_USER, username);
}

void
throttle_mfa_failed(struct ctx *ctx, const char *username)
{
	count(ctx, THROTTLE_MFA, username, username, ctx->conf->throttle_mfa_failures);
}

void
throttle_mfa_succeeded(struct ctx *ctx, const char *username)
{
	clear(ctx, THROTTLE_MFA, username);
}
