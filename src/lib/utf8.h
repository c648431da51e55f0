/* utf8.h: strict UTF-8 validation. */
#ifndef CRM_UTF8_H
#define CRM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (RFC 3629): no overlong forms,
 * no surrogates, nothing above U+10FFFF. NUL bytes are well-formed here;
 * callers that store C strings reject them separately. */
bool utf8_valid(const char *s, size_t len);

/* Length of the well-formed UTF-8 character at s of a NUL-terminated
 * string (1-4), or 0 when the byte at s does not start one. */
size_t utf8_char_len(const unsigned char *s);

#endif
