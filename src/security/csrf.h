/* csrf.h: the token every state-changing form carries. */
#ifndef CRM_CSRF_H
#define CRM_CSRF_H

#include <stdbool.h>

struct ctx;

#define CSRF_FIELD "csrf"

/* The token for this client, to put in a hidden form field; sets the
 * cookie when the client has none yet. Never NULL. */
const char *csrf_token(struct ctx *ctx);

/* True when the request's form carries the token that matches the
 * client's cookie (compared in constant time). */
bool csrf_valid(const struct ctx *ctx);

#endif
