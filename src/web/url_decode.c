/* url_decode.c: owns percent-decoding (url_decode.h). */
#include "config.h"

#include "url_decode.h"
#include "utf8.h"

static const char *const decode_status_names[DECODE__MAX] = {
	"ok", "malformed percent-escape", "invalid UTF-8", "NUL byte",
	"too many fields", "field too long"
};

const char *
decode_status_str(enum decode_status s)
{
	return s < DECODE__MAX ? decode_status_names[s] : "?";
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum decode_status
url_decode(struct arena *a, const char *s, size_t len, bool plus_is_space,
    char **out, size_t *outlen)
{
	char *d = arena_alloc(a, len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= len || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return DECODE_BAD_ESCAPE;
			c = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space)
			c = ' ';
		if (c == '\0')
			return DECODE_NUL;
		d[o++] = c;
	}
	d[o] = '\0';
	if (!utf8_valid(d, o))
		return DECODE_BAD_UTF8;
	*out = d;
	*outlen = o;
	return DECODE_OK;
}
