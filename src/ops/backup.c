/* backup.c: owns what crmctl's backup, restore and drill share
 * (backup.h): key, directories, whole-backup checks, loading a dump into
 * a server and comparing a restored database with its manifest. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "arena.h"
#include "backup.h"
#include "backup_key.h"
#include "db.h"
#include "dump_scan.h"
#include "mariadb_tool.h"
#include "stmt.h"

/* mariadb-dump's options: one row a line in key order, blobs in hex, so
 * that the same data always dumps to the same bytes (dump_scan.h). */
static const char *const dump_args[] = {
	"--single-transaction", "--master-data=2", "--routines", "--triggers", "--hex-blob",
	"--skip-extended-insert", "--no-autocommit", "--order-by-primary", "--skip-dump-date",
	"--default-character-set=utf8mb4", NULL,
};

/* The files a backup directory may hold; nothing else is ever removed. */
static const char *const backup_files[] = {
	"manifest.txt", "manifest.sig", "crm.sql.crmbk", "keyring.crmbk", NULL,
};

bool
backup_db_name_ok(const char *s)
{
	return s[0] != '\0' && strlen(s) <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s);
}

int
backup_keyset_load(const struct conf *c, struct backup_keyset *k, char *err, size_t errlen)
{
	if (c->backup_key == NULL || c->backup_dir == NULL) {
		snprintf(err, errlen, "[backup] dir and key must be set in %.150s", c->path);
		return -1;
	}
	return backup_key_load(c->backup_key, (uid_t)-1, k->key, k->key_id, err, errlen);
}

void
backup_label(char *out, size_t outlen, const char *key_id, const char *name, const char *what)
{
	snprintf(out, outlen, "%s/%s/%s", key_id, name, what);
}

int
backup_dump_args(const char *db_name, bool binlog_position, const char *args[], size_t max)
{
	size_t n = 0;

	for (size_t i = 0; dump_args[i] != NULL && n + 2 < max; i++)
		if (binlog_position || strncmp(dump_args[i], "--master-data", 13) != 0)
			args[n++] = dump_args[i];
	args[n++] = db_name;
	args[n] = NULL;
	return 0;
}

void
backup_progress(const char *what, unsigned long long bytes, const char *table, bool done)
{
	static time_t last;
	time_t now = time(NULL);

	if (!isatty(STDERR_FILENO) || (!done && now == last))
		return;
	last = now;
	fprintf(stderr, "\r%s: %.1f MB%s%s%s\033[K%s", what, (double)bytes / 1e6,
	    table ? " (" : "", table ? table : "", table ? ")" : "", done ? "\n" : "");
}

/* t as a backup name (compact) or a SQL DATETIME, UTC. */
static void
utc(time_t t, bool compact, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (compact)
		strftime(out, len, "%Y%m%dT%H%M%SZ", &tm);
	else
		strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
}

int
backup_dirs_prepare(const struct conf *c, struct backup_manifest *m, char *partial,
    char *final, char *err, size_t errlen)
{
	time_t now = time(NULL);
	struct stat st;

	m->format = 1;
	utc(now, true, m->name, sizeof(m->name));
	utc(now, false, m->created_at, sizeof(m->created_at));
	if (mkdir(c->backup_dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %.150s: %.150s", c->backup_dir, strerror(errno));
		return -1;
	}
	snprintf(partial, 4096, "%.3900s/.%s.partial", c->backup_dir, m->name);
	snprintf(final, 4096, "%.3900s/%s", c->backup_dir, m->name);
	if (stat(final, &st) == 0) {
		snprintf(err, errlen, "%.150s exists already (one backup a second at most)", final);
		return -1;
	}
	backup_remove_dir(partial);	/* a crashed attempt of the same second */
	if (mkdir(partial, 0700) == -1) {
		snprintf(err, errlen, "cannot create %.150s: %.150s", partial, strerror(errno));
		return -1;
	}
	return 0;
}

int
backup_manifest_add_file(struct backup_manifest *m, const char *name, const char *path,
    char *err, size_t errlen)
{
	struct stat st;

	if (m->nfiles == MANIFEST_FILES_MAX || stat(path, &st) == -1) {
		snprintf(err, errlen, "cannot list %.150s in the manifest", path);
		return -1;
	}
	snprintf(m->files[m->nfiles].name, sizeof(m->files[0].name), "%s", name);
	m->files[m->nfiles++].bytes = (unsigned long long)st.st_size;
	return 0;
}

int
backup_manifest_take_scan(struct backup_manifest *m, const struct dump_scan *s,
    const char *name, const char *path, char *err, size_t errlen)
{
	size_t n;
	const struct dump_table *t = dump_scan_tables(s, &n);

	memcpy(m->tables, t, n * sizeof(*t));
	m->ntables = n;
	snprintf(m->binlog_file, sizeof(m->binlog_file), "%s", dump_scan_binlog_file(s));
	m->binlog_pos = dump_scan_binlog_pos(s);
	return backup_manifest_add_file(m, name, path, err, errlen);
}

/* fsync of a directory, so a rename in it is durable. */
static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
}

int
backup_finish_dir(struct backup_manifest *m, const struct backup_keyset *k,
    const char *partial, const char *final, char *err, size_t errlen)
{
	char parent[4096], *slash;

	snprintf(m->installation, sizeof(m->installation), "%s", k->key_id);
	utc(time(NULL), false, m->finished_at, sizeof(m->finished_at));
	if (backup_manifest_write(partial, m, k->key, err, errlen) == -1)
		return -1;
	sync_dir(partial);
	if (rename(partial, final) == -1) {
		snprintf(err, errlen, "cannot rename %.150s to %.150s: %.150s", partial, final, strerror(errno));
		return -1;
	}
	snprintf(parent, sizeof(parent), "%s", final);
	if ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		sync_dir(parent);
	}
	return 0;
}

void
backup_remove_dir(const char *dir)
{
	char path[4096];

	for (int i = 0; backup_files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%.3900s/%s", dir, backup_files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
backup_record_row(struct db *db, struct arena *a, const struct backup_manifest *m,
    unsigned long long rows, unsigned long long bytes, bool keyring)
{
	struct backup_insert_in in = { .name = m->name, .created_at = m->created_at,
	    .finished_at = m->finished_at, .schema_version = m->schema_version,
	    .tables = (long long)m->ntables, .rows = (long long)rows, .bytes = (long long)bytes,
	    .with_keyring = keyring };

	return stmt_backup_insert(db, a, &in, NULL) == DB_OK ? 0 : -1;
}

/* True for a backup directory name: YYYYMMDDTHHMMSSZ. */
static bool
backup_name(const char *s)
{
	return strlen(s) == 16 && strspn(s, "0123456789") == 8 && s[8] == 'T' &&
	    strspn(s + 9, "0123456789") == 6 && s[15] == 'Z';
}

int
backup_find(const struct conf *c, const char *name, const char *at, char *out,
    char *err, size_t errlen)
{
	char best[32] = "", limit[32] = "";
	DIR *d;
	struct dirent *e;

	if (name != NULL) {
		if (!backup_name(name)) {
			snprintf(err, errlen, "%.150s is not a backup name (YYYYMMDDTHHMMSSZ)", name);
			return -1;
		}
		snprintf(out, 4096, "%.3900s/%s", c->backup_dir, name);
		return 0;
	}
	if (at != NULL)	/* "YYYY-MM-DD HH:MM:SS" -> YYYYMMDDTHHMMSSZ */
		snprintf(limit, sizeof(limit), "%.4s%.2s%.2sT%.2s%.2s%.2sZ", at, at + 5, at + 8,
		    at + 11, at + 14, at + 17);
	if ((d = opendir(c->backup_dir ? c->backup_dir : "")) == NULL) {
		snprintf(err, errlen, "cannot read the backup directory %.150s: %.150s",
		    c->backup_dir ? c->backup_dir : "(unset)", strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (backup_name(e->d_name) && strcmp(e->d_name, best) > 0 &&
		    (limit[0] == '\0' || strcmp(e->d_name, limit) <= 0))
			memcpy(best, e->d_name, 17);	/* backup_name: 16 characters */
	closedir(d);
	if (best[0] == '\0') {
		snprintf(err, errlen, "no backup in %.150s%.150s%.150s", c->backup_dir, at ? " made at or before " : "",
		    at ? at : "");
		return -1;
	}
	snprintf(out, 4096, "%.3900s/%s", c->backup_dir, best);
	return 0;
}

/* Checks one file of the manifest: size, SHA-256, every tag. */
static int
check_file(const char *dir, const struct backup_keyset *k, const struct backup_manifest *m,
    const struct backup_manifest_file *f, char *err, size_t errlen)
{
	char path[4096], label[BACKUP_LABEL_MAX + 1];
	unsigned char sha[32];
	struct stat st;

	snprintf(path, sizeof(path), "%.3900s/%s", dir, f->name);
	backup_label(label, sizeof(label), k->key_id, m->name,
	    strcmp(f->name, "keyring.crmbk") == 0 ? "keyring" : "crm.sql");
	if (stat(path, &st) == -1 || (unsigned long long)st.st_size != f->bytes) {
		snprintf(err, errlen, "%.150s is missing or not the size the manifest says", path);
		return -1;
	}
	if (backup_file_check(path, k->key, k->key_id, label, sha, err, errlen) == -1)
		return -1;
	if (CRYPTO_memcmp(sha, f->sha256, 32) != 0) {
		snprintf(err, errlen, "%.150s is not the file the manifest lists (SHA-256 differs)", path);
		return -1;
	}
	return 0;
}

int
backup_check(const char *dir, const struct backup_keyset *k, int max_schema,
    struct backup_manifest *m, char *err, size_t errlen)
{
	const char *base = strrchr(dir, '/');

	if (backup_manifest_read(dir, k->key, m, err, errlen) == -1)
		return -1;
	if (strcmp(m->installation, k->key_id) != 0 || strcmp(m->name, base ? base + 1 : dir) != 0) {
		snprintf(err, errlen, "%.150s belongs to another installation or another backup (%.150s, %.150s)",
		    dir, m->installation, m->name);
		return -1;
	}
	if (m->schema_version > max_schema) {
		snprintf(err, errlen, "%.150s has schema %d, newer than this version of the CRM knows (%d): "
		    "restore it with the version that made it", dir, m->schema_version, max_schema);
		return -1;
	}
	for (size_t i = 0; i < m->nfiles; i++)
		if (check_file(dir, k, m, &m->files[i], err, errlen) == -1)
			return -1;
	return 0;
}

int
backup_load(const struct conf *c, const char *socket, const char *dir,
    const struct backup_keyset *k, const struct backup_manifest *m, char *err, size_t errlen)
{
	const char *args[] = { "--default-character-set=utf8mb4", "--binary-mode", NULL };
	char path[4096], label[BACKUP_LABEL_MAX + 1], buf[65536], use[300];
	struct backup_reader *r = NULL;
	struct mariadb_tool t;
	unsigned long long bytes = 0;
	int fd, rc = -1, status;
	ssize_t n;

	snprintf(path, sizeof(path), "%.3900s/crm.sql.crmbk", dir);
	backup_label(label, sizeof(label), k->key_id, m->name, "crm.sql");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "cannot open %.150s: %.150s", path, strerror(errno));
		return -1;
	}
	/* The dump names no database: create it where missing (a scratch
	 * server) and load into it. The name is a checked identifier. */
	snprintf(use, sizeof(use), "CREATE DATABASE IF NOT EXISTS `%.64s` CHARACTER SET utf8mb4 "
	    "COLLATE utf8mb4_unicode_ci;\nUSE `%.64s`;\n", c->db_name, c->db_name);
	if (!backup_db_name_ok(c->db_name)) {
		snprintf(err, errlen, "[database] name is not a plain identifier");
		close(fd);
		return -1;
	}
	if ((r = backup_reader_open(fd, k->key, k->key_id, label, err, errlen)) != NULL &&
	    mariadb_tool_start(&t, c, socket, "mariadb", args, 1, 0, err, errlen) == 0) {
		n = write_all(t.in, use, strlen(use)) == 0 ? 1 : -1;
		while (n > 0 && (n = backup_reader_read(r, buf, sizeof(buf), err, errlen)) > 0 &&
		    write_all(t.in, buf, (size_t)n) == 0) {
			bytes += (unsigned long long)n;
			backup_progress("restore", bytes, NULL, false);
		}
		rc = n == 0 ? 0 : -1;
		if (n > 0)
			snprintf(err, errlen, "the mariadb client stopped reading (its message is above)");
		status = mariadb_tool_wait(&t);
		if (rc == 0 && status != 0) {
			snprintf(err, errlen, "the mariadb client failed (exit %d; its message is above)", status);
			rc = -1;
		}
		backup_progress("restore", bytes, NULL, true);
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	backup_reader_close(r);
	close(fd);
	return rc;
}

/* Dumps the database at socket through a scanner only. */
static struct dump_scan *
measure(const struct conf *c, const char *socket, char *err, size_t errlen)
{
	const char *args[24];
	struct dump_scan *s = dump_scan_new();
	struct mariadb_tool t;
	char buf[65536];
	ssize_t n = 0;
	int status;

	backup_dump_args(c->db_name, false, args, sizeof(args) / sizeof(args[0]));
	if (s == NULL || mariadb_tool_start(&t, c, socket, "mariadb-dump", args, 0, 1, err, errlen) == -1) {
		dump_scan_free(s);
		return NULL;
	}
	while ((n = read(t.out, buf, sizeof(buf))) > 0 && dump_scan_feed(s, buf, (size_t)n) == 0)
		;
	status = mariadb_tool_wait(&t);
	if (n != 0 || status != 0 || dump_scan_finish(s) == -1 || !dump_scan_completed(s)) {
		snprintf(err, errlen, "cannot dump the restored database again (%.150s)",
		    dump_scan_error(s)[0] ? dump_scan_error(s) : "mariadb-dump failed");
		dump_scan_free(s);
		return NULL;
	}
	return s;
}

int
backup_compare(const struct conf *c, const char *socket, const struct backup_manifest *m,
    char *err, size_t errlen)
{
	struct dump_scan *s = measure(c, socket, err, errlen);
	const struct dump_table *t;
	size_t n;
	int rc = 0;

	if (s == NULL)
		return -1;
	t = dump_scan_tables(s, &n);
	if (n != m->ntables) {
		snprintf(err, errlen, "the restored database has %zu tables, the backup %zu", n, m->ntables);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct dump_table *want = backup_manifest_table(m, t[i].name);
		if (want == NULL || want->rows != t[i].rows ||
		    CRYPTO_memcmp(want->sha256, t[i].sha256, 32) != 0) {
			snprintf(err, errlen, "table %.150s differs from the backup (%llu rows restored, %llu "
			    "backed up, or its checksum)", t[i].name, t[i].rows, want ? want->rows : 0ULL);
			rc = -1;
		}
	}
	dump_scan_free(s);
	return rc;
}

int
backup_code_schema(const struct conf *c)
{
	DIR *d = opendir(c->sql_dir ? c->sql_dir : "");
	struct dirent *e;
	int max = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		int v = atoi(e->d_name);
		if (strspn(e->d_name, "0123456789") == 3 && strstr(e->d_name, ".sql") && v > max)
			max = v;
	}
	if (d != NULL)
		closedir(d);
	return max;
}
