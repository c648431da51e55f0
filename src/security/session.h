/* session.h: server-side sessions behind the __Host-session cookie. */
#ifndef CRM_SESSION_H
#define CRM_SESSION_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;

#define SESSION_COOKIE "__Host-session"

struct user {
	long long id;
	const char *username;
	const char **roles;	/* role names, NULL-terminated */
	long long session_id;
	const char *csrf;	/* the session's CSRF token (64 hex) */
	bool mfa_pending;	/* password given, second factor not yet */
	bool mfa_due;		/* a role requires a second factor not yet enrolled */
	bool mfa_required;	/* one of the roles requires a second factor */
	long long team_id;	/* 0: none */
	long long mfa_age;	/* seconds since a second factor was last verified
				 * in this session; -1: never */
	struct rights rights;	/* what the roles that apply now grant (rbac.h) */
};

/* Resolves the request's session cookie into ctx->user (NULL when there is
 * none, it is unknown, expired by the idle or absolute timeout, or its
 * user is disabled; an expired session is deleted). A session still
 * waiting for its second factor goes to ctx->pending instead, so it opens
 * nothing but the code form. Returns 0, or -1 when the database cannot
 * answer. */
int session_load(struct ctx *ctx);

/* Signs user_id (username, for the audit trail) in: a new session with
 * a fresh 256-bit token (only its SHA-256 is stored) and CSRF token; sets
 * the cookie. mfa_pending marks a session that still needs the second
 * factor. The request's own session, if any, ends (a sign-in replaces
 * it), and so do the user's oldest beyond [auth] session_limit, each
 * audited as session.evict. Call it inside a transaction. 0 or -1. */
int session_create(struct ctx *ctx, long long user_id, const char *username, bool mfa_pending);

/* The same for a sign-in whose second factor was just verified: the
 * session starts with a fresh verification (session_mfa_fresh). */
int session_create_mfa(struct ctx *ctx, long long user_id, const char *username);

/* Records that the signed-in user just verified a second factor in this
 * session (a code typed on a form asking for a fresh one). 0 or -1. */
int session_mfa_verified(struct ctx *ctx);

/* True when the signed-in user verified a second factor in this session
 * within [auth] mfa_fresh seconds. */
bool session_mfa_fresh(const struct ctx *ctx);

/* Replaces the signed-in user's session by a new one (new token, new
 * CSRF token) after a change of privilege such as enrolling a second
 * factor (mfa_verified: a code was just verified); the old token stops
 * working at once. 0 or -1. */
int session_rotate(struct ctx *ctx, bool mfa_verified);

/* Ends every session of user_id (an administrator's action, or a
 * disabled account); *n gets how many. 0 or -1. */
int session_revoke_all(struct db *db, struct arena *a, long long user_id,
    unsigned long long *n);

/* Deletes the request's session server-side and clears the cookie. */
int session_destroy(struct ctx *ctx);

/* One of the signed-in user's live sessions (the sessions page). */
struct session_info {
	long long id;
	const char *created, *seen;	/* "YYYY-MM-DD HH:MM UTC" */
	const char *ip, *agent;
};

/* The signed-in user's sessions that are still usable, last seen first,
 * into *out (arena, *n of them). 0 or -1. */
int session_list(struct ctx *ctx, struct session_info **out, size_t *n);

/* Ends session id when it is the signed-in user's, in the caller's
 * transaction: 1 ended, 0 not one of theirs, -1 database. */
int session_revoke_own(struct ctx *ctx, long long id);

/* Counts a wrong confirmation (reauth.h) on the signed-in user's
 * session: the new count, or -1. */
long long session_reauth_failed(struct ctx *ctx);

/* Keeps the signed-in user's language ("en", "zh-CN") and IANA time
 * zone (NULL or "": none chosen) on their users row, audited as
 * user.locale in the same transaction. 0 or -1. */
int session_save_locale(struct ctx *ctx, const char *lang, const char *zone);

#endif
