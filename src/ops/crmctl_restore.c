/* crmctl_restore.c: owns "crmctl restore": a backup back into the
 * instance's database, optionally rolled forward to a moment.
 *
 * Order, so that a bad backup never costs the live data: find the backup
 * (named, the newest, or with --at the newest made at or before that
 * moment); check it whole (manifest signature and installation, schema
 * not newer than this code, every file's size, SHA-256 and every GCM tag)
 * before touching anything; refuse a database that holds tables or has
 * application connections unless --force; then drop and recreate the
 * database, load the dump, grant the application account its privileges
 * again (from the migrations) and, without --at, dump it again and
 * compare every table with the manifest. With --at, the binary log is
 * replayed from the backup's position up to that moment
 * (mariadb-binlog --read-from-remote-server: the logs are encrypted on
 * disk and only the server reads them; --stop-datetime is exclusive, so
 * a transaction committed in the named second is not replayed). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "arena.h"
#include "audit.h"
#include "backup.h"
#include "crmctl.h"
#include "db.h"
#include "mariadb_tool.h"
#include "migrate.h"
#include "stmt.h"

struct restore_opts {
	const char *name, *at;
	bool force;
};

static int
usage(void)
{
	fprintf(stderr, "usage: crmctl restore [--backup NAME] [--at \"YYYY-MM-DD HH:MM:SS\"] [--force]\n");
	return 2;
}

/* A moment "YYYY-MM-DD HH:MM:SS" (UTC). */
static bool
moment_valid(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	return s != NULL && strlen(s) == 19 && (end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm)) != NULL &&
	    *end == '\0';
}

/* Whether the database is live: it holds audit records (every instance
 * that was ever used has them; a freshly migrated one has none), and
 * how many application connections it has. */
static int
live_state(struct db *db, struct arena *a, const struct conf *c, long long *records, long long *apps)
{
	struct crmctl_live_state_in in = { .schema = c->db_name, .app_user = c->db_user ? c->db_user : "" };
	struct db_value p[crmctl_live_state_NPARAMS];
	struct crmctl_live_state_out st;
	struct crmctl_count_out count;
	struct db_rows rows;

	if (db_run_sql(db, a, "SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
	    " AND table_name = 'audit_log'), (SELECT COUNT(*) FROM information_schema.processlist"
	    " WHERE user = ?)", p, crmctl_live_state_bind(&in, p), &rows) != DB_OK || rows.nrows != 1)
		return -1;
	crmctl_live_state_read(&rows, a, &st);
	*apps = st.rows[0].app_connections;
	*records = 0;
	if (st.rows[0].has_audit_log == 0)
		return 0;
	if (!backup_db_name_ok(c->db_name) ||
	    db_run_sql(db, a, arena_printf(a, "SELECT COUNT(*) FROM `%s`.audit_log", c->db_name), NULL, 0,
	    &rows) != DB_OK || rows.nrows != 1)
		return -1;
	crmctl_count_read(&rows, a, &count);
	*records = count.rows[0].count;
	return 0;
}

/* Drops and recreates the database (empty). The name is checked to be an
 * identifier by the configuration loader's rules before it is quoted. */
static int
recreate(struct db *db, struct arena *a, const struct conf *c, char *err, size_t errlen)
{
	char sql[256];

	if (!backup_db_name_ok(c->db_name)) {
		snprintf(err, errlen, "[database] name is not a plain identifier");
		return -1;
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS `%s`", c->db_name);
	if (db_run_sql(db, a, sql, NULL, 0, NULL) != DB_OK)
		goto fail;
	snprintf(sql, sizeof(sql), "CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
	    c->db_name);
	if (db_run_sql(db, a, sql, NULL, 0, NULL) == DB_OK)
		return 0;
fail:
	snprintf(err, errlen, "cannot recreate database %.150s (see the log)", c->db_name);
	return -1;
}

/* Replays the binary log from the backup's position up to at. */
static int
roll_forward(const struct conf *c, const struct backup_manifest *m, const char *at,
    char *err, size_t errlen)
{
	char start[64], stop[64], db[80], buf[65536];
	const char *bargs[] = { "--read-from-remote-server", "--to-last-log", start, stop, db,
	    m->binlog_file, NULL };
	const char *margs[] = { "--binary-mode", c->db_name, NULL };
	struct mariadb_tool bin, cli;
	ssize_t n;
	int rc = -1, s1, s2;

	if (m->binlog_file[0] == '\0') {
		snprintf(err, errlen, "the backup has no binary log position: the server ran without log_bin");
		return -1;
	}
	snprintf(start, sizeof(start), "--start-position=%llu", m->binlog_pos);
	snprintf(stop, sizeof(stop), "--stop-datetime=%s", at);
	snprintf(db, sizeof(db), "--database=%s", c->db_name);
	if (mariadb_tool_start(&cli, c, NULL, "mariadb", margs, 1, 0, err, errlen) == -1)
		return -1;
	if (mariadb_tool_start(&bin, c, NULL, "mariadb-binlog", bargs, 0, 1, err, errlen) == 0) {
		while ((n = read(bin.out, buf, sizeof(buf))) > 0 && write_all(cli.in, buf, (size_t)n) == 0)
			;
		rc = n == 0 ? 0 : -1;
		s1 = mariadb_tool_wait(&bin);
		s2 = mariadb_tool_wait(&cli);
		if (rc == -1 || s1 != 0 || s2 != 0) {
			snprintf(err, errlen, "replaying the binary log failed (mariadb-binlog %d, mariadb %d; "
			    "messages above)", s1, s2);
			rc = -1;
		}
		return rc;
	}
	mariadb_tool_wait(&cli);
	return -1;
}

/* Steps after the checks: replace the database, load, grant, verify. */
static int
restore_into_live(const struct conf *c, struct db *db, struct arena *a, const char *dir,
    const struct backup_keyset *k, const struct backup_manifest *m, const char *at,
    char *err, size_t errlen)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (recreate(db, a, c, err, errlen) == -1 || backup_load(c, NULL, dir, k, m, err, errlen) == -1)
		return -1;
	if (migrate_grants(c) != 0) {
		snprintf(err, errlen, "the data is back, but granting the application account failed");
		return -1;
	}
	if (at == NULL && backup_compare(c, NULL, m, err, errlen) == -1)
		return -1;
	if (at != NULL && roll_forward(c, m, at, err, errlen) == -1)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("restored %s%s%s: %zu tables%s in %.1f s\n", m->name, at ? " rolled forward to " : "",
	    at ? at : "", m->ntables, at ? "" : ", every one identical to the backup",
	    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

static int
parse(int argc, char *argv[], struct restore_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			o->force = true;
		else if (strcmp(argv[i], "--backup") == 0 && i + 1 < argc)
			o->name = argv[++i];
		else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
			o->at = argv[++i];
		else
			return -1;
	}
	if (o->at != NULL && !moment_valid(o->at)) {
		fprintf(stderr, "crmctl: --at takes a UTC moment \"YYYY-MM-DD HH:MM:SS\"\n");
		return -1;
	}
	return 0;
}

int
cmd_restore(struct conf *c, int argc, char *argv[])
{
	struct restore_opts o;
	struct backup_keyset k;
	struct backup_manifest *m = calloc(1, sizeof(*m));
	char dir[4096], err[512] = "";
	struct conf admin;
	struct db *db, *live;
	struct arena a;
	long long tables = 0, apps = 0;
	int rc = 1;

	if (m == NULL || parse(argc, argv, &o) == -1) {
		free(m);
		return usage();
	}
	admin = *c;
	admin.db_name = (char *)"mysql";	/* the CRM's database may be gone */
	db = db_new(&admin, true);
	arena_init(&a);
	if (backup_keyset_load(c, &k, err, sizeof(err)) == -1 ||
	    backup_find(c, o.name, o.at, dir, err, sizeof(err)) == -1 ||
	    backup_check(dir, &k, backup_code_schema(c), m, err, sizeof(err)) == -1)
		goto out;
	printf("checked %s: manifest, %zu file(s), every authentication tag\n", dir, m->nfiles);
	if (live_state(db, &a, c, &tables, &apps) == -1) {
		snprintf(err, sizeof(err), "cannot reach the database server as the admin account");
		goto out;
	}
	if ((tables > 0 || apps > 0) && !o.force) {
		snprintf(err, sizeof(err), "database %.150s is in use (%lld audit records, %lld application "
		    "connections): stop the application and add --force to replace it", c->db_name, tables, apps);
		goto out;
	}
	if (restore_into_live(c, db, &a, dir, &k, m, o.at, err, sizeof(err)) == 0) {
		live = db_new(c, true);
		if (crmctl_audit(live, &a, c, AUDIT_BACKUP_RESTORE, "backup", m->name, AUDIT_SUCCESS, 1,
		    o.at ? arena_printf(&a, "{\"at\":\"%s\"}", o.at) : NULL) == -1)
			fprintf(stderr, "crmctl: warning: the restore is done but its audit record failed\n");
		db_free(live);
		rc = 0;
	}
out:
	if (rc != 0)
		fprintf(stderr, "crmctl: restore failed: %s\n", err);
	OPENSSL_cleanse(&k, sizeof(k));
	free(m);
	db_free(db);
	arena_reset(&a);
	return rc;
}
