/* custom_field.h: the custom fields administrators add on /admin/fields
 * (sql/033_custom_fields.sql), as every worker holds them: a registry
 * read once and again whenever the rights generation changes (the
 * migration's triggers bump it on every change to a definition, an
 * option or a label), so a change takes effect on each worker's next
 * request without a restart.
 *
 * Each live field is also a struct record_field (name "cf_<id>", its
 * English label, the form type and limits its type implies, its
 * protection and personal-data class, every place, always ruled), so
 * forms, field rules, masking and audit treat it like a declared field;
 * its values are custom_value.h's. Families: accounts, contacts, leads,
 * deals (activities take none: their sealed fields are under the key of
 * the record they are attached to, and a custom field there would need
 * the same; not built). */
#ifndef CRM_CUSTOM_FIELD_H
#define CRM_CUSTOM_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "record_decl.h"
#include "record_secrets.h"

struct db;

#define CUSTOM_FIELDS_MAX 60	/* live fields per family (/admin/fields refuses more) */
#define CUSTOM_OPTIONS_MAX 100	/* options per choice field */

enum custom_type {
	CT_TEXT, CT_TEXTAREA, CT_INTEGER, CT_DECIMAL, CT_MONEY, CT_DATE, CT_DATETIME, CT_CHOICE,
	CT_MULTICHOICE, CT_CHECKBOX, CT_EMAIL, CT_PHONE, CT_URL, CT_USER, CT__MAX
};

struct custom_option {
	const char *code;
	const char *label[LANG__MAX];	/* NULL: the English one */
	bool retired;			/* not offered; stored values keep it */
};

struct custom_field {
	long long id;
	enum record_kind_id kind;
	enum custom_type type;
	bool required, retired;
	const char *default_value;	/* NULL: none */
	const char *currency;		/* CT_MONEY */
	long long version;
	const char *label[LANG__MAX];	/* [LANG_EN] always set */
	const char *help[LANG__MAX];	/* NULL: none */
	struct custom_option *options;	/* read-only outside custom_field.c */
	size_t noptions;
	struct record_field rf;		/* .def.name "cf_<id>" */
	struct secret_kind secrets;	/* n = 1 when sealed: the value table's
					 * v_sealed, the rule name cf_<id>, the
					 * blind index domain of this field */
};

struct custom_set {
	const struct custom_field *const *fields;	/* position order */
	size_t n;
};

/* Type names as stored, in enum order, NULL-terminated (a form's choices). */
extern const char *const custom_type_names[CT__MAX + 1];

/* Type names as stored ("text", "multichoice"), their msgids for forms;
 * the parser returns -1 for anything else. */
const char *custom_type_name(enum custom_type t);
const char *custom_type_label(enum custom_type t);
int custom_type_parse(const char *s);

/* Reads the definitions again unless the registry holds generation
 * (0: always read; crmctl and tests). 0, or -1 on a database error (the
 * registry then keeps what it had, and the request should fail: its
 * rights may name fields it does not know). */
int custom_fields_sync(struct db *db, unsigned long long generation);

/* The live fields of kind k (with_retired: the retired ones too, after
 * them), in position order. An empty set for a kind without fields. */
struct custom_set custom_fields_of(enum record_kind_id k, bool with_retired);

/* The field named name ("cf_12") of kind k, live or retired, or NULL. */
const struct custom_field *custom_field_named(enum record_kind_id k, const char *name);

/* Every live field of every kind, for the rights: the i-th ruled field
 * after the declared ones (rbac.c); n in *n. */
const struct custom_field *const *custom_fields_all(size_t *n);

/* f's label / help / option label in language l (the English one when
 * it has none in l). */
const char *custom_label(const struct custom_field *f, enum lang l);
const char *custom_help(const struct custom_field *f, enum lang l);
const char *custom_option_label(const struct custom_option *o, enum lang l);

/* The option of f with code, or NULL. */
const struct custom_option *custom_option_of(const struct custom_field *f, const char *code);

/* The value table of kind k ("contact_custom_values"), or NULL. */
const char *custom_values_table(enum record_kind_id k);

#endif
