/* crmctl_audit.c: owns "crmctl audit": verify walks the whole chain in
 * seq order (from the newest purge checkpoint), recomputing every mac and
 * checking links, contiguity and the head, and names the first broken
 * record; purge deletes the oldest records past [audit] retention_days
 * (never younger than legal_minimum_days) on the admin account, in
 * batches each leaving a MACed checkpoint, and records itself in the
 * chain as audit.purge by crmctl. The encoding is in audit.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "keyring.h"
#include "log.h"

#define PURGE_BATCH 10000

struct walk {
	unsigned long long first, next;		/* first seq seen; seq expected next */
	unsigned char prev[AUDIT_MAC_BYTES];	/* mac expected as the next prev_mac */
	unsigned long long count;
};

static const unsigned char *
blob32(const struct db_rows *rows, size_t r, size_t c)
{
	const struct db_value *v = &rows->cells[r * rows->ncols + c];

	return v->type == DBV_BLOB && v->len == AUDIT_MAC_BYTES ? (const unsigned char *)v->s : NULL;
}

static const char *
cell(const struct db_rows *rows, size_t r, size_t c)
{
	const char *s = db_cell_text(rows, r, c);

	return s ? s : "";
}

/* Row r of an audit_batch result into rec; -1 when a mac is malformed. */
static int
read_record(const struct db_rows *rows, size_t r, struct audit_record *rec)
{
	const unsigned char *prev = blob32(rows, r, 14), *mac = blob32(rows, r, 15);

	memset(rec, 0, sizeof(*rec));
	rec->seq = (unsigned long long)db_cell_int(rows, r, 0, 0);
	snprintf(rec->at, sizeof(rec->at), "%s", cell(rows, r, 1));
	rec->actor_id = db_cell_int(rows, r, 2, 0);
	rec->actor = cell(rows, r, 3);
	rec->roles = cell(rows, r, 4);
	rec->ip = cell(rows, r, 5);
	rec->user_agent = cell(rows, r, 6);
	rec->request_id = cell(rows, r, 7);
	rec->action = cell(rows, r, 8);
	rec->object_type = cell(rows, r, 9);
	rec->object_id = cell(rows, r, 10);
	rec->outcome = cell(rows, r, 11);
	rec->items = db_cell_int(rows, r, 12, 0);
	rec->detail = cell(rows, r, 13);
	if (prev == NULL || mac == NULL)
		return -1;
	memcpy(rec->prev_mac, prev, AUDIT_MAC_BYTES);
	memcpy(rec->mac, mac, AUDIT_MAC_BYTES);
	return 0;
}

static void
broken(const struct audit_record *r, const char *why)
{
	char actor[96], action[96];

	printf("audit chain broken at seq %llu (%s %s by %s): %s\n", r->seq, r->at,
	    log_escape(action, sizeof(action), r->action), log_escape(actor, sizeof(actor),
	    r->actor[0] ? r->actor : "-"), why);
}

/* Where the chain starts: the newest checkpoint, or seq 1 after zeros.
 * 0, or -1 (printed) when the checkpoint does not verify. */
static int
walk_start(struct db *db, struct arena *a, const unsigned char *key, struct walk *w)
{
	unsigned char mac[AUDIT_MAC_BYTES];
	const unsigned char *prev, *stored;
	struct db_rows rows;

	memset(w, 0, sizeof(*w));
	w->next = 1;
	if (db_run(db, a, STMT_AUDIT_CHECKPOINT_LAST, NULL, 0, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_checkpoint (is migration 008 applied?)\n");
		return -1;
	}
	if (rows.nrows == 0)
		return 0;
	w->next = (unsigned long long)db_cell_int(&rows, 0, 0, 0);
	prev = blob32(&rows, 0, 1);
	stored = blob32(&rows, 0, 3);
	if (prev == NULL || stored == NULL || audit_checkpoint_mac(key, w->next, prev, mac) == -1 ||
	    CRYPTO_memcmp(mac, stored, AUDIT_MAC_BYTES) != 0) {
		printf("audit chain broken at its purge checkpoint (first kept seq %llu): "
		    "checkpoint mac mismatch\n", w->next);
		return -1;
	}
	memcpy(w->prev, prev, AUDIT_MAC_BYTES);
	return 0;
}

/* Checks one batch after w->next - 1; returns rows checked, or -1. */
static long
walk_batch(struct db *db, struct arena *a, const unsigned char *key, struct walk *w)
{
	struct db_value p = { .type = DBV_INT, .i = (long long)w->next - 1 };
	struct audit_record r;
	struct db_rows rows;
	const char *why;

	if (db_run(db, a, STMT_AUDIT_BATCH, &p, 1, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_log (see the log line above)\n");
		return -1;
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		if (read_record(&rows, i, &r) == -1)
			why = "malformed mac column";
		else
			why = audit_check(key, &r, w->next, w->prev);
		if (why != NULL) {
			broken(&r, why);
			return -1;
		}
		if (w->count++ == 0)
			w->first = r.seq;
		w->next = r.seq + 1;
		memcpy(w->prev, r.mac, AUDIT_MAC_BYTES);
	}
	return (long)rows.nrows;
}

/* The head must name the last record. 0 or -1 (printed). */
static int
check_head(struct db *db, struct arena *a, const struct walk *w)
{
	struct db_rows rows;
	const unsigned char *mac;
	unsigned long long seq;

	if (db_run(db, a, STMT_AUDIT_HEAD_GET, NULL, 0, &rows) != DB_OK || rows.nrows != 1 ||
	    (mac = blob32(&rows, 0, 1)) == NULL) {
		printf("audit chain broken: audit_head is missing or malformed\n");
		return -1;
	}
	seq = (unsigned long long)db_cell_int(&rows, 0, 0, 0);
	if (seq != w->next - 1 || CRYPTO_memcmp(mac, w->prev, AUDIT_MAC_BYTES) != 0) {
		printf("audit chain broken after seq %llu: audit_head says seq %llu%s "
		    "(records removed from the end, or the head was edited)\n", w->next - 1, seq,
		    seq == w->next - 1 ? " with another mac" : "");
		return -1;
	}
	return 0;
}

/* Verifies the chain in one consistent snapshot. 0 intact, 1 broken or
 * unreadable. quiet: print only problems. */
static int
verify(struct db *db, const unsigned char *key, bool quiet, struct walk *w)
{
	bool tty = !quiet && isatty(STDOUT_FILENO);
	struct arena a;
	long n = 0;
	int rc = 1;

	arena_init(&a);
	if (db_begin(db) != DB_OK || walk_start(db, &a, key, w) == -1)
		goto out;
	while ((n = walk_batch(db, &a, key, w)) > 0) {
		arena_reset(&a);
		if (tty)
			printf("\r  %llu records checked", w->count);
		fflush(stdout);
	}
	if (tty)
		printf("\n");
	if (n < 0 || check_head(db, &a, w) == -1)
		goto out;
	if (!quiet && w->count)
		printf("audit chain intact: %llu record%s, seq %llu..%llu\n", w->count,
		    w->count == 1 ? "" : "s", w->first, w->next - 1);
	else if (!quiet)
		printf("audit chain intact: 0 records\n");
	rc = 0;
out:
	db_rollback(db);
	arena_reset(&a);
	return rc;
}

/* The time days ago, in the at format. */
static void
days_ago(int days, char at[AUDIT_AT_LEN + 1])
{
	time_t t = time(NULL) - (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(at, AUDIT_AT_LEN + 1, "%Y-%m-%d %H:%M:%S.000000", &tm);
}

/* Deletes records first .. end-1 and leaves the checkpoint for end, in
 * one transaction. 0 or -1 (rolled back). */
static int
purge_batch(struct db *db, struct arena *a, const unsigned char *key,
    unsigned long long first, unsigned long long end)
{
	struct db_value p[4] = { { .type = DBV_INT, .i = (long long)end - 1 } };
	unsigned char prev[AUDIT_MAC_BYTES], mac[AUDIT_MAC_BYTES];
	struct db_rows rows;

	if (db_begin(db) != DB_OK)
		return -1;
	if (db_run(db, a, STMT_AUDIT_MAC_AT, p, 1, &rows) != DB_OK || rows.nrows != 1 ||
	    blob32(&rows, 0, 0) == NULL)
		goto fail;
	memcpy(prev, blob32(&rows, 0, 0), AUDIT_MAC_BYTES);
	if (audit_checkpoint_mac(key, end, prev, mac) == -1)
		goto fail;
	p[0] = (struct db_value){ .type = DBV_INT, .i = (long long)end };
	if (db_run(db, a, STMT_AUDIT_DELETE_BELOW, p, 1, NULL) != DB_OK)
		goto fail;
	p[1] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)prev, .len = AUDIT_MAC_BYTES };
	p[2] = (struct db_value){ .type = DBV_INT, .i = (long long)(end - first) };
	p[3] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)mac, .len = AUDIT_MAC_BYTES };
	if (db_run(db, a, STMT_AUDIT_CHECKPOINT_INSERT, p, 4, NULL) != DB_OK)
		goto fail;
	return db_commit(db) == DB_OK ? 0 : -1;
fail:
	db_rollback(db);
	return -1;
}

/* The seq purging stops below (the first record to keep); 0 on error. */
static unsigned long long
purge_bound(struct db *db, struct arena *a, const char *cutoff, unsigned long long head)
{
	struct db_value p = { .type = DBV_TEXT, .s = cutoff, .len = strlen(cutoff) };
	struct db_rows rows;

	if (db_run(db, a, STMT_AUDIT_FIRST_KEPT, &p, 1, &rows) != DB_OK)
		return 0;
	return rows.nrows ? (unsigned long long)db_cell_int(&rows, 0, 0, 0) : head + 1;
}

/* Records the purge in the chain as crmctl. */
static int
purge_record(struct db *db, struct arena *a, const struct conf *c, const char *cutoff,
    unsigned long long from, unsigned long long to)
{
	struct audit_record r = { .actor = "crmctl", .action = AUDIT_AUDIT_PURGE,
	    .object_type = "audit_log", .outcome = AUDIT_SUCCESS };
	struct json j;

	json_begin(&j, a);
	json_int(&j, "purged", (long long)(to - from));
	if (to > from) {
		json_int(&j, "from_seq", (long long)from);
		json_int(&j, "through_seq", (long long)to - 1);
	}
	json_str(&j, "cutoff", cutoff);
	json_int(&j, "retention_days", c->audit_retention_days);
	json_int(&j, "legal_minimum_days", c->audit_legal_minimum_days);
	r.detail = json_end(&j);
	r.items = (long long)(to - from);
	return audit_standalone(db, a, &r);
}

static int
purge(const struct conf *c, struct db *db, const unsigned char *key)
{
	unsigned long long first, bound, end;
	char cutoff[AUDIT_AT_LEN + 1];
	struct walk w;
	struct arena a;
	struct db_rows rows;
	int rc = 1;

	if (c->audit_retention_days < c->audit_legal_minimum_days) {
		fprintf(stderr, "crmctl: retention_days is below legal_minimum_days: refusing\n");
		return 1;
	}
	if (verify(db, key, true, &w) != 0) {
		fprintf(stderr, "crmctl: refusing to purge a broken audit chain: investigate first\n");
		return 1;
	}
	arena_init(&a);
	days_ago(c->audit_retention_days, cutoff);
	if (db_run(db, &a, STMT_AUDIT_FIRST, NULL, 0, &rows) != DB_OK ||
	    (bound = purge_bound(db, &a, cutoff, w.next - 1)) == 0)
		goto out;
	first = (unsigned long long)db_cell_int(&rows, 0, 0, 0);
	if (first == 0 || first > bound)
		first = bound;
	for (unsigned long long at = first; at < bound; at = end) {
		end = at + PURGE_BATCH < bound ? at + PURGE_BATCH : bound;
		if (purge_batch(db, &a, key, at, end) == -1) {
			fprintf(stderr, "crmctl: purge stopped by a database error after seq %llu; "
			    "the chain is consistent: run it again\n", at - 1);
			goto out;
		}
		arena_reset(&a);
	}
	if (purge_record(db, &a, c, cutoff, first, bound) == -1) {
		fprintf(stderr, "crmctl: records purged but the audit.purge record failed\n");
		goto out;
	}
	if (bound > first)
		printf("purged %llu audit record%s (seq %llu..%llu, older than %s UTC)\n",
		    bound - first, bound - first == 1 ? "" : "s", first, bound - 1, cutoff);
	else
		printf("no audit record is older than %s UTC (retention_days = %d)\n", cutoff,
		    c->audit_retention_days);
	rc = 0;
out:
	arena_reset(&a);
	return rc;
}

int
cmd_audit(struct conf *c, int argc, char *argv[])
{
	unsigned char key[AUDIT_MAC_BYTES];
	struct db *db;
	struct walk w;
	int rc;

	if (argc != 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "purge") != 0)) {
		fprintf(stderr, "usage: crmctl audit verify | purge\n");
		return 2;
	}
	if (crmctl_keyring_load(c) == -1)
		return 1;
	if (audit_chain_key(key) == -1) {
		fprintf(stderr, "crmctl: cannot derive the audit chain key\n");
		keyring_free();
		return 1;
	}
	db = db_new(c, true);
	if (strcmp(argv[1], "verify") == 0)
		rc = verify(db, key, false, &w);
	else
		rc = purge(c, db, key);
	OPENSSL_cleanse(key, sizeof(key));
	db_free(db);
	keyring_free();
	return rc;
}

int
crmctl_audit(struct db *db, struct arena *a, const struct conf *c, const char *action,
    const char *object_type, const char *object_id, const char *outcome, long long items,
    const char *detail_json)
{
	struct audit_record r = { .actor = "crmctl", .action = action, .object_type = object_type,
	    .object_id = object_id, .outcome = outcome, .items = items, .detail = detail_json };
	const char *login = getlogin();
	struct json j;

	if (!keyring_loaded() && crmctl_keyring_load(c) == -1)
		return -1;
	if (detail_json == NULL) {
		json_begin(&j, a);
		json_str(&j, "operator", login ? login : "");
		r.detail = json_end(&j);
	}
	r.roles = "";
	r.ip = "local";
	if (db_in_transaction(db))
		return audit_write(db, a, &r);
	return audit_standalone(db, a, &r);
}
