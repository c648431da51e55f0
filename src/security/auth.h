/* auth.h: checking a password through PAM and reading directory groups. */
#ifndef CRM_AUTH_H
#define CRM_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "conf.h"

enum auth_result {
	AUTH_OK,
	AUTH_DENIED,		/* wrong password, unknown, expired or disabled user: all alike */
	AUTH_UNAVAILABLE,	/* the directory (or PAM itself) cannot answer */
};

/* True when name is an acceptable username: 1..64 of [a-z0-9._-],
 * starting with a letter or digit. Anything else (LDAP filter syntax,
 * NUL, upper case, other scripts) is refused before PAM is asked. */
bool auth_username_ok(const char *name);

/* Authenticates user with password and runs PAM's account check (expiry,
 * disabled accounts) with PAM service (c->pam_service for directory
 * users, c->local_pam_service for break-glass accounts) in c's confdir.
 * PAM's failure delay is replaced by a no-op: the application throttles
 * instead, so a worker never sleeps. A conversation error (a prompt we
 * cannot answer) counts as AUTH_UNAVAILABLE. */
enum auth_result auth_pam(const struct conf *c, const char *service, const char *user,
    const char *password);

/* PAM's account stage alone, for a user whose identity a trusted front
 * end has already established (single sign-on): disabled, expired or
 * not-authorised accounts are still refused. */
enum auth_result auth_pam_account(const struct conf *c, const char *service, const char *user);

struct pam_message;
struct pam_response;
/* The PAM conversation (exposed for unit tests): appdata points at
 * { const char *user, *password }. */
int auth_conversation(int num_msg, const struct pam_message **msg,
    struct pam_response **resp, void *appdata);

/* The names of the groups user belongs to (NSS: getgrouplist), in the
 * arena; returns the count, -1 when the user cannot be resolved. */
int auth_groups(const char *user, struct arena *a, const char ***names);

#endif
