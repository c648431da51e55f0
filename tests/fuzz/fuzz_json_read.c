/* fuzz_json_read.c: fuzzes the JSON reader the audit trail uses to show
 * details (json_read.h). Any input: no crash, and a tree that holds what
 * the reader promises (scalars have text, containers have no text).
 * Input that is valid UTF-8 without NUL, quoted by json_quote (how the
 * program writes details), must read back as exactly that string. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "json_read.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(const struct jv *v, int depth)
{
	if (depth > 17)
		abort();	/* deeper than the reader allows */
	if (v->type == JV_ARR || v->type == JV_OBJ) {
		if (jv_text(v) != NULL)
			abort();
		for (size_t i = 0; i < v->n; i++) {
			if (v->type == JV_OBJ && (v->keys[i] == NULL || jv_get(v, v->keys[i]) == NULL))
				abort();
			walk(&v->items[i], depth + 1);
		}
	} else if (jv_text(v) == NULL) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	char *text;
	const struct jv *v;

	arena_init(&a);
	text = arena_strndup(&a, (const char *)data, size);
	if ((v = json_read(&a, text)) != NULL)
		walk(v, 0);
	if (strlen(text) == size && utf8_valid(text, size)) {
		v = json_read(&a, json_quote(&a, text));
		if (v == NULL || v->type != JV_STR || strcmp(v->s, text) != 0)
			abort();
	}
	arena_reset(&a);
	return 0;
}
