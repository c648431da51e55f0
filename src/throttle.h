/* throttle.h: backing off and locking after failed sign-ins. */
#ifndef CRM_THROTTLE_H
#define CRM_THROTTLE_H

#include "handler.h"

/* Seconds until username or the client address may try again (0: now),
 * or -1 when the database cannot answer. */
int throttle_wait(struct ctx *ctx, const char *username);

/* Counts a failure for username and the client address. For a username,
 * after the first two failures each one backs off (2, 4, 8 ... seconds);
 * at the configured count (for either key) the lock lasts [auth]
 * throttle_lock seconds. */
void throttle_failed(struct ctx *ctx, const char *username);

/* A successful sign-in clears the username's count (not the address's). */
void throttle_succeeded(struct ctx *ctx, const char *username);

#endif
