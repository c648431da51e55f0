/* url_decode.h: percent-decoding (RFC 3986) of untrusted text, strict:
 * a bad escape, a NUL byte or invalid UTF-8 is an error, never repaired.
 * Used for request paths, query strings and forms (request.c) and for
 * RFC 5987 file names of uploads (multipart.c). */
#ifndef CRM_URL_DECODE_H
#define CRM_URL_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum decode_status {
	DECODE_OK,
	DECODE_BAD_ESCAPE,
	DECODE_BAD_UTF8,
	DECODE_NUL,
	DECODE_TOO_MANY,	/* more fields than a limit allows (form_decode) */
	DECODE_TOO_LONG,	/* a key or value over its limit (form_decode) */
	DECODE__MAX
};

const char *decode_status_str(enum decode_status s);

/* Percent-decodes s[0..len) into a new arena string; plus_is_space maps
 * '+' to ' ' (forms). Rejects bad escapes, NUL and invalid UTF-8. */
enum decode_status url_decode(struct arena *a, const char *s, size_t len,
    bool plus_is_space, char **out, size_t *outlen);

#endif
