/* csrf.c: owns CSRF protection. A signed-in user's forms carry the token
 * stored with the session row. Before sign-in (the sign-in form itself)
 * the token is a "double submit" value: 256 random bits in a __Host-
 * cookie (SameSite=Strict, HttpOnly) that the form repeats in a hidden
 * field; a cross-site page can neither read the cookie nor set a __Host-
 * one. Both are compared in constant time. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "cookie.h"
#include "csrf.h"
#include "handler.h"
#include "log.h"
#include "session.h"

#define CSRF_COOKIE "__Host-csrf"
#define CSRF_HEX 64

static bool
well_formed(const char *t)
{
	if (t == NULL || strlen(t) != CSRF_HEX)
		return false;
	for (const char *p = t; *p; p++)
		if (!strchr("0123456789abcdef", *p))
			return false;
	return true;
}

const char *
csrf_token(struct ctx *ctx)
{
	const char *t;
	unsigned char raw[CSRF_HEX / 2];
	char *hex;

	if (ctx->user != NULL || ctx->pending != NULL)
		return (ctx->user ? ctx->user : ctx->pending)->csrf;	/* bound to the session */
	t = cookie_get(ctx->req->arena, ctx->req->cookie_header, CSRF_COOKIE);
	if (well_formed(t))
		return t;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		fatal("RAND_bytes failed");
	hex = arena_alloc(ctx->req->arena, CSRF_HEX + 1);
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	OPENSSL_cleanse(raw, sizeof(raw));
	cookie_set(ctx->resp, CSRF_COOKIE, hex, -1);
	return hex;
}

bool
csrf_valid(const struct ctx *ctx)
{
	const struct user *u = ctx->user ? ctx->user : ctx->pending;
	const char *cookie = u != NULL ? u->csrf :
	    cookie_get(ctx->req->arena, ctx->req->cookie_header, CSRF_COOKIE);
	const char *sent = param_get(&ctx->req->form, CSRF_FIELD);

	if (!well_formed(cookie) || !well_formed(sent))
		return false;
	return CRYPTO_memcmp(cookie, sent, CSRF_HEX) == 0;
}
