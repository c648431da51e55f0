/* custom_value.h: the values of custom fields (custom_field.h) on one
 * record or a page of records: read (sealed ones opened as the user's
 * field rules allow), checked from a submitted form, written in the
 * caller's transaction with the audit's before/after values, and shown
 * (formatted, translated, masked).
 *
 * A value travels as its canonical text, what the form layer's
 * normalisation gives ("1234.50", "2026-12-10", "2026-12-10T10:00",
 * "1", option codes joined by commas). It is stored typed: v_int for
 * numbers, amounts (hundredths), dates (YYYYMMDD), date-times
 * (YYYYMMDDHHMM), checkboxes and users, v_text for the rest; a protected
 * field's canonical text is sealed instead (prefixed by its field id,
 * checked on opening) under the record's data key, with its blind index
 * for an indexed one. */
#ifndef CRM_CUSTOM_VALUE_H
#define CRM_CUSTOM_VALUE_H

#include <stdbool.h>

#include "custom_field.h"
#include "form.h"

struct ctx;
struct param_list;

struct custom_value {
	const struct custom_field *field;
	long long row_id;		/* 0: nothing stored */
	const char *text;		/* canonical; NULL: empty, hidden or broken */
	const char *username;		/* CT_USER: the user's name */
	bool broken;			/* sealed and does not open */
};

/* The values of one record: one entry per field of the kind (live, then
 * retired), in custom_fields_of order. */
struct custom_values {
	enum record_kind_id kind;
	long long record_id;
	struct custom_value *v;
	size_t n;
};

/* Whether values of type t are stored as numbers (v_int). */
bool custom_type_numeric(enum custom_type t);

/* The number canonical text s of type t is stored as: hundredths for
 * amounts and decimals, YYYYMMDD, YYYYMMDDHHMM, the integer itself. */
long long custom_int_of_text(enum custom_type t, const char *s);

/* Loads record id's values (sealed ones opened unless hidden). 0 or -1. */
int custom_values_load(struct ctx *ctx, enum record_kind_id k, long long id, struct custom_values *out);

/* An empty set for a new record of kind k. */
void custom_values_empty(struct ctx *ctx, enum record_kind_id k, struct custom_values *out);

/* An enabled user a user field may name. */
struct custom_user {
	long long id;
	const char *name;
};

/* The enabled users (up to 1,000, by name). 0 or -1. */
int custom_users(struct ctx *ctx, struct custom_user **out, size_t *n);

/* Whether code is one of the comma-separated option codes of text (a
 * multiple choice's canonical value; a single code for a choice). */
bool custom_codes_have(const char *text, const char *code);

/* The value of field f in vs, or NULL. */
const struct custom_value *custom_value_of(const struct custom_values *vs, const struct custom_field *f);

/* One submitted field, checked. */
struct custom_input {
	const struct custom_field *field;
	const char *text;		/* canonical; NULL: empty */
	const char *raw;		/* as sent, for showing the form again */
	const char *error;		/* msgid, or NULL */
	long long error_arg;
	enum form_arg error_arg_kind;
};

struct custom_form {
	struct custom_input *in;	/* the fields the user may edit */
	size_t n;
	int nerrors;
	const char *error;		/* form-wide msgid (a field the user may not change was sent) */
};

/* Reads kind k's custom fields from p: only live fields the user's
 * rules make editable; a value sent for any other custom field is the
 * form-wide error MSG "Your role cannot change one of these fields.".
 * Types are checked as form.h says, plus: date-times are real, a user
 * is an enabled one, choices are options offered now (an option retired
 * since the form was opened is refused unless the record holds it
 * already: before, NULL for a new record), multiple choices are sent as
 * one checkbox per option ("cf_12.code"). Returns out->nerrors (0: all
 * valid), -1 on a database error. */
int custom_form_read(struct ctx *ctx, enum record_kind_id k, const struct param_list *p,
    const struct custom_values *before, struct custom_form *out);

/* The form a new record starts with: each editable field's default. */
void custom_form_defaults(struct ctx *ctx, enum record_kind_id k, struct custom_form *out);

/* The form of a record holding vs: each editable field with its value. */
void custom_form_of(struct ctx *ctx, const struct custom_values *vs, struct custom_form *out);

/* Writes f's values for record id inside the caller's transaction (f
 * or before NULL: nothing to write, *audit "")
 * (before: what it holds, custom_values_load; an empty set for a new
 * one) and sets *audit to the JSON members to add to the audit record's
 * detail (",\"custom\":{\"before\":{..},\"after\":{..}}" with labels as
 * keys and protected values masked; "" when nothing changed). 0 or -1. */
int custom_values_write(struct ctx *ctx, long long id, const struct custom_form *f,
    const struct custom_values *before, const char **audit);

/* detail (a JSON object) with the members custom_values_write gave
 * added ("" adds nothing). */
const char *custom_audit_join(struct arena *a, const char *detail, const char *custom);

/* How value v of field f reads on a page in language l: formatted
 * (amounts, dates, option labels, Yes/No, the user's name), "" when
 * empty. Not masked. */
const char *custom_display(struct ctx *ctx, const struct custom_value *v);

/* display text masked as record_secrets.h masks (an email keeps its domain). */
const char *custom_masked(struct ctx *ctx, const struct custom_field *f, const char *display);

/* The values of fields (up to CUSTOM_PAGE_FIELDS) for records ids (up to
 * CUSTOM_PAGE_IDS): out[r * nfields + c] for ids[r] and fields[c],
 * row_id 0 when none. 0 or -1. */
int custom_values_page(struct ctx *ctx, enum record_kind_id k, const struct custom_field *const *fields,
    size_t nfields, const long long *ids, size_t nids, struct custom_value *out);

/* The custom columns the user chose for kind k's list: live fields the
 * user may see, at most CUSTOM_PAGE_FIELDS, in the order chosen. 0 or -1. */
int custom_list_columns(struct ctx *ctx, enum record_kind_id k, const struct custom_field **out, size_t *n);

/* Saves the user's choice of columns (names of live fields of k the user
 * may see; others are dropped, at most CUSTOM_PAGE_FIELDS kept) with its
 * audit record, in one transaction. 0 or -1. */
int custom_list_columns_save(struct ctx *ctx, enum record_kind_id k, const char *const *names, size_t n);

/* What a list filter on a custom field compares: the field, and the
 * blind index, the stored text or the stored number of the value sought
 * (the two others NULL). */
struct custom_key {
	long long field_id;
	struct db_value bidx, text, num;
};

/* The key of value for field f, or NULL and *refused (a msgid): a field
 * the user sees masked or hidden cannot be a key (search_key.h), a
 * sealed field without a blind index cannot be searched, a value that is
 * not one of the type's is refused with the form's message. */
const char *custom_filter_key(struct ctx *ctx, const struct custom_field *f, const char *value,
    struct custom_key *key);

#endif
