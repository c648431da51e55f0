/* crmctl_audit.c: owns "crmctl audit": verify walks every chain in
 * chain_seq order (each from its newest purge checkpoint) in one
 * snapshot, recomputing every mac and checking links, contiguity and the
 * chain's head, and names the first broken record of each broken chain;
 * purge deletes, chain by chain, the oldest records past [audit]
 * retention_days (never younger than legal_minimum_days) on the admin
 * account, in batches each leaving a MACed checkpoint of that chain, and
 * records itself as audit.purge by crmctl. The encoding is in audit.h. */
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

/* One chain's walk. */
struct walk {
	unsigned chain;
	unsigned long long next;		/* chain_seq expected next */
	unsigned char prev[AUDIT_MAC_BYTES];	/* mac expected as the next prev_mac */
	unsigned long long count;
	bool broken;
};

struct trail {
	struct walk w[AUDIT_CHAINS];
	unsigned long long count;		/* records checked, all chains */
	unsigned long long first, last;		/* lowest and highest seq seen */
};

static const unsigned char *
blob32(const struct db_rows *rows, size_t r, size_t c)
{
	const struct db_value *v = &rows->cells[r * rows->ncols + c];

	return v->type == DBV_BLOB && v->len == AUDIT_MAC_BYTES ? (const unsigned char *)v->s : NULL;
}

static void
broken(const struct audit_record *r, const char *why)
{
	char actor[96], action[96];

	printf("audit chain broken at seq %llu (chain %u #%llu, %s %s by %s): %s\n", r->seq,
	    r->chain, r->chain_seq, r->at, log_escape(action, sizeof(action), r->action),
	    log_escape(actor, sizeof(actor), r->actor[0] ? r->actor : "-"), why);
}

/* Where chain w->chain starts: its newest checkpoint, or chain_seq 1
 * after zeros. 0; 1 (printed) when the checkpoint does not verify; -1
 * when it cannot be read. */
static int
walk_start(struct db *db, struct arena *a, const unsigned char *key, struct walk *w)
{
	struct db_value p = { .type = DBV_INT, .i = (long long)w->chain };
	unsigned char mac[AUDIT_MAC_BYTES];
	const unsigned char *prev, *stored;
	struct db_rows rows;

	w->next = 1;
	memset(w->prev, 0, sizeof(w->prev));
	if (db_run(db, a, STMT_AUDIT_CHECKPOINT_LAST, &p, 1, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_checkpoint (is migration 008 applied?)\n");
		return -1;
	}
	if (rows.nrows == 0)
		return 0;
	w->next = (unsigned long long)db_cell_int(&rows, 0, 0, 0);
	prev = blob32(&rows, 0, 1);
	stored = blob32(&rows, 0, 3);
	if (prev == NULL || stored == NULL ||
	    audit_checkpoint_mac(key, w->chain, w->next, prev, mac) == -1 ||
	    CRYPTO_memcmp(mac, stored, AUDIT_MAC_BYTES) != 0) {
		printf("audit chain broken at the purge checkpoint of chain %u (first kept #%llu): "
		    "checkpoint mac mismatch\n", w->chain, w->next);
		return 1;
	}
	memcpy(w->prev, prev, AUDIT_MAC_BYTES);
	return 0;
}

/* Checks one batch of chain w->chain after w->next - 1; returns rows
 * checked, or -1 when unreadable; sets w->broken (printed). */
static long
walk_batch(struct db *db, struct arena *a, const unsigned char *key, struct walk *w,
    struct trail *t)
{
	struct db_value p[2] = { { .type = DBV_INT, .i = (long long)w->chain },
	    { .type = DBV_INT, .i = (long long)w->next - 1 } };
	struct audit_record r;
	struct db_rows rows;
	const char *why;

	if (db_run(db, a, STMT_AUDIT_BATCH, p, 2, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_log (see the log line above)\n");
		return -1;
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		if (audit_read_row(&rows, i, &r) == -1)
			why = "malformed mac column";
		else
			why = audit_check(key, &r, w->next, w->prev);
		if (why != NULL) {
			broken(&r, why);
			w->broken = true;
			return 0;
		}
		if (t->count == 0 || r.seq < t->first)
			t->first = r.seq;
		if (r.seq > t->last)
			t->last = r.seq;
		t->count++;
		w->count++;
		w->next = r.chain_seq + 1;
		memcpy(w->prev, r.mac, AUDIT_MAC_BYTES);
	}
	return (long)rows.nrows;
}

/* The chain's head (row w->chain of heads) must name its last record.
 * Sets w->broken (printed). */
static void
check_head(const struct db_rows *heads, struct walk *w)
{
	const unsigned char *mac = blob32(heads, w->chain, 2);
	unsigned long long seq = (unsigned long long)db_cell_int(heads, w->chain, 1, 0);

	if (mac == NULL || seq != w->next - 1 || CRYPTO_memcmp(mac, w->prev, AUDIT_MAC_BYTES) != 0) {
		printf("audit chain broken at chain %u after #%llu: audit_head says #%llu%s "
		    "(records removed from the end of the chain, or the head was edited)\n",
		    w->chain, w->next - 1, seq, seq == w->next - 1 ? " with another mac" : "");
		w->broken = true;
	}
}

/* Walks one chain to its head. 0 (w->broken tells), or -1 unreadable. */
static int
walk_chain(struct db *db, struct arena *a, const unsigned char *key, const struct db_rows *heads,
    struct walk *w, struct trail *t, bool tty)
{
	long n;
	int rc;

	if ((rc = walk_start(db, a, key, w)) != 0) {
		w->broken = rc == 1;
		return rc == 1 ? 0 : -1;
	}
	while ((n = walk_batch(db, a, key, w, t)) > 0) {
		if (tty)
			printf("\r  %llu records checked", t->count);
		fflush(stdout);
	}
	if (n < 0)
		return -1;
	if (!w->broken)
		check_head(heads, w);
	return 0;
}

/* Verifies every chain in one consistent snapshot. 0 intact, 1 broken or
 * unreadable. quiet: print only problems. */
static int
verify(struct db *db, const unsigned char *key, bool quiet, struct trail *t)
{
	bool tty = !quiet && isatty(STDOUT_FILENO), bad = false;
	struct db_rows heads, rows;
	struct arena a, batch;
	long long total;
	int rc = 1;

	memset(t, 0, sizeof(*t));
	arena_init(&a);
	arena_init(&batch);
	if (db_begin(db) != DB_OK)
		goto out;
	if (db_run(db, &a, STMT_AUDIT_HEADS, NULL, 0, &heads) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_head (is migration 008 applied?)\n");
		goto out;
	}
	for (size_t i = 0; i < heads.nrows; i++)
		if (db_cell_int(&heads, i, 0, -1) != (long long)i)
			heads.nrows = 0;
	if (heads.nrows != AUDIT_CHAINS) {
		printf("audit chain broken: audit_head does not hold exactly chains 0..%d "
		    "(a head row was removed, added or edited)\n", AUDIT_CHAINS - 1);
		goto out;
	}
	for (unsigned c = 0; c < AUDIT_CHAINS; c++) {
		t->w[c].chain = c;
		if (walk_chain(db, &batch, key, &heads, &t->w[c], t, tty) == -1)
			goto out;
		bad = bad || t->w[c].broken;
		arena_reset(&batch);
	}
	if (tty)
		printf("\n");
	if (bad)
		goto out;
	/* Every row must have been walked: one with a chain number outside
	 * 0..15, or below its chain's checkpoint, would not be. */
	if (db_run(db, &a, STMT_AUDIT_COUNT, NULL, 0, &rows) != DB_OK)
		goto out;
	total = db_cell_int(&rows, 0, 0, -1);
	if (total != (long long)t->count) {
		printf("audit chain broken: audit_log holds %lld records but the chains %llu "
		    "(rows outside any chain or before a checkpoint)\n", total, t->count);
		goto out;
	}
	if (!quiet && t->count)
		printf("audit chain intact: %llu record%s in %d chains, seq %llu..%llu\n", t->count,
		    t->count == 1 ? "" : "s", AUDIT_CHAINS, t->first, t->last);
	else if (!quiet)
		printf("audit chain intact: 0 records in %d chains\n", AUDIT_CHAINS);
	rc = 0;
out:
	db_rollback(db);
	arena_reset(&batch);
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

/* Deletes records first .. end-1 of chain and leaves its checkpoint for
 * end, in one transaction. 0 or -1 (rolled back). */
static int
purge_batch(struct db *db, struct arena *a, const unsigned char *key, unsigned chain,
    unsigned long long first, unsigned long long end)
{
	struct db_value p[5] = { { .type = DBV_INT, .i = (long long)chain },
	    { .type = DBV_INT, .i = (long long)end - 1 } };
	unsigned char prev[AUDIT_MAC_BYTES], mac[AUDIT_MAC_BYTES];
	struct db_rows rows;

	if (db_begin(db) != DB_OK)
		return -1;
	if (db_run(db, a, STMT_AUDIT_MAC_AT, p, 2, &rows) != DB_OK || rows.nrows != 1 ||
	    blob32(&rows, 0, 0) == NULL)
		goto fail;
	memcpy(prev, blob32(&rows, 0, 0), AUDIT_MAC_BYTES);
	if (audit_checkpoint_mac(key, chain, end, prev, mac) == -1)
		goto fail;
	p[1] = (struct db_value){ .type = DBV_INT, .i = (long long)end };
	if (db_run(db, a, STMT_AUDIT_DELETE_BELOW, p, 2, NULL) != DB_OK)
		goto fail;
	p[2] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)prev, .len = AUDIT_MAC_BYTES };
	p[3] = (struct db_value){ .type = DBV_INT, .i = (long long)(end - first) };
	p[4] = (struct db_value){ .type = DBV_BLOB, .s = (const char *)mac, .len = AUDIT_MAC_BYTES };
	if (db_run(db, a, STMT_AUDIT_CHECKPOINT_INSERT, p, 5, NULL) != DB_OK)
		goto fail;
	return db_commit(db) == DB_OK ? 0 : -1;
fail:
	db_rollback(db);
	return -1;
}

/* The chain_seq purging of chain stops below (its first record to
 * keep), and in *first its oldest record's; 0 on error. */
static unsigned long long
purge_bound(struct db *db, struct arena *a, unsigned chain, const char *cutoff,
    unsigned long long head, unsigned long long *first)
{
	struct db_value p[2] = { { .type = DBV_INT, .i = (long long)chain },
	    { .type = DBV_TEXT, .s = cutoff, .len = strlen(cutoff) } };
	unsigned long long bound;
	struct db_rows rows;

	if (db_run(db, a, STMT_AUDIT_FIRST, p, 1, &rows) != DB_OK)
		return 0;
	*first = (unsigned long long)db_cell_int(&rows, 0, 0, 0);
	if (db_run(db, a, STMT_AUDIT_FIRST_KEPT, p, 2, &rows) != DB_OK)
		return 0;
	bound = rows.nrows ? (unsigned long long)db_cell_int(&rows, 0, 0, 0) : head + 1;
	if (*first == 0 || *first > bound)
		*first = bound;
	return bound;
}

/* Records the purge in the chain as crmctl. */
static int
purge_record(struct db *db, struct arena *a, const struct conf *c, const char *cutoff,
    unsigned long long purged, int chains)
{
	struct audit_record r = { .actor = "crmctl", .action = AUDIT_AUDIT_PURGE,
	    .object_type = "audit_log", .outcome = AUDIT_SUCCESS };
	struct json j;

	json_begin(&j, a);
	json_int(&j, "purged", (long long)purged);
	json_int(&j, "chains", chains);
	json_str(&j, "cutoff", cutoff);
	json_int(&j, "retention_days", c->audit_retention_days);
	json_int(&j, "legal_minimum_days", c->audit_legal_minimum_days);
	r.detail = json_end(&j);
	r.items = (long long)purged;
	return audit_standalone(db, a, &r);
}

static int
purge(const struct conf *c, struct db *db, const unsigned char *key)
{
	unsigned long long first, bound, end, purged = 0;
	char cutoff[AUDIT_AT_LEN + 1];
	struct trail t;
	struct arena a;
	int rc = 1, chains = 0;

	if (c->audit_retention_days < c->audit_legal_minimum_days) {
		fprintf(stderr, "crmctl: retention_days is below legal_minimum_days: refusing\n");
		return 1;
	}
	if (verify(db, key, true, &t) != 0) {
		fprintf(stderr, "crmctl: refusing to purge a broken audit chain: investigate first\n");
		return 1;
	}
	arena_init(&a);
	days_ago(c->audit_retention_days, cutoff);
	for (unsigned ch = 0; ch < AUDIT_CHAINS; ch++) {
		if ((bound = purge_bound(db, &a, ch, cutoff, t.w[ch].next - 1, &first)) == 0)
			goto out;
		for (unsigned long long at = first; at < bound; at = end) {
			end = at + PURGE_BATCH < bound ? at + PURGE_BATCH : bound;
			if (purge_batch(db, &a, key, ch, at, end) == -1) {
				fprintf(stderr, "crmctl: purge stopped by a database error after chain %u "
				    "#%llu; every chain is consistent: run it again\n", ch, at - 1);
				goto out;
			}
			purged += end - at;
			arena_reset(&a);
		}
		chains += bound > first;
	}
	if (purge_record(db, &a, c, cutoff, purged, chains) == -1) {
		fprintf(stderr, "crmctl: records purged but the audit.purge record failed\n");
		goto out;
	}
	if (purged)
		printf("purged %llu audit record%s from %d chain%s (older than %s UTC)\n", purged,
		    purged == 1 ? "" : "s", chains, chains == 1 ? "" : "s", cutoff);
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
	struct trail t;
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
		rc = verify(db, key, false, &t);
	else
		rc = purge(c, db, key);
	OPENSSL_cleanse(key, sizeof(key));
	db_free(db);
	keyring_free();
	return rc;
}

int
crmctl_audit_verify(struct db *db)
{
	unsigned char key[AUDIT_MAC_BYTES];
	struct trail t;
	int rc;

	if (audit_chain_key(key) == -1)
		return 1;
	rc = verify(db, key, true, &t);
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}
