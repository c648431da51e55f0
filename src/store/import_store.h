/* import_store.h: the database side of CSV import (page_imports.c names
 * these in its struct import_kind): whether a row duplicates a record in
 * the importer's view scope, and inserting a row with its sealed fields
 * under the new record's own key. A row v holds the family's RF_IMPORT
 * fields (record_decl.h) in declaration order (NULL: empty). */
#ifndef CRM_IMPORT_STORE_H
#define CRM_IMPORT_STORE_H

struct ctx;
struct arena;
struct record_decl;

/* v's value of the import field name of d, or NULL. */
const char *import_value(const struct record_decl *d, const char *const *v, const char *name);

/* The account name an import stores and compares: each run of
 * whitespace made one space. */
const char *import_collapse(struct arena *a, const char *s);

/* 1 when a live record in the user's view scope duplicates v, 0 not,
 * -1 on a database error. Contacts and leads: by the email or phone the
 * user may key on; accounts: by name. */
int import_contact_exists(struct ctx *ctx, const char *const *v);
int import_lead_exists(struct ctx *ctx, const char *const *v);
int import_account_exists(struct ctx *ctx, const char *const *v);

/* Inserts v, owned by the user and their team, in the caller's
 * transaction; a row without a sensitive value creates no data key. 0 or
 * -1. */
long long import_contact_insert(struct ctx *ctx, const char *const *v);
long long import_lead_insert(struct ctx *ctx, const char *const *v);
long long import_account_insert(struct ctx *ctx, const char *const *v);

#endif
