/* crmctl_backup_verify.c: owns "crmctl backup verify", the restore
 * drill. It restores a backup (the newest, or --backup NAME) into a
 * scratch MariaDB of its own (scratch_db.h), never the live one, and
 * checks what a real restore would need: the backup is whole (every tag),
 * every table comes back with the manifest's rows and checksum, field
 * envelopes of a sample of contacts open with the key ring, and the
 * audit trail's chains verify. It reports pass or fail, the time the
 * restore took (recovery time) and the backup's age (recovery point),
 * and records the drill in backup_drills, shown on /admin/backups; crmctl
 * watch raises backup.drill_failed for a failed one and
 * backup.drill_overdue when none passed recently. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "arena.h"
#include "audit.h"
#include "backup.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "scratch_db.h"
#include "subject_key.h"
#include "stmt.h"

#define SAMPLE 20

struct drill {
	char started[20], dir[4096], err[512];
	const char *failed_check;	/* NULL: passed */
	double restore_seconds;
	long long age_seconds, sampled, opened;
	struct backup_manifest *m;
};

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static long long
age_of(const char *created_at)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(created_at, "%Y-%m-%d %H:%M:%S", &tm) == NULL)
		return 0;
	return (long long)(time(NULL) - timegm(&tm));
}

/* Opens the email envelopes of the newest contacts of the restored copy. */
static int
sample_envelopes(struct db *db, struct arena *a, struct drill *d)
{
	struct db_value p[crmctl_sample_NPARAMS];
	struct crmctl_sample_out out;
	struct db_rows rows;

	/* Run on the restored copy, not the live database's statements. */
	if (db_run_sql(db, a, "SELECT id, email FROM contacts WHERE email IS NOT NULL"
	    " ORDER BY id DESC LIMIT ?", p, crmctl_sample_bind(&(struct crmctl_sample_in){ .limit = SAMPLE },
	    p), &rows) != DB_OK)
		return -1;
	crmctl_sample_read(&rows, a, &out);
	for (size_t i = 0; i < out.n; i++) {
		long long id = out.rows[i].id;
		struct subject_key *k = NULL;
		const char *pt;
		size_t len;
		d->sampled++;
		if (subject_key_get(db, a, "contact", id, &k) == SUBJECT_KEY_OK &&
		    field_open(k, a, "contacts", "email", id, &out.rows[i].email, &pt, &len) == 0)
			d->opened++;
	}
	return d->opened == d->sampled ? 0 : -1;
}

/* The checks on the restored copy at s. */
static void
check_copy(const struct conf *c, const struct scratch_db *s, const struct backup_keyset *k,
    struct drill *d)
{
	struct conf sc = *c;
	char scratch_socket[sizeof(s->socket)];
	struct timespec t0;
	struct arena a;
	struct db *db;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (backup_load(c, s->socket, d->dir, k, d->m, d->err, sizeof(d->err)) == -1) {
		d->failed_check = "restore";
		return;
	}
	d->restore_seconds = since(&t0);
	if (backup_compare(c, s->socket, d->m, d->err, sizeof(d->err)) == -1) {
		d->failed_check = "tables";
		return;
	}
	memcpy(scratch_socket, s->socket, sizeof(scratch_socket));
	sc.db_socket = scratch_socket;
	sc.db_host = NULL;
	db = db_new(&sc, true);
	arena_init(&a);
	if (sample_envelopes(db, &a, d) == -1) {
		d->failed_check = "envelopes";
		snprintf(d->err, sizeof(d->err), "%lld of %lld sampled contact emails did not open with "
		    "the key ring", d->sampled - d->opened, d->sampled);
	} else if (crmctl_audit_verify(db) != 0) {
		d->failed_check = "audit";
		snprintf(d->err, sizeof(d->err), "the restored audit trail does not verify");
	}
	db_free(db);
	arena_reset(&a);
}

/* Records the drill (and its alert when it failed) in the live database. */
static void
record(const struct conf *c, const struct drill *d)
{
	struct db *db = db_new(c, true);
	struct arena a;
	struct json j;
	const char *detail, *outcome = d->failed_check ? "fail" : "pass";
	char finished[20], secs[32];
	time_t now = time(NULL);

	arena_init(&a);
	strftime(finished, sizeof(finished), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	snprintf(secs, sizeof(secs), "%.3f", d->restore_seconds);
	json_begin(&j, &a);
	json_str(&j, "backup", d->m->name);
	json_str(&j, "failed_check", d->failed_check ? d->failed_check : "");
	json_str(&j, "reason", d->failed_check ? d->err : "");
	json_int(&j, "tables", (long long)d->m->ntables);
	json_int(&j, "sampled_envelopes", d->sampled);
	detail = json_end(&j);
	struct backup_drill_insert_in in = { .started_at = d->started, .finished_at = finished,
	    .backup_name = d->m->name,
	    .backup_created_at = d->m->created_at[0] ? arena_printf(&a, "%.19s", d->m->created_at) : NULL,
	    .outcome = outcome, .restore_seconds = secs, .backup_age_seconds = d->age_seconds,
	    .detail = detail };
	if (db_begin(db) != DB_OK || stmt_backup_drill_insert(db, &a, &in, NULL) != DB_OK ||
	    crmctl_audit(db, &a, c, AUDIT_BACKUP_VERIFY, "backup", d->m->name[0] ? d->m->name : "-",
	    d->failed_check ? AUDIT_FAILURE : AUDIT_SUCCESS, 1, detail) == -1 || db_commit(db) != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "crmctl: warning: the drill's result could not be recorded in the database\n");
	}
	db_free(db);
	arena_reset(&a);
}

static int
drill(const struct conf *c, const char *name)
{
	struct drill d = { .m = calloc(1, sizeof(*d.m)) };
	struct backup_keyset k;
	struct scratch_db s = { .pid = 0 };
	time_t now = time(NULL);

	strftime(d.started, sizeof(d.started), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	if (d.m == NULL)
		return 1;
	if (backup_keyset_load(c, &k, d.err, sizeof(d.err)) == -1 || crmctl_keyring_load(c) == -1 ||
	    backup_find(c, name, NULL, d.dir, d.err, sizeof(d.err)) == -1)
		d.failed_check = "setup";
	else if (backup_check(d.dir, &k, backup_code_schema(c), d.m, d.err, sizeof(d.err)) == -1)
		d.failed_check = "backup";
	else if (scratch_db_start(&s, d.err, sizeof(d.err)) == -1)
		d.failed_check = "scratch server";
	else
		check_copy(c, &s, &k, &d);
	scratch_db_stop(&s);
	d.age_seconds = d.m->created_at[0] ? age_of(d.m->created_at) : 0;
	OPENSSL_cleanse(&k, sizeof(k));
	if (d.failed_check)
		printf("drill FAILED at %s: %s\n", d.failed_check, d.err);
	else
		printf("drill passed: backup %s restored in %.1f s (recovery time), %lld s old (recovery point); "
		    "%zu tables identical, %lld of %lld sampled envelopes opened, audit trail intact\n",
		    d.m->name, d.restore_seconds, d.age_seconds, d.m->ntables, d.opened, d.sampled);
	record(c, &d);
	free(d.m);
	return d.failed_check ? 1 : 0;
}

int
cmd_backup_verify(struct conf *c, int argc, char *argv[])
{
	if (argc == 2)
		return drill(c, NULL);
	if (argc == 4 && strcmp(argv[2], "--backup") == 0)
		return drill(c, argv[3]);
	fprintf(stderr, "usage: crmctl backup verify [--backup NAME]\n");
	return 2;
}
