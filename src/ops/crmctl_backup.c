/* crmctl_backup.c: owns "crmctl backup" (making one) and "crmctl backup
 * key-generate". A backup is mariadb-dump --single-transaction of the
 * CRM database (a consistent InnoDB snapshot; the application keeps
 * serving reads and writes: no table is locked), measured on the way by
 * dump_scan (rows and SHA-256 per table, the binary log position of the
 * snapshot) and streamed through backup_file (compressed, AES-256-GCM
 * under the backup key, which is not a field key) into
 * [backup] dir/NAME/crm.sql.crmbk; the key ring only with --with-keyring,
 * in its own file under the same backup key. The manifest is written
 * last, and the directory gets its name only when everything is on disk:
 * a failed or interrupted backup leaves nothing that looks like one. */
#include "config.h"

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
#include "audit.h"
#include "backup.h"
#include "backup_file.h"
#include "backup_key.h"
#include "backup_manifest.h"
#include "crmctl.h"
#include "db.h"
#include "dump_scan.h"
#include "json.h"
#include "mariadb_tool.h"
#include "schema_info.h"

/* Streams the dump into the writer and the scanner. 0 or -1 (err). */
static int
pump_dump(struct mariadb_tool *t, struct backup_writer *w, struct dump_scan *s,
    unsigned long long *bytes, char *err, size_t errlen)
{
	char buf[65536];
	ssize_t n;
	size_t nt;

	while ((n = read(t->out, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "reading mariadb-dump: %.150s", strerror(errno));
			return -1;
		}
		if (dump_scan_feed(s, buf, (size_t)n) == -1) {
			snprintf(err, errlen, "the dump cannot be measured: %.150s", dump_scan_error(s));
			return -1;
		}
		if (backup_writer_write(w, buf, (size_t)n, err, errlen) == -1)
			return -1;
		*bytes += (unsigned long long)n;
		dump_scan_tables(s, &nt);
		backup_progress("dump", *bytes, nt ? dump_scan_tables(s, &nt)[nt - 1].name : NULL, false);
	}
	return 0;
}

/* Dumps the database into dir/crm.sql.crmbk, filling m's tables, binlog
 * and that file's entry. 0 or -1 (err). */
static int
dump_into(const struct conf *c, const struct backup_keyset *k, const char *dir,
    struct backup_manifest *m, char *err, size_t errlen)
{
	const char *args[24];
	char path[4096], label[BACKUP_LABEL_MAX + 1];
	struct mariadb_tool t;
	struct dump_scan *s = dump_scan_new();
	struct backup_writer *w = NULL;
	unsigned long long bytes = 0;
	int fd, status, rc = -1;

	snprintf(path, sizeof(path), "%.3900s/crm.sql.crmbk", dir);
	backup_label(label, sizeof(label), k->key_id, m->name, "crm.sql");
	backup_dump_args(c->db_name, true, args, sizeof(args) / sizeof(args[0]));
	if (s == NULL || (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		snprintf(err, errlen, "cannot create %.150s: %.150s", path, strerror(errno));
		dump_scan_free(s);
		return -1;
	}
	if ((w = backup_writer_open(fd, k->key, k->key_id, label, err, errlen)) != NULL &&
	    mariadb_tool_start(&t, c, NULL, "mariadb-dump", args, 0, 1, err, errlen) == 0) {
		rc = pump_dump(&t, w, s, &bytes, err, errlen);
		status = mariadb_tool_wait(&t);
		if (rc == 0 && status != 0) {
			snprintf(err, errlen, "mariadb-dump failed (exit %d; its message is above)", status);
			rc = -1;
		}
	}
	backup_progress("dump", bytes, NULL, true);
	if (rc == 0 && (dump_scan_finish(s) == -1 || !dump_scan_completed(s))) {
		snprintf(err, errlen, "the dump did not complete: %.150s", dump_scan_error(s));
		rc = -1;
	}
	if (rc == 0)
		rc = backup_writer_finish(w, m->files[m->nfiles].sha256, err, errlen);
	else
		backup_writer_abort(w);
	if (close(fd) == -1 && rc == 0) {
		snprintf(err, errlen, "writing %.150s: %.150s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = backup_manifest_take_scan(m, s, "crm.sql.crmbk", path, err, errlen);
	dump_scan_free(s);
	return rc;
}

/* Copies the key ring into dir/keyring.crmbk under the backup key. */
static int
keyring_into(const struct conf *c, const struct backup_keyset *k, const char *dir,
    struct backup_manifest *m, char *err, size_t errlen)
{
	char path[4096], label[BACKUP_LABEL_MAX + 1], buf[65536];
	int in = open(c->keyring ? c->keyring : "", O_RDONLY | O_CLOEXEC), fd = -1, rc = -1;
	struct backup_writer *w = NULL;
	ssize_t n;

	snprintf(path, sizeof(path), "%.3900s/keyring.crmbk", dir);
	backup_label(label, sizeof(label), k->key_id, m->name, "keyring");
	if (in == -1)
		snprintf(err, errlen, "cannot read the key ring %.150s: %.150s", c->keyring ? c->keyring : "(unset)",
		    strerror(errno));
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1)
		snprintf(err, errlen, "cannot create %.150s: %.150s", path, strerror(errno));
	else if ((w = backup_writer_open(fd, k->key, k->key_id, label, err, errlen)) != NULL) {
		rc = 0;
		while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0)
			if (n < 0) {
				snprintf(err, errlen, "reading the key ring: %.150s", strerror(errno));
				rc = -1;
			} else
				rc = backup_writer_write(w, buf, (size_t)n, err, errlen);
		OPENSSL_cleanse(buf, sizeof(buf));
		if (rc == 0)
			rc = backup_writer_finish(w, m->files[m->nfiles].sha256, err, errlen);
		else
			backup_writer_abort(w);
	}
	if (in != -1)
		close(in);
	if (fd != -1 && close(fd) == -1 && rc == 0)
		rc = -1;
	if (rc == 0)
		rc = backup_manifest_add_file(m, "keyring.crmbk", path, err, errlen);
	return rc;
}

/* The schema version and server version into m (admin connection). */
static int
server_facts(struct db *db, struct arena *a, struct backup_manifest *m, char *err, size_t errlen)
{
	long long version;
	const char *server;

	if (schema_server_facts(db, a, &version, &server) != 0) {
		snprintf(err, errlen, "cannot reach the database as the admin account (see the log)");
		return -1;
	}
	m->schema_version = (int)version;
	snprintf(m->server, sizeof(m->server), "%s", server);
	return 0;
}

/* Records the finished backup (table backups) with its audit record. */
static void
record(const struct conf *c, struct db *db, struct arena *a, const struct backup_manifest *m,
    bool keyring)
{
	unsigned long long rows = 0, bytes = 0;
	struct json j;

	for (size_t i = 0; i < m->ntables; i++)
		rows += m->tables[i].rows;
	for (size_t i = 0; i < m->nfiles; i++)
		bytes += m->files[i].bytes;
	json_begin(&j, a);
	json_str(&j, "name", m->name);
	json_int(&j, "tables", (long long)m->ntables);
	json_int(&j, "rows", (long long)rows);
	json_int(&j, "bytes", (long long)bytes);
	json_bool(&j, "with_keyring", keyring);
	if (db_begin(db) != DB_OK || backup_record_row(db, a, m, rows, bytes, keyring) == -1 ||
	    crmctl_audit(db, a, c, AUDIT_BACKUP_CREATE, "backup", m->name, AUDIT_SUCCESS,
	    (long long)rows, json_end(&j)) == -1 || db_commit(db) != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "crmctl: warning: the backup is complete but could not be recorded "
		    "in the database (admin page and alerts will not know it)\n");
	}
}

/* Makes one backup into c's backup directory; prints its name. */
static int
make(const struct conf *c, bool with_keyring)
{
	struct backup_keyset k;
	struct backup_manifest *m = calloc(1, sizeof(*m));
	char err[512] = "", partial[4096], final[4096];
	struct db *db = db_new(c, true);
	struct arena a;
	int rc = 1;

	arena_init(&a);
	if (m == NULL || backup_keyset_load(c, &k, err, sizeof(err)) == -1 ||
	    backup_dirs_prepare(c, m, partial, final, err, sizeof(err)) == -1)
		goto out;
	if (server_facts(db, &a, m, err, sizeof(err)) == 0 &&
	    dump_into(c, &k, partial, m, err, sizeof(err)) == 0 &&
	    (!with_keyring || keyring_into(c, &k, partial, m, err, sizeof(err)) == 0) &&
	    backup_finish_dir(m, &k, partial, final, err, sizeof(err)) == 0) {
		record(c, db, &a, m, with_keyring);
		printf("backup %s: %zu tables, schema %d, binlog %s:%llu\n", final, m->ntables,
		    m->schema_version, m->binlog_file[0] ? m->binlog_file : "-", m->binlog_pos);
		rc = 0;
	} else
		backup_remove_dir(partial);
out:
	if (rc != 0)
		fprintf(stderr, "crmctl: backup failed: %s\ncrmctl: nothing was kept; the live database "
		    "was only read\n", err[0] ? err : "out of memory");
	OPENSSL_cleanse(&k, sizeof(k));
	free(m);
	db_free(db);
	arena_reset(&a);
	return rc;
}

int
cmd_backup_make(struct conf *c, int argc, char *argv[])
{
	bool keyring = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--with-keyring") == 0)
			keyring = true;
		else {
			fprintf(stderr, "usage: crmctl backup [--with-keyring]\n");
			return 2;
		}
	}
	return make(c, keyring);
}

int
cmd_backup_key_generate(struct conf *c, int argc, char *argv[])
{
	char id[BACKUP_KEY_ID_MAX + 1], err[512];

	(void)argv;
	if (argc != 2) {
		fprintf(stderr, "usage: crmctl backup key-generate\n");
		return 2;
	}
	if (c->backup_key == NULL) {
		fprintf(stderr, "crmctl: [backup] key is not set in %s\n", c->path);
		return 1;
	}
	if (backup_key_generate(c->backup_key, id, err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	printf("created backup key %s in %s: keep a copy of this file apart from the backups "
	    "and from the key ring; without it no backup can be read\n", id, c->backup_key);
	return 0;
}
