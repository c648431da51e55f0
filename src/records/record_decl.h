/* record_decl.h: a record family described once. Each family (accounts,
 * contacts, leads, deals, activities) declares its fields in one table
 * (account_decl.c, contact_decl.c, ...): the form field (name, label
 * msgid, type, limits and normalisation: form.h), the column, how it is
 * protected, what kind of personal data it holds, and where it appears.
 * Forms, lists, filters, CSV export and import, audit before/after
 * values, field rules (the role editor) and the "who can access" panel
 * read the declaration instead of repeating it; record_decl_check()
 * refuses a declaration that does not hold (crm-fcgi -n and start-up).
 *
 * Adding a standard field: one line in the family's table, a migration
 * adding the column, a translation of the label (README "Adding a
 * field"). */
#ifndef CRM_RECORD_DECL_H
#define CRM_RECORD_DECL_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "rbac.h"
#include "record_kind.h"
#include "search_key.h"

/* How a field is kept in MariaDB. */
enum field_protect {
	PROTECT_PLAIN,		/* a plain column */
	PROTECT_SEALED,		/* an envelope (AAD: table, column, the
				 * record's id) under a data key: the
				 * record's own, or with the declaration's
				 * key_of_related the key of the record it is
				 * attached to (activities): record_secrets.h */
	PROTECT_INDEXED,	/* sealed, plus a keyed blind index (column
				 * <name>_bidx) for exact search */
};

/* What kind of personal data a field holds (the privacy work reads it:
 * registers of processing, subject access exports, erasure). */
enum personal_class {
	PERSONAL_NONE,		/* not about a person */
	PERSONAL_CONTACT,	/* contact details: name, email, phone, address */
	PERSONAL_IDENTIFIER,	/* identifiers: tax number, birth date */
	PERSONAL_FINANCIAL,	/* bank account, amounts tied to a person */
	PERSONAL_SPECIAL,	/* special category (health, beliefs, ...) */
};

/* Where a field appears (flags). */
#define RF_FORM		0x01u	/* on the create and edit forms */
#define RF_LIST		0x02u	/* a column of the list */
#define RF_FILTER	0x04u	/* a list filter */
#define RF_SORT		0x08u	/* the list sorts by it */
#define RF_EXPORT	0x10u	/* a CSV export column */
#define RF_IMPORT	0x20u	/* a CSV import column */
#define RF_RULED	0x40u	/* per-role field rules (hidden, masked,
				 * read-only, editable) apply; always for a
				 * protected field */

struct record_field {
	struct field_def def;		/* .name is the field's name everywhere
					 * (form key, rule name, CSV header) */
	const char *column;		/* column of the family's table; NULL:
					 * def.name */
	enum field_protect protect;
	enum search_field index;	/* PROTECT_INDEXED: how the value is
					 * normalised for its blind index */
	enum personal_class personal;
	unsigned flags;			/* RF_* */
};

struct record_decl {
	enum record_kind_id kind;
	const char *table;		/* "contacts" = module name = audit object type */
	const char *subject;		/* data key subject type, "contact" */
	enum rbac_module module;
	bool key_of_related;		/* sealed fields are under the data key of
					 * the attached record (related_type,
					 * related_id), not a key of the record's
					 * own (activities: erasing the record
					 * erases them): secrets_seal_under */
	const struct record_field *fields;
	size_t nfields;
};

/* The declaration of kind k. */
const struct record_decl *record_decl_of(enum record_kind_id k);

/* The declaration whose table is table ("accounts"), or NULL. */
const struct record_decl *record_decl_named(const char *table);

/* The declared field named name of d, or NULL. */
const struct record_field *record_field_named(const struct record_decl *d, const char *name);

/* The label msgid of code c of a declared list (codes and labels
 * NULL-terminated, in the same order: industries, languages, lead
 * sources...), or NULL when c is NULL or not one of the codes. */
const char *record_code_label(const char *const *codes, const char *const *labels, const char *c);

/* Index of field name in d->fields, or -1. */
int record_field_index(const struct record_decl *d, const char *name);

/* The column of field f. */
const char *record_field_column(const struct record_field *f);

/* True when f is sealed (PROTECT_SEALED or PROTECT_INDEXED). */
bool record_field_sealed(const struct record_field *f);

/* The form of d: its RF_FORM fields in declaration order (derived once,
 * at the first call or by record_decl_check). */
const struct form_def *record_form(const struct record_decl *d);

/* Checks every declaration: names unique within a family, every field
 * with a column name of [a-z0-9_], a blind index only on a sealed field,
 * protected fields ruled, and the forms valid (form_def_check). Logs
 * each problem: 0, or -1. */
int record_decl_check(void);

struct db;
struct arena;
struct conf;
struct secret_kind;

/* Checks every declared column (and the blind index column <column>_bidx
 * of an indexed field) against the connected database's schema
 * (information_schema.columns), logging each one missing: 0, -1 when one
 * is missing, -2 on a database error. */
int record_decl_schema_check(struct db *db, struct arena *a);

/* The same for one declaration d, which need not be registered (tests). */
int record_decl_schema_check_one(struct db *db, struct arena *a, const struct record_decl *d);

/* record_decl_schema_check on a connection of its own (crm-fcgi -n):
 * 0, -1 with the reason in err, -2 when the database cannot be reached
 * (err says so: a warning, as audit_grants_startup's -2). */
int record_decl_schema_startup(const struct conf *c, char *err, size_t errsz);

/* The sealed fields of d (declaration order) as record_secrets.h opens
 * and seals them; built once. */
const struct secret_kind *record_secret_kind(const struct record_decl *d);

/* The same checks on one declaration d, which need not be registered
 * (its form is derived here, not cached): 0, or -1 (logged). */
int record_decl_check_one(const struct record_decl *d);

#endif
