/* test_rbac.c: tests how the export row caps of a user's roles merge
 * (rbac_merge_export_cap, rbac_export_row_cap): the largest cap among the
 * roles that apply wins, a role without a cap of its own counts as the
 * server default, a user with no applying role (temporary grants only)
 * gets the server default, and a stored cap beyond the largest allowed
 * counts as that. And which cap changes widen a role (role_def_raises):
 * a larger cap, or the default when it is larger than the old cap. Which roles apply (networks, hours) is rbac_load's,
 * tested end to end (tests/e2e/test_17_access.py, test_26_csv_all.py).
 * And which fields may be a search key (rbac_field_keyable) and which
 * search terms are refused for them (search_refusal): only a field seen
 * in clear; a term's kind comes from its shape alone.
 * And the grant ceiling (grant_ceiling.h): what a granter may give, and
 * what a stored grant still gives (end to end: test_30_grants.py). */
#include "config.h"

#include <string.h>

#include "grant_ceiling.h"
#include "rbac.h"
#include "role_def.h"
#include "search_key.h"
#include "tap.h"

#define NONE (-1)	/* ends a list of role caps */

static const struct {
	const char *what;
	long long caps[4];	/* each applying role's cap, 0: the server default */
	int server_default;
	int want;
} cases[] = {
	{ "no applying role: the server default", { NONE }, 10000, 10000 },
	{ "one role without a cap: the server default", { 0, NONE }, 10000, 10000 },
	{ "one role's cap below the default", { 500, NONE }, 10000, 500 },
	{ "one role's cap above the default", { 50000, NONE }, 10000, 50000 },
	{ "two caps: the larger wins", { 500, 2000, NONE }, 10000, 2000 },
	{ "two caps in the other order", { 2000, 500, NONE }, 10000, 2000 },
	{ "a cap and the default: the default when larger", { 500, 0, NONE }, 10000, 10000 },
	{ "the default and a cap: the default when larger", { 0, 500, NONE }, 10000, 10000 },
	{ "a cap and the default: the cap when larger", { 0, 50000, NONE }, 10000, 50000 },
	{ "a small server default under a role's cap", { 0, 300, NONE }, 100, 300 },
	{ "three roles", { 10, 0, 20, NONE }, 5, 20 },
	{ "a stored cap beyond the largest allowed", { 5000000, NONE }, 10000, RBAC_EXPORT_CAP_MAX },
	{ "a cap of 1", { 1, NONE }, 10000, 1 },
};

static void
test_merge(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rights r;
		int got;
		memset(&r, 0, sizeof(r));
		for (size_t k = 0; k < 4 && cases[i].caps[k] != NONE; k++)
			rbac_merge_export_cap(&r, cases[i].caps[k]);
		got = rbac_export_row_cap(&r, cases[i].server_default);
		ok(got == cases[i].want, "%s: %d (want %d)", cases[i].what, got, cases[i].want);
	}
	ok(rbac_export_row_cap(NULL, 700) == 700, "no rights at all: the server default");
}

static bool
raises_cap(long long before, long long after, int server_default)
{
	struct role_def o, n;

	memset(&o, 0, sizeof(o));
	memset(o.rule, RULE_DEFAULT, sizeof(o.rule));
	o.name = o.description = o.networks = o.hours = "";
	n = o;
	o.export_row_cap = before;
	n.export_row_cap = after;
	return role_def_raises(&o, &n, server_default);
}

static void
test_raises(void)
{
	static const struct {
		const char *what;
		long long before, after;	/* 0: the server default */
		int server_default;
		bool raises;
	} c[] = {
		{ "unchanged cap", 500, 500, 10000, false },
		{ "unchanged default", 0, 0, 10000, false },
		{ "a larger cap", 500, 1000, 10000, true },
		{ "a smaller cap", 1000, 500, 10000, false },
		{ "a cap to the larger default", 500, 0, 10000, true },
		{ "a cap to the smaller default", 20000, 0, 10000, false },
		{ "a cap to an equal default", 10000, 0, 10000, false },
		{ "the default to a smaller cap", 0, 5000, 10000, false },
		{ "the default to a larger cap", 0, 20000, 10000, true },
		{ "the default to an equal cap", 0, 10000, 10000, false },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ok(raises_cap(c[i].before, c[i].after, c[i].server_default) == c[i].raises,
		    "role_def_raises: %s %s", c[i].what, c[i].raises ? "widens" : "does not widen");
}

/* Rights with every rule editable but module m's field set to rule. */
static void
rights_with(struct rights *r, enum rbac_module m, const char *field, enum field_rule rule)
{
	memset(r, 0, sizeof(*r));
	for (size_t f = 0; f < rbac_nfields; f++)
		r->rule[f] = rbac_fields[f].module == m && strcmp(rbac_fields[f].name, field) == 0 ?
		    (unsigned char)rule : RULE_EDITABLE;
}

static void
test_keys(void)
{
	static const struct {
		enum rbac_module m;
		const char *field;
		enum field_rule rule;
		const char *q;
		bool keyable, refused;
	} c[] = {
		{ MOD_CONTACTS, "email", RULE_MASKED, "x@example.com", false, true },
		{ MOD_CONTACTS, "email", RULE_HIDDEN, "X@Example.COM", false, true },
		{ MOD_CONTACTS, "email", RULE_READONLY, "x@example.com", true, false },
		{ MOD_CONTACTS, "email", RULE_EDITABLE, "x@example.com", true, false },
		{ MOD_CONTACTS, "email", RULE_MASKED, "+41 44 123 45 67", false, false },	/* a phone */
		{ MOD_CONTACTS, "email", RULE_MASKED, "Zhang", false, false },		/* a name */
		{ MOD_CONTACTS, "email", RULE_MASKED, "", false, false },
		{ MOD_CONTACTS, "phone", RULE_MASKED, "+41 44 123 45 67", false, true },
		{ MOD_CONTACTS, "phone", RULE_MASKED, "044 123 45 67", false, true },
		{ MOD_CONTACTS, "phone", RULE_MASKED, "x@example.com", false, false },
		{ MOD_LEADS, "email", RULE_MASKED, "lead@example.com", false, true },
		{ MOD_LEADS, "phone", RULE_HIDDEN, "+41 44 123 45 67", false, true },
		{ MOD_CONTACTS, "address", RULE_MASKED, "1 Main St", false, false },	/* no address search */
		{ MOD_ACCOUNTS, "email", RULE_HIDDEN, "x@example.com", true, false },	/* not a sensitive field */
	};
	struct arena arena, *a = &arena;

	arena_init(a);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct rights r;
		rights_with(&r, c[i].m, c[i].field, c[i].rule);
		ok(rbac_field_keyable(&r, c[i].m, c[i].field) == c[i].keyable, "%s.%s %s: keyable %d",
		    rbac_module_name(c[i].m), c[i].field, rbac_rule_name(c[i].rule), c[i].keyable);
		ok((search_refusal(&r, a, c[i].m, c[i].q) != NULL) == c[i].refused, "%s.%s %s, \"%s\": refused %d",
		    rbac_module_name(c[i].m), c[i].field, rbac_rule_name(c[i].rule), c[i].q, c[i].refused);
	}
	arena_reset(a);
}

#define A SCOPE_ALL
#define T SCOPE_TEAM
#define O SCOPE_OWN
#define N SCOPE_NONE

static void
test_grant_check(void)
{
	static const struct {
		const char *what;
		enum rbac_module m;
		enum rbac_scope held, want;
		long long team, grantee_team;
		bool admin_all, fresh;
		enum grant_refusal want_r;
	} c[] = {
		{ "not held", MOD_CONTACTS, N, O, 1, 1, false, false, GRANT_NOT_HELD },
		{ "team manager, team grant, own team", MOD_CONTACTS, T, T, 1, 1, false, false, GRANT_OK },
		{ "team manager, own grant, own team", MOD_CONTACTS, T, O, 1, 1, false, false, GRANT_OK },
		{ "team manager, all grant", MOD_CONTACTS, T, A, 1, 1, false, false, GRANT_WIDER },
		{ "team manager, team grant, other team", MOD_CONTACTS, T, T, 1, 2, false, false, GRANT_OUTSIDE_TEAM },
		{ "team manager, own grant, other team", MOD_CONTACTS, T, O, 1, 2, false, false, GRANT_OUTSIDE_TEAM },
		{ "team manager without a team", MOD_CONTACTS, T, T, 0, 0, false, false, GRANT_OUTSIDE_TEAM },
		{ "own scope, own grant", MOD_CONTACTS, O, O, 1, 1, false, false, GRANT_OUTSIDE_TEAM },
		{ "all scope, all grant", MOD_DEALS, A, A, 0, 3, false, false, GRANT_OK },
		{ "all scope, own grant, any team", MOD_DEALS, A, O, 1, 3, false, false, GRANT_OK },
		{ "all scope, team grant, granter's team", MOD_DEALS, A, T, 1, 1, false, false, GRANT_OK },
		{ "all scope, team grant, other team", MOD_DEALS, A, T, 1, 3, false, false, GRANT_OUTSIDE_TEAM },
		{ "no scope asked", MOD_DEALS, A, N, 1, 1, false, false, GRANT_WIDER },
		{ "admin.* from a team manager", MOD_ADMIN_USERS, T, T, 1, 1, false, true, GRANT_ADMIN_NOT_ALL },
		{ "admin.* without a fresh factor", MOD_ADMIN_AUDIT, A, A, 1, 1, true, false, GRANT_ADMIN_NO_MFA },
		{ "admin.* fresh, all", MOD_ADMIN_AUDIT, A, A, 1, 1, true, true, GRANT_OK },
		{ "admin.* not held even by an administrator", MOD_ADMIN_SETTINGS, N, A, 1, 1, true, true, GRANT_NOT_HELD },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct grant_granter g = { c[i].held, c[i].team, c[i].admin_all, c[i].fresh };
		enum grant_refusal r = grant_check(&g, c[i].m, c[i].want, c[i].grantee_team);
		ok(r == c[i].want_r, "grant_check: %s: %d (want %d)", c[i].what, r, c[i].want_r);
	}
	ok(grant_refusal_message(GRANT_OK)[0] == '\0' && grant_refusal_message(GRANT_WIDER)[0] != '\0',
	    "refusals have messages, the grant none");
}

static void
test_grant_effective(void)
{
	static const struct {
		const char *what;
		enum rbac_module m;
		enum rbac_scope stored, ceiling, admin_ceiling;
		long long anchor, grantee_team;
		enum rbac_scope want;
	} c[] = {
		{ "stored all, granter now team: team", MOD_CONTACTS, A, T, N, 1, 1, T },
		{ "stored all, granter team, grantee moved", MOD_CONTACTS, A, T, N, 1, 2, N },
		{ "stored all, granter all", MOD_CONTACTS, A, A, N, 0, 2, A },
		{ "stored team, granter all, grantee in the team", MOD_CONTACTS, T, A, N, 1, 1, T },
		{ "stored team, granter all, grantee moved", MOD_CONTACTS, T, A, N, 1, 2, N },
		{ "stored own, granter all", MOD_CONTACTS, O, A, N, 1, 2, O },
		{ "stored own, granter team, same team", MOD_CONTACTS, O, T, N, 1, 1, O },
		{ "granter lost the right", MOD_CONTACTS, T, N, N, 1, 1, N },
		{ "granter holds only own", MOD_CONTACTS, A, O, N, 1, 1, N },
		{ "admin.* while the granter is administrator of all", MOD_ADMIN_USERS, A, A, A, 1, 2, A },
		{ "admin.* after the granter stopped being one", MOD_ADMIN_AUDIT, A, A, T, 1, 2, N },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		enum rbac_scope s = grant_effective(c[i].m, c[i].stored, c[i].ceiling, c[i].admin_ceiling,
		    c[i].anchor, c[i].grantee_team);
		ok(s == c[i].want, "grant_effective: %s: %d (want %d)", c[i].what, s, c[i].want);
	}
}

int
main(void)
{
	test_merge();
	test_raises();
	test_keys();
	test_grant_check();
	test_grant_effective();
	return tap_done();
}
