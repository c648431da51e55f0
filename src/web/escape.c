/* escape.c: owns escaping by context. The template engine is the only
 * caller of the HTML escapes: no other code writes data into a page, so
 * there is no path by which data becomes markup. (URL query values and
 * LIKE prefixes are escaped here too, for the pages and statements that
 * build them.) */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "escape.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* Length of the well-formed UTF-8 sequence at s, or 0 when malformed. */
static size_t
utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return n + 1;
}

static void
escape(struct response *out, const char *str, bool attr)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;

	if (s == NULL)
		return;
	while (*s) {
		const char *rep = NULL;
		size_t n = utf8_seq(s);

		if (n == 0)
			rep = REPLACEMENT, n = 1;
		else if (n == 1) {
			switch (*s) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = attr ? "&quot;" : NULL; break;
			case '\'': rep = attr ? "&#39;" : NULL; break;
			default:
				if ((*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7f)
					rep = REPLACEMENT;
			}
		} else if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
			rep = REPLACEMENT;	/* C1 controls */
		if (rep != NULL) {
			response_write(out, (const char *)run, (size_t)(s - run));
			response_puts(out, rep);
			run = s + n;
		}
		s += n;
	}
	response_write(out, (const char *)run, (size_t)(s - run));
}

void
escape_text(struct response *out, const char *s)
{
	escape(out, s, false);
}

void
escape_attr(struct response *out, const char *s)
{
	escape(out, s, true);
}

bool
url_is_safe(const char *s)
{
	size_t scheme_len;

	if (s == NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;	/* browsers strip these inside schemes */
	scheme_len = strcspn(s, ":/?#");
	if (s[scheme_len] != ':')
		return true;		/* no scheme: a relative reference */
	return (scheme_len == 4 && strncasecmp(s, "http", 4) == 0) ||
	    (scheme_len == 5 && strncasecmp(s, "https", 5) == 0);
}

char *
url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = s ? strlen(s) : 0;
	char *out = arena_alloc(a, 3 * n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

char *
like_escape(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, 2 * n + 1), *o = out;

	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}
