/* audit_fixture.c: writes audit records through the real audit_write on
 * the application account, for tests/e2e/test_13_audit_core.py, and
 * measures audited against unaudited writes for bench/audit.
 *
 *   audit_fixture CONF write N           N committed records
 *   audit_fixture CONF commit MARKER     one committed record, object_id MARKER
 *   audit_fixture CONF rollback MARKER   one record whose transaction rolls back
 *   audit_fixture CONF backdate DAYS N   N committed records dated DAYS days ago
 *   audit_fixture CONF bench SECONDS P   writes/s with P processes (admin account,
 *                                        scratch table bench_audit_scratch)
 * Prints TAP lines (bench: markdown rows); exits 1 on any failure. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>

#include "audit.h"
#include "conf.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "privdrop.h"

static struct audit_record
record(struct arena *a, const char *object_id)
{
	struct audit_record r = { .actor = "fixture", .roles = "auditor", .ip = "127.0.0.1",
	    .user_agent = "audit_fixture", .action = AUDIT_RECORD_UPDATE, .object_type = "fixture",
	    .object_id = object_id, .outcome = AUDIT_SUCCESS, .items = 1 };
	struct json j;

	json_begin(&j, a);
	json_str(&j, "before", json_mask(a, "secret"));
	json_str(&j, "note", "fixture \"record\"\n<ok>");
	r.detail = json_end(&j);
	return r;
}

static int
write_n(struct db *db, struct arena *a, int n, int days_ago)
{
	for (int i = 0; i < n; i++) {
		struct audit_record r = record(a, arena_printf(a, "%d", i));
		if (days_ago > 0) {
			time_t t = time(NULL) - (time_t)days_ago * 86400 + i;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(r.at, sizeof(r.at), "%Y-%m-%d %H:%M:%S.000000", &tm);
		}
		if (audit_standalone(db, a, &r) == -1) {
			printf("not ok 1 - record %d of %d not written\n", i + 1, n);
			return 1;
		}
		arena_reset(a);
	}
	printf("ok 1 - %d audit records written\n", n);
	return 0;
}

static int
one(struct db *db, struct arena *a, const char *marker, bool commit)
{
	struct audit_record r = record(a, marker);

	if (db_begin(db) != DB_OK || audit_write(db, a, &r) == -1) {
		printf("not ok 1 - audit_write failed\n");
		return 1;
	}
	if (commit && db_commit(db) != DB_OK) {
		printf("not ok 1 - commit failed\n");
		return 1;
	}
	if (!commit)
		db_rollback(db);
	printf("ok 1 - record %s %s\n", marker, commit ? "committed" : "rolled back");
	return 0;
}

/* One process's loop: transactions of one small INSERT, with or without
 * its audit record, for secs seconds; returns the count. */
static long
bench_loop(struct db *db, struct arena *a, bool audited, double secs)
{
	struct db_value v = { .type = DBV_TEXT, .s = "bench", .len = 5 };
	struct timespec t0, t;
	long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		struct audit_record r = record(a, "bench");
		r.actor = "bench";
		if (db_begin(db) != DB_OK || db_run_sql(db, a, "INSERT INTO bench_audit_scratch (v, at)"
		    " VALUES (?, UTC_TIMESTAMP(6))", &v, 1, NULL) != DB_OK ||
		    (audited && audit_write(db, a, &r) == -1) || db_commit(db) != DB_OK) {
			fprintf(stderr, "bench: a write failed after %ld\n", n);
			return -1;
		}
		arena_reset(a);
		n++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	return n;
}

/* Runs procs processes for secs; returns the total writes/s. */
static double
bench_run(const struct conf *c, bool audited, int secs, int procs)
{
	int fds[2];
	long total = 0, n;

	if (pipe(fds) == -1)
		return -1;
	for (int i = 0; i < procs; i++)
		if (fork() == 0) {
			struct db *db = db_new(c, true);
			struct arena a;
			arena_init(&a);
			n = bench_loop(db, &a, audited, secs);
			if (write(fds[1], &n, sizeof(n)) != sizeof(n))
				_exit(1);
			_exit(0);
		}
	close(fds[1]);
	while (read(fds[0], &n, sizeof(n)) == sizeof(n))
		total += n < 0 ? 0 : n;
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	return (double)total / secs;
}

static int
bench(const struct conf *c, struct db *db, struct arena *a, int secs, int procs)
{
	double plain, audited;

	if (db_run_sql(db, a, "CREATE TABLE IF NOT EXISTS bench_audit_scratch (id BIGINT UNSIGNED"
	    " AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64) NOT NULL, at DATETIME(6) NOT NULL)"
	    " ENGINE=InnoDB", NULL, 0, NULL) != DB_OK)
		return 1;
	db_disconnect(db);
	for (int p = 1; p <= procs; p *= 2) {
		plain = bench_run(c, false, secs, p);
		audited = bench_run(c, true, secs, p);
		printf("| %d | %.0f | %.0f | %.0f%% |\n", p, plain, audited,
		    plain > 0 ? 100.0 * audited / plain : 0.0);
		fflush(stdout);
	}
	db_run_sql(db, a, "DROP TABLE bench_audit_scratch", NULL, 0, NULL);
	return 0;
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

	if (argc < 4 || (c = conf_load(argv[1], err, sizeof(err))) == NULL) {
		fprintf(stderr, "usage: audit_fixture CONF write N | commit M | rollback M | "
		    "backdate DAYS N | bench SECONDS PROCS (%s)\n", argc < 4 ? "" : err);
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
	audit_configure(c);
	db = db_new(c, strcmp(argv[2], "bench") == 0);
	arena_init(&a);
	if (db_ensure(db) == -1)
		printf("not ok 1 - cannot connect\n");
	else if (strcmp(argv[2], "write") == 0)
		rc = write_n(db, &a, atoi(argv[3]), 0);
	else if (strcmp(argv[2], "backdate") == 0 && argc == 5)
		rc = write_n(db, &a, atoi(argv[4]), atoi(argv[3]));
	else if (strcmp(argv[2], "commit") == 0 || strcmp(argv[2], "rollback") == 0)
		rc = one(db, &a, argv[3], strcmp(argv[2], "commit") == 0);
	else if (strcmp(argv[2], "bench") == 0 && argc == 5)
		rc = bench(c, db, &a, atoi(argv[3]), atoi(argv[4]));
	arena_reset(&a);
	db_free(db);
	keyring_free();
	conf_free(c);
	mysql_library_end();
	return rc;
}
