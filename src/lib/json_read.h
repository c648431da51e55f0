/* json_read.h: a small JSON reader for text this program wrote itself
 * (the audit trail's details, json.h), to show it to people. It builds a
 * tree in an arena; depth and size are bounded; anything it does not
 * understand makes it return NULL and the caller shows the raw text. */
#ifndef CRM_JSON_READ_H
#define CRM_JSON_READ_H

#include <stddef.h>

#include "arena.h"

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	const char *s;		/* JV_STR: the string (unescaped, UTF-8);
				 * JV_NUM, JV_BOOL: its text as written */
	size_t n;		/* JV_ARR, JV_OBJ: items */
	const char **keys;	/* JV_OBJ: n keys, in the text's order */
	struct jv *items;	/* JV_ARR, JV_OBJ: n values */
};

/* Parses text (NUL-terminated) into a tree in a; NULL when it is not one
 * JSON value, nests deeper than 16 or holds more than 10000 items. */
struct jv *json_read(struct arena *a, const char *text);

/* The member key of object o, or NULL (also when o is not an object). */
const struct jv *jv_get(const struct jv *o, const char *key);

/* A scalar as text ("" for null); NULL for an array or object. */
const char *jv_text(const struct jv *v);

#endif
