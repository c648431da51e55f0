/* contact.h: a contact record as pages use it: loading it within the
 * user's record scope, opening its sensitive fields (each an envelope
 * under the contact's own data key) and sealing new values with their
 * blind indexes. Which fields a user sees is decided by the pages from
 * rbac_field_rule; fields hidden from the user are never decrypted. */
#ifndef CRM_CONTACT_H
#define CRM_CONTACT_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;

enum contact_secret { CS_EMAIL, CS_PHONE, CS_ADDRESS, CS_BIRTH_DATE, CS__MAX };

extern const char *const contact_secret_names[CS__MAX];	/* column = field name */

struct contact {
	long long id, owner_id, team_id, version;
	const char *first_name, *last_name, *owner, *team, *updated;
	struct db_value sealed[CS__MAX];	/* as stored (DBV_NULL: empty) */
	const char *plain[CS__MAX];		/* opened value, NULL when empty or not opened */
	bool broken[CS__MAX];			/* did not decrypt (integrity alert logged) */
	const struct db_value *key_row;		/* data_keys id, kek_version, wrapped
						 * joined in by the query, or NULL */
};

/* Loads contact id if it is within the user's scope for action: 1, 0 when
 * missing or out of scope (the same answer), -1 on a database error. */
int contact_load(struct ctx *ctx, long long id, enum rbac_action action, struct contact *c);

/* Opens the sealed fields the user may see (rule above hidden). 0 or -1
 * (no key ring / database): a field that fails authentication is marked
 * broken, not fatal. */
int contact_open(struct ctx *ctx, struct contact *c);

/* Seals plain values (NULL or "" = empty) for contact id into p[0..5]:
 * email, email_bidx, phone, phone_bidx, address, birth_date; creates the
 * contact's data key when it has none (inside the caller's transaction).
 * 0 or -1. */
int contact_seal(struct ctx *ctx, long long id, const char *const plain[CS__MAX], struct db_value *p);

#define CONTACT_SEARCH_PARAMS 6

/* Fills p[0..5] for the list's search condition on q (never NULL; ""
 * matches all): a name prefix (LIKE, wildcards escaped), or, when q is
 * an email or a phone number, its exact blind index. Returns
 * CONTACT_SEARCH_PARAMS. Arena memory. */
int contact_search_bind(struct arena *a, const char *q, struct db_value *p);

/* When q is an email or a phone number (search_field_of): its blind
 * index into both *email_idx and *phone_idx (the list matches either
 * column), true. False for anything else (a name). Callers refuse a
 * search by a field the user may not key on (search_refusal) first. */
bool contact_exact_search(struct arena *a, const char *q, struct db_value *email_idx,
    struct db_value *phone_idx);

/* q as a LIKE prefix with its wildcards escaped (arena memory). */
const char *contact_like_prefix(struct arena *a, const char *q);

/* The blind indexes of a normalised email and phone (NULL: none) as
 * BLOB params, or DBV_NULL ones; what contact_seal stores. */
void contact_blind_indexes(struct arena *a, const char *email_norm, const char *phone_norm,
    struct db_value *email_idx, struct db_value *phone_idx);
/* contact_seal for a contact just inserted: creates its data key without
 * looking for one first (a locking read of a missing key deadlocks
 * concurrent creates). 0 or -1. */
int contact_seal_new(struct ctx *ctx, long long id, const char *const plain[CS__MAX], struct db_value *p);

struct subject_key;
/* The same with the contact's data key k already at hand (no database:
 * crmctl seed creates the key itself); seals into arena a. 0 or -1. */
int contact_seal_with(const struct subject_key *k, struct arena *a, long long id,
    const char *const plain[CS__MAX], struct db_value *p);

/* A masked form of a value for display: first character, then bullets
 * (an email keeps its domain: "a•••@example.com"). */
const char *contact_mask(struct arena *a, enum contact_secret f, const char *value);

#endif
