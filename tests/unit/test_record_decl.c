/* test_record_decl.c: the record family declarations and the typed
 * statements. Without a database: record_decl_check passes for the
 * shipped declarations, and record_decl_check_one refuses declarations
 * built here with a duplicate name, a blind index on a plain field, a
 * sealed field without field rules, or a bad column name. With the test
 * instance's database (db_fixture.h): a typed statement (stmt_health)
 * round trip, agreeing with schema_version() and stmt_server_facts, at
 * the version of the newest migration in sql/. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "record_decl.h"
#include "schema_info.h"
#include "stmt.h"
#include "tap.h"

#define TEXT_FIELD(n) { .name = n, .label = n, .type = FIELD_TEXT, .max_len = 100 }

static void
test_shipped(void)
{
	ok(record_decl_check() == 0, "record_decl_check passes for the shipped declarations");
	for (int k = 0; k < RK__MAX; k++) {
		const struct record_decl *d = record_decl_of((enum record_kind_id)k);
		ok(d != NULL && d->kind == (enum record_kind_id)k && record_decl_check_one(d) == 0,
		    "record_decl_check_one passes for %s", d ? d->table : "?");
	}
}

/* One declaration of the given fields, checked. */
static int
check(const struct record_field *fields, size_t n)
{
	const struct record_decl d = {
		.kind = RK_CONTACTS, .table = "test_decl", .subject = "test", .module = MOD_CONTACTS,
		.fields = fields, .nfields = n,
	};

	return record_decl_check_one(&d);
}

static void
test_refused(void)
{
	static const struct record_field good[] = {
		{ .def = TEXT_FIELD("name"), .flags = RF_FORM | RF_LIST },
		{ .def = { .name = "email", .label = "email", .type = FIELD_EMAIL }, .protect = PROTECT_INDEXED,
		  .index = SEARCH_EMAIL, .flags = RF_FORM | RF_RULED },
		{ .def = TEXT_FIELD("note"), .protect = PROTECT_SEALED, .flags = RF_FORM | RF_RULED },
	};
	static const struct record_field duplicate[] = {
		{ .def = TEXT_FIELD("name"), .flags = RF_FORM },
		{ .def = TEXT_FIELD("name"), .column = "name2", .flags = RF_LIST },
	};
	static const struct record_field plain_index[] = {
		{ .def = TEXT_FIELD("email"), .index = SEARCH_EMAIL, .flags = RF_FORM },
	};
	static const struct record_field unruled_sealed[] = {
		{ .def = TEXT_FIELD("note"), .protect = PROTECT_SEALED, .flags = RF_FORM },
	};
	static const struct record_field unruled_indexed[] = {
		{ .def = TEXT_FIELD("phone"), .protect = PROTECT_INDEXED, .index = SEARCH_PHONE, .flags = RF_FORM },
	};
	static const struct record_field name_index[] = {
		{ .def = TEXT_FIELD("email"), .protect = PROTECT_INDEXED, .index = SEARCH_NAME,
		  .flags = RF_FORM | RF_RULED },
	};
	static const struct record_field bad_column[] = {
		{ .def = TEXT_FIELD("name"), .column = "name; DROP TABLE x", .flags = RF_LIST },
	};

	ok(check(good, sizeof(good) / sizeof(good[0])) == 0,
	    "a declaration with a plain, an indexed and a sealed ruled field passes");
	ok(check(duplicate, 2) == -1, "a field name declared twice is refused");
	ok(check(plain_index, 1) == -1, "a blind index on a plain field is refused");
	ok(check(unruled_sealed, 1) == -1, "a sealed field without RF_RULED is refused");
	ok(check(unruled_indexed, 1) == -1, "an indexed field without RF_RULED is refused");
	ok(check(name_index, 1) == -1, "a blind index without an email or phone normaliser is refused");
	ok(check(bad_column, 1) == -1, "a column that is not [a-z0-9_] is refused");
}

/* The number of the newest migration, sql/NNN_*.sql; -1 when none. */
static long long
newest_migration(void)
{
	DIR *d = opendir(CRM_SQL_DIR);
	struct dirent *e;
	long long max = -1;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *end;
		long long v = strtoll(e->d_name, &end, 10);
		if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0 && end != e->d_name && *end == '_' && v > max)
			max = v;
	}
	closedir(d);
	return max;
}

static void
test_database(struct db_fixture *f)
{
	struct health_out h = { 0 };
	struct server_facts_out sf = { 0 };
	long long want = newest_migration(), v;
	enum db_error e;

	e = stmt_health(f->db, &f->arena, &(struct health_in){ 0 }, &h);
	ok(e == DB_OK && h.n == 1 && h.rows != NULL, "stmt_health runs and reads one row (%s, %zu rows)",
	    db_error_str(e), h.n);
	ok(e == DB_OK && h.n == 1 && h.rows[0].schema_version == want,
	    "the schema version is the newest migration in sql/ (%lld, want %lld)",
	    e == DB_OK && h.n == 1 ? h.rows[0].schema_version : -1, want);
	v = schema_version(f->db, &f->arena);
	ok(e == DB_OK && h.n == 1 && v == h.rows[0].schema_version, "schema_version() agrees (%lld)", v);
	e = stmt_server_facts(f->db, &f->arena, &(struct server_facts_in){ 0 }, &sf);
	ok(e == DB_OK && sf.n == 1 && sf.rows[0].schema_version == v && sf.rows[0].server_version != NULL &&
	    strstr(sf.rows[0].server_version, "MariaDB") != NULL,
	    "stmt_server_facts reads the same version and a MariaDB server version (%s)",
	    e == DB_OK && sf.n == 1 && sf.rows[0].server_version ? sf.rows[0].server_version : "-");
}

/* The declared columns against the real schema: the shipped
 * declarations hold; one naming a column the table lacks, or an indexed
 * field without its _bidx column, is refused (crm-fcgi -n refuses to
 * start on it: record_decl_schema_startup). */
static void
test_schema(struct db_fixture *f)
{
	static const struct record_field unknown[] = {
		{ .def = { .name = "first_name", .label = "First name", .type = FIELD_TEXT }, .flags = RF_FORM },
		{ .def = { .name = "nickname", .label = "Nickname", .type = FIELD_TEXT }, .flags = RF_FORM },
	};
	static const struct record_field no_index[] = {
		{ .def = { .name = "address", .label = "Address", .type = FIELD_TEXTAREA },
		  .protect = PROTECT_INDEXED, .index = SEARCH_EMAIL, .flags = RF_FORM | RF_RULED },
	};
	const struct record_decl bad = { .kind = RK_CONTACTS, .table = "contacts", .subject = "contact",
	    .module = MOD_CONTACTS, .fields = unknown, .nfields = 2 };
	const struct record_decl bad_index = { .kind = RK_CONTACTS, .table = "contacts", .subject = "contact",
	    .module = MOD_CONTACTS, .fields = no_index, .nfields = 1 };

	ok(record_decl_schema_check(f->db, &f->arena) == 0, "every shipped declared column is in the schema");
	ok(record_decl_schema_check_one(f->db, &f->arena, &bad) == -1,
	    "a declared column the table does not have (contacts.nickname) is refused");
	ok(record_decl_schema_check_one(f->db, &f->arena, &bad_index) == -1,
	    "an indexed field whose table has no <column>_bidx is refused");
}

#define DB_TESTS 7

int
main(void)
{
	struct db_fixture f;

	test_shipped();
	test_refused();
	switch (db_fixture_open(&f)) {
	case DB_FIXTURE_OPEN:
		printf("# %s\n", f.why);
		test_database(&f);
		test_schema(&f);
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
