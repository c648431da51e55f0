/* test_route_csrf.c: tests the CSRF rule of the routing table: every
 * POST route of the shipped table checks the token (none is exempt), and
 * route_table_check_entries refuses a POST route without a check (CSRF_NONE),
 * a GET route that declares one, and an out-of-range rule, while it
 * accepts a declared exemption. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "pages.h"
#include "route.h"
#include "tap.h"

static void
test_shipped(void)
{
	size_t posts = 0, checked = 0, gets_plain = 0, gets = 0;

	for (size_t i = 0; i < route_count(); i++) {
		const struct route *r = route_at(i);
		if (r->method == METHOD_POST) {
			posts++;
			checked += r->csrf == CSRF_TOKEN;
		} else {
			gets++;
			gets_plain += r->csrf == CSRF_NONE;
		}
	}
	ok(posts > 0 && checked == posts, "every POST route checks the CSRF token (%zu of %zu)", checked,
	    posts);
	ok(gets_plain == gets, "no GET route declares a CSRF rule (%zu of %zu plain)", gets_plain, gets);
	ok(route_table_check() == 0, "route_table_check accepts the shipped table");
}

static void
test_rule(void)
{
	static const struct {
		struct route r;
		int want;
		const char *what;
	} cases[] = {
		{ { METHOD_POST, "/x", page_home, OPEN(PERM_SIGNED_IN), CSRF_TOKEN }, 0, "POST with CSRF_TOKEN" },
		{ { METHOD_POST, "/x", page_home, OPEN(PERM_SIGNED_IN), CSRF_EXEMPT }, 0, "POST with CSRF_EXEMPT" },
		{ { METHOD_POST, "/x", page_home, OPEN(PERM_SIGNED_IN), CSRF_NONE }, -1,
		  "POST without a CSRF rule" },
		{ { METHOD_POST, "/x", page_home, OPEN(PERM_PUBLIC), CSRF__MAX }, -1, "POST with an unknown rule" },
		{ { METHOD_GET, "/x", page_home, OPEN(PERM_PUBLIC), CSRF_NONE }, 0, "GET without a rule" },
		{ { METHOD_GET, "/x", page_home, OPEN(PERM_PUBLIC), CSRF_TOKEN }, -1, "GET with CSRF_TOKEN" },
		{ { METHOD_GET, "/x", page_home, OPEN(PERM_PUBLIC), CSRF_EXEMPT }, -1, "GET with CSRF_EXEMPT" },
		{ { METHOD_POST, "/x", page_home, { PERM_UNDECLARED, 0, 0, false }, CSRF_TOKEN }, -1,
		  "POST with CSRF_TOKEN but no permission" },
		{ { METHOD_POST, "/x", NULL, OPEN(PERM_PUBLIC), CSRF_TOKEN }, -1,
		  "POST with CSRF_TOKEN but no handler" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(route_table_check_entries(&cases[i].r, 1) == cases[i].want, "%s: %s", cases[i].what,
		    cases[i].want == 0 ? "accepted" : "refused");

	/* One bad route refuses the whole table, wherever it is. */
	{
		struct route t[3] = { cases[0].r, cases[1].r, cases[2].r };
		ok(route_table_check_entries(t, 3) == -1, "a table with one undeclared POST route is refused");
		ok(route_table_check_entries(t, 2) == 0, "the same table without it is accepted");
	}
}

int
main(void)
{
	test_shipped();
	test_rule();
	return tap_done();
}
