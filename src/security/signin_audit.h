/* signin_audit.h: the audit records of signing in: each attempt (who was
 * typed, how, the outcome and why) and a change of a user's roles that a
 * sign-in brings about (their directory groups changed). */
#ifndef CRM_SIGNIN_AUDIT_H
#define CRM_SIGNIN_AUDIT_H

#include "db.h"

struct ctx;

/* An auth.login record: actor = username as typed (uid 0 when unknown),
 * roles the ones the user holds now ("" on failure), method "password"
 * or "sso", reason NULL on success, else a short code such as
 * "wrong_password", "locked", "no_role", "unavailable". Inside the
 * caller's transaction when one is open. 0 or -1. */
int signin_audit(struct ctx *ctx, const char *username, long long uid, const char *roles,
    const char *outcome, const char *method, const char *reason);

/* A user.roles record when before and after (role names) differ: the
 * sign-in re-read the user's directory groups. 0 (also when equal) or -1. */
int signin_audit_roles(struct ctx *ctx, const char *username, long long uid,
    const char *before, const char *after);

/* The words (a msgid) for the reason a sign-in record holds ("denied",
 * "locked", ...) or its method ("password", "sso"); NULL for another
 * code (shown as stored). */
const char *signin_reason_label(const char *reason);
const char *signin_method_label(const char *method);

#endif
