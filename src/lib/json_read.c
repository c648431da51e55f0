/* json_read.c: owns the JSON reader (json_read.h): recursive descent
 * over the text, with a depth and an item budget. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "json_read.h"

#define DEPTH_MAX 16
#define ITEMS_MAX 10000

struct reader {
	struct arena *a;
	const char *p;
	int items;
};

static bool value(struct reader *r, struct jv *out, int depth);

static void
skip_ws(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static int
hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= c - '0';
		else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
		else return -1;
	}
	return v;
}

/* Appends code point u as UTF-8 (surrogates become U+FFFD). */
static size_t
put_utf8(char *o, int u)
{
	if (u >= 0xd800 && u <= 0xdfff)
		u = 0xfffd;
	if (u < 0x80) { o[0] = (char)u; return 1; }
	if (u < 0x800) { o[0] = (char)(0xc0 | (u >> 6)); o[1] = (char)(0x80 | (u & 0x3f)); return 2; }
	o[0] = (char)(0xe0 | (u >> 12));
	o[1] = (char)(0x80 | ((u >> 6) & 0x3f));
	o[2] = (char)(0x80 | (u & 0x3f));
	return 3;
}

/* A string at r->p (on its opening quote) into *out. */
static bool
string(struct reader *r, const char **out)
{
	const char *p = r->p + 1, *end = p;
	char *o, *w;
	int u;

	while (*end && *end != '"')
		end += (*end == '\\' && end[1]) ? 2 : 1;
	if (*end != '"')
		return false;
	w = o = arena_alloc(r->a, (size_t)(end - p) * 3 + 1);
	while (p < end) {
		if (*p != '\\') { *w++ = *p++; continue; }
		switch (p[1]) {
		case '"': case '\\': case '/': *w++ = p[1]; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (end - p < 6 || (u = hex4(p + 2)) < 0)
				return false;
			w += put_utf8(w, u);
			p += 4;
			break;
		default: return false;
		}
		p += 2;
	}
	*w = '\0';
	*out = o;
	r->p = end + 1;
	return true;
}

/* Object or array members at r->p (after the bracket) into out. */
static bool
members(struct reader *r, struct jv *out, char close, int depth)
{
	size_t cap = 8;

	out->items = arena_alloc(r->a, cap * sizeof(*out->items));
	out->keys = out->type == JV_OBJ ? arena_alloc(r->a, cap * sizeof(*out->keys)) : NULL;
	skip_ws(r);
	if (*r->p == close) { r->p++; return true; }
	for (;;) {
		if (++r->items > ITEMS_MAX)
			return false;
		if (out->n == cap) {
			struct jv *items = arena_alloc(r->a, 2 * cap * sizeof(*items));
			memcpy(items, out->items, cap * sizeof(*items));
			out->items = items;
			if (out->keys != NULL) {
				const char **keys = arena_alloc(r->a, 2 * cap * sizeof(*keys));
				memcpy(keys, out->keys, cap * sizeof(*keys));
				out->keys = keys;
			}
			cap *= 2;
		}
		skip_ws(r);
		if (out->type == JV_OBJ) {
			if (*r->p != '"' || !string(r, &out->keys[out->n]))
				return false;
			skip_ws(r);
			if (*r->p++ != ':')
				return false;
		}
		if (!value(r, &out->items[out->n++], depth + 1))
			return false;
		skip_ws(r);
		if (*r->p == ',') { r->p++; continue; }
		if (*r->p == close) { r->p++; return true; }
		return false;
	}
}

static bool
literal(struct reader *r, struct jv *out, const char *word, enum jv_type t)
{
	size_t n = strlen(word);

	if (strncmp(r->p, word, n) != 0)
		return false;
	out->type = t;
	out->s = word;
	r->p += n;
	return true;
}

static bool
number(struct reader *r, struct jv *out)
{
	const char *start = r->p;

	while (*r->p && strchr("+-0123456789.eE", *r->p) != NULL)
		r->p++;
	if (r->p == start)
		return false;
	out->type = JV_NUM;
	out->s = arena_printf(r->a, "%.*s", (int)(r->p - start), start);
	return true;
}

static bool
value(struct reader *r, struct jv *out, int depth)
{
	memset(out, 0, sizeof(*out));
	if (depth > DEPTH_MAX)
		return false;
	skip_ws(r);
	switch (*r->p) {
	case '{': r->p++; out->type = JV_OBJ; return members(r, out, '}', depth);
	case '[': r->p++; out->type = JV_ARR; return members(r, out, ']', depth);
	case '"': out->type = JV_STR; return string(r, &out->s);
	case 't': return literal(r, out, "true", JV_BOOL);
	case 'f': return literal(r, out, "false", JV_BOOL);
	case 'n': return literal(r, out, "null", JV_NULL);
	default: return number(r, out);
	}
}

struct jv *
json_read(struct arena *a, const char *text)
{
	struct reader r = { .a = a, .p = text ? text : "" };
	struct jv *out = arena_alloc(a, sizeof(*out));

	if (!value(&r, out, 0))
		return NULL;
	skip_ws(&r);
	return *r.p == '\0' ? out : NULL;
}

const struct jv *
jv_get(const struct jv *o, const char *key)
{
	for (size_t i = 0; o != NULL && o->type == JV_OBJ && i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

const char *
jv_text(const struct jv *v)
{
	if (v == NULL || v->type == JV_ARR || v->type == JV_OBJ)
		return NULL;
	return v->type == JV_NULL ? "" : v->s;
}
