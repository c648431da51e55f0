/* audit.c: owns writing audit records: cleaning a record to what its
 * columns hold, the canonical encoding and its HMAC (documented in
 * audit.h), appending to a chain under its audit_head row's lock inside
 * the caller's transaction, the request-handler helper, and reading the
 * trail in order for consumers (audit_cursors). The syslog copy is
 * audit_syslog.c's. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "audit.h"
#include "stmt.h"
#include "audit_syslog.h"
#include "handler.h"
#include "keyring.h"
#include "log.h"
#include "session.h"
#include "utf8.h"

#define DETAIL_MAX 65535	/* TEXT */
#define ITEMS_MAX 4294967295LL	/* INT UNSIGNED */

void
audit_configure(const struct conf *c)
{
	audit_syslog_configure(c->audit_syslog, c->audit_syslog_socket);
	db_set_transaction_hook(audit_syslog_tx);
}

int
audit_chain_key(unsigned char key[AUDIT_MAC_BYTES])
{
	return keyring_derive(AUDIT_CHAIN_LABEL, key);
}

void
audit_now(char at[AUDIT_AT_LEN + 1])
{
	struct timespec ts;
	struct tm tm;
	long us;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (strftime(at, AUDIT_AT_LEN + 1, "%Y-%m-%d %H:%M:%S", &tm) != 19)
		at[0] = '\0';
	us = (ts.tv_nsec / 1000) % 1000000;
	at[19] = '.';
	for (int i = 25; i >= 20; i--, us /= 10)
		at[i] = (char)('0' + us % 10);
	at[26] = '\0';
}

/* s cut to max characters (VARCHAR(max) counts characters), with every
 * invalid byte replaced by U+FFFD; NULL becomes "". */
static const char *
clean(struct arena *a, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = arena_alloc(a, strlen((const char *)p) * 3 + 1), *o = out;

	for (size_t chars = 0; *p && chars < max; chars++) {
		size_t n = utf8_char_len(p);
		if (n == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

void
audit_normalise(struct arena *a, const struct audit_record *in, struct audit_record *out)
{
	const char *d;

	*out = *in;
	out->actor_id = in->actor_id > 0 ? in->actor_id : 0;
	out->actor = clean(a, in->actor, 64);
	out->roles = clean(a, in->roles, 255);
	out->ip = clean(a, in->ip, 45);
	out->user_agent = clean(a, in->user_agent, 255);
	out->request_id = clean(a, in->request_id, 64);
	out->action = clean(a, in->action, 64);
	out->object_type = clean(a, in->object_type, 64);
	out->object_id = clean(a, in->object_id, 64);
	out->outcome = clean(a, in->outcome, 16);
	out->items = in->items < 0 ? 0 : in->items > ITEMS_MAX ? ITEMS_MAX : in->items;
	d = clean(a, in->detail && in->detail[0] ? in->detail : "{}", SIZE_MAX);
	/* TEXT holds 65535 bytes; a cut JSON object would not parse. */
	out->detail = strlen(d) > DETAIL_MAX ? "{\"truncated\":true}" : d;
}

static void
put_u64(unsigned char *b, unsigned long long v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
}

static int
mac_u64(EVP_MAC_CTX *m, unsigned long long v)
{
	unsigned char b[8];

	put_u64(b, v);
	return EVP_MAC_update(m, b, 8);
}

static int
mac_u8(EVP_MAC_CTX *m, unsigned v)
{
	unsigned char b = (unsigned char)(v & 0xff);

	return EVP_MAC_update(m, &b, 1);
}

static int
mac_str(EVP_MAC_CTX *m, const char *s)
{
	size_t n = strlen(s);
	unsigned char b[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
	    (unsigned char)(n >> 8), (unsigned char)n };

	return EVP_MAC_update(m, b, 4) == 1 &&
	    (n == 0 || EVP_MAC_update(m, (const unsigned char *)s, n) == 1) ? 1 : 0;
}

static EVP_MAC_CTX *
mac_start(const unsigned char key[AUDIT_MAC_BYTES])
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *m = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[2] = {
		OSSL_PARAM_construct_utf8_string("digest", (char *)(uintptr_t)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};

	EVP_MAC_free(mac);
	if (m != NULL && EVP_MAC_init(m, key, AUDIT_MAC_BYTES, params) != 1) {
		EVP_MAC_CTX_free(m);
		return NULL;
	}
	return m;
}

static int
mac_finish(EVP_MAC_CTX *m, int ok, unsigned char out[AUDIT_MAC_BYTES])
{
	size_t len = 0;

	ok = ok && EVP_MAC_final(m, out, &len, AUDIT_MAC_BYTES) == 1 && len == AUDIT_MAC_BYTES;
	EVP_MAC_CTX_free(m);
	return ok ? 0 : -1;
}

int
audit_mac(const unsigned char key[AUDIT_MAC_BYTES], const struct audit_record *r,
    unsigned char out[AUDIT_MAC_BYTES])
{
	EVP_MAC_CTX *m = mac_start(key);
	unsigned char present = r->actor_id > 0 ? 1 : 0;
	const char *strs[] = { r->actor, r->roles, r->ip, r->user_agent, r->request_id,
	    r->action, r->object_type, r->object_id, r->outcome };
	int ok;

	if (m == NULL)
		return -1;
	ok = EVP_MAC_update(m, r->prev_mac, AUDIT_MAC_BYTES) == 1 && mac_u8(m, r->chain) &&
	    mac_u64(m, r->chain_seq) && mac_str(m, r->at) && EVP_MAC_update(m, &present, 1) == 1 &&
	    mac_u64(m, present ? (unsigned long long)r->actor_id : 0);
	for (size_t i = 0; ok && i < sizeof(strs) / sizeof(strs[0]); i++)
		ok = mac_str(m, strs[i] ? strs[i] : "");
	ok = ok && mac_u64(m, (unsigned long long)r->items) && mac_str(m, r->detail ? r->detail : "");
	return mac_finish(m, ok, out);
}

int
audit_checkpoint_mac(const unsigned char key[AUDIT_MAC_BYTES], unsigned chain,
    unsigned long long first_chain_seq, const unsigned char prev_mac[AUDIT_MAC_BYTES],
    unsigned char out[AUDIT_MAC_BYTES])
{
	EVP_MAC_CTX *m = mac_start(key);

	if (m == NULL)
		return -1;
	return mac_finish(m, mac_str(m, "checkpoint") && mac_u8(m, chain) &&
	    mac_u64(m, first_chain_seq) &&
	    EVP_MAC_update(m, prev_mac, AUDIT_MAC_BYTES) == 1, out);
}

const char *
audit_check(const unsigned char key[AUDIT_MAC_BYTES], const struct audit_record *r,
    unsigned long long want_chain_seq, const unsigned char want_prev[AUDIT_MAC_BYTES])
{
	unsigned char mac[AUDIT_MAC_BYTES];

	if (r->chain_seq != want_chain_seq)
		return r->chain_seq > want_chain_seq ?
		    "records missing before it (chain_seq not contiguous)" : "chain_seq out of order";
	if (CRYPTO_memcmp(r->prev_mac, want_prev, AUDIT_MAC_BYTES) != 0)
		return "prev_mac does not match the mac of the record before";
	if (audit_mac(key, r, mac) == -1)
		return "cannot compute the mac (OpenSSL failed)";
	if (CRYPTO_memcmp(mac, r->mac, AUDIT_MAC_BYTES) != 0)
		return "mac mismatch";
	return NULL;
}

static struct db_value
blob(const unsigned char *b)
{
	return (struct db_value){ .type = DBV_BLOB, .s = (const char *)b, .len = AUDIT_MAC_BYTES };
}

/* A typed mac column: its 32 bytes, or NULL. */
static const unsigned char *
mac_of(const struct db_value *v)
{
	return v->type == DBV_BLOB && v->len == AUDIT_MAC_BYTES ? (const unsigned char *)v->s : NULL;
}

int
audit_record_from_row(const struct audit_fetch_after_row *row, struct audit_record *rec)
{
	const unsigned char *prev = mac_of(&row->prev_mac), *mac = mac_of(&row->mac);

	memset(rec, 0, sizeof(*rec));
	rec->seq = (unsigned long long)row->seq;
	rec->chain = (unsigned)row->chain;
	rec->chain_seq = (unsigned long long)row->chain_seq;
	snprintf(rec->at, sizeof(rec->at), "%s", row->at ? row->at : "");
#define AUDIT_FROM_ROW_TEXT(f) rec->f = row->f ? row->f : ""
	AUDIT_FROM_ROW_TEXT(actor);
	AUDIT_FROM_ROW_TEXT(roles);
	AUDIT_FROM_ROW_TEXT(ip);
	AUDIT_FROM_ROW_TEXT(user_agent);
	AUDIT_FROM_ROW_TEXT(request_id);
	AUDIT_FROM_ROW_TEXT(action);
	AUDIT_FROM_ROW_TEXT(object_type);
	AUDIT_FROM_ROW_TEXT(object_id);
	AUDIT_FROM_ROW_TEXT(outcome);
	AUDIT_FROM_ROW_TEXT(detail);
#undef AUDIT_FROM_ROW_TEXT
	rec->actor_id = row->actor_id;
	rec->items = row->items;
	if (prev == NULL || mac == NULL)
		return -1;
	memcpy(rec->prev_mac, prev, AUDIT_MAC_BYTES);
	memcpy(rec->mac, mac, AUDIT_MAC_BYTES);
	return 0;
}

/* Inserts the finished record n (setting n->seq from the insert) and
 * moves its chain's head from n->chain_seq - 1. */
static int
insert_and_advance(struct db *db, struct arena *a, struct audit_record *n)
{
	const struct audit_insert_in in = { .chain = (long long)n->chain,
	    .chain_seq = (long long)n->chain_seq, .at = n->at,
	    .actor_id = n->actor_id > 0 ? (struct db_value){ .type = DBV_INT, .i = n->actor_id } :
		(struct db_value){ .type = DBV_NULL },
	    .actor = n->actor, .roles = n->roles, .ip = n->ip, .user_agent = n->user_agent,
	    .request_id = n->request_id, .action = n->action, .object_type = n->object_type,
	    .object_id = n->object_id, .outcome = n->outcome, .items = n->items,
	    .detail = n->detail, .prev_mac = blob(n->prev_mac), .mac = blob(n->mac) };
	const struct audit_head_set_in h = { .seq = (long long)n->chain_seq, .mac = blob(n->mac),
	    .chain = (long long)n->chain, .seq_before = (long long)n->chain_seq - 1 };
	struct audit_insert_out ins;
	struct audit_head_set_out set;

	if (stmt_audit_insert(db, a, &in, &ins) != DB_OK)
		return -1;
	n->seq = ins.insert_id;
	if (stmt_audit_head_set(db, a, &h, &set) != DB_OK)
		return -1;
	if (set.affected != 1) {
		crm_err("audit_head chain %u moved under its lock: refusing the record", n->chain);
		return -1;
	}
	return 0;
}

/* Locks a chain's head for this transaction into *head (chain, seq, mac):
 * the first one free, or when all are taken by other transactions,
 * waits for ours by pid. A transaction writing several records may hold
 * several heads; that is harmless. 0 or -1 (logged). */
static int
lock_head(struct db *db, struct arena *a, struct audit_head_lock_row *head)
{
	struct audit_head_lock_free_out free_head;
	struct audit_head_lock_out ours;

	if (stmt_audit_head_lock_free(db, a, &(struct audit_head_lock_free_in){ 0 }, &free_head) !=
	    DB_OK)
		goto fail;
	if (free_head.n == 1) {
		*head = (struct audit_head_lock_row){ .chain = free_head.rows[0].chain,
		    .seq = free_head.rows[0].seq, .mac = free_head.rows[0].mac };
		return 0;
	}
	if (stmt_audit_head_lock(db, a, &(struct audit_head_lock_in){
	    .chain = (long long)(getpid() % AUDIT_CHAINS) }, &ours) == DB_OK && ours.n == 1) {
		*head = ours.rows[0];
		return 0;
	}
fail:
	crm_err("cannot lock an audit_head row (is migration 008 applied?)");
	return -1;
}

int
audit_write(struct db *db, struct arena *a, const struct audit_record *r)
{
	unsigned char key[AUDIT_MAC_BYTES];
	struct audit_record n;
	struct audit_head_lock_row head;
	const struct db_value *m;
	long long chain;
	int rc = -1;

	if (!db_in_transaction(db)) {
		crm_err("audit_write outside a transaction: refusing (%s)", r->action ? r->action : "?");
		return -1;
	}
	audit_normalise(a, r, &n);
	if (r->at[0] == '\0')
		audit_now(n.at);
	if (lock_head(db, a, &head) == -1)
		return -1;
	m = &head.mac;
	chain = head.chain;
	if (m->type != DBV_BLOB || m->len != AUDIT_MAC_BYTES || chain < 0 || chain >= AUDIT_CHAINS) {
		crm_err("audit_head holds a malformed row");
		return -1;
	}
	n.chain = (unsigned)chain;
	n.chain_seq = (unsigned long long)head.seq + 1;
	n.seq = 0;
	memcpy(n.prev_mac, m->s, AUDIT_MAC_BYTES);
	if (audit_chain_key(key) == -1) {
		crm_err("no audit chain key: the key ring is not loaded");
		return -1;
	}
	if (audit_mac(key, &n, n.mac) == 0 && insert_and_advance(db, a, &n) == 0) {
		audit_syslog_queue(&n);
		rc = 0;
	} else
		crm_err("cannot append audit record chain %u #%llu (%s)", n.chain, n.chain_seq,
		    n.action);
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

int
audit_fetch_after(struct db *db, struct arena *a, const char *consumer, size_t limit,
    struct audit_record **out, size_t *n)
{
	struct audit_fetch_after_out rows;

	*out = NULL;
	*n = 0;
	if (limit == 0)
		return 0;
	if (stmt_audit_fetch_after(db, a, &(struct audit_fetch_after_in){ .consumer = consumer,
	    .limit = (long long)limit }, &rows) != DB_OK) {
		crm_err("cannot read audit records for %s", consumer);
		return -1;
	}
	if (rows.n == 0)
		return 0;
	*out = arena_alloc(a, sizeof(**out) * rows.n);
	for (size_t i = 0; i < rows.n; i++)
		if (audit_record_from_row(&rows.rows[i], &(*out)[i]) == -1) {
			crm_err("audit record %llu has a malformed mac column", (*out)[i].seq);
			*out = NULL;
			return -1;
		}
	*n = rows.n;
	return 0;
}

int
audit_cursor_advance(struct db *db, struct arena *a, const char *consumer,
    const struct audit_record *recs, size_t n)
{
	unsigned long long high[AUDIT_CHAINS] = { 0 };

	for (size_t i = 0; i < n; i++)
		if (recs[i].chain < AUDIT_CHAINS && recs[i].chain_seq > high[recs[i].chain])
			high[recs[i].chain] = recs[i].chain_seq;
	for (unsigned c = 0; c < AUDIT_CHAINS; c++) {
		if (high[c] == 0)
			continue;
		if (stmt_audit_cursor_advance(db, a, &(struct audit_cursor_advance_in){
		    .consumer = consumer, .chain = (long long)c, .chain_seq = (long long)high[c] },
		    NULL) != DB_OK) {
			crm_err("cannot move the audit cursor of %s", consumer);
			return -1;
		}
	}
	return 0;
}

int
audit_standalone(struct db *db, struct arena *a, const struct audit_record *r)
{
	if (db_begin(db) != DB_OK)
		return -1;
	if (audit_write(db, a, r) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}

/* The role names of u, comma-separated (arena memory). */
static const char *
join_roles(struct arena *a, const struct user *u)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; u->roles && u->roles[i]; i++)
		len += strlen(u->roles[i]) + 1;
	out = arena_alloc(a, len);
	for (size_t i = 0; u->roles && u->roles[i]; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, u->roles[i]);
	}
	return out;
}

void
audit_from_ctx(struct audit_record *r, const struct ctx *ctx)
{
	const struct user *u = ctx->user ? ctx->user : ctx->pending;

	memset(r, 0, sizeof(*r));
	r->actor = u ? u->username : "";
	r->actor_id = u ? u->id : 0;
	r->roles = u ? join_roles(ctx->req->arena, u) : "";
	r->ip = ctx->req->remote_addr;
	r->user_agent = ctx->req->user_agent;
	r->request_id = ctx->req->id;
	r->items = 1;
}

int
audit_ctx(struct ctx *ctx, const char *action, const char *object_type,
    const char *object_id, const char *outcome, long long items, const char *detail_json)
{
	struct audit_record r;

	audit_from_ctx(&r, ctx);
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id;
	r.outcome = outcome;
	r.items = items;
	r.detail = detail_json;
	if (db_in_transaction(ctx->db))
		return audit_write(ctx->db, ctx->req->arena, &r);
	return audit_standalone(ctx->db, ctx->req->arena, &r);
}
