/* subject_key.h: the data key of each data subject, and its fields. */
#ifndef CRM_SUBJECT_KEY_H
#define CRM_SUBJECT_KEY_H

#include "db.h"
#include "envelope.h"

struct subject_key {
	uint64_t id;			/* data_keys.id */
	unsigned char key[KEY_BYTES];	/* arena memory: wiped at reset */
};

enum subject_key_status {
	SUBJECT_KEY_OK,
	SUBJECT_KEY_MISSING,	/* no key for this subject */
	SUBJECT_KEY_DESTROYED,	/* crypto-shredded: the fields are gone for good */
	SUBJECT_KEY_DB_ERROR,	/* see the db log line; answer 503/500 */
	SUBJECT_KEY_INTEGRITY,	/* unwrap failed: logged as an integrity alert */
	SUBJECT_KEY_NO_KEYRING,
};

/* Creates the data key of a new subject, wrapped by the newest key-
 * encryption key, inside the caller's transaction. */
enum subject_key_status subject_key_create(struct db *db, struct arena *a,
    const char *subject_type, long long subject_id, struct subject_key **out);

/* Loads and unwraps a subject's data key. */
enum subject_key_status subject_key_get(struct db *db, struct arena *a,
    const char *subject_type, long long subject_id, struct subject_key **out);

/* The same from a data_keys row a caller's query already joined in:
 * row[0..2] = id, kek_version, wrapped (id NULL: no key). No database. */
enum subject_key_status subject_key_from_row(struct arena *a, const char *subject_type,
    long long subject_id, const struct db_value row[3], struct subject_key **out);

/* Destroys a subject's data key (erasure); within the caller's transaction. */
enum subject_key_status subject_key_destroy(struct db *db, struct arena *a,
    const char *subject_type, long long subject_id);

/* Encrypts a field of row row_id in table.column under k into *out
 * (a DBV_BLOB in the arena). 0 or -1. */
int field_seal(const struct subject_key *k, struct arena *a, const char *table,
    const char *column, long long row_id, const char *pt, size_t len, struct db_value *out);

/* Decrypts a field; on failure (moved, altered, wrong key) logs an
 * integrity alert naming table, column and row and returns -1: callers
 * show the field as unavailable, never the bytes. */
int field_open(const struct subject_key *k, struct arena *a, const char *table,
    const char *column, long long row_id, const struct db_value *in,
    const char **out, size_t *len);

/* The AAD a field envelope is bound to, and a wrapped data key's. */
const char *field_aad(struct arena *a, const char *table, const char *column, long long row_id);
const char *wrap_aad(struct arena *a, uint64_t key_id, const char *subject_type, long long subject_id);

/* A ciphertext or wrapped key that failed authentication (logged as
 * INTEGRITY ALERT when it happened). */
#define INTEGRITY_FAILURES_MAX 16
struct integrity_failure {
	char object_type[64];	/* "table.column", or "data_key" */
	char object_id[64];	/* the row id, or "subject_type/subject_id" */
};

/* The failures noted during one request (owned by it: ctx->integrity). */
struct integrity_failures {
	struct integrity_failure f[INTEGRITY_FAILURES_MAX];
	size_t n;	/* noted in f */
	size_t lost;	/* noted beyond INTEGRITY_FAILURES_MAX */
};

/* Makes list (zeroed by its owner) the one failures are noted in from
 * now on, until the next call; NULL: noted nowhere (only logged). The
 * worker binds its request's list at the start of a request and unbinds
 * it at the end. */
void subject_key_bind_failures(struct integrity_failures *list);

#endif
