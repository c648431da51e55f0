/* record_secrets.h: the sensitive fields of a record kind, each an
 * envelope under the record's own data key (AAD: table, column, id),
 * with optional blind indexes for exact search. Opening skips fields the
 * user's rule hides (they are never decrypted) and marks fields that
 * fail authentication as broken (an integrity alert is logged). */
#ifndef CRM_RECORD_SECRETS_H
#define CRM_RECORD_SECRETS_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;

#define SECRETS_MAX 8

struct secret_kind {
	const char *table;		/* "leads" */
	const char *subject;		/* data key subject type, "lead" */
	enum rbac_module module;	/* whose field rules apply */
	int n;
	const char *columns[SECRETS_MAX];	/* also the field names of the rules */
	const char *index[SECRETS_MAX];		/* "email" or "phone": normaliser of a blind index; NULL: none */
};

/* Opens sealed[i] into plain[i] (NULL when empty, hidden or broken). 0,
 * or -1 when the key cannot be had (database, no key ring). */
int secrets_open(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *sealed, const char **plain, bool *broken);

/* Seals plain[i] (NULL/"" = empty) for record id into sealed[i] and, for
 * indexed columns, their blind index into bidx[i] (DBV_NULL otherwise);
 * creates the record's data key when it has none. 0 or -1. */
int secrets_seal(struct ctx *ctx, const struct secret_kind *k, long long id,
    const char *const *plain, struct db_value *sealed, struct db_value *bidx);

/* secrets_seal for a record just inserted: creates its data key without
 * looking for one first. 0 or -1. */
int secrets_seal_new(struct ctx *ctx, const struct secret_kind *k, long long id,
    const char *const *plain, struct db_value *sealed, struct db_value *bidx);

/* The blind index of value v of indexed column i (normalised as the
 * column's index says), as a BLOB param; DBV_NULL when v does not
 * normalise. What secrets_seal stores, for exact lookups. */
struct db_value secrets_blind_index(struct arena *a, const struct secret_kind *k, int i, const char *v);

#endif
