/* contact.h: a contact record as pages use it: loading it within the
 * user's record scope, opening its sensitive fields (each an envelope
 * under the contact's own data key, through record_secrets.h like every
 * record kind), creating and editing it in one audited transaction, and
 * sealing new values with their blind indexes. contact.c and
 * contact_list.c are the only code that runs SQL about contacts. Which
 * fields a user sees is decided by the pages from rbac_field_rule;
 * fields hidden from the user are never decrypted. */
#ifndef CRM_CONTACT_H
#define CRM_CONTACT_H

#include <stdbool.h>

#include "db.h"
#include "custom_value.h"
#include "rbac.h"

struct ctx;
struct form_def;
struct secret_kind;
struct subject_key;

/* The order of the contact's columns in contact_secrets (record_secrets.h). */
enum contact_secret { CS_EMAIL, CS_PHONE, CS_ADDRESS, CS_BIRTH_DATE, CS_MOBILE, CS__MAX };

extern const char *const contact_secret_names[CS__MAX];	/* column = field name */

/* The plain standard fields (contact_decl.c), as the form normalises
 * them: NULL when not given; the two flags "1" or "0". */
enum contact_info { CI_TITLE, CI_DEPARTMENT, CI_LANGUAGE, CI_DO_NOT_CALL, CI_EMAIL_OPT_OUT, CI__MAX };

/* The declared field name (= column) of each contact_info. */
extern const char *const contact_info_fields[CI__MAX];

/* The preferred language codes (stored) and their label msgids (shown),
 * NULL-terminated, in the same order (contact_decl.c). */
extern const char *const contact_languages[];
extern const char *const contact_language_labels[];

/* The roles of a contact's further account relations: codes and label
 * msgids, NULL-terminated (contact_decl.c). */
extern const char *const contact_relation_roles[];
extern const char *const contact_relation_role_labels[];

/* The contacts' sensitive fields for record_secrets.h. */
extern const struct secret_kind contact_secrets;

struct contact {
	long long id, owner_id, team_id, version;
	long long account_id;			/* 0: none */
	const char *account_name;		/* NULL: none, or one the user may not view */
	const char *first_name, *last_name, *owner, *team, *updated;
	const char *info[CI__MAX];		/* the plain standard fields */
	struct db_value sealed[CS__MAX];	/* as stored (DBV_NULL: empty) */
	const char *plain[CS__MAX];		/* opened value, NULL when empty or not opened */
	bool broken[CS__MAX];			/* did not decrypt (integrity alert logged) */
	const struct db_value *key_row;		/* data_keys id, kek_version, wrapped
						 * joined in by the query, or NULL */
};

/* A contact's values as a form or an import gives them. */
struct contact_input {
	const char *first_name, *last_name;
	long long account_id;			/* 0: none; checked by the caller (pick.h) */
	const char *plain[CS__MAX];		/* NULL or "": empty */
	const char *info[CI__MAX];		/* NULL: not given (imports, conversion:
						 * left at the column's default) */
	/* Custom fields (custom_value.h): the checked form and what the
	 * record holds (an empty set for a new one); NULL: none submitted. */
	const struct custom_form *custom;
	const struct custom_values *custom_before;
};

enum contact_result { CONTACT_SAVED, CONTACT_DUPLICATE, CONTACT_CONFLICT, CONTACT_FAILED };

/* A data_keys row (id, kek_version, wrapped) a query joined in, as
 * struct contact's key_row (subject_key_from_row), in arena memory. */
const struct db_value *contact_key_row(struct arena *a, struct db_value id, struct db_value kek_version,
    struct db_value wrapped);

/* The contact form, from the declaration (contact_decl.c). */
const struct form_def *contact_form_def(void);

/* Loads contact id if it is within the user's scope for action: 1, 0 when
 * missing or out of scope (the same answer), -1 on a database error. */
int contact_load(struct ctx *ctx, long long id, enum rbac_action action, struct contact *c);

/* Opens the sealed fields the user may see (rule above hidden). 0 or -1
 * (no key ring / database): a field that fails authentication is marked
 * broken, not fatal. */
int contact_open(struct ctx *ctx, struct contact *c);

/* Creates a contact owned by the user, in one transaction with its data
 * key, sealed fields and audit record (values masked). Unless
 * allow_duplicate, a contact the user may see with the same email or
 * phone (fields the user may key on) stops it: CONTACT_DUPLICATE, *id =
 * that contact, nothing stored. CONTACT_SAVED: *id = the new contact.
 * CONTACT_FAILED: rolled back. */
enum contact_result contact_create(struct ctx *ctx, const struct contact_input *in,
    bool allow_duplicate, long long *id);

/* Saves in over c (loaded for ACT_EDIT and opened) if it still has
 * version, changing only the sensitive fields edit[] names, in one
 * transaction with its audit record (what changed, masked).
 * CONTACT_SAVED, CONTACT_CONFLICT (changed since; rolled back) or
 * CONTACT_FAILED (rolled back). */
enum contact_result contact_update(struct ctx *ctx, const struct contact *c,
    const struct contact_input *in, const bool edit[CS__MAX], long long version);

/* Inserts a contact owned by the user (account 0: none) inside the
 * caller's transaction, its data key and sealed fields when any value
 * is given (no key otherwise). Its id, or -1. For imports and lead
 * conversion. */
long long contact_add(struct ctx *ctx, long long account_id, const struct contact_input *in);

/* Whether a contact the user may see (view scope) has email or phone
 * (NULL: not compared); a field the user may not key on
 * (rbac_field_keyable) is never compared. 1, 0, or -1 on error. For
 * imports. */
int contact_match_exists(struct ctx *ctx, const char *email, const char *phone);

/* Inserts a contact row (account and team 0: none) inside the caller's
 * transaction; its id, or -1. */
long long contact_insert_row(struct db *db, struct arena *a, long long account_id,
    const char *first, const char *last, long long owner_id, long long team_id);

/* Seals plain for contact id with its data key k at hand and stores the
 * fields and blind indexes; 0, or -1 (also when an index fails). */
int contact_store_secrets(struct db *db, struct arena *a, const struct subject_key *k, long long id,
    const char *const plain[CS__MAX]);

/* Seals plain (NULL or "" = empty) for contact id just inserted (its
 * data key created without looking for one first: a locking read of a
 * missing key deadlocks concurrent creates) and stores the sealed fields
 * and blind indexes, in the caller's transaction: 0, or -1 (also when an
 * index fails). */
int contact_seal_store_new(struct ctx *ctx, long long id, const char *const plain[CS__MAX]);

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

/* A masked form of a value for display (secrets_mask): first character,
 * then bullets (an email keeps its domain: "a•••@example.com"). */
const char *contact_mask(struct arena *a, enum contact_secret f, const char *value);

#endif
