/* test_custom_value.c: the parts of custom fields that need no database:
 * type names, how canonical values are stored as numbers, and how their
 * audit members join a record's audit detail. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "custom_field.h"
#include "custom_value.h"
#include "tap.h"

static void
test_type_names(void)
{
	for (int t = 0; t < CT__MAX; t++)
		ok(custom_type_parse(custom_type_name((enum custom_type)t)) == t, "type %s parses back",
		    custom_type_name((enum custom_type)t));
	ok(custom_type_parse("Text") == -1 && custom_type_parse("") == -1 && custom_type_parse(NULL) == -1,
	    "other spellings are no type");
	ok(custom_type_numeric(CT_MONEY) && custom_type_numeric(CT_DATE) && custom_type_numeric(CT_USER) &&
	    !custom_type_numeric(CT_CHOICE) && !custom_type_numeric(CT_TEXT), "numbers vs texts");
}

static void
test_numbers(void)
{
	static const struct { enum custom_type t; const char *in; long long want; } cases[] = {
		{ CT_INTEGER, "-42", -42 },
		{ CT_MONEY, "1234.50", 123450 },
		{ CT_MONEY, "-0.05", -5 },
		{ CT_DECIMAL, "7.00", 700 },
		{ CT_DATE, "2024-02-29", 20240229 },
		{ CT_DATETIME, "2026-12-10T09:05", 202612100905LL },
		{ CT_CHECKBOX, "1", 1 },
		{ CT_USER, "17", 17 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(custom_int_of_text(cases[i].t, cases[i].in) == cases[i].want, "%s %s stored as %lld",
		    custom_type_name(cases[i].t), cases[i].in, cases[i].want);
}

static void
test_audit_join(void)
{
	struct arena a;

	arena_init(&a);
	ok(strcmp(custom_audit_join(&a, "{\"after\":{\"x\":1}}", ""), "{\"after\":{\"x\":1}}") == 0,
	    "nothing custom: the detail as it was");
	ok(strcmp(custom_audit_join(&a, "{\"after\":{\"x\":1}}", ",\"custom\":{}"),
	    "{\"after\":{\"x\":1},\"custom\":{}}") == 0, "custom members go inside the object");
	ok(strcmp(custom_audit_join(&a, "{}", ",\"custom\":{}"), "{\"custom\":{}}") == 0,
	    "an empty detail takes them without a comma");
	ok(strcmp(custom_audit_join(&a, "x", ",\"custom\":{}"), "x") == 0, "not an object: left alone");
	arena_reset(&a);
}

int
main(void)
{
	test_type_names();
	test_numbers();
	test_audit_join();
	return tap_done();
}
