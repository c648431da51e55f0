/* throttle.h: backing off, delaying and locking after failed sign-ins
 * and wrong second-factor codes (README "### Throttling").
 *
 * Keys, each counted on its own within [auth] throttle_window:
 *   pair  username as typed + client address: backs off, then locks
 *         (a stranger elsewhere cannot lock the real user out)
 *   user  username as typed, from any address: a growing delay, at most
 *         throttle_user_delay_max seconds, never a lock
 *   ip    client address, any username: locks at throttle_ip_failures
 *   mfa   a user's wrong second-factor and recovery codes: backs off,
 *         then locks; only a correct code clears it
 * Waits are answered ("try again in N seconds"), never slept. */
#ifndef CRM_THROTTLE_H
#define CRM_THROTTLE_H

#include "conf.h"
#include "handler.h"

enum throttle_key { THROTTLE_PAIR, THROTTLE_USER, THROTTLE_IP, THROTTLE_MFA, THROTTLE__MAX };

/* Seconds key must wait after its n-th failure of a series under the
 * limits of c (0: none). Pure, for the tests. */
int throttle_secs(enum throttle_key key, int n, const struct conf *c);

/* Seconds until username may try a password from the client address
 * (the longest of its pair, user and ip waits; the user wait never more
 * than throttle_user_delay_max), 0 now, or -1 when the database cannot
 * answer. */
int throttle_wait(struct ctx *ctx, const char *username);

/* Counts a failed sign-in for the pair, the username and the address;
 * when the username's delay engages, writes an auth.throttle record
 * (object_type "user") that crmctl watch turns into an alert. */
void throttle_failed(struct ctx *ctx, const char *username);

/* A successful sign-in clears its pair's and its username's counts (not
 * the address's, nor the second factor's). */
void throttle_succeeded(struct ctx *ctx, const char *username);

/* The same for the second factor of the signed-in-pending username:
 * seconds to wait (0, or -1 on a database error); a wrong code counted
 * (an auth.throttle record, object_type "mfa", when the lock engages);
 * a correct code clearing the count. */
int throttle_mfa_wait(struct ctx *ctx, const char *username);
void throttle_mfa_failed(struct ctx *ctx, const char *username);
void throttle_mfa_succeeded(struct ctx *ctx, const char *username);

#endif
