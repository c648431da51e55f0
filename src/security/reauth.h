/* reauth.h: asking a signed-in user for their password or a current
 * code again before a sensitive action (ASVS 2.x re-authentication):
 * ending another session, turning two-step sign-in off, new recovery
 * codes. A stolen session cookie alone cannot do these. */
#ifndef CRM_REAUTH_H
#define CRM_REAUTH_H

struct ctx;

/* The form field every such form carries. */
#define REAUTH_FIELD "reauth"

enum reauth_result {
	REAUTH_OK,		/* the password, or an unused TOTP code, was right */
	REAUTH_MISSING,		/* nothing was typed: nothing counted */
	REAUTH_WRONG,		/* wrong: counted and audited (auth.reauth failure) */
	REAUTH_ENDED,		/* wrong, and the [auth] reauth_failures'th: the
				 * session is ended (cookie cleared) */
	REAUTH_UNAVAILABLE	/* the directory or the database cannot answer */
};

/* Checks the REAUTH_FIELD of the request's form for ctx->user: a
 * six-digit code when the user has two-step sign-in on (recovery codes
 * are not accepted here: they are for signing in without the phone),
 * otherwise the password through PAM (the break-glass service for local
 * accounts). Uses its own transactions: call it before the action's. */
enum reauth_result reauth_check(struct ctx *ctx);

/* The message for a result other than REAUTH_OK (a msgid). */
const char *reauth_message(enum reauth_result r);

/* A page that shows the form again with a message (msgid) and status. */
typedef int (*reauth_page_fn)(struct ctx *ctx, const char *error, int status);

/* reauth_check, and the answer when it is not REAUTH_OK: the form again
 * through again() (400 nothing typed, 401 wrong, 503 unavailable), or,
 * for a session just ended, a redirect to /login with its flash. Returns
 * 0 to go on with the action, or the status of the answer made. */
int reauth_require(struct ctx *ctx, reauth_page_fn again);

#endif
