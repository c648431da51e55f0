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
#include "stmt.h"

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

/* A mac column's bytes, or NULL when it is not a 32-byte BLOB. */
static const unsigned char *
blob32(const struct db_value *v)
{
	return v->type == DBV_BLOB && v->len == AUDIT_MAC_BYTES ? (const unsigned char *)v->s : NULL;
}

static const char *
text_or_empty(const char *s)
{
	return s ? s : "";
}

/* The record of a trail_batch row, as audit_read_row (audit.h) reads
 * one; -1 when a mac column is malformed. */
static int
read_record(const struct trail_batch_row *row, struct audit_record *rec)
{
	const unsigned char *prev = blob32(&row->prev_mac), *mac = blob32(&row->mac);

	memset(rec, 0, sizeof(*rec));
	rec->seq = (unsigned long long)row->seq;
	rec->chain = (unsigned)row->chain;
	rec->chain_seq = (unsigned long long)row->chain_seq;
	snprintf(rec->at, sizeof(rec->at), "%s", text_or_empty(row->at));
	rec->actor_id = row->actor_id;
	rec->actor = text_or_empty(row->actor);
	rec->roles = text_or_empty(row->roles);
	rec->ip = text_or_empty(row->ip);
	rec->user_agent = text_or_empty(row->user_agent);
	rec->request_id = text_or_empty(row->request_id);
	rec->action = text_or_empty(row->action);
	rec->object_type = text_or_empty(row->object_type);
	rec->object_id = text_or_empty(row->object_id);
	rec->outcome = text_or_empty(row->outcome);
	rec->items = row->items;
	rec->detail = text_or_empty(row->detail);
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
	struct trail_checkpoint_last_out rows;
	unsigned char mac[AUDIT_MAC_BYTES];
	const unsigned char *prev, *stored;

	w->next = 1;
	memset(w->prev, 0, sizeof(w->prev));
	if (stmt_trail_checkpoint_last(db, a, &(struct trail_checkpoint_last_in){
	    .chain = (long long)w->chain }, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_checkpoint (is migration 008 applied?)\n");
		return -1;
	}
	if (rows.n == 0)
		return 0;
	w->next = (unsigned long long)rows.rows[0].first_chain_seq;
	prev = blob32(&rows.rows[0].prev_mac);
	stored = blob32(&rows.rows[0].mac);
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
	struct trail_batch_in in = { .chain = (long long)w->chain, .after = (long long)w->next - 1 };
	struct trail_batch_out rows;
	struct audit_record r;
	const char *why;

	if (stmt_trail_batch(db, a, &in, &rows) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_log (see the log line above)\n");
		return -1;
	}
	for (size_t i = 0; i < rows.n; i++) {
		if (read_record(&rows.rows[i], &r) == -1)
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
	return (long)rows.n;
}

/* The chain's head (row w->chain of heads) must name its last record.
 * Sets w->broken (printed). */
static void
check_head(const struct trail_heads_out *heads, struct walk *w)
{
	const unsigned char *mac = blob32(&heads->rows[w->chain].mac);
	unsigned long long seq = (unsigned long long)heads->rows[w->chain].seq;

	if (mac == NULL || seq != w->next - 1 || CRYPTO_memcmp(mac, w->prev, AUDIT_MAC_BYTES) != 0) {
		printf("audit chain broken at chain %u after #%llu: audit_head says #%llu%s "
		    "(records removed from the end of the chain, or the head was edited)\n",
		    w->chain, w->next - 1, seq, seq == w->next - 1 ? " with another mac" : "");
		w->broken = true;
	}
}

/* Walks one chain to its head. 0 (w->broken tells), or -1 unreadable. */
static int
walk_chain(struct db *db, struct arena *a, const unsigned char *key, const struct trail_heads_out *heads,
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
	struct trail_heads_out heads;
	struct trail_count_out count;
	struct arena a, batch;
	long long total;
	int rc = 1;

	memset(t, 0, sizeof(*t));
	arena_init(&a);
	arena_init(&batch);
	if (db_begin(db) != DB_OK)
		goto out;
	if (stmt_trail_heads(db, &a, &(struct trail_heads_in){ 0 }, &heads) != DB_OK) {
		fprintf(stderr, "crmctl: cannot read audit_head (is migration 008 applied?)\n");
		goto out;
	}
	for (size_t i = 0; i < heads.n; i++)
		if (heads.rows[i].chain != (long long)i)
			heads.n = 0;
	if (heads.n != AUDIT_CHAINS) {
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
	if (stmt_trail_count(db, &a, &(struct trail_count_in){ 0 }, &count) != DB_OK || count.n != 1)
		goto out;
	total = count.rows[0].count;
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
	unsigned char prev[AUDIT_MAC_BYTES], mac[AUDIT_MAC_BYTES];
	struct trail_checkpoint_insert_in cp = { .chain = (long long)chain,
	    .first_chain_seq = (long long)end, .purged = (long long)(end - first),
	    .prev_mac = { .type = DBV_BLOB, .s = (const char *)prev, .len = AUDIT_MAC_BYTES },
	    .mac = { .type = DBV_BLOB, .s = (const char *)mac, .len = AUDIT_MAC_BYTES } };
	struct trail_mac_at_out at;

	if (db_begin(db) != DB_OK)
		return -1;
	if (stmt_trail_mac_at(db, a, &(struct trail_mac_at_in){ .chain = (long long)chain,
	    .chain_seq = (long long)end - 1 }, &at) != DB_OK || at.n != 1 || blob32(&at.rows[0].mac) == NULL)
		goto fail;
	memcpy(prev, blob32(&at.rows[0].mac), AUDIT_MAC_BYTES);
	if (audit_checkpoint_mac(key, chain, end, prev, mac) == -1)
		goto fail;
	if (stmt_trail_delete_below(db, a, &(struct trail_delete_below_in){ .chain = (long long)chain,
	    .below = (long long)end }, NULL) != DB_OK)
		goto fail;
	if (stmt_trail_checkpoint_insert(db, a, &cp, NULL) != DB_OK)
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
	struct trail_first_kept_out kept;
	struct trail_first_out oldest;
	unsigned long long bound;

	if (stmt_trail_first(db, a, &(struct trail_first_in){ .chain = (long long)chain }, &oldest) != DB_OK)
		return 0;
	*first = oldest.n ? (unsigned long long)oldest.rows[0].chain_seq : 0;
	if (stmt_trail_first_kept(db, a, &(struct trail_first_kept_in){ .chain = (long long)chain,
	    .cutoff = cutoff }, &kept) != DB_OK)
		return 0;
	bound = kept.n ? (unsigned long long)kept.rows[0].chain_seq : head + 1;
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
