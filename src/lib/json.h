/* json.h: building small JSON objects (audit record details) with every
 * string escaped in one place. */
#ifndef CRM_JSON_H
#define CRM_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* An object under construction; its memory is the arena's. */
struct json {
	struct arena *a;
	char *buf;
	size_t len, cap;
	bool first;
};

/* Starts an object: "{". */
void json_begin(struct json *j, struct arena *a);
/* Adds "key": "value" (value NULL: null). Keys are escaped too. */
void json_str(struct json *j, const char *key, const char *value);
void json_int(struct json *j, const char *key, long long value);
void json_bool(struct json *j, const char *key, bool value);
/* Adds "key": json, where json is an object or array built by the
 * caller (e.g. with json_end of another struct json); NULL gives null. */
void json_raw(struct json *j, const char *key, const char *json);
/* Closes the object and returns its text (arena memory). */
const char *json_end(struct json *j);

/* s as a JSON string literal with quotes (arena memory): " \ and
 * controls escaped, < > & U+2028 U+2029 as \u escapes (safe to embed in
 * HTML), invalid UTF-8 bytes as \ufffd. */
char *json_quote(struct arena *a, const char *s);

/* A sensitive value for a detail: its first character and "•••"
 * ("" stays ""), so a reviewer sees that it changed, not what it is. */
const char *json_mask(struct arena *a, const char *value);

#endif
