/* record_secrets.h: the sensitive fields of a record kind, each an
 * envelope under a data key (AAD: table, column, record id): the
 * record's own, or for a kind whose declaration says key_of_related
 * (activities) the key of the record it is attached to (the *_under
 * calls), so erasing that record erases them too. Also their optional
 * blind indexes for exact search, and how a sensitive value is masked
 * for display. Every record kind (contacts, accounts,
 * leads, ...) seals, opens, indexes and masks through here. Opening
 * skips fields the user's rule hides (they are never decrypted) and
 * marks fields that fail authentication as broken (an integrity alert is
 * logged). A blind index that cannot be computed fails the seal: a
 * record is never stored without the index of a value it holds. */
#ifndef CRM_RECORD_SECRETS_H
#define CRM_RECORD_SECRETS_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;
struct subject_key;

#define SECRETS_MAX 8

struct secret_kind {
	const char *table;		/* "leads" */
	const char *subject;		/* data key subject type, "lead" */
	enum rbac_module module;	/* whose field rules apply */
	int n;
	const char *columns[SECRETS_MAX];	/* also the field names of the rules */
	const char *index[SECRETS_MAX];		/* "email", "phone" or "exact" (trimmed, ASCII
						 * letters lower-cased): normaliser of a blind
						 * index; NULL: none */
	const char *rule_names[SECRETS_MAX];	/* the field rule's name when it is not the
						 * column's (custom fields: "cf_12") */
	const char *index_domains[SECRETS_MAX];	/* the blind index's domain when it is not
						 * "table.column" (custom fields: one per field) */
};

/* Opens sealed[i] into plain[i] (NULL when empty, hidden or broken). 0,
 * or -1 when the key cannot be had (database, no key ring). */
int secrets_open(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *sealed, const char **plain, bool *broken);

/* secrets_open with the record's data_keys row already at hand: key_row
 * [0..2] = id, kek_version, wrapped as a query joined them in (id NULL:
 * no key); NULL looks the key up. */
int secrets_open_row(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *key_row, const struct db_value *sealed, const char **plain, bool *broken);

/* secrets_open_under with the key owner's data_keys row at hand (as
 * secrets_open_row's key_row; NULL looks it up). */
int secrets_open_under_row(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const struct db_value *key_row, const struct db_value *sealed,
    const char **plain, bool *broken);

/* secrets_open for a record whose fields are under the data key of
 * another record, the key owner (owner_type = its subject type,
 * "contact", and owner_id): an activity under the record it is attached
 * to. The AAD still names record id. 0 or -1 as secrets_open. */
int secrets_open_under(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const struct db_value *sealed, const char **plain, bool *broken);

/* Seals plain[i] (NULL/"" = empty) for record id into sealed[i] and, for
 * indexed columns, their blind index into bidx[i] (DBV_NULL otherwise);
 * creates the record's data key when it has none. 0 or -1. */
int secrets_seal(struct ctx *ctx, const struct secret_kind *k, long long id,
    const char *const *plain, struct db_value *sealed, struct db_value *bidx);

/* secrets_seal under the data key of key owner (owner_type, owner_id),
 * created when it has none; the AAD names record id. 0 or -1. */
int secrets_seal_under(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const char *const *plain, struct db_value *sealed,
    struct db_value *bidx);

/* secrets_seal for a record just inserted: creates its data key without
 * looking for one first. 0 or -1. */
int secrets_seal_new(struct ctx *ctx, const struct secret_kind *k, long long id,
    const char *const *plain, struct db_value *sealed, struct db_value *bidx);

/* The same with the record's data key already at hand (no database:
 * crmctl seed creates the keys itself); arena a. 0, or -1 when a field
 * cannot be sealed or an indexed value's blind index cannot be computed
 * (no key ring): the caller's write must fail, never store the value
 * without its index. A value that does not normalise (not an email or a
 * phone number) has no index (DBV_NULL), which is not an error. */
int secrets_seal_with(const struct secret_kind *k, const struct subject_key *key, struct arena *a,
    long long id, const char *const *plain, struct db_value *sealed, struct db_value *bidx);

/* The blind index of value v of indexed column i (normalised as the
 * column's index says), as a BLOB param; DBV_NULL when v does not
 * normalise. What secrets_seal stores, for exact lookups. */
struct db_value secrets_blind_index(struct arena *a, const struct secret_kind *k, int i, const char *v);

/* The blind index of an already normalised value norm of indexed column
 * i into *out (DBV_NULL when norm is NULL or ""). 0, or -1 when it cannot
 * be computed (no key ring). */
int secrets_index_normalised(struct arena *a, const struct secret_kind *k, int i, const char *norm,
    struct db_value *out);

/* v normalised as indexed column i's index says (an email, or a phone
 * number in [server] phone_region), or NULL when it does not normalise. */
const char *secrets_normalise(struct arena *a, const struct secret_kind *k, int i, const char *v);

/* A masked form of a value for display, the same for every record kind:
 * its first character, then bullets; an email (a column indexed as one)
 * keeps its domain: "a•••@example.com". "" for NULL or "". */
const char *secrets_mask(struct arena *a, const struct secret_kind *k, int i, const char *value);

/* The masking itself: email true keeps the part from the '@' on. */
const char *secret_mask_value(struct arena *a, bool email, const char *value);

#endif
