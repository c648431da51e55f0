/* test_record_audit.c: tests record_audit.c without a database on a
 * small declaration built here: values in declaration order, NULL left
 * out, sealed values masked (never in clear), numeric fields as JSON
 * numbers, and the changes of an update (only what changed, NULL before
 * as "", NULL after left out). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "record_audit.h"
#include "tap.h"

static struct arena arena;

#define DOTS "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"	/* json_mask's three bullets */

static const struct record_field fields[] = {
	{ .def = { .name = "name", .type = FIELD_TEXT } },
	{ .def = { .name = "email", .type = FIELD_EMAIL }, .protect = PROTECT_INDEXED, .index = SEARCH_EMAIL,
	  .flags = RF_RULED },
	{ .def = { .name = "count", .type = FIELD_INT } },
	{ .def = { .name = "note", .type = FIELD_TEXTAREA }, .protect = PROTECT_SEALED, .flags = RF_RULED },
	{ .def = { .name = "code", .type = FIELD_ID } },
};

static const struct record_decl decl = {
	.kind = RK_CONTACTS, .table = "things", .subject = "thing", .module = MOD_CONTACTS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};

struct values_case {
	const char *values[5];
	const char *want;
	const char *what;
};

static const struct values_case values_cases[] = {
	{ { "Ann", "ann@example.com", "3", "private", "12" },
	  "{\"name\":\"Ann\",\"email\":\"a" DOTS "\",\"count\":3,"
	  "\"note\":\"p" DOTS "\",\"code\":12}",
	  "all fields in declaration order, sealed masked, numbers bare" },
	{ { "Ann", NULL, NULL, NULL, NULL }, "{\"name\":\"Ann\"}", "NULL values left out" },
	{ { NULL, NULL, NULL, NULL, NULL }, "{}", "nothing audited: an empty object" },
	{ { "A\"b", "", "-7", "", NULL }, "{\"name\":\"A\\\"b\",\"email\":\"\",\"count\":-7,\"note\":\"\"}",
	  "escaped text, empty sealed value stays empty, negative number" },
	{ { NULL, NULL, "07", NULL, "x1" }, "{\"count\":\"07\",\"code\":\"x1\"}",
	  "a numeric field whose value is not a JSON integer stays a string" },
};

struct changes_case {
	const char *before[5], *after[5];
	const char *want;
	const char *what;
};

static const struct changes_case changes_cases[] = {
	{ { "Ann", "ann@example.com", "3", "old", "1" }, { "Ann", "ann@example.com", "3", "old", "1" },
	  "{\"before\":{},\"after\":{}}", "nothing changed: empty before and after" },
	{ { "Ann", "ann@example.com", "3", "old", "1" }, { "Bob", "bob@example.com", "4", "old", "2" },
	  "{\"before\":{\"name\":\"Ann\",\"email\":\"a" DOTS "\",\"count\":3,\"code\":1},"
	  "\"after\":{\"name\":\"Bob\",\"email\":\"b" DOTS "\",\"count\":4,\"code\":2}}",
	  "only changed fields, sealed masked on both sides" },
	{ { "Ann", "ann@example.com", NULL, "alpha", NULL }, { "Ann", "amy@example.com", "", "almost", NULL },
	  "{\"before\":{\"email\":\"a" DOTS "\",\"note\":\"a" DOTS "\"},"
	  "\"after\":{\"email\":\"a" DOTS "\",\"note\":\"a" DOTS "\"}}",
	  "a change with equal masks is still written; NULL before equals \"\"" },
	{ { NULL, "ann@example.com", "3", NULL, "1" }, { "Bob", NULL, NULL, "new", NULL },
	  "{\"before\":{\"name\":\"\",\"note\":\"\"},\"after\":{\"name\":\"Bob\",\"note\":\"n" DOTS "\"}}",
	  "NULL after left out; NULL before written as \"\"" },
};

/* No case lets a sealed value through in clear. */
static void
test_never_clear(void)
{
	const char *v[] = { NULL, "secret@example.com", NULL, "secret note", NULL };
	const char *none[] = { NULL, NULL, NULL, NULL, NULL };
	const char *s = record_audit_values(&arena, &decl, v);
	const char *c = record_audit_changes(&arena, &decl, none, v);

	ok(strstr(s, "secret") == NULL && strstr(s, "ecret") == NULL, "values: no sealed value in clear (%s)", s);
	ok(strstr(c, "ecret") == NULL, "changes: no sealed value in clear (%s)", c);
}

int
main(void)
{
	arena_init(&arena);
	for (size_t i = 0; i < sizeof(values_cases) / sizeof(values_cases[0]); i++) {
		const char *got = record_audit_values(&arena, &decl, values_cases[i].values);
		ok(strcmp(got, values_cases[i].want) == 0, "values: %s (%s)", values_cases[i].what, got);
	}
	for (size_t i = 0; i < sizeof(changes_cases) / sizeof(changes_cases[0]); i++) {
		const char *got = record_audit_changes(&arena, &decl, changes_cases[i].before, changes_cases[i].after);
		ok(strcmp(got, changes_cases[i].want) == 0, "changes: %s (%s)", changes_cases[i].what, got);
	}
	test_never_clear();
	arena_reset(&arena);
	return tap_done();
}
