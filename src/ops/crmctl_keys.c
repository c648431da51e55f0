/* crmctl_keys.c: owns "crmctl keys": creating the key ring, rotating the
 * key-encryption key and rewrapping every data key (online, in committed
 * batches, resumable), retiring old keys once nothing uses them, sealing
 * the ring, and reporting which key wraps how many data keys. */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "keyring.h"
#include "log.h"
#include "stmt.h"
#include "subject_key.h"

/* Counts data keys per key-encryption key version; returns how many are
 * wrapped by a version older than newest, or -1. */
static long long
count_old(struct db *db, struct arena *a, uint64_t newest, bool print)
{
	struct datakey_count_by_kek_out rows;
	long long old = 0;

	if (stmt_datakey_count_by_kek(db, a, &(struct datakey_count_by_kek_in){ 0 }, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot count data keys (see the log line above)\n");
		return -1;
	}
	for (size_t i = 0; i < rows.n; i++) {
		long long v = rows.rows[i].kek_version, n = rows.rows[i].count;
		if (print)
			printf("key %lld wraps %lld data key%s\n", v, n, n == 1 ? "" : "s");
		if ((uint64_t)v < newest)
			old += n;
	}
	return old;
}

/* Stores data key id wrapped as env under newest, if still wrapped under
 * old. 0 or -1. */
static int
rewrap(struct db *db, struct arena *a, const unsigned char *env, size_t envlen, uint64_t newest,
    uint64_t id, long long old)
{
	struct datakey_rewrap_in in = {
		.wrapped = { .type = DBV_BLOB, .s = (const char *)env, .len = envlen },
		.kek_version = (long long)newest, .id = (long long)id, .old_version = old,
	};

	return stmt_datakey_rewrap(db, a, &in, NULL) == DB_OK ? 0 : -1;
}

/* Rewraps one batch (ids above *after) under newest; returns the number
 * rewrapped, -1 on error; *seen counts the rows looked at and *failed
 * those that did not unwrap. */
static long long
rewrap_batch(struct db *db, struct arena *a, uint64_t newest, long long *after,
    long long *failed, size_t *seen)
{
	struct datakey_batch_out rows;
	long long done = 0;

	*seen = 0;
	if (stmt_datakey_batch_old(db, a, &(struct datakey_batch_in){ .newest = (long long)newest,
	    .after = *after }, &rows) != DB_OK || db_begin(db) != DB_OK)
		return -1;
	*seen = rows.n;
	for (size_t i = 0; i < rows.n; i++) {
		const struct datakey_batch_row *r = &rows.rows[i];
		struct subject_key k = { .id = (uint64_t)r->id };
		const char *type = r->subject_type;
		long long sid = r->subject_id, old = r->kek_version;
		const unsigned char *kek = keyring_kek((uint64_t)old), *dk;
		unsigned char *env, *plain;
		size_t envlen, plen;

		*after = (long long)k.id;
		if (kek == NULL || envelope_open(kek, wrap_aad(a, k.id, type, sid),
		    (const unsigned char *)r->wrapped.s, r->wrapped.len, a, &plain, &plen) != ENVELOPE_OK ||
		    plen != KEY_BYTES) {
			fprintf(stderr, "\ncrmctl: data key %" PRIu64 " (%s %lld) does not unwrap: "
			    "left as it is\n", k.id, type, sid);
			(*failed)++;
			continue;
		}
		dk = plain;
		if (envelope_seal(keyring_kek(newest), newest, wrap_aad(a, k.id, type, sid), dk,
		    KEY_BYTES, a, &env, &envlen) != ENVELOPE_OK)
			goto fail;
		if (rewrap(db, a, env, envlen, newest, k.id, old) == -1)
			goto fail;
		done++;
	}
	if (db_commit(db) != DB_OK)
		return -1;
	return done;
fail:
	db_rollback(db);
	return -1;
}

/* Rewraps every data key under the newest key, printing progress. */
static int
rewrap_all(const struct conf *c)
{
	struct db *db = db_new(c, true);
	struct arena a;
	uint64_t newest = keyring_newest();
	long long total, done = 0, after = 0, failed = 0, n;
	size_t seen = 0;
	int rc = 1;
	bool tty = isatty(STDOUT_FILENO);

	arena_init(&a);
	if ((total = count_old(db, &a, newest, false)) < 0)
		goto out;
	printf("rewrapping %lld data key%s under key %" PRIu64 "\n", total, total == 1 ? "" : "s", newest);
	while ((n = rewrap_batch(db, &a, newest, &after, &failed, &seen)) >= 0 && seen > 0) {
		done += n;
		if (tty)
			printf("\r  %lld of %lld rewrapped", done, total);
		fflush(stdout);
		arena_reset(&a);
	}
	if (tty)
		printf("\n");
	if (n < 0) {
		fprintf(stderr, "crmctl: rewrapping stopped by a database error; "
		    "run \"crmctl keys rotate --resume\" to go on\n");
		goto out;
	}
	n = count_old(db, &a, newest, true);
	printf("%lld rewrapped, %lld failed, %lld left under old keys\n", done, failed, n);
	rc = n == 0 && failed == 0 ? 0 : 1;
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}

/* ---- rotate --data: fresh data keys, every field re-encrypted ---- */

struct enc_col {
	const char *table, *column, *subject_type, *subject_column, *row_column;
};

/* A table or column name as the register may hold it; these go into SQL
 * text (quoted), so nothing else is accepted. */
static bool
ident_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 64 || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z')))
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static int
load_columns(struct db *db, struct arena *a, struct enc_col **cols, size_t *n)
{
	struct datakey_columns_out rows;

	if (stmt_datakey_columns(db, a, &(struct datakey_columns_in){ 0 }, &rows) != DB_OK)
		return -1;
	*cols = arena_alloc(a, sizeof(**cols) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		struct enc_col *c = &(*cols)[i];
		c->table = rows.rows[i].table;
		c->column = rows.rows[i].column;
		c->subject_type = rows.rows[i].subject_type;
		c->subject_column = rows.rows[i].subject_column;
		c->row_column = rows.rows[i].row_column;
		if (!ident_ok(c->table) || !ident_ok(c->column) || !ident_ok(c->subject_column) ||
		    !ident_ok(c->row_column)) {
			fprintf(stderr, "crmctl: encrypted_columns holds a name that is not a plain "
			    "identifier (row %zu): refusing\n", i + 1);
			return -1;
		}
	}
	*n = rows.n;
	return 0;
}

/* Re-encrypts the fields of one column of one subject from old to fresh. */
static int
reencrypt_column(struct db *db, struct arena *a, const struct enc_col *c, long long sid,
    const struct subject_key *old, const struct subject_key *fresh)
{
	/* row_column is what the field's AAD binds as its row id. */
	const char *sel = arena_printf(a, "SELECT `%s`, `%s` FROM `%s` WHERE `%s` = ? FOR UPDATE",
	    c->row_column, c->column, c->table, c->subject_column);
	const char *upd = arena_printf(a, "UPDATE `%s` SET `%s` = ? WHERE `%s` = ?", c->table,
	    c->column, c->row_column);
	struct db_value p[datakey_field_NPARAMS + datakey_field_set_NPARAMS];
	struct datakey_field_set_in set;
	struct datakey_field_out fields;
	struct db_rows rows;

	if (db_run_sql(db, a, sel, p, datakey_field_bind(&(struct datakey_field_in){ .subject_id = sid }, p),
	    &rows) != DB_OK)
		return -1;
	datakey_field_read(&rows, a, &fields);
	for (size_t r = 0; r < fields.n; r++) {
		const struct datakey_field_row *f = &fields.rows[r];
		const char *pt;
		size_t len;
		if (f->sealed.type == DBV_NULL)
			continue;
		if (field_open(old, a, c->table, c->column, f->row, &f->sealed, &pt, &len) == -1 ||
		    field_seal(fresh, a, c->table, c->column, f->row, pt, len, &set.sealed) == -1)
			return -1;
		set.row = f->row;
		if (db_run_sql(db, a, upd, p, datakey_field_set_bind(&set, p), NULL) != DB_OK)
			return -1;
	}
	return 0;
}

/* Gives the next subject after *after a fresh data key. Its data_keys row
 * is locked first; the application reads keys LOCK IN SHARE MODE inside
 * its write transactions, so it waits rather than write under the old
 * key. Returns 1 done, 0 when none is left, -1 on error (rolled back). */
static int
rekey_next(struct db *db, struct arena *a, const struct enc_col *cols, size_t ncols,
    long long *after)
{
	struct subject_key old = { 0 }, fresh = { 0 };
	uint64_t newest = keyring_newest();
	const unsigned char *kek;
	unsigned char *env, *dk;
	size_t envlen, dklen;
	struct datakey_row_out rows;
	const char *type;
	long long sid, version;

	if (db_begin(db) != DB_OK ||
	    stmt_datakey_lock(db, a, &(struct datakey_row_in){ .after = *after }, &rows) != DB_OK)
		goto fail;
	if (rows.n == 0)
		return db_commit(db) == DB_OK ? 0 : -1;
	old.id = fresh.id = (uint64_t)rows.rows[0].id;
	*after = (long long)old.id;
	type = rows.rows[0].subject_type;
	sid = rows.rows[0].subject_id;
	version = rows.rows[0].kek_version;
	kek = keyring_kek((uint64_t)version);
	if (kek == NULL || envelope_open(kek, wrap_aad(a, old.id, type, sid),
	    (const unsigned char *)rows.rows[0].wrapped.s, rows.rows[0].wrapped.len, a, &dk, &dklen) !=
	    ENVELOPE_OK || dklen != KEY_BYTES) {
		fprintf(stderr, "\ncrmctl: data key %" PRIu64 " does not unwrap: left as it is\n", old.id);
		goto fail;
	}
	memcpy(old.key, dk, KEY_BYTES);
	if (RAND_priv_bytes(fresh.key, KEY_BYTES) != 1)
		goto fail;
	for (size_t i = 0; i < ncols; i++)
		if (strcmp(cols[i].subject_type, type) == 0 &&
		    reencrypt_column(db, a, &cols[i], sid, &old, &fresh) == -1)
			goto fail;
	if (envelope_seal(keyring_kek(newest), newest, wrap_aad(a, fresh.id, type, sid), fresh.key,
	    KEY_BYTES, a, &env, &envlen) != ENVELOPE_OK)
		goto fail;
	if (rewrap(db, a, env, envlen, newest, fresh.id, version) == -1 || db_commit(db) != DB_OK)
		goto fail;
	OPENSSL_cleanse(&old, sizeof(old));
	OPENSSL_cleanse(&fresh, sizeof(fresh));
	return 1;
fail:
	db_rollback(db);
	OPENSSL_cleanse(&old, sizeof(old));
	OPENSSL_cleanse(&fresh, sizeof(fresh));
	return -1;
}

static int
rekey_all(const struct conf *c)
{
	struct db *db = db_new(c, true);
	struct arena a, cols_arena;
	struct enc_col *cols;
	size_t ncols;
	long long after = 0, done = 0, failed = 0, last_failed_after = -1;
	int r, rc = 1;
	bool tty = isatty(STDOUT_FILENO);

	arena_init(&a);
	arena_init(&cols_arena);
	if (load_columns(db, &cols_arena, &cols, &ncols) == -1)
		goto out;
	printf("replacing data keys and re-encrypting %zu registered column%s\n", ncols,
	    ncols == 1 ? "" : "s");
	while ((r = rekey_next(db, &a, cols, ncols, &after)) != 0) {
		if (r < 0)
			failed++;
		else
			done++;
		if (tty && (done + failed) % 50 == 0)
			printf("\r  %lld subjects re-encrypted", done);
		fflush(stdout);
		arena_reset(&a);
		if (r < 0 && after == last_failed_after)
			break;	/* no progress: the database itself failed */
		if (r < 0)
			last_failed_after = after;
	}
	if (tty)
		printf("\n");
	printf("%lld subject%s re-encrypted under fresh data keys, %lld failed\n", done,
	    done == 1 ? "" : "s", failed);
	rc = failed ? 1 : 0;
out:
	arena_reset(&a);
	arena_reset(&cols_arena);
	db_free(db);
	return rc;
}

/* Asks a running crm-fcgi to reload, so new keys are wrapped by the new
 * key-encryption key (workers also reload by themselves on an unknown one). */
static void
signal_server(const struct conf *c)
{
	FILE *f = c->pid_file ? fopen(c->pid_file, "re") : NULL;
	long pid = 0;

	if (f == NULL)
		return;
	if (fscanf(f, "%ld", &pid) == 1 && pid > 1 && kill((pid_t)pid, SIGHUP) == 0)
		printf("asked crm-fcgi (pid %ld) to reload the key ring\n", pid);
	fclose(f);
}

static int
keys_init(const struct conf *c)
{
	char err[512];
	gid_t gid;
	uid_t uid;

	if (crmctl_need_keyring_path(c) == -1)
		return 1;
	uid = crmctl_service_uid(c, &gid);
	if (keyring_create(c->keyring, uid, gid, err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	printf("created key ring %s with key-encryption key 1 and an index key\n", c->keyring);
	return 0;
}

/* The audit record of a rotation or retirement, in its own transaction:
 * the key ring file, not the database, is what changed. */
static void
record(const struct conf *c, const char *action, uint64_t version, int rc, bool data)
{
	struct db *db = db_new(c, true);
	struct arena a;

	arena_init(&a);
	if (crmctl_audit(db, &a, c, action, "key", arena_printf(&a, "%" PRIu64, version),
	    rc == 0 ? AUDIT_SUCCESS : AUDIT_FAILURE, 1,
	    arena_printf(&a, "{\"data\":%s}", data ? "true" : "false")) == -1)
		fprintf(stderr, "crmctl: the audit record of %s could not be written\n", action);
	arena_reset(&a);
	db_free(db);
}

static int
keys_rotate(const struct conf *c, bool resume, bool data)
{
	char err[512];
	uint64_t v;
	gid_t gid;
	int rc;

	if (crmctl_keyring_load(c) == -1)
		return 1;
	if (!resume) {
		if (keyring_add_kek(c->keyring, c->unseal_file, crmctl_service_uid(c, &gid), &v,
		    err, sizeof(err)) == -1) {
			fprintf(stderr, "crmctl: %s\n", err);
			return 1;
		}
		printf("added key-encryption key %" PRIu64 "\n", v);
	}
	/* Also on --resume: the run that added the key may have died first. */
	signal_server(c);
	rc = data && rekey_all(c) != 0 ? 1 : rewrap_all(c);
	record(c, AUDIT_KEYS_ROTATE, keyring_newest(), rc, data);
	return rc;
}

static int
keys_retire(const struct conf *c, const char *arg)
{
	struct db *db = db_new(c, true);
	struct datakey_count_by_kek_out rows;
	struct arena a;
	char err[512], *end;
	unsigned long long v = strtoull(arg, &end, 10);
	int rc = 1;
	gid_t gid;

	arena_init(&a);
	if (*end != '\0' || v == 0) {
		fprintf(stderr, "crmctl: keys retire wants a key version number\n");
		goto out;
	}
	if (crmctl_keyring_load(c) == -1 ||
	    stmt_datakey_count_by_kek(db, &a, &(struct datakey_count_by_kek_in){ 0 }, &rows) != DB_OK)
		goto out;
	for (size_t i = 0; i < rows.n; i++)
		if ((unsigned long long)rows.rows[i].kek_version == v) {
			fprintf(stderr, "crmctl: key %llu still wraps %lld data keys: refusing to retire it "
			    "(run crmctl keys rotate --resume first)\n", v, rows.rows[i].count);
			goto out;
		}
	if (keyring_remove_kek(c->keyring, c->unseal_file, crmctl_service_uid(c, &gid), v,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		goto out;
	}
	printf("retired key-encryption key %llu\n", v);
	signal_server(c);
	rc = 0;
	record(c, AUDIT_KEYS_RETIRE, v, rc, false);
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}

static int
keys_status(const struct conf *c)
{
	struct db *db;
	struct arena a;
	uint64_t v[KEYRING_MAX_KEKS];
	size_t n;
	long long old;

	if (crmctl_keyring_load(c) == -1)
		return 1;
	n = keyring_versions(v, KEYRING_MAX_KEKS);
	printf("key ring %s: %zu key-encryption key%s, newest %" PRIu64 "\n", c->keyring, n,
	    n == 1 ? "" : "s", keyring_newest());
	db = db_new(c, true);
	arena_init(&a);
	old = count_old(db, &a, keyring_newest(), true);
	if (old >= 0)
		printf("%lld data key%s under old keys\n", old, old == 1 ? "" : "s");
	arena_reset(&a);
	db_free(db);
	return old == 0 ? 0 : 1;
}

static int
keys_seal(const struct conf *c, const char *kind, const char *file)
{
	char err[512];
	gid_t gid;

	if (crmctl_need_keyring_path(c) == -1)
		return 1;
	if (keyring_seal(c->keyring, c->unseal_file, crmctl_service_uid(c, &gid), kind, file,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	printf(file ? "sealed %s; set [keys] unseal_file = %s\n" : "unsealed %s%s\n",
	    c->keyring, file ? file : "");
	return 0;
}

int
cmd_keys(struct conf *c, int argc, char *argv[])
{
	int rc = 2;

	if (argc == 2 && strcmp(argv[1], "init") == 0)
		rc = keys_init(c);
	else if (argc == 2 && strcmp(argv[1], "status") == 0)
		rc = keys_status(c);
	else if (argc >= 2 && argc <= 4 && strcmp(argv[1], "rotate") == 0) {
		bool resume = false, data = false, bad = false;
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--resume") == 0)
				resume = true;
			else if (strcmp(argv[i], "--data") == 0)
				data = true;
			else
				bad = true;
		}
		rc = bad ? 2 : keys_rotate(c, resume, data);
		if (bad)
			fprintf(stderr, "usage: crmctl keys rotate [--resume] [--data]\n");
	}
	else if (argc == 3 && strcmp(argv[1], "retire") == 0)
		rc = keys_retire(c, argv[2]);
	else if (argc == 4 && strcmp(argv[1], "seal") == 0)
		rc = keys_seal(c, argv[2], argv[3]);
	else if (argc == 2 && strcmp(argv[1], "unseal") == 0)
		rc = keys_seal(c, NULL, NULL);
	else
		fprintf(stderr, "usage: crmctl keys init | status | rotate [--resume] [--data] | retire N |\n"
		    "                   seal key|passphrase FILE | unseal\n");
	keyring_free();
	return rc;
}
