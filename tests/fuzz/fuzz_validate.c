/* fuzz_validate.c: fuzzes form_validate with a form using every field
 * type. Input: "key=value" lines; lines that are not valid UTF-8, hold a
 * NUL or lack '=' are skipped, as the request decoder would refuse them.
 * Invariants: no crash or sanitizer report; nerrors equals the number of
 * values with an error; an error means a NULL value; every value and raw
 * string is valid UTF-8; typed values agree with their text. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "request.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = { "lead", "customer", "partner", NULL };

static const struct field_def fields[] = {
	{ "t", "Text", FIELD_TEXT, true, 2, 20, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "a", "Textarea", FIELD_TEXTAREA, false, 0, 200, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "e", "Email", FIELD_EMAIL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "p", "Phone", FIELD_PHONE, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "i", "Int", FIELD_INT, false, 0, 0, NULL, NULL, NULL, -1000, 1000, PICK_NONE },
	{ "n", "Int unbounded", FIELD_INT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "m", "Money", FIELD_MONEY, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "d", "Date", FIELD_DATE, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "c", "Choice", FIELD_CHOICE, false, 0, 0, NULL, NULL, choices, 0, 0, PICK_NONE },
	{ "b", "Bool", FIELD_BOOL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "id", "Id", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "x", "Code", FIELD_TEXT, false, 0, 0, "[A-Z]{2}[0-9]{2,4}|x+", "Enter a code.", NULL, 0, 0, PICK_NONE },
};
static const struct form_def form = { "fuzz", fields, sizeof(fields) / sizeof(fields[0]) };

/* Splits data into key=value lines and appends the acceptable ones. */
static void
split(struct param_list *l, struct arena *a, const char *data, size_t size)
{
	size_t start = 0;

	while (start < size) {
		const char *line = data + start, *nl = memchr(line, '\n', size - start);
		size_t n = nl ? (size_t)(nl - line) : size - start;
		const char *eq = memchr(line, '=', n);
		start += n + 1;
		if (eq == NULL || memchr(line, '\0', n) != NULL || !utf8_valid(line, n))
			continue;
		param_list_add(l, a, arena_strndup(a, line, (size_t)(eq - line)),
		    arena_strndup(a, eq + 1, n - (size_t)(eq - line) - 1), n - (size_t)(eq - line) - 1);
	}
}

/* Checks one value; aborts on a broken invariant. */
static void
check_value(const struct field_value *v, struct arena *a)
{
	if (v->raw == NULL || !utf8_valid(v->raw, strlen(v->raw)))
		abort();
	if (v->error != NULL) {
		if (v->value != NULL)
			abort();
		(void)form_error_arg(a, v);
		return;
	}
	if (v->value == NULL)
		return;
	if (!utf8_valid(v->value, strlen(v->value)))
		abort();
	switch (v->def->type) {
	case FIELD_INT:
	case FIELD_ID:
		if (strtoll(v->value, NULL, 10) != v->i)
			abort();
		break;
	case FIELD_MONEY:
		(void)format_money(a, v->i);
		break;
	case FIELD_TEXT:
		for (const char *s = v->value; *s; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				abort();
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena arena;
	static int init;
	struct param_list list = { NULL, NULL, 0 };
	struct form_result r;
	char *in;
	int n, counted = 0;

	if (!init) {
		arena_init(&arena);
		if (form_def_check(&form) != 0)
			abort();
		init = 1;
	}
	/* An exact-size heap copy so ASan sees any read past the end. */
	in = malloc(size ? size : 1);
	if (in == NULL)
		abort();
	memcpy(in, data, size);
	split(&list, &arena, in, size);
	free(in);

	n = form_validate(&form, &list, &arena, &r);
	for (size_t i = 0; i < form.nfields; i++) {
		if (r.values[i].def != &fields[i])
			abort();
		counted += r.values[i].error != NULL;
		check_value(&r.values[i], &arena);
	}
	if (n != r.nerrors || n != counted || r.error != NULL)
		abort();
	/* An after-the-fact error counts once per field. */
	{
		bool had = r.values[2].error != NULL;
		form_set_error(&r, "e", "Taken.");
		if (r.nerrors != counted + !had || r.values[2].value != NULL)
			abort();
	}
	arena_reset(&arena);
	return 0;
}
