/* throttle.c: owns the sign-in throttle. It is keyed by what was typed
 * (the username string, existing or not) and by client address, checked
 * before PAM, and its answer is the same for real and made-up users. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "throttle.h"

/* Bytes of key that fit the 128-character column without splitting a
 * UTF-8 sequence (a cut one would make the database refuse the row and
 * turn a wrong password into a 503). */
static size_t
key_len(const char *key)
{
	size_t n = strnlen(key, 128);

	while (n > 0 && n < strlen(key) && ((unsigned char)key[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static const char *
client(const struct ctx *ctx)
{
	return ctx->req->remote_addr ? ctx->req->remote_addr : "-";
}

int
throttle_wait(struct ctx *ctx, const char *username)
{
	const char *ip = client(ctx);
	struct db_value p[2] = {
		{ .type = DBV_TEXT, .s = username, .len = key_len(username) },
		{ .type = DBV_TEXT, .s = ip, .len = key_len(ip) },
	};
	struct db_rows rows;
	long long wait;

	if (db_run(ctx->db, ctx->req->arena, STMT_THROTTLE_CHECK, p, 2, &rows) != DB_OK)
		return -1;
	wait = db_cell_int(&rows, 0, 0, 0);
	return wait > 0 ? (int)wait : 0;
}

/* Lock seconds after n failures with limit allowed; back_off adds the
 * growing pause before the limit (per username only: an address may be a
 * whole office behind one NAT). */
static int
lock_for(int n, int limit, int lock, bool back_off)
{
	if (n >= limit)
		return lock;
	if (!back_off || n <= 2)
		return 0;
	return n - 2 < 10 && (1 << (n - 2)) < lock ? 1 << (n - 2) : lock;
}

static void
count(struct ctx *ctx, const char *kind, const char *key, int limit, bool back_off)
{
	struct db_value p[3] = {
		{ .type = DBV_TEXT, .s = kind, .len = strlen(kind) },
		{ .type = DBV_TEXT, .s = key, .len = key_len(key) },
		{ .type = DBV_INT, .i = ctx->conf->throttle_window },
	};
	struct db_rows rows;
	int secs;

	if (db_run(ctx->db, ctx->req->arena, STMT_THROTTLE_FAIL, p, 3, NULL) != DB_OK ||
	    db_run(ctx->db, ctx->req->arena, STMT_THROTTLE_GET, p, 2, &rows) != DB_OK)
		return;
	secs = lock_for((int)db_cell_int(&rows, 0, 0, 0), limit, ctx->conf->throttle_lock, back_off);
	if (secs > 0) {
		struct db_value q[3] = { { .type = DBV_INT, .i = secs }, p[0], p[1] };
		db_run(ctx->db, ctx->req->arena, STMT_THROTTLE_LOCK, q, 3, NULL);
	}
}

void
throttle_failed(struct ctx *ctx, const char *username)
{
	count(ctx, "user", username, ctx->conf->throttle_user_failures, true);
	count(ctx, "ip", client(ctx), ctx->conf->throttle_ip_failures, false);
}

void
throttle_succeeded(struct ctx *ctx, const char *username)
{
	struct db_value p[1] = { { .type = DBV_TEXT, .s = username, .len = key_len(username) } };

	db_run(ctx->db, ctx->req->arena, STMT_THROTTLE_CLEAR, p, 1, NULL);
}
