/* test_record_families.c: the five record families' data modules
 * (contact.c, account.c, lead.c, deal.c, activity.c) and the shared
 * lifecycle (record_kind.c) against the test instance's database
 * (db_fixture.h; skipped without it). For each family: create, load back
 * (fields as written, sealed fields opened), update at the current
 * version (saved) and at a stale one (refused), list, soft delete (load
 * then answers 0), list the deleted, restore; every write leaves exactly
 * one audit record for the object, a refused one none. Field rules: a
 * user whose rights hide a sealed field gets it unopened (NULL). The
 * ctx is built by hand: a test user (created here), rights with scope
 * all, the instance's key ring. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "activity.h"
#include "contact.h"
#include "db_fixture.h"
#include "deal.h"
#include "handler.h"
#include "keyring.h"
#include "lead.h"
#include "privdrop.h"
#include "rbac.h"
#include "record_kind.h"
#include "session.h"
#include "tap.h"

#define TEST_USER "unit_records"

static struct request req;
static struct user user;
static struct ctx ctx;
static char tag[24];		/* makes this run's names unique */
static const char *user_roles[] = { "unit-test", NULL };

/* The audit records of object type/id (the one literal SQL of a test:
 * tests/ are not slot-checked). -1 on an error. */
static long long
audits(const char *type, long long id)
{
	const char *sid = arena_printf(req.arena, "%lld", id);
	struct db_value p[2] = {
		{ .type = DBV_TEXT, .s = type, .len = strlen(type) },
		{ .type = DBV_TEXT, .s = sid, .len = strlen(sid) },
	};
	struct db_rows rows;

	if (db_run_sql(ctx.db, req.arena, "SELECT COUNT(*) FROM audit_log WHERE object_type = ? AND object_id = ?",
	    p, 2, &rows) != DB_OK)
		return -1;
	return db_cell_int(&rows, 0, 0, -1);
}

/* The test user's id (made when missing), or -1. */
static long long
test_user_id(struct db *db, struct arena *a)
{
	struct db_value p[1] = { { .type = DBV_TEXT, .s = TEST_USER, .len = strlen(TEST_USER) } };
	struct db_rows rows;

	if (db_run_sql(db, a, "INSERT IGNORE INTO users (username, created_at) VALUES (?, UTC_TIMESTAMP())",
	    p, 1, &rows) != DB_OK ||
	    db_run_sql(db, a, "SELECT id FROM users WHERE username = ?", p, 1, &rows) != DB_OK)
		return -1;
	return db_cell_int(&rows, 0, 0, -1);
}

/* Index of module m's ruled field name in rights.rule[], or -1. */
static int
rule_index(enum rbac_module m, const char *name)
{
	for (size_t i = 0; i < rbac_nfields; i++)
		if (rbac_fields[i].module == m && strcmp(rbac_fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Rights: every record module, every action, scope all; every field
 * editable. */
static void
all_rights(struct rights *r)
{
	memset(r, 0, sizeof(*r));
	for (int m = MOD_ACCOUNTS; m <= MOD_ACTIVITIES; m++)
		for (int a = 0; a < ACT__MAX; a++)
			r->scope[m][a] = SCOPE_ALL;
	for (size_t i = 0; i < RBAC_FIELDS_MAX; i++)
		r->rule[i] = RULE_EDITABLE;
	r->nroles_applying = 1;
}

/* Hides module m's field name from the user (restore: all_rights). */
static int
hide(enum rbac_module m, const char *name)
{
	int i = rule_index(m, name);

	if (i >= 0)
		user.rights.rule[i] = RULE_HIDDEN;
	return i;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Whether id is among the restorable deleted of k. */
static bool
in_deleted(const struct record_kind *k, long long id)
{
	struct record_deleted *d;
	int n = record_deleted_list(&ctx, k, &d);

	for (int i = 0; i < n; i++)
		if (d[i].id == id)
			return true;
	return false;
}

/* Soft delete at version, load answers 0, listed as deleted, restore,
 * load answers 1 again; each change one audit record. load(id) gives
 * 1/0/-1. */
static void
lifecycle(enum record_kind_id kind, long long id, long long version, int (*load)(long long))
{
	const struct record_kind *k = &record_kinds[kind];
	long long before = audits(k->name, id);

	ok(before > 0 && record_soft_delete(&ctx, k, id, version + 100) == 0 && audits(k->name, id) == before,
	    "%s: a soft delete at a stale version changes nothing, audits nothing", k->name);
	ok(record_soft_delete(&ctx, k, id, version) == 1, "%s: soft delete at the version", k->name);
	ok(audits(k->name, id) == before + 1, "%s: the delete is audited", k->name);
	ok(load(id) == 0, "%s: a deleted record loads as missing (0)", k->name);
	ok(in_deleted(k, id), "%s: the deleted record is in record_deleted_list", k->name);
	ok(record_restore(&ctx, k, id) == 1, "%s: restore", k->name);
	ok(audits(k->name, id) == before + 2, "%s: the restore is audited", k->name);
	ok(load(id) == 1 && !in_deleted(k, id), "%s: restored: loads again, no longer listed deleted",
	    k->name);
	ok(record_restore(&ctx, k, id) == 0, "%s: restoring a live record changes nothing (0)", k->name);
}

/* --- contacts --- */

static int
load_contact(long long id)
{
	struct contact c;

	return contact_load(&ctx, id, ACT_VIEW, &c);
}

static long long contact_id;

static void
test_contacts(void)
{
	struct contact_input in = { .first_name = "Ann", .last_name = arena_printf(req.arena, "Unit%s", tag) };
	struct contact c;
	bool edit[CS__MAX] = { [CS_EMAIL] = true, [CS_PHONE] = true };
	long long id = 0, a0;
	int hidden;

	in.plain[CS_EMAIL] = arena_printf(req.arena, "ann.%s@example.com", tag);
	in.plain[CS_PHONE] = "+1 555 0100";
	in.plain[CS_MOBILE] = "+41 79 123 45 67";
	in.info[CI_TITLE] = "CFO";
	in.info[CI_LANGUAGE] = "de";
	in.info[CI_DO_NOT_CALL] = "1";
	in.info[CI_EMAIL_OPT_OUT] = "0";
	ok(contact_create(&ctx, &in, true, &id) == CONTACT_SAVED && id > 0, "contacts: create (%lld)", id);
	contact_id = id;
	ok(audits("contacts", id) == 1, "contacts: the create is audited once");
	ok(contact_load(&ctx, id, ACT_EDIT, &c) == 1 && contact_open(&ctx, &c) == 0,
	    "contacts: load and open");
	ok(same(c.first_name, "Ann") && same(c.last_name, in.last_name) && c.owner_id == user.id,
	    "contacts: plain fields and owner as written");
	ok(same(c.plain[CS_EMAIL], in.plain[CS_EMAIL]) && same(c.plain[CS_PHONE], in.plain[CS_PHONE]) &&
	    c.plain[CS_ADDRESS] == NULL && c.sealed[CS_EMAIL].type == DBV_BLOB,
	    "contacts: sealed fields stored sealed, opened to what was written, empty ones NULL");
	ok(c.sealed[CS_MOBILE].type == DBV_BLOB && same(c.plain[CS_MOBILE], "+41 79 123 45 67") &&
	    same(c.info[CI_TITLE], "CFO") && c.info[CI_DEPARTMENT] == NULL && same(c.info[CI_LANGUAGE], "de") &&
	    same(c.info[CI_DO_NOT_CALL], "1") && same(c.info[CI_EMAIL_OPT_OUT], "0"),
	    "contacts: the mobile sealed, the standard fields and flags read back");

	a0 = audits("contacts", id);
	in.first_name = "Anna";
	in.plain[CS_PHONE] = "+1 555 0199";
	in.info[CI_DO_NOT_CALL] = "0";
	in.info[CI_TITLE] = NULL;
	ok(contact_update(&ctx, &c, &in, edit, c.version + 1) == CONTACT_CONFLICT && a0 > 0 &&
	    audits("contacts", id) == a0, "contacts: an update at a stale version is refused, not audited");
	ok(contact_update(&ctx, &c, &in, edit, c.version) == CONTACT_SAVED && audits("contacts", id) == a0 + 1,
	    "contacts: an update at the version is saved and audited");
	ok(contact_load(&ctx, id, ACT_EDIT, &c) == 1 && contact_open(&ctx, &c) == 0 &&
	    same(c.first_name, "Anna") && same(c.plain[CS_PHONE], "+1 555 0199") &&
	    same(c.plain[CS_EMAIL], in.plain[CS_EMAIL]) && same(c.plain[CS_MOBILE], "+41 79 123 45 67") &&
	    c.info[CI_TITLE] == NULL && same(c.info[CI_DO_NOT_CALL], "0"),
	    "contacts: the update reads back (the mobile not editable here kept, the title cleared)");
	ok(contact_update(&ctx, &c, &in, edit, c.version - 1) == CONTACT_CONFLICT,
	    "contacts: the version before the update is now stale");

	hidden = hide(MOD_CONTACTS, "email");
	ok(hidden >= 0 && contact_load(&ctx, id, ACT_VIEW, &c) == 1 && contact_open(&ctx, &c) == 0 &&
	    c.plain[CS_EMAIL] == NULL && c.sealed[CS_EMAIL].type == DBV_BLOB &&
	    same(c.plain[CS_PHONE], "+1 555 0199"),
	    "contacts: a user with email hidden gets it unopened (NULL), the phone opened");
	all_rights(&user.rights);

	lifecycle(RK_CONTACTS, id, c.version, load_contact);
}

/* --- accounts --- */

static int
load_account(long long id)
{
	struct account a;

	return account_load(&ctx, id, ACT_VIEW, &a);
}

static void
test_accounts(void)
{
	const char *name = arena_printf(req.arena, "Unit Account %s", tag);
	const char *plain[AS__MAX] = { "DE123456789", "DE89 3704 0044 0532 0130 00" };
	const char *plain2[AS__MAX] = { "DE999999999", "DE89 3704 0044 0532 0130 00" };
	const char *info[AI__MAX] = { "energy", "https://example.com", "+4930123456", "Street 1\nBerlin", NULL,
	    "12", "500000", "EUR" };
	const char *info2[AI__MAX] = { NULL };
	struct account a;
	struct account_page page;
	long long id = 0, a0;
	bool listed = false;

	ok(account_create(&ctx, name, info, plain, NULL, &id) == 1 && id > 0, "accounts: create (%lld)", id);
	ok(audits("accounts", id) == 1, "accounts: the create is audited once");
	ok(account_load(&ctx, id, ACT_EDIT, &a) == 1 && same(a.name, name) && a.owner_id == user.id &&
	    same(a.plain[AS_TAX], plain[AS_TAX]) && same(a.plain[AS_BANK], plain[AS_BANK]) &&
	    a.sealed[AS_TAX].type == DBV_BLOB, "accounts: loads as written, sealed fields opened");
	ok(same(a.info[AI_INDUSTRY], "energy") && same(a.info[AI_BILLING], "Street 1\nBerlin") &&
	    a.info[AI_SHIPPING] == NULL && same(a.info[AI_EMPLOYEES], "12") && same(a.info[AI_REVENUE], "500000") &&
	    same(a.info[AI_CURRENCY], "EUR"), "accounts: the standard fields read back (NULL stays NULL)");

	a0 = audits("accounts", id);
	ok(account_update(&ctx, &a, a.version + 1, name, info2, plain2, NULL) == 0 && a0 > 0 && audits("accounts", id) == a0,
	    "accounts: an update at a stale version is refused (0), not audited");
	ok(account_update(&ctx, &a, a.version, name, info2, plain2, NULL) == 1 && audits("accounts", id) == a0 + 1,
	    "accounts: an update at the version is saved (1) and audited");
	ok(account_load(&ctx, id, ACT_EDIT, &a) == 1 && same(a.plain[AS_TAX], plain2[AS_TAX]) &&
	    a.info[AI_INDUSTRY] == NULL && a.info[AI_EMPLOYEES] == NULL,
	    "accounts: the update reads back");

	ok(account_list(&ctx, &(struct account_query){ .prefix = name, .limit = 10 }, &page) == 0,
	    "accounts: list by name prefix");
	for (size_t i = 0; i < page.n; i++)
		listed |= page.items[i].id == id && same(page.items[i].name, name);
	ok(listed, "accounts: the account is listed");

	ok(hide(MOD_ACCOUNTS, "tax_id") >= 0 && account_load(&ctx, id, ACT_VIEW, &a) == 1 &&
	    a.plain[AS_TAX] == NULL && same(a.plain[AS_BANK], plain2[AS_BANK]),
	    "accounts: a user with tax_id hidden gets it unopened (NULL), the bank account opened");
	all_rights(&user.rights);

	lifecycle(RK_ACCOUNTS, id, a.version, load_account);
}

/* --- leads --- */

static int
load_lead(long long id)
{
	struct lead l;

	return lead_load(&ctx, id, ACT_VIEW, &l);
}

static void
test_leads(void)
{
	struct lead_values v = { .first_name = "Lee", .last_name = arena_printf(req.arena, "Unit%s", tag),
	    .company = "Unit Ltd", .status = "new" };
	struct lead l;
	struct lead_page page;
	long long id = 0, a0;

	v.plain[LS_EMAIL] = arena_printf(req.arena, "lee.%s@example.com", tag);
	v.plain[LS_PHONE] = "+44 20 7946 0000";
	ok(lead_create(&ctx, &v, &id) == 1 && id > 0, "leads: create (%lld)", id);
	ok(audits("leads", id) == 1, "leads: the create is audited once");
	ok(lead_load(&ctx, id, ACT_EDIT, &l) == 1 && same(l.first_name, "Lee") && same(l.last_name, v.last_name) &&
	    same(l.company, "Unit Ltd") && same(l.status, "new") && l.owner_id == user.id &&
	    same(l.plain[LS_EMAIL], v.plain[LS_EMAIL]) && same(l.plain[LS_PHONE], v.plain[LS_PHONE]) &&
	    l.sealed[LS_EMAIL].type == DBV_BLOB, "leads: loads as written, sealed fields opened");

	a0 = audits("leads", id);
	v.status = "contacted";
	ok(lead_update(&ctx, &l, l.version + 1, &v) == 0 && a0 > 0 && audits("leads", id) == a0,
	    "leads: an update at a stale version is refused (0), not audited");
	ok(lead_update(&ctx, &l, l.version, &v) == 1 && audits("leads", id) == a0 + 1,
	    "leads: an update at the version is saved (1) and audited");
	ok(lead_load(&ctx, id, ACT_EDIT, &l) == 1 && same(l.status, "contacted"), "leads: the update reads back");

	ok(lead_list(&ctx, &(struct lead_query){ .q = "", .owner_id = user.id, .before = id + 1, .limit = 1 },
	    &page) == 0 && page.n == 1 && page.items[0].id == id && same(page.items[0].status, "contacted"),
	    "leads: the lead is listed");

	ok(hide(MOD_LEADS, "email") >= 0 && lead_load(&ctx, id, ACT_VIEW, &l) == 1 &&
	    l.plain[LS_EMAIL] == NULL && same(l.plain[LS_PHONE], v.plain[LS_PHONE]),
	    "leads: a user with email hidden gets it unopened (NULL), the phone opened");
	all_rights(&user.rights);

	lifecycle(RK_LEADS, id, l.version, load_lead);
}

/* --- deals --- */

static int
load_deal(long long id)
{
	struct deal d;

	return deal_load(&ctx, id, ACT_VIEW, &d);
}

static void
test_deals(void)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	int nst = deal_stages(&ctx, st, DEAL_STAGES_MAX);
	struct deal n = { .name = arena_printf(req.arena, "Unit Deal %s", tag), .amount_cents = 123456,
	    .currency = "EUR", .probability = 20, .expected_close = "2031-05-06" };
	struct deal d, n2;
	struct deal_item *items;
	long long id, a0, cnt;

	ok(nst >= 2, "deals: there are stages (%d)", nst);
	if (nst < 2)
		return;
	n.stage_id = st[0].id;
	id = deal_create(&ctx, &n);
	ok(id > 0, "deals: create (%lld)", id);
	ok(audits("deals", id) == 1, "deals: the create is audited once");
	ok(deal_load(&ctx, id, ACT_EDIT, &d) == 1 && same(d.name, n.name) && d.amount_cents == 123456 &&
	    same(d.currency, "EUR") && d.stage_id == st[0].id && d.probability == 20 &&
	    same(d.expected_close, "2031-05-06") && d.owner_id == user.id, "deals: loads as written");

	a0 = audits("deals", id);
	n2 = n;
	n2.stage_id = st[1].id;
	n2.amount_cents = 99;
	ok(deal_save(&ctx, &d, &n2, true, d.version + 1) == 0 && a0 > 0 && audits("deals", id) == a0,
	    "deals: a save at a stale version is refused (0), not audited");
	ok(deal_save(&ctx, &d, &n2, true, d.version) == 1 && audits("deals", id) == a0 + 1,
	    "deals: a save at the version is saved (1) and audited");
	ok(deal_load(&ctx, id, ACT_EDIT, &d) == 1 && d.stage_id == st[1].id && d.amount_cents == 99,
	    "deals: the save reads back");

	cnt = deal_list(&ctx, &(struct deal_filter){ .owner = user.id, .currency = "", .outcome = "" }, id + 1, 1,
	    &items);
	ok(cnt == 1 && items[0].id == id && items[0].amount_cents == 99 && same(items[0].name, n.name),
	    "deals: the deal is listed");

	lifecycle(RK_DEALS, id, d.version, load_deal);
}

/* --- activities --- */

static int
load_activity(long long id)
{
	struct activity a;

	return activity_load(&ctx, id, ACT_VIEW, &a);
}

static void
test_activities(void)
{
	struct activity_input in = { .kind = AK_CALL, .subject = arena_printf(req.arena, "Unit call %s", tag),
	    .body = "spoke about the renewal", .due = "2031-01-02T10:30" };
	struct activity a;
	long long id, a0;

	if (contact_id <= 0) {
		ok(0, "activities: no contact to attach to");
		return;
	}
	id = activity_create(&ctx, &in, AR_CONTACT, contact_id);
	ok(id > 0, "activities: create on the contact (%lld)", id);
	ok(audits("activities", id) == 1, "activities: the create is audited once");
	ok(activity_load(&ctx, id, ACT_EDIT, &a) == 1 && activity_open(&ctx, &a) == 0 && a.kind == AK_CALL &&
	    a.related == AR_CONTACT && a.related_id == contact_id && same(a.subject, in.subject) &&
	    same(a.body, in.body) && a.sealed.type == DBV_BLOB && a.owner_id == user.id,
	    "activities: loads as written, the body sealed and opened");

	a0 = audits("activities", id);
	in.body = "renewal agreed";
	in.kind = AK_NOTE;
	ok(activity_save(&ctx, &a, &in, true, a.version + 1) == 0 && a0 > 0 && audits("activities", id) == a0,
	    "activities: a save at a stale version is refused (0), not audited");
	ok(activity_save(&ctx, &a, &in, true, a.version) == 1 && audits("activities", id) == a0 + 1,
	    "activities: a save at the version is saved (1) and audited");
	ok(activity_load(&ctx, id, ACT_EDIT, &a) == 1 && activity_open(&ctx, &a) == 0 && a.kind == AK_NOTE &&
	    same(a.body, "renewal agreed"), "activities: the save reads back");

	lifecycle(RK_ACTIVITIES, id, a.version, load_activity);
}

/* The ctx of the test user, with the instance's key ring: 0 or -1. */
static int
setup(struct db_fixture *f, char *why, size_t whysz)
{
	uid_t uid = (uid_t)-1;
	gid_t gid;
	char err[512];

	if (f->conf->user && privdrop_lookup(f->conf->user, &uid, &gid, err, sizeof(err)) == -1)
		uid = (uid_t)-1;
	if (keyring_load(f->conf->keyring, f->conf->unseal_file, uid, err, sizeof(err)) == -1) {
		snprintf(why, whysz, "key ring: %s", err);
		return -1;
	}
	req = (struct request){ .arena = &f->arena, .remote_addr = "192.0.2.7", .user_agent = "test_record_families",
	    .path = "/", .raw_query = "" };
	snprintf(req.id, sizeof(req.id), "unit%s", tag);
	user = (struct user){ .username = TEST_USER, .roles = user_roles, .mfa_age = -1 };
	all_rights(&user.rights);
	ctx = (struct ctx){ .req = &req, .db = f->db, .conf = f->conf, .user = &user };
	if ((user.id = test_user_id(f->db, &f->arena)) <= 0) {
		snprintf(why, whysz, "cannot make the test user %s", TEST_USER);
		return -1;
	}
	return 0;
}

#define DB_TESTS 86

int
main(void)
{
	struct db_fixture f;
	char why[600];

	snprintf(tag, sizeof(tag), "%lx%x", (unsigned long)time(NULL), (unsigned)getpid() & 0xffff);
	switch (db_fixture_open(&f)) {
	case DB_FIXTURE_OPEN:
		printf("# %s\n", f.why);
		if (setup(&f, why, sizeof(why)) == -1) {
			ok(0, "set up: %s", why);
			break;
		}
		test_contacts();
		test_accounts();
		test_leads();
		test_deals();
		test_activities();
		keyring_free();
		break;
	case DB_FIXTURE_SKIP:
		for (int i = 0; i < DB_TESTS; i++)
			printf("ok %d # SKIP %s\n", ++tap_n, f.why);
		break;
	case DB_FIXTURE_FAIL:
		ok(0, "test database: %s", f.why);
		break;
	}
	db_fixture_close(&f);
	return tap_done();
}
