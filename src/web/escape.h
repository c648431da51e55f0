/* escape.h: the output escaping of each HTML context. */
#ifndef CRM_ESCAPE_H
#define CRM_ESCAPE_H

#include <stdbool.h>

#include "response.h"

/* Writes s as HTML text: & < > escaped; invalid UTF-8, NUL and C0/C1
 * controls other than TAB, LF and CR become U+FFFD. */
void escape_text(struct response *out, const char *s);

/* Writes s for a double-quoted attribute value: text escaping plus " ' . */
void escape_attr(struct response *out, const char *s);

/* True when s may be put in a URL attribute (href, src, action, ...): a
 * relative reference, or an absolute http/https URL. Anything with
 * another scheme (javascript:, data:, vbscript:, ...), control
 * characters or whitespace before a colon is refused. */
bool url_is_safe(const char *s);

struct arena;
/* s percent-encoded for a query string value (RFC 3986 unreserved kept),
 * in the arena. */
char *url_encode(struct arena *a, const char *s);

/* s for a LIKE pattern (the default escape character): % _ and \
 * escaped, so "CONCAT(?, '%')" matches exactly the prefix s. In the
 * arena. */
char *like_escape(struct arena *a, const char *s);

#endif
