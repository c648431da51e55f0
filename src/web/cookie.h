/* cookie.h: reading the Cookie header and writing Set-Cookie. */
#ifndef CRM_COOKIE_H
#define CRM_COOKIE_H

#include "arena.h"
#include "response.h"

/* Value of cookie name in the Cookie header, or NULL when absent or when
 * the header is malformed (a malformed header yields no cookies at all).
 * Values must be cookie-octets (RFC 6265), at most 4096 bytes. */
const char *cookie_get(struct arena *a, const char *header, const char *name);

/* Adds a Set-Cookie header for a __Host- cookie: Secure, HttpOnly,
 * SameSite=Strict, Path=/; max_age seconds (0 deletes it, negative makes
 * it last until the browser closes). value must be
 * cookie-octets; returns -1 otherwise. */
int cookie_set(struct response *resp, const char *name, const char *value, long max_age);

#endif
