/* cookie.c: owns cookie syntax. Every cookie the CRM sets is a __Host-
 * cookie (Secure, no Domain, Path=/) with HttpOnly and SameSite=Strict. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cookie.h"

#define COOKIE_VALUE_MAX 4096

/* RFC 6265 cookie-octet. */
static bool
is_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
	    (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

/* RFC 9110 token character, for cookie names. */
static bool
is_token(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

const char *
cookie_get(struct arena *a, const char *header, const char *name)
{
	const char *p = header, *found = NULL;
	size_t nlen = strlen(name), found_len = 0;

	if (header == NULL)
		return NULL;
	while (*p) {
		const char *k = p, *v;
		size_t klen, vlen;
		while (is_token((unsigned char)*p))
			p++;
		klen = (size_t)(p - k);
		if (klen == 0 || *p++ != '=')
			return NULL;
		v = p;
		while (is_octet((unsigned char)*p))
			p++;
		vlen = (size_t)(p - v);
		if (vlen > COOKIE_VALUE_MAX)
			return NULL;
		if (found == NULL && klen == nlen && memcmp(k, name, nlen) == 0)
			found = v, found_len = vlen;
		if (*p == '\0')
			break;
		if (p[0] != ';' || p[1] != ' ')
			return NULL;
		p += 2;
	}
	return found ? arena_strndup(a, found, found_len) : NULL;
}

int
cookie_set(struct response *resp, const char *name, const char *value, long max_age)
{
	for (const char *p = value; *p; p++)
		if (!is_octet((unsigned char)*p))
			return -1;
	for (const char *p = name; *p; p++)
		if (!is_token((unsigned char)*p))
			return -1;
	if (max_age < 0)
		return response_header(resp, "Set-Cookie", arena_printf(resp->arena,
		    "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict", name, value));
	return response_header(resp, "Set-Cookie", arena_printf(resp->arena,
	    "%s=%s; Path=/; Max-Age=%ld; Secure; HttpOnly; SameSite=Strict",
	    name, value, max_age));
}
