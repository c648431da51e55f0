/* json.c: owns JSON text building: a growing buffer in an arena and the
 * one string escaper every JSON value goes through. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

static void
put(struct json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->cap) {
		size_t cap = (j->cap ? j->cap : 64);
		char *nb;
		while (cap < j->len + n + 1)
			cap *= 2;
		nb = arena_alloc(j->a, cap);
		if (j->len)
			memcpy(nb, j->buf, j->len);
		j->buf = nb;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void
puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Appends s as a quoted, escaped JSON string. */
static void
put_quoted(struct json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];

	put(j, "\"", 1);
	while (*p) {
		size_t n = utf8_char_len(p);
		if (n == 0) {
			puts_(j, "\\ufffd");
			p++;
		} else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			puts_(j, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
			p += 3;
		} else if (n > 1) {
			put(j, (const char *)p, n);
			p += n;
		} else {
			switch (*p) {
			case '"': puts_(j, "\\\""); break;
			case '\\': puts_(j, "\\\\"); break;
			case '\n': puts_(j, "\\n"); break;
			case '\r': puts_(j, "\\r"); break;
			case '\t': puts_(j, "\\t"); break;
			default:
				if (*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == '&') {
					snprintf(esc, sizeof(esc), "\\u%04x", *p);
					puts_(j, esc);
				} else
					put(j, (const char *)p, 1);
			}
			p++;
		}
	}
	put(j, "\"", 1);
}

void
json_begin(struct json *j, struct arena *a)
{
	memset(j, 0, sizeof(*j));
	j->a = a;
	j->first = true;
	put(j, "{", 1);
}

static void
put_key(struct json *j, const char *key)
{
	if (!j->first)
		put(j, ",", 1);
	j->first = false;
	put_quoted(j, key);
	put(j, ":", 1);
}

void
json_str(struct json *j, const char *key, const char *value)
{
	put_key(j, key);
	if (value == NULL)
		puts_(j, "null");
	else
		put_quoted(j, value);
}

void
json_int(struct json *j, const char *key, long long value)
{
	char n[32];

	put_key(j, key);
	snprintf(n, sizeof(n), "%lld", value);
	puts_(j, n);
}

void
json_bool(struct json *j, const char *key, bool value)
{
	put_key(j, key);
	puts_(j, value ? "true" : "false");
}

void
json_raw(struct json *j, const char *key, const char *json)
{
	put_key(j, key);
	puts_(j, json ? json : "null");
}

const char *
json_end(struct json *j)
{
	put(j, "}", 1);
	return j->buf;
}

char *
json_quote(struct arena *a, const char *s)
{
	struct json j = { .a = a };

	put_quoted(&j, s ? s : "");
	return j.buf;
}

const char *
json_mask(struct arena *a, const char *value)
{
	size_t n;

	if (value == NULL || value[0] == '\0')
		return "";
	n = utf8_char_len((const unsigned char *)value);
	return arena_printf(a, "%.*s\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2", (int)(n ? n : 1),
	    n ? value : "?");
}
