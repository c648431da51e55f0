/* test_record_secrets.c: tests record_secrets.c without a database:
 * a blind index that cannot be computed (no key ring, or one without an
 * index key) fails the seal instead of leaving the index out, values
 * that do not normalise have no index, the phone region default, and the
 * one masking every record kind shares, and that an activity's body
 * sealed through here is the envelope activities always stored (AAD
 * activities/body/<activity id>, under the attached record's key). */
#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <sys/types.h>

#include "arena.h"
#include "conf.h"
#include "contact.h"
#include "keyring.h"
#include "record_decl.h"
#include "record_secrets.h"
#include "subject_key.h"
#include "tap.h"

static struct arena arena;

static const struct secret_kind indexed = {
	"contacts", "contact", MOD_CONTACTS, 3,
	{ "email", "phone", "address" }, { "email", "phone", NULL }, { NULL }, { NULL },
};

/* Two custom fields of one value table: exact-match indexes, each in a
 * domain of its own (custom_field.c derives them so). */
static const struct secret_kind custom_a = {
	"contact_custom_values", "contact", MOD_CONTACTS, 1, { "v_sealed" }, { "exact" }, { "cf_1" },
	{ "contact_custom_values.cf_1" },
};
static const struct secret_kind custom_b = {
	"contact_custom_values", "contact", MOD_CONTACTS, 1, { "v_sealed" }, { "exact" }, { "cf_2" },
	{ "contact_custom_values.cf_2" },
};

static const char hex64[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/* Seals plain with a fixed data key: the return, and the output. */
static int
seal(const char *const *plain, struct db_value *sealed, struct db_value *bidx)
{
	struct subject_key key = { .id = 1 };

	memset(key.key, 7, sizeof(key.key));
	return secrets_seal_with(&indexed, &key, &arena, 42, plain, sealed, bidx);
}

static void
test_without_index_key(void)
{
	const char *email[] = { "a@example.com", NULL, "Street 1" };
	const char *address[] = { NULL, "", "Street 1" };
	struct db_value sealed[3], bidx[3], out;

	ok(keyring_index_key() == NULL, "no key ring loaded");
	ok(seal(email, sealed, bidx) == -1, "no index key: sealing an indexed value fails");
	ok(seal(address, sealed, bidx) == 0 && sealed[2].type == DBV_BLOB && bidx[2].type == DBV_NULL &&
	    sealed[0].type == DBV_NULL && sealed[1].type == DBV_NULL,
	    "no index key: values without an index still seal");
	ok(secrets_index_normalised(&arena, &indexed, 0, "a@example.com", &out) == -1,
	    "no index key: the index of a value is an error");
	ok(secrets_index_normalised(&arena, &indexed, 0, "", &out) == 0 && out.type == DBV_NULL,
	    "no index key: an empty value has no index, no error");
	out = secrets_blind_index(&arena, &indexed, 1, "044 668 18 00");
	ok(out.type == DBV_NULL, "no index key: a lookup finds nothing");
}

/* Custom fields: "exact" trims and folds ASCII case only; each field's
 * index is its own, so equal values of two fields do not compare. */
static void
test_custom_indexes(void)
{
	struct db_value a1 = secrets_blind_index(&arena, &custom_a, 0, "  Ab-12 ");
	struct db_value a2 = secrets_blind_index(&arena, &custom_a, 0, "aB-12");
	struct db_value b1 = secrets_blind_index(&arena, &custom_b, 0, "aB-12");

	ok(strcmp(secrets_normalise(&arena, &custom_a, 0, "  \u00c9Ab ") , "\u00c9ab") == 0,
	    "exact: surrounding spaces go, ASCII letters fold, others stay");
	ok(secrets_normalise(&arena, &custom_a, 0, "   ") == NULL, "exact: blank has no index");
	ok(a1.type == DBV_BLOB && a2.type == DBV_BLOB && a1.len == a2.len && memcmp(a1.s, a2.s, a1.len) == 0,
	    "exact: the same value in other case and spacing finds the same index");
	ok(b1.type == DBV_BLOB && memcmp(a2.s, b1.s, a2.len) != 0,
	    "exact: another field's index of the same value differs (a domain per field)");
}

static void
test_with_index_key(void)
{
	char ring[256], err[128];
	const char *plain[] = { "A@Example.com", "044 668 18 00", NULL };
	const char *odd[] = { NULL, "call me", NULL };
	struct db_value sealed[3], bidx[3], same;

	snprintf(ring, sizeof(ring), "crm-keyring 1\nkek 1 %s\nindex 1 %s\n", hex64, hex64);
	ok(keyring_parse(ring, strlen(ring), err, sizeof(err)) == 0, "a key ring with an index key: %s", err);
	ok(seal(plain, sealed, bidx) == 0 && bidx[0].type == DBV_BLOB && bidx[1].type == DBV_BLOB &&
	    bidx[2].type == DBV_NULL, "with an index key: indexed values get their index");
	same = secrets_blind_index(&arena, &indexed, 1, "+41 44 668 18 00");
	ok(same.type == DBV_BLOB && same.len == bidx[1].len && memcmp(same.s, bidx[1].s, same.len) == 0,
	    "a number without a country code is read in phone_region 41 by default");
	same = secrets_blind_index(&arena, &indexed, 0, " a@example.COM ");
	ok(same.type == DBV_BLOB && memcmp(same.s, bidx[0].s, same.len) == 0, "emails normalise");
	ok(seal(odd, sealed, bidx) == 0 && sealed[1].type == DBV_BLOB && bidx[1].type == DBV_NULL,
	    "a value that does not normalise is sealed without an index, not an error");
	test_custom_indexes();
	keyring_free();
}

static void
test_mask(void)
{
	static const struct { bool email; const char *in, *out; } cases[] = {
		{ true, "alice@example.com", "a\u2022\u2022\u2022@example.com" },
		{ true, "no-at-sign", "n\u2022\u2022\u2022" },
		{ false, "alice@example.com", "a\u2022\u2022\u2022" },
		{ false, "+41 44 668 18 00", "+\u2022\u2022\u2022" },
		{ false, "\u00e9t\u00e9", "\u2022\u2022\u2022" },	/* never half a character */
		{ false, "", "" },
		{ true, NULL, "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(strcmp(secret_mask_value(&arena, cases[i].email, cases[i].in), cases[i].out) == 0,
		    "mask %zu", i);
	ok(strcmp(secrets_mask(&arena, &indexed, 0, "bo@x.org"), "b\u2022\u2022\u2022@x.org") == 0,
	    "an email column keeps the domain");
	ok(strcmp(secrets_mask(&arena, &indexed, 2, "bo@x.org"), "b\u2022\u2022\u2022") == 0,
	    "another column does not");
}

/* The activities' declaration seals the body as activity.c did with
 * field_seal: the same AAD, so bodies stored before still open, and the
 * key is the attached record's (key_of_related). */
static void
test_activity_envelope(void)
{
	const struct record_decl *d = record_decl_of(RK_ACTIVITIES);
	const struct secret_kind *k = record_secret_kind(d);
	struct subject_key contact = { .id = 9 };
	const char *plain[SECRETS_MAX] = { "call back on Monday" };
	struct db_value sealed[SECRETS_MAX], bidx[SECRETS_MAX];
	const char *pt;
	size_t len;

	memset(contact.key, 3, sizeof(contact.key));
	ok(d->key_of_related && k->n == 1 && strcmp(k->table, "activities") == 0 &&
	    strcmp(k->columns[0], "body") == 0 && k->index[0] == NULL,
	    "activities: one sealed field, body, no index, under the attached record's key");
	ok(secrets_seal_with(k, &contact, &arena, 77, plain, sealed, bidx) == 0 && sealed[0].type == DBV_BLOB &&
	    field_open(&contact, &arena, "activities", "body", 77, &sealed[0], &pt, &len) == 0 &&
	    len == strlen(plain[0]) && memcmp(pt, plain[0], len) == 0,
	    "a body sealed through record_secrets opens as activities/body/<id>");
	ok(field_open(&contact, &arena, "activities", "body", 78, &sealed[0], &pt, &len) == -1,
	    "and not as another activity's");
	plain[0] = "";
	ok(secrets_seal_with(k, &contact, &arena, 77, plain, sealed, bidx) == 0 && sealed[0].type == DBV_NULL,
	    "an empty body is stored as NULL, as before");
}

/* contact.c's contact_secrets (enum contact_secret's order) is the
 * declaration's sealed fields in its order: mobile (issue 16) last,
 * indexed as a phone number. */
static void
test_contact_kind_matches_declaration(void)
{
	const struct secret_kind *k = record_secret_kind(record_decl_of(RK_CONTACTS));
	bool same = k->n == contact_secrets.n && k->n == CS__MAX;

	for (int i = 0; same && i < k->n; i++)
		same = strcmp(k->columns[i], contact_secrets.columns[i]) == 0 &&
		    strcmp(k->columns[i], contact_secret_names[i]) == 0 &&
		    (k->index[i] == NULL) == (contact_secrets.index[i] == NULL) &&
		    (k->index[i] == NULL || strcmp(k->index[i], contact_secrets.index[i]) == 0);
	ok(same, "contacts: the sealed fields of the declaration are contact_secrets, in order");
	ok(strcmp(contact_secrets.columns[CS_MOBILE], "mobile") == 0 &&
	    strcmp(contact_secrets.index[CS_MOBILE], "phone") == 0, "contacts: the mobile is sealed and indexed as a phone");
}

int
main(void)
{
	arena_init(&arena);
	ok(strcmp(conf_phone_region(), "41") == 0, "phone_region defaults to 41");
	test_without_index_key();
	test_with_index_key();
	test_mask();
	test_activity_envelope();
	test_contact_kind_matches_declaration();
	arena_reset(&arena);
	return tap_done();
}
