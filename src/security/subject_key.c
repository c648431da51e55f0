/* subject_key.c: owns envelope encryption of personal data. Each subject
 * (contact, lead, account, user) has a random data key, stored in
 * data_keys wrapped by a key-encryption key of the key ring; its fields are
 * envelopes under that data key, bound by their AAD to table, column and
 * row, so an envelope copied elsewhere does not open. A failure to open is
 * an integrity alert in the log, never garbage on a page.
 *
 * Failures are also noted, for the audit trail, in the integrity failure
 * list of the request being served: a struct integrity_failures the
 * request owns (the worker's, on ctx->integrity) and installs for its
 * duration with subject_key_bind_failures(&list), then unbinds with
 * subject_key_bind_failures(NULL). Why a bound list rather than a ctx
 * argument: field_open, subject_key_get and subject_key_from_row are
 * called from many data modules that have no ctx at that point (and are
 * being converted by others); threading a list through all of them is
 * churn for no safety gain in a process that serves one request at a
 * time. What matters is that the state is an explicit per-request object
 * with a visible owner and lifetime, not a hidden process-wide array that
 * outlives requests: a failure noted while no list is bound (crmctl, the
 * watcher, code between requests) is logged only, never carried over
 * into the next request's records. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "keyring.h"
#include "log.h"
#include "stmt.h"
#include "subject_key.h"

const char *
field_aad(struct arena *a, const char *table, const char *column, long long row_id)
{
	return arena_printf(a, "crm/%s/%s/%lld", table, column, row_id);
}

const char *
wrap_aad(struct arena *a, uint64_t key_id, const char *subject_type, long long subject_id)
{
	return arena_printf(a, "crm/data_keys/%" PRIu64 "/%s/%lld", key_id, subject_type, subject_id);
}

enum subject_key_status
subject_key_create(struct db *db, struct arena *a, const char *subject_type,
    long long subject_id, struct subject_key **out)
{
	struct subject_key *k = arena_alloc(a, sizeof(*k));
	uint64_t kek_version = keyring_newest();
	const unsigned char *kek = keyring_kek(kek_version);
	struct key_insert_out ins;
	unsigned char *env;
	size_t envlen;

	if (kek == NULL)
		return SUBJECT_KEY_NO_KEYRING;
	if (RAND_priv_bytes(k->key, KEY_BYTES) != 1)
		return SUBJECT_KEY_DB_ERROR;
	if (stmt_key_insert(db, a, &(struct key_insert_in){ .subject_type = subject_type,
	    .subject_id = subject_id, .kek_version = (long long)kek_version }, &ins) != DB_OK)
		return SUBJECT_KEY_DB_ERROR;
	k->id = ins.insert_id;
	if (envelope_seal(kek, kek_version, wrap_aad(a, k->id, subject_type, subject_id),
	    k->key, KEY_BYTES, a, &env, &envlen) != ENVELOPE_OK)
		return SUBJECT_KEY_DB_ERROR;
	if (stmt_key_set_wrapped(db, a, &(struct key_set_wrapped_in){ .wrapped = { .type = DBV_BLOB,
	    .s = (const char *)env, .len = envlen }, .id = (long long)k->id }, NULL) != DB_OK)
		return SUBJECT_KEY_DB_ERROR;
	*out = k;
	return SUBJECT_KEY_OK;
}

/* The key-encryption key for version, reloading the ring once when it is
 * unknown (a rotation added it after this process loaded the ring). */
static const unsigned char *
find_kek(uint64_t version)
{
	const unsigned char *kek = keyring_kek(version);
	char err[256];

	if (kek == NULL && keyring_loaded() && keyring_reload(err, sizeof(err)) == -1)
		crm_err("key ring reload failed: %s", err);
	return kek ? kek : keyring_kek(version);
}

/* The list of the request being served (subject_key_bind_failures), or
 * NULL: failures are then only logged. */
static struct integrity_failures *bound;

void
subject_key_bind_failures(struct integrity_failures *list)
{
	bound = list;
}

static void
note_failure(const char *object_type, const char *object_id)
{
	struct integrity_failure *f;

	if (bound == NULL)
		return;
	if (bound->n == INTEGRITY_FAILURES_MAX) {
		bound->lost++;
		return;
	}
	f = &bound->f[bound->n++];
	snprintf(f->object_type, sizeof(f->object_type), "%s", object_type);
	snprintf(f->object_id, sizeof(f->object_id), "%s", object_id);
}

/* Unwraps a wrapped data key into k. */
static enum subject_key_status
unwrap(struct arena *a, const struct db_value *wrapped, uint64_t kek_version,
    const char *subject_type, long long subject_id, struct subject_key *k)
{
	const unsigned char *kek = find_kek(kek_version);
	unsigned char *dk;
	size_t dklen;
	enum envelope_status st;

	if (kek == NULL) {
		crm_err("INTEGRITY ALERT: data key %" PRIu64 " of %s %lld is wrapped by key "
		    "version %" PRIu64 ", which the key ring does not hold", k->id,
		    subject_type, subject_id, kek_version);
		note_failure("data_key", arena_printf(a, "%s/%lld", subject_type, subject_id));
		return SUBJECT_KEY_INTEGRITY;
	}
	st = envelope_open(kek, wrap_aad(a, k->id, subject_type, subject_id),
	    (const unsigned char *)wrapped->s, wrapped->len, a, &dk, &dklen);
	if (st != ENVELOPE_OK || dklen != KEY_BYTES) {
		crm_err("INTEGRITY ALERT: data key %" PRIu64 " of %s %lld does not unwrap (%s)",
		    k->id, subject_type, subject_id, envelope_strerror(st));
		note_failure("data_key", arena_printf(a, "%s/%lld", subject_type, subject_id));
		return SUBJECT_KEY_INTEGRITY;
	}
	memcpy(k->key, dk, KEY_BYTES);
	return SUBJECT_KEY_OK;
}

enum subject_key_status
subject_key_from_row(struct arena *a, const char *subject_type, long long subject_id,
    const struct db_value row[3], struct subject_key **out)
{
	struct subject_key *k;
	enum subject_key_status st;

	if (!keyring_loaded())
		return SUBJECT_KEY_NO_KEYRING;
	if (row[0].type == DBV_NULL)
		return SUBJECT_KEY_MISSING;
	if (row[2].type == DBV_NULL)
		return SUBJECT_KEY_DESTROYED;
	k = arena_alloc(a, sizeof(*k));
	k->id = (uint64_t)row[0].i;
	st = unwrap(a, &row[2], (uint64_t)row[1].i, subject_type, subject_id, k);
	if (st == SUBJECT_KEY_OK)
		*out = k;
	return st;
}

enum subject_key_status
subject_key_get(struct db *db, struct arena *a, const char *subject_type,
    long long subject_id, struct subject_key **out)
{
	struct key_get_out rows;

	if (!keyring_loaded())
		return SUBJECT_KEY_NO_KEYRING;
	if (stmt_key_get(db, a, &(struct key_get_in){ .subject_type = subject_type,
	    .subject_id = subject_id }, &rows) != DB_OK)
		return SUBJECT_KEY_DB_ERROR;
	if (rows.n == 0)
		return SUBJECT_KEY_MISSING;
	return subject_key_from_row(a, subject_type, subject_id, (const struct db_value[3]){
	    rows.rows[0].id, rows.rows[0].kek_version, rows.rows[0].wrapped }, out);
}

enum subject_key_status
subject_key_destroy(struct db *db, struct arena *a, const char *subject_type,
    long long subject_id)
{
	struct key_destroy_out out;

	if (stmt_key_destroy(db, a, &(struct key_destroy_in){ .subject_type = subject_type,
	    .subject_id = subject_id }, &out) != DB_OK)
		return SUBJECT_KEY_DB_ERROR;
	return out.affected ? SUBJECT_KEY_OK : SUBJECT_KEY_MISSING;
}

int
field_seal(const struct subject_key *k, struct arena *a, const char *table,
    const char *column, long long row_id, const char *pt, size_t len, struct db_value *out)
{
	unsigned char *env;
	size_t envlen;

	if (envelope_seal(k->key, k->id, field_aad(a, table, column, row_id), pt, len, a,
	    &env, &envlen) != ENVELOPE_OK)
		return -1;
	*out = (struct db_value){ .type = DBV_BLOB, .s = (const char *)env, .len = envlen };
	return 0;
}

int
field_open(const struct subject_key *k, struct arena *a, const char *table,
    const char *column, long long row_id, const struct db_value *in,
    const char **out, size_t *len)
{
	unsigned char *pt;
	uint64_t key_id = 0;
	enum envelope_status st = ENVELOPE_TRUNCATED;

	if (in->type == DBV_BLOB || in->type == DBV_TEXT) {
		st = envelope_key_id((const unsigned char *)in->s, in->len, &key_id);
		if (st == ENVELOPE_OK && key_id != k->id)
			st = ENVELOPE_UNKNOWN_KEY;
		if (st == ENVELOPE_OK)
			st = envelope_open(k->key, field_aad(a, table, column, row_id),
			    (const unsigned char *)in->s, in->len, a, &pt, len);
	}
	if (st != ENVELOPE_OK) {
		crm_err("INTEGRITY ALERT: %s.%s of row %lld does not decrypt (%s): "
		    "moved, altered or under another subject's key", table, column, row_id,
		    envelope_strerror(st));
		note_failure(arena_printf(a, "%s.%s", table, column), arena_printf(a, "%lld", row_id));
		return -1;
	}
	*out = (const char *)pt;
	return 0;
}
