/* mfa.h: a user's second factor as stored: the TOTP secret (an envelope
 * under the user's data key) and checking a code or recovery code. The
 * pages that enrol, verify and manage it are in page_mfa.c. */
#ifndef CRM_MFA_H
#define CRM_MFA_H

#include <stdbool.h>

#include "totp.h"

struct ctx;
struct subject_key;

#define MFA_TABLE "user_mfa"
#define MFA_COLUMN "secret"

struct mfa_state {
	bool exists, confirmed;
	long long last_step;
	unsigned char secret[TOTP_SECRET_BYTES];	/* wipe with OPENSSL_cleanse */
};

/* The user's data key, created on first need (inside a transaction);
 * NULL on a database or key failure. */
struct subject_key *mfa_user_key(struct ctx *ctx, long long uid);

/* Loads and decrypts uid's TOTP secret into *m (m->exists false when
 * there is none); 0, or -1 on a database or integrity failure. */
int mfa_load(struct ctx *ctx, long long uid, struct mfa_state *m);

/* Accepts a TOTP code, recording its time step so it cannot be used
 * again: 1; an unused recovery code when allow_recovery (it is used up):
 * 2; anything else, or a database error: 0. */
int mfa_code_ok(struct ctx *ctx, long long uid, const struct mfa_state *m, const char *code,
    bool allow_recovery);

/* A fresh second factor from the signed-in user: code is a current TOTP
 * code (not a recovery code), checked like the sign-in step (the
 * second-factor throttle, used once, audited as auth.mfa.verify); the
 * session then counts as freshly verified (session_mfa_fresh). 1
 * accepted, 0 refused (counted), 2 the user has no second factor
 * (nothing counted), -1 on a database error. */
int mfa_step_up(struct ctx *ctx, const char *code);

/* 1 when uid has a confirmed second factor, 0 not, -1 database. */
int mfa_enrolled(struct ctx *ctx, long long uid);

/* Seals secret under uid's data key and stores it as the factor being
 * enrolled (a confirmed one stays). 0 or -1. */
int mfa_store_secret(struct ctx *ctx, long long uid, const unsigned char secret[TOTP_SECRET_BYTES]);

/* Confirms the factor being enrolled, step the code just used. 0 or -1. */
int mfa_confirm(struct ctx *ctx, long long uid, long long step);

/* Removes every recovery code of uid; adds one (its hash). 0 or -1. */
int mfa_recovery_clear(struct ctx *ctx, long long uid);
int mfa_recovery_add(struct ctx *ctx, long long uid, const char *code_hash);

/* Removes uid's second factor and its recovery codes. 0 or -1. */
int mfa_remove(struct ctx *ctx, long long uid);

#endif
