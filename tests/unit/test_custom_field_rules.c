/* test_custom_field_rules.c: the rules /admin/fields applies to a new
 * custom field before any database work (custom_field_store.h):
 * cf_check_kind over every type x protection (exact search only for
 * text, email, phone, integer and single choice; no encryption for user
 * and multiple-choice fields), the currency of amounts and unknown
 * codes; cf_check_default per type, normalised as the forms normalise
 * values, and choice defaults against the live options. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "custom_field.h"
#include "custom_field_store.h"
#include "handler.h"
#include "request.h"
#include "tap.h"

static bool
indexable(const char *t)
{
	static const char *const ok_types[] = { "text", "email", "phone", "integer", "choice", NULL };

	for (int i = 0; ok_types[i]; i++)
		if (strcmp(ok_types[i], t) == 0)
			return true;
	return false;
}

static void
test_kinds(void)
{
	for (int t = 0; custom_type_names[t]; t++)
		for (int p = 0; cf_protects[p]; p++) {
			const char *type = custom_type_names[t], *prot = cf_protects[p];
			struct cf_def d = { .family = "contacts", .type = type, .protect = prot, .personal = "none",
			    .currency = strcmp(type, "money") == 0 ? "EUR" : NULL };
			bool plain = strcmp(prot, "plain") == 0;
			bool want = plain || (strcmp(type, "user") != 0 && strcmp(type, "multichoice") != 0 &&
			    (strcmp(prot, "sealed") == 0 || indexable(type)));
			ok((cf_check_kind(&d) == NULL) == want, "%s %s: %s", type, prot, want ? "accepted" : "refused");
		}
	struct cf_def base = { .family = "contacts", .type = "money", .protect = "plain", .personal = "none" };
	struct cf_def d = base;
	ok(cf_check_kind(&d) != NULL, "an amount without a currency is refused");
	d.currency = "XYZ";
	ok(cf_check_kind(&d) != NULL, "an amount in a currency deals do not offer is refused");
	d = base;
	d.type = "text";
	d.currency = "EUR";
	ok(cf_check_kind(&d) != NULL, "a currency on a text field is refused");
	d = base;
	d.currency = "CHF";
	d.family = "activities";
	ok(cf_check_kind(&d) != NULL, "activities have no custom fields");
	d.family = "deals";
	d.personal = "medical";
	ok(cf_check_kind(&d) != NULL, "an unknown personal-data class is refused");
}

static const struct cf_option opts[] = {
	{ .code = "gold" }, { .code = "silver" }, { .code = "old", .retired = true },
};

static const struct {
	const char *type, *value, *want;	/* want NULL: refused; "" : no default */
} defaults[] = {
	{ "text", "  hello ", "hello" }, { "text", "   ", "" }, { "integer", "007", "7" },
	{ "integer", "12abc", NULL }, { "decimal", "1,234.5", "1234.50" }, { "money", "12.345", NULL },
	{ "date", "2024-02-29", "2024-02-29" }, { "date", "2023-02-29", NULL },
	{ "datetime", "2024-12-31T17:30", "2024-12-31T17:30" }, { "datetime", "2024-12-31 17:30", NULL },
	{ "datetime", "2024-12-31T24:00", NULL }, { "datetime", "2024-02-30T10:00", NULL },
	{ "checkbox", "1", "1" }, { "checkbox", "0", "" }, { "checkbox", "maybe", NULL },
	{ "email", "Ann@Example.COM", "Ann@example.com" }, { "email", "not-an-address", NULL },
	{ "phone", "+41 44 123 45 67", "+41441234567" }, { "url", "https://example.com/x", "https://example.com/x" },
	{ "url", "javascript:alert(1)", NULL }, { "user", "1", NULL },
	{ "choice", "gold", "gold" }, { "choice", "gold,silver", NULL }, { "choice", "old", NULL },
	{ "choice", "bronze", NULL }, { "multichoice", " gold , silver ", "gold,silver" },
	{ "multichoice", "gold,old", NULL },
};

static void
test_defaults(void)
{
	struct arena a;
	struct request req = { 0 };
	struct ctx ctx = { 0 };

	arena_init(&a);
	req.arena = &a;
	ctx.req = &req;
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		struct cf_def d = { .family = "contacts", .type = defaults[i].type, .protect = "plain",
		    .personal = "none", .default_value = defaults[i].value };
		const char *norm = NULL, *msg = cf_check_default(&ctx, &d, opts, 3, &norm);
		if (defaults[i].want == NULL)
			ok(msg != NULL, "%s default \"%s\" refused (%s)", d.type, d.default_value, msg ? msg : "-");
		else
			ok(msg == NULL && strcmp(norm ? norm : "", defaults[i].want) == 0,
			    "%s default \"%s\" gives \"%s\" (%s)", d.type, d.default_value, defaults[i].want,
			    norm ? norm : "none");
	}
	arena_reset(&a);
}

int
main(void)
{
	test_kinds();
	test_defaults();
	return tap_done();
}
