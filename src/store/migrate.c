/* migrate.c: owns schema changes. Files sql/NNN_name.sql are applied in
 * order on the admin connection, each recorded in schema_migrations with
 * its SHA-256 so an edited, already-applied file is detected: migrations
 * are forward-only. DDL statements commit implicitly in MariaDB, so a
 * file is the unit of progress: it is recorded only after all of its
 * statements succeeded. Files may say @APP_ACCOUNT@ where the
 * application's account belongs in a GRANT. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "db.h"
#include "log.h"
#include "migrate.h"
#include "search_index.h"
#include "stmt.h"

#define MAX_MIGRATION_BYTES (4 << 20)

struct applied {
	int version;
	char checksum[65];
};

static const char create_table_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT UNSIGNED NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME NOT NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

static int
migration_filter(const struct dirent *d)
{
	const char *n = d->d_name;
	size_t len = strlen(n);

	if (len < 9 || !isdigit((unsigned char)n[0]) || !isdigit((unsigned char)n[1]) ||
	    !isdigit((unsigned char)n[2]) || n[3] != '_' || strcmp(n + len - 4, ".sql") != 0)
		return 0;
	for (size_t i = 4; i < len - 4; i++)
		if (!islower((unsigned char)n[i]) && !isdigit((unsigned char)n[i]) && n[i] != '_')
			return 0;
	return 1;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf;

	if (f == NULL)
		return NULL;
	buf = malloc(MAX_MIGRATION_BYTES + 1);
	if (buf != NULL) {
		*len = fread(buf, 1, MAX_MIGRATION_BYTES + 1, f);
		if (*len > MAX_MIGRATION_BYTES || ferror(f)) {
			free(buf);
			buf = NULL;
		} else
			buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static void
sha256_hex(const char *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned mdlen = 0;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Replaces @APP_ACCOUNT@ with 'user'@'host' from the config; the names
 * are checked to be plain identifiers so the config cannot inject SQL. */
static char *
substitute(const char *sql, const struct conf *c)
{
	static const char token[] = "@APP_ACCOUNT@";
	char account[256];
	size_t cap, o = 0;
	char *out;

	for (const char *p = c->db_user; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return NULL;
	for (const char *p = c->db_account_host; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-.%:", *p))
			return NULL;
	snprintf(account, sizeof(account), "'%s'@'%s'", c->db_user, c->db_account_host);
	cap = strlen(sql) * 2 + 1024;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	for (const char *p = sql; *p;) {
		if (strncmp(p, token, sizeof(token) - 1) == 0 && o + strlen(account) < cap) {
			memcpy(out + o, account, strlen(account));
			o += strlen(account);
			p += sizeof(token) - 1;
		} else if (o + 1 < cap)
			out[o++] = *p++;
		else
			break;
	}
	out[o] = '\0';
	return out;
}

/* Runs every statement of sql; returns 0 or -1 after printing which
 * statement failed and why. */
static int
exec_script(MYSQL *m, const char *file, const char *sql)
{
	int n = 1, status;

	if (mysql_real_query(m, sql, strlen(sql))) {
		fprintf(stderr, "crmctl: migration %s failed at statement 1: %s\n",
		    file, mysql_error(m));
		return -1;
	}
	do {
		MYSQL_RES *res = mysql_store_result(m);
		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(m) != 0) {
			fprintf(stderr, "crmctl: migration %s failed reading the result of "
			    "statement %d: %s\n", file, n, mysql_error(m));
			return -1;
		}
		status = mysql_next_result(m);
		if (status > 0) {
			fprintf(stderr, "crmctl: migration %s failed at statement %d: %s\n",
			    file, n + 1, mysql_error(m));
			return -1;
		}
		n++;
	} while (status == 0);
	return 0;
}

static int
load_applied(struct db *db, struct arena *a, struct applied **out, size_t *count)
{
	struct migrate_applied_out rows;

	if (mysql_real_query(db_handle(db), create_table_sql, strlen(create_table_sql))) {
		fprintf(stderr, "crmctl: cannot create schema_migrations: %s\n",
		    mysql_error(db_handle(db)));
		return -1;
	}
	if (stmt_migrate_applied(db, a, &(struct migrate_applied_in){ 0 }, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read schema_migrations\n");
		return -1;
	}
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		(*out)[i].version = (int)rows.rows[i].version;
		snprintf((*out)[i].checksum, 65, "%s", rows.rows[i].checksum ? rows.rows[i].checksum : "");
	}
	*count = rows.n;
	return 0;
}

static const struct applied *
find_applied(const struct applied *ap, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (ap[i].version == version)
			return &ap[i];
	return NULL;
}

static long
elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Applies one file unless already applied; returns 1 applied, 0 skipped,
 * -1 failed. */
static int
apply_one(struct db *db, struct arena *a, const struct conf *c, const char *name,
    const struct applied *ap, size_t nap, bool status_only)
{
	int version = atoi(name);
	char *path = arena_printf(a, "%s/%s", c->sql_dir, name), *text, *sql;
	const struct applied *done = find_applied(ap, nap, version);
	char sum[65];
	size_t len;
	struct timespec t0;
	int rc = -1;

	if ((text = read_file(path, &len)) == NULL) {
		fprintf(stderr, "crmctl: cannot read %s: %s\n", path,
		    errno ? strerror(errno) : "larger than 4 MiB");
		return -1;
	}
	sha256_hex(text, len, sum);
	if (done != NULL) {
		rc = 0;
		if (strcmp(done->checksum, sum) != 0) {
			fprintf(stderr, "crmctl: %s was changed after it was applied; "
			    "migrations are forward-only: restore the file and add a new one\n", path);
			rc = -1;
		} else if (status_only)
			printf("applied  %s\n", name);
		free(text);
		return rc;
	}
	if (status_only) {
		printf("pending  %s\n", name);
		free(text);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("applying %s ... ", name);
	fflush(stdout);
	if ((sql = substitute(text, c)) == NULL)
		fprintf(stderr, "\ncrmctl: [database] user or account_host is not a plain name\n");
	else if (exec_script(db_handle(db), path, sql) == 0) {
		struct migrate_record_in in = { .version = version, .name = name, .checksum = sum };
		if (stmt_migrate_record(db, a, &in, NULL) == DB_OK) {
			printf("ok (%ld ms)\n", elapsed_ms(&t0));
			rc = 1;
			/* the keys of the rows that exist (the triggers keep them from now on) */
			if (version == SEARCH_INDEX_MIGRATION && search_index_rebuild(db, a, stdout) < 0)
				rc = -1;
		} else
			fprintf(stderr, "crmctl: %s applied but could not be recorded\n", path);
	}
	free(sql);
	free(text);
	return rc;
}

/* Refuses a database that has migrations this release does not ship. */
static int
check_unknown(const struct applied *ap, size_t nap, struct dirent **files, int nfiles)
{
	for (size_t i = 0; i < nap; i++) {
		bool known = false;
		for (int f = 0; f < nfiles && !known; f++)
			known = atoi(files[f]->d_name) == ap[i].version;
		if (!known) {
			fprintf(stderr, "crmctl: the database has migration %03d that this "
			    "release does not ship: refusing to go on (is this an older release?)\n",
			    ap[i].version);
			return -1;
		}
	}
	return 0;
}

int
migrate_run(const struct conf *c, bool status_only)
{
	struct db *db = db_new(c, true);
	struct dirent **files = NULL;
	struct applied *ap = NULL;
	struct arena a;
	size_t nap = 0;
	int nfiles, applied = 0, rc = 1, last = 0;

	arena_init(&a);
	if ((nfiles = scandir(c->sql_dir, &files, migration_filter, alphasort)) < 0) {
		fprintf(stderr, "crmctl: cannot list %s: %s\n", c->sql_dir, strerror(errno));
		goto out;
	}
	for (int i = 1; i < nfiles; i++)
		if (atoi(files[i]->d_name) == atoi(files[i - 1]->d_name)) {
			fprintf(stderr, "crmctl: %s and %s share a number: renumber the newer one\n",
			    files[i - 1]->d_name, files[i]->d_name);
			goto out;
		}
	if (db_ensure(db) == -1) {
		fprintf(stderr, "crmctl: cannot connect to the database (see the log line above)\n");
		goto out;
	}
	if (load_applied(db, &a, &ap, &nap) == -1 || check_unknown(ap, nap, files, nfiles) == -1)
		goto out;
	for (int i = 0; i < nfiles; i++) {
		int r = apply_one(db, &a, c, files[i]->d_name, ap, nap, status_only);
		if (r < 0)
			goto out;
		applied += r;
		last = atoi(files[i]->d_name);
	}
	if (!status_only)
		printf("%d migration%s applied; schema at version %03d\n",
		    applied, applied == 1 ? "" : "s", last);
	rc = 0;
out:
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	arena_reset(&a);
	db_free(db);
	return rc;
}

/* Runs the GRANT and REVOKE statements of one migration's text (each
 * starts a line and ends with ';' on a line; they hold no other ';'). */
static int
run_grants(MYSQL *m, const char *file, const char *sql)
{
	for (const char *p = sql; *p; ) {
		const char *end = strchr(p, '\n'), *semi;
		if ((strncmp(p, "GRANT ", 6) == 0 || strncmp(p, "REVOKE ", 7) == 0) &&
		    (semi = strchr(p, ';')) != NULL) {
			if (mysql_real_query(m, p, (unsigned long)(semi - p))) {
				fprintf(stderr, "crmctl: %s: %s\n", file, mysql_error(m));
				return -1;
			}
			end = strchr(semi, '\n');
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

int
migrate_grants(const struct conf *c)
{
	struct db *db = db_new(c, true);
	struct dirent **files = NULL;
	int nfiles, rc = db_ensure(db) == 0 ? 0 : 1;

	if ((nfiles = scandir(c->sql_dir, &files, migration_filter, alphasort)) < 0)
		rc = 1;
	for (int i = 0; i < nfiles; i++) {
		char path[4096], *text = NULL, *sql = NULL;
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", c->sql_dir, files[i]->d_name);
		if (rc == 0 && ((text = read_file(path, &len)) == NULL || (sql = substitute(text, c)) == NULL ||
		    run_grants(db_handle(db), path, sql) == -1))
			rc = 1;
		free(sql);
		free(text);
		free(files[i]);
	}
	free(files);
	db_free(db);
	return rc;
}
