/* crypto_fixture.c: drives the real envelope encryption against the test
 * instance's database, for tests/e2e/test_10_encryption.py. It keeps a
 * fixture table (created only in the test instance) whose fields are
 * encrypted exactly as product tables are: one data key per subject,
 * field envelopes bound to table, column and row, a blind index on email.
 *
 *   crypto_fixture CONF write MARKER N   N subjects with MARKER in every field
 *   crypto_fixture CONF verify MARKER    every row decrypts to what was written
 *   crypto_fixture CONF swap             a ciphertext moved to another row fails
 *   crypto_fixture CONF find MARKER      the blind index finds row 1 by email
 *   crypto_fixture CONF shred            a destroyed data key makes its row unreadable
 * Prints TAP lines; exits 1 on any failure. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>

#include "conf.h"
#include "db.h"
#include "envelope.h"
#include "keyring.h"
#include "privdrop.h"
#include "subject_key.h"

#define TABLE "test_crypto_fixture"

static int n_tests, n_failed;

static void
check(int cond, const char *what)
{
	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_tests, what);
}

/* Runs sql with up to 4 parameters (DBV_INT or DBV_BLOB) on the raw
 * connection; fetches one row of up to 4 blob columns into out. */
static int
run(MYSQL *m, const char *sql, const struct db_value *p, int np, struct db_value *out, int nout,
    struct arena *a)
{
	MYSQL_STMT *st = mysql_stmt_init(m);
	MYSQL_BIND b[4], r[4];
	unsigned long lens[4];
	my_bool nulls[4];
	int rc = -1;

	memset(b, 0, sizeof(b));
	memset(r, 0, sizeof(r));
	if (mysql_stmt_prepare(st, sql, strlen(sql)))
		goto out;
	for (int i = 0; i < np; i++) {
		b[i].buffer_type = p[i].type == DBV_INT ? MYSQL_TYPE_LONGLONG : MYSQL_TYPE_BLOB;
		b[i].buffer = p[i].type == DBV_INT ? (void *)(uintptr_t)&p[i].i : (void *)(uintptr_t)p[i].s;
		b[i].buffer_length = p[i].len;
	}
	if ((np && mysql_stmt_bind_param(st, b)) || mysql_stmt_execute(st))
		goto out;
	if (nout > 0) {
		for (int i = 0; i < nout; i++) {
			r[i].buffer_type = MYSQL_TYPE_BLOB;
			r[i].buffer = arena_alloc(a, 8192);
			r[i].buffer_length = 8192;
			r[i].length = &lens[i];
			r[i].is_null = &nulls[i];
		}
		if (mysql_stmt_bind_result(st, r) || mysql_stmt_fetch(st) != 0)
			goto out;
		for (int i = 0; i < nout; i++)
			out[i] = (struct db_value){ .type = nulls[i] ? DBV_NULL : DBV_BLOB,
			    .s = r[i].buffer, .len = lens[i] };
	}
	rc = (int)mysql_stmt_insert_id(st);
out:
	if (rc == -1)
		fprintf(stderr, "# %s: %s\n", sql, mysql_stmt_error(st));
	mysql_stmt_close(st);
	return rc;
}

static const char *const fields[] = { "email", "phone", "address", "note" };

static int
write_rows(struct db *db, const char *marker, int n, struct arena *a)
{
	MYSQL *m = db_handle(db);
	int ok_rows = 0;

	mysql_query(m, "CREATE TABLE IF NOT EXISTS " TABLE " (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT "
	    "PRIMARY KEY, subject_id BIGINT UNSIGNED NOT NULL, email VARBINARY(1024), email_bidx BINARY(16), "
	    "phone VARBINARY(1024), address VARBINARY(1024), note VARBINARY(4096), KEY (email_bidx)) ENGINE=InnoDB");
	/* Register the columns, as a product migration would, for rotate --data. */
	for (size_t f = 0; f < 4; f++) {
		char *sql = arena_printf(a, "INSERT IGNORE INTO encrypted_columns (table_name, "
		    "column_name, subject_type, subject_column) VALUES ('" TABLE "', '%s', "
		    "'fixture', 'subject_id')", fields[f]);
		if (mysql_query(m, sql) != 0)
			fprintf(stderr, "crypto_fixture: registering %s: %s\n", fields[f], mysql_error(m));
	}
	for (int i = 0; i < n; i++) {
		struct subject_key *k;
		long long sid = (long long)getpid() * 100000 + i, row;
		struct db_value p[4] = { { .type = DBV_INT, .i = sid } };
		unsigned char bidx[BLIND_INDEX_BYTES];
		const char *email = arena_printf(a, "%s-%d@example.com", marker, i);
		int good = 1;

		if (db_begin(db) != DB_OK ||
		    subject_key_create(db, a, "fixture", sid, &k) != SUBJECT_KEY_OK ||
		    (row = run(m, "INSERT INTO " TABLE " (subject_id) VALUES (?)", p, 1, NULL, 0, a)) <= 0) {
			db_rollback(db);
			continue;
		}
		for (size_t f = 0; f < 4; f++) {
			const char *v = f == 0 ? email : arena_printf(a, "%s %s %d", fields[f], marker, i);
			char *sql = arena_printf(a, "UPDATE " TABLE " SET %s = ? WHERE id = ?", fields[f]);
			p[1] = (struct db_value){ .type = DBV_INT, .i = row };
			good &= field_seal(k, a, TABLE, fields[f], row, v, strlen(v), &p[0]) == 0 &&
			    run(m, sql, p, 2, NULL, 0, a) >= 0;
		}
		{
			const char *norm = normalise_email(a, email);
			blind_index(keyring_index_key(), TABLE ".email", norm, strlen(norm), bidx);
		}
		p[0] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)bidx, .len = sizeof(bidx) };
		p[1] = (struct db_value){ .type = DBV_INT, .i = row };
		good &= run(m, "UPDATE " TABLE " SET email_bidx = ? WHERE id = ?", p, 2, NULL, 0, a) >= 0;
		if (good && db_commit(db) == DB_OK)
			ok_rows++;
		else
			db_rollback(db);
		arena_reset(a);
	}
	check(ok_rows == n, "fixture rows written with encrypted fields and a blind index");
	return ok_rows == n ? 0 : 1;
}

/* Decrypts every field of row id; returns how many matched marker, or -1
 * when the row's subject was crypto-shredded. */
static int
verify_row(struct db *db, long long id, const char *marker, struct arena *a)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = id } }, out[4], sidv[1];
	struct subject_key *k;
	enum subject_key_status st;
	int good = 0;

	if (run(db_handle(db), "SELECT CAST(subject_id AS CHAR) FROM " TABLE " WHERE id = ?", p, 1, sidv, 1, a) < 0)
		return 0;
	st = subject_key_get(db, a, "fixture", atoll(arena_strndup(a, sidv[0].s, sidv[0].len)), &k);
	if (st == SUBJECT_KEY_DESTROYED)
		return -1;
	if (st != SUBJECT_KEY_OK ||
	    run(db_handle(db), "SELECT email, phone, address, note FROM " TABLE " WHERE id = ?", p, 1, out, 4, a) < 0)
		return 0;
	for (int f = 0; f < 4; f++) {
		const char *pt;
		size_t len;
		if (field_open(k, a, TABLE, fields[f], id, &out[f], &pt, &len) == 0 && strstr(pt, marker))
			good++;
	}
	return good;
}

static int
verify(struct db *db, const char *marker, struct arena *a)
{
	MYSQL *m = db_handle(db);
	MYSQL_RES *res;
	MYSQL_ROW row;
	long long rows = 0, good = 0, marked = 0, shredded = 0;

	if (mysql_query(m, "SELECT id FROM " TABLE " WHERE email IS NOT NULL ORDER BY id") ||
	    (res = mysql_store_result(m)) == NULL) {
		check(0, "fixture rows readable");
		return 1;
	}
	while ((row = mysql_fetch_row(res)) != NULL) {
		int n = verify_row(db, atoll(row[0]), "", a);
		rows++;
		shredded += n == -1;
		good += n == 4;
		if (n == 4)
			marked += verify_row(db, atoll(row[0]), marker, a) == 4;
		arena_reset(a);
	}
	mysql_free_result(res);
	printf("# %lld rows: %lld decrypt completely (%lld with this marker), %lld shredded\n",
	    rows, good, marked, shredded);
	check(rows > 0 && good + shredded == rows && marked > 0,
	    "every field of every fixture row decrypts to what was written");
	return good + shredded == rows && marked > 0 ? 0 : 1;
}

static int
swap(struct db *db, struct arena *a)
{
	MYSQL *m = db_handle(db);
	int before, after;

	before = verify_row(db, 2, "", a);
	mysql_query(m, "CREATE TEMPORARY TABLE keep AS SELECT id, email, note FROM " TABLE " WHERE id IN (2, 3)");
	mysql_query(m, "UPDATE " TABLE " SET email = (SELECT email FROM (SELECT email FROM " TABLE
	    " WHERE id = 1) x) WHERE id = 2");
	after = verify_row(db, 2, "", a);
	check(before == 4 && after == 3, "an email envelope copied from row 1 to row 2 is refused");
	mysql_query(m, "UPDATE " TABLE " SET phone = (SELECT phone FROM (SELECT phone FROM " TABLE
	    " WHERE id = 3) x) WHERE id = 3");
	mysql_query(m, "UPDATE " TABLE " SET note = (SELECT address FROM (SELECT address FROM " TABLE
	    " WHERE id = 3) x) WHERE id = 3");
	check(verify_row(db, 3, "", a) == 3, "an envelope moved to another column of its row is refused");
	mysql_query(m, "UPDATE " TABLE " t JOIN keep k ON k.id = t.id SET t.email = k.email, t.note = k.note");
	check(verify_row(db, 2, "", a) == 4 && verify_row(db, 3, "", a) == 4,
	    "rows 2 and 3 read again once their own envelopes are back");
	return n_failed ? 1 : 0;
}

static int
find(struct db *db, const char *marker, struct arena *a)
{
	unsigned char bidx[BLIND_INDEX_BYTES];
	const char *email = normalise_email(a, arena_printf(a, "  %s-0@EXAMPLE.com ", marker));
	struct db_value p[1], out[1];
	int id;

	blind_index(keyring_index_key(), TABLE ".email", email, strlen(email), bidx);
	p[0] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)bidx, .len = sizeof(bidx) };
	id = run(db_handle(db), "SELECT CAST(id AS CHAR) FROM " TABLE " WHERE email_bidx = ? ORDER BY id LIMIT 1",
	    p, 1, out, 1, a);
	check(id >= 0 && out[0].len > 0, "exact search by email through the blind index finds the row");
	return n_failed ? 1 : 0;
}

static int
shred(struct db *db, struct arena *a)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = 1 } }, sidv[1];
	struct subject_key *k;
	long long sid;

	if (run(db_handle(db), "SELECT CAST(subject_id AS CHAR) FROM " TABLE " WHERE id = ?", p, 1, sidv, 1, a) < 0) {
		check(0, "row 1 exists");
		return 1;
	}
	sid = atoll(arena_strndup(a, sidv[0].s, sidv[0].len));
	check(subject_key_destroy(db, a, "fixture", sid) == SUBJECT_KEY_OK, "the data key of row 1 is destroyed");
	check(subject_key_get(db, a, "fixture", sid, &k) == SUBJECT_KEY_DESTROYED,
	    "after crypto-shredding row 1 cannot be decrypted");
	return n_failed ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	char err[512];
	struct conf *c;
	struct db *db;
	struct arena a;
	uid_t uid = (uid_t)-1;
	gid_t gid;
	int rc = 2;

	if (argc < 3 || (c = conf_load(argv[1], err, sizeof(err))) == NULL) {
		fprintf(stderr, "usage: crypto_fixture CONF write|verify|swap|find|shred ... (%s)\n",
		    argc < 3 ? "" : err);
		return 2;
	}
	if (c->user && privdrop_lookup(c->user, &uid, &gid, err, sizeof(err)) == -1)
		uid = (uid_t)-1;
	if (keyring_load(c->keyring, c->unseal_file, uid, err, sizeof(err)) == -1) {
		printf("not ok 1 - key ring: %s\n", err);
		conf_free(c);
		return 1;
	}
	mysql_library_init(0, NULL, NULL);
	db = db_new(c, true);
	arena_init(&a);
	if (db_ensure(db) == -1)
		printf("not ok 1 - cannot connect\n");
	else if (strcmp(argv[2], "write") == 0 && argc == 5)
		rc = write_rows(db, argv[3], atoi(argv[4]), &a);
	else if (strcmp(argv[2], "verify") == 0 && argc == 4)
		rc = verify(db, argv[3], &a);
	else if (strcmp(argv[2], "swap") == 0)
		rc = swap(db, &a);
	else if (strcmp(argv[2], "find") == 0 && argc == 4)
		rc = find(db, argv[3], &a);
	else if (strcmp(argv[2], "shred") == 0)
		rc = shred(db, &a);
	arena_reset(&a);
	db_free(db);
	keyring_free();
	conf_free(c);
	mysql_library_end();
	return rc;
}
