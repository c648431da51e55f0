/* test_route.c: tests route_match patterns with {id}, route_table_check,
 * route_find, and that the generic record lifecycle routes each reach a
 * record kind whose module is the one their permission names. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "pages.h"
#include "record_kind.h"
#include "route.h"
#include "tap.h"

static void
test_match(void)
{
	static const struct {
		const char *pattern, *path;
		int want;
		int nids;
		long long id0, id1;
	} cases[] = {
		{ "/", "/", 1, 0, 0, 0 },
		{ "/healthz", "/healthz", 1, 0, 0, 0 },
		{ "/healthz", "/healthz/", 0, 0, 0, 0 },	/* trailing slash mismatch */
		{ "/healthz/", "/healthz", 0, 0, 0, 0 },
		{ "/healthz", "/healthzz", 0, 0, 0, 0 },
		{ "/healthz", "/health", 0, 0, 0, 0 },
		{ "/healthz", "/Healthz", 0, 0, 0, 0 },
		{ "/", "", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/42", 1, 1, 42, 0 },
		{ "/contacts/{id}", "/contacts/1", 1, 1, 1, 0 },
		{ "/contacts/{id}", "/contacts/9", 1, 1, 9, 0 },
		{ "/contacts/{id}", "/contacts/042", 0, 0, 0, 0 },	/* leading zero */
		{ "/contacts/{id}", "/contacts/0", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/abc", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/4a", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/-1", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/+1", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/ 1", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/42/", 0, 0, 0, 0 },	/* trailing slash */
		{ "/contacts/{id}", "/contacts/{id}", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/123456789012345678", 1, 1, 123456789012345678LL, 0 },
		{ "/contacts/{id}", "/contacts/999999999999999999", 1, 1, 999999999999999999LL, 0 },
		{ "/contacts/{id}", "/contacts/1234567890123456789", 0, 0, 0, 0 },	/* 19 digits */
		{ "/contacts/{id}", "/contacts/9999999999999999999", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/99999999999999999999999", 0, 0, 0, 0 },
		{ "/contacts/{id}/edit", "/contacts/42/edit", 1, 1, 42, 0 },
		{ "/contacts/{id}/edit", "/contacts/42/edi", 0, 0, 0, 0 },
		{ "/contacts/{id}/edit", "/contacts/42/edit/", 0, 0, 0, 0 },
		{ "/contacts/{id}/edit", "/contacts/42", 0, 0, 0, 0 },
		{ "/contacts/{id}/edit", "/contacts//edit", 0, 0, 0, 0 },
		{ "/contacts/{id}/edit", "/contacts/42x/edit", 0, 0, 0, 0 },
		{ "/contacts/{id}", "/contacts/42/edit", 0, 0, 0, 0 },
		{ "/a/{id}/b/{id}", "/a/7/b/8", 1, 2, 7, 8 },
		{ "/a/{id}/b/{id}", "/a/7/b/", 0, 0, 0, 0 },
		{ "/a/{id}/b/{id}", "/a/7/c/8", 0, 0, 0, 0 },
	};
	long long ids[ROUTE_MAX_IDS];
	int nids;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int m;
		bool good;

		memset(ids, 0, sizeof(ids));
		nids = -1;
		m = route_match(cases[i].pattern, cases[i].path, ids, &nids);
		good = (m != 0) == (cases[i].want != 0);
		if (good && m) {
			good = nids == cases[i].nids;
			if (good && nids >= 1)
				good = ids[0] == cases[i].id0;
			if (good && nids >= 2)
				good = ids[1] == cases[i].id1;
		}
		ok(good, "route_match(\"%s\", \"%s\") -> %s", cases[i].pattern, cases[i].path,
		    cases[i].want ? "match" : "no match");
	}

	/* More {id} segments than ROUTE_MAX_IDS never overflow ids. */
	{
		long long big[ROUTE_MAX_IDS + 1];
		memset(big, 0, sizeof(big));
		big[ROUTE_MAX_IDS] = -7;
		nids = 0;
		ok(route_match("/{id}/{id}/{id}/{id}/{id}", "/1/2/3/4/5", big, &nids) == 0 &&
		    big[ROUTE_MAX_IDS] == -7 && nids <= ROUTE_MAX_IDS,
		    "more than ROUTE_MAX_IDS ids refused without overflow");
		nids = 0;
		ok(route_match("/{id}/{id}/{id}/{id}", "/1/2/3/4", big, &nids) == 1 && nids == 4 &&
		    big[0] == 1 && big[3] == 4, "exactly ROUTE_MAX_IDS ids accepted");
	}
	nids = 5;
	ok(route_match("/x", "/y", ids, &nids) == 0 && nids == 0, "nids reset to 0 on no match");
}

/* A request for path and method, routed. */
static enum route_result
find(const char *path, enum http_method m, const struct route **rt, char *allow, size_t allowsz)
{
	static struct request req;
	static struct ctx ctx;

	memset(&req, 0, sizeof(req));
	memset(&ctx, 0, sizeof(ctx));
	req.path = path;
	req.method = m;
	req.method_name = m == METHOD_GET ? "GET" : m == METHOD_HEAD ? "HEAD" :
	    m == METHOD_POST ? "POST" : "PUT";
	ctx.req = &req;
	ctx.nids = -1;
	*rt = NULL;
	return route_find(&ctx, rt, allow, allowsz);
}

static void
test_find(void)
{
	const struct route *rt;
	char allow[64];
	enum route_result res;

	ok(route_table_check() == 0, "route_table_check accepts the shipped table");

	res = find("/healthz", METHOD_GET, &rt, allow, sizeof(allow));
	ok(res == ROUTE_FOUND && rt != NULL && rt->handler == page_healthz &&
	    rt->need.kind == PERM_PUBLIC, "GET /healthz found (page_healthz, public)");
	res = find("/healthz", METHOD_HEAD, &rt, allow, sizeof(allow));
	ok(res == ROUTE_FOUND && rt != NULL && rt->handler == page_healthz,
	    "HEAD /healthz found through the GET route");
	res = find("/healthz", METHOD_POST, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_METHOD, "POST /healthz -> ROUTE_NO_METHOD");
	ok(res == ROUTE_NO_METHOD && strcmp(allow, "GET, HEAD") == 0,
	    "POST /healthz allow is \"GET, HEAD\" (got \"%s\")", allow);
	res = find("/healthz", METHOD_OTHER, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_METHOD && strcmp(allow, "GET, HEAD") == 0,
	    "PUT /healthz -> ROUTE_NO_METHOD with allow \"GET, HEAD\"");
	res = find("/", METHOD_GET, &rt, allow, sizeof(allow));
	ok(res == ROUTE_FOUND && rt != NULL && rt->handler == page_home, "GET / found (page_home)");
	res = find("/nope", METHOD_GET, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_PATH, "GET /nope -> ROUTE_NO_PATH");
	ok(allow[0] == '\0', "allow empty after ROUTE_NO_PATH");
	res = find("/healthz/", METHOD_GET, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_PATH, "GET /healthz/ -> ROUTE_NO_PATH");
	res = find("/HEALTHZ", METHOD_GET, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_PATH, "GET /HEALTHZ -> ROUTE_NO_PATH");
	res = find("/nope", METHOD_POST, &rt, allow, sizeof(allow));
	ok(res == ROUTE_NO_PATH, "POST /nope -> ROUTE_NO_PATH, not NO_METHOD");

	/* A small allow buffer is never overrun. */
	{
		char small[16];
		memset(small, 'Z', sizeof(small));
		res = find("/healthz", METHOD_POST, &rt, small, 8);
		ok(res == ROUTE_NO_METHOD && small[0] == '\0' && small[8] == 'Z',
		    "allow of 8 bytes stays empty and is not overrun");
	}
}

/* The lifecycle handlers pick their record kind from the path: every route
 * to them must name a kind, with the kind's module in its permission
 * (delete grant to delete, list and restore; edit grant to reassign), and
 * every kind must have all four. */
static void
test_record_kinds(void)
{
	int seen[RK__MAX] = { 0 };

	for (size_t i = 0; i < route_count(); i++) {
		const struct route *rt = route_at(i);
		const struct record_kind *k;
		bool owner = rt->handler == page_record_owner;
		if (!owner && rt->handler != page_record_delete && rt->handler != page_records_deleted &&
		    rt->handler != page_record_restore)
			continue;
		k = record_kind_of_path(rt->pattern);
		ok(k != NULL && rt->need.kind == PERM_GRANT && rt->need.module == k->module &&
		    rt->need.action == (owner ? ACT_EDIT : ACT_DELETE),
		    "%s %s reaches its record kind with the kind's grant", route_method_name(rt->method), rt->pattern);
		if (k != NULL)
			seen[k - record_kinds]++;
	}
	for (int k = 0; k < RK__MAX; k++) {
		ok(seen[k] == 4, "%s has delete, deleted list, restore and owner routes (%d)", record_kinds[k].name,
		    seen[k]);
		ok(strcmp(rbac_module_name(record_kinds[k].module), record_kinds[k].name) == 0 &&
		    record_kind_named(record_kinds[k].name) == &record_kinds[k],
		    "%s is its module's name", record_kinds[k].name);
	}
	ok(record_kind_of_path("/contacts") == NULL && record_kind_of_path("/contactsx/1") == NULL &&
	    record_kind_of_path("contacts/1") == NULL && record_kind_of_path("/admin/users/1") == NULL &&
	    record_kind_named("all") == NULL, "no kind for other paths and names");
}

int
main(void)
{
	test_match();
	test_find();
	test_record_kinds();
	return tap_done();
}
