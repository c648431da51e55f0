/* audit_fixture.c: writes audit records through the real audit_write on
 * the application account, for tests/e2e/test_13_audit_core.py, and
 * measures audited against unaudited writes for bench/audit.
 *
 *   audit_fixture CONF write N           N committed records
 *   audit_fixture CONF commit MARKER     one committed record, object_id MARKER
 *   audit_fixture CONF rollback MARKER   one record whose transaction rolls back
 *   audit_fixture CONF backdate DAYS N   N committed records dated DAYS days ago
 *   audit_fixture CONF bench SECONDS P   writes/s with 1, 2, .. P processes (admin
 *                                        account, scratch table
 *                                        bench_audit_scratch), medians of 3
 *   audit_fixture CONF race CONSUMER W N LIMIT [DAYS]
 *                                        W processes each commit N records
 *                                        (object_id CONSUMER-w-i), holding
 *                                        their transactions open a random
 *                                        while, as consumer CONSUMER reads
 *                                        with audit_fetch_after (LIMIT at a
 *                                        time) and audit_cursor_advance
 *                                        until all have committed and it
 *                                        has caught up; prints "fetched
 *                                        SEQ CHAIN CHAIN_SEQ OBJECT_ID";
 *                                        DAYS: records dated DAYS days ago
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

/* One racing writer: n records, each transaction kept open 0..3 ms after
 * its record so that commits land out of insertion order. */
static int
race_writer(const struct conf *c, const char *consumer, int w, int n, int days_ago)
{
	struct db *db = db_new(c, false);
	struct arena a;
	int rc = 0;

	arena_init(&a);
	srand((unsigned)getpid());
	for (int i = 0; i < n && rc == 0; i++) {
		struct audit_record r = record(&a, arena_printf(&a, "%s-%d-%d", consumer, w, i));
		if (days_ago > 0) {
			time_t t = time(NULL) - (time_t)days_ago * 86400 + i;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(r.at, sizeof(r.at), "%Y-%m-%d %H:%M:%S.000000", &tm);
		}
		if (db_begin(db) != DB_OK || audit_write(db, &a, &r) == -1) {
			db_rollback(db);
			rc = 1;
			break;
		}
		usleep((useconds_t)(rand() % 3000));
		if (db_commit(db) != DB_OK)
			rc = 1;
		arena_reset(&a);
	}
	arena_reset(&a);
	db_free(db);
	return rc;
}

/* One fetch and advance in a transaction; prints what it got. Returns
 * the number fetched, or -1. */
static long
race_fetch(struct db *db, struct arena *a, const char *consumer, size_t limit)
{
	struct audit_record *recs;
	size_t n;

	if (db_begin(db) != DB_OK)
		return -1;
	if (audit_fetch_after(db, a, consumer, limit, &recs, &n) == -1 ||
	    audit_cursor_advance(db, a, consumer, recs, n) == -1) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != DB_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("fetched %llu %u %llu %s\n", recs[i].seq, recs[i].chain, recs[i].chain_seq,
		    recs[i].object_id);
	return (long)n;
}

static int
race(const struct conf *c, struct db *db, struct arena *a, const char *consumer, int writers,
    int n, size_t limit, int days_ago)
{
	int status, failed = 0, running = writers;
	long got, fetches = 0;

	fflush(stdout);
	for (int w = 0; w < writers; w++)
		if (fork() == 0)
			_exit(race_writer(c, consumer, w, n, days_ago));
	while (running > 0) {
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			running--;
			failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
			continue;
		}
		if ((got = race_fetch(db, a, consumer, limit)) == -1) {
			printf("not ok 1 - fetch failed\n");
			return 1;
		}
		fetches++;
		arena_reset(a);
		if (got == 0)
			usleep(500);
	}
	while ((got = race_fetch(db, a, consumer, limit)) > 0) {
		fetches++;
		arena_reset(a);
	}
	if (got == -1 || failed) {
		printf("not ok 1 - %s\n", failed ? "a writer failed" : "fetch failed");
		return 1;
	}
	printf("ok 1 - %d writers done, %ld fetches\n", writers, fetches);
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
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Each figure is the median of BENCH_ROUNDS runs, unaudited and audited
 * alternating, so that load from elsewhere on the machine hits both
 * alike. */
#define BENCH_ROUNDS 3

static int
bench(const struct conf *c, struct db *db, struct arena *a, int secs, int procs)
{
	double plain[BENCH_ROUNDS], audited[BENCH_ROUNDS];

	if (db_run_sql(db, a, "CREATE TABLE IF NOT EXISTS bench_audit_scratch (id BIGINT UNSIGNED"
	    " AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64) NOT NULL, at DATETIME(6) NOT NULL)"
	    " ENGINE=InnoDB", NULL, 0, NULL) != DB_OK)
		return 1;
	db_disconnect(db);
	for (int p = 1; p <= procs; p *= 2) {
		for (int i = 0; i < BENCH_ROUNDS; i++) {
			plain[i] = bench_run(c, false, secs, p);
			audited[i] = bench_run(c, true, secs, p);
		}
		qsort(plain, BENCH_ROUNDS, sizeof(plain[0]), cmp_double);
		qsort(audited, BENCH_ROUNDS, sizeof(audited[0]), cmp_double);
		printf("| %d | %.0f | %.0f | %.0f%% |\n", p, plain[BENCH_ROUNDS / 2],
		    audited[BENCH_ROUNDS / 2], plain[BENCH_ROUNDS / 2] > 0 ?
		    100.0 * audited[BENCH_ROUNDS / 2] / plain[BENCH_ROUNDS / 2] : 0.0);
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
		    "backdate DAYS N | bench SECONDS PROCS | race CONSUMER W N LIMIT [DAYS] (%s)\n",
		    argc < 4 ? "" : err);
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
	else if (strcmp(argv[2], "race") == 0 && (argc == 7 || argc == 8))
		rc = race(c, db, &a, argv[3], atoi(argv[4]), atoi(argv[5]), (size_t)atoi(argv[6]),
		    argc == 8 ? atoi(argv[7]) : 0);
	arena_reset(&a);
	db_free(db);
	keyring_free();
	conf_free(c);
	mysql_library_end();
	return rc;
}
