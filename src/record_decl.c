/* record_decl.c: owns the registry of record family declarations
 * (record_decl.h), the forms derived from them, and their start-up
 * check. The declarations themselves are the families' *_decl.c. */
#include "config.h"

#include <string.h>

#include "log.h"
#include "record_decl.h"

extern const struct record_decl contact_decl, account_decl, lead_decl, deal_decl, activity_decl;

static const struct record_decl *const decls[RK__MAX] = {
	[RK_CONTACTS] = &contact_decl,
	[RK_ACCOUNTS] = &account_decl,
	[RK_LEADS] = &lead_decl,
	[RK_DEALS] = &deal_decl,
	[RK_ACTIVITIES] = &activity_decl,
};

#define FORM_FIELDS_MAX 64

/* The derived forms: each family's RF_FORM fields, built once. */
static struct field_def form_fields[RK__MAX][FORM_FIELDS_MAX];
static struct form_def forms[RK__MAX];

const struct record_decl *
record_decl_of(enum record_kind_id k)
{
	return k < RK__MAX ? decls[k] : NULL;
}

int
record_field_index(const struct record_decl *d, const char *name)
{
	for (size_t i = 0; name != NULL && i < d->nfields; i++)
		if (strcmp(d->fields[i].def.name, name) == 0)
			return (int)i;
	return -1;
}

const struct record_field *
record_field_named(const struct record_decl *d, const char *name)
{
	int i = record_field_index(d, name);

	return i < 0 ? NULL : &d->fields[i];
}

const char *
record_field_column(const struct record_field *f)
{
	return f->column != NULL ? f->column : f->def.name;
}

bool
record_field_sealed(const struct record_field *f)
{
	return f->protect == PROTECT_SEALED || f->protect == PROTECT_INDEXED;
}

const struct form_def *
record_form(const struct record_decl *d)
{
	struct form_def *f = &forms[d->kind];

	if (f->fields == NULL) {
		size_t n = 0;

		for (size_t i = 0; i < d->nfields && n < FORM_FIELDS_MAX; i++)
			if (d->fields[i].flags & RF_FORM)
				form_fields[d->kind][n++] = d->fields[i].def;
		f->name = d->subject;
		f->nfields = n;
		f->fields = form_fields[d->kind];
	}
	return f;
}

static bool
identifier_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The problems of one field of d, logged; 0 or -1. */
static int
field_check(const struct record_decl *d, size_t i)
{
	const struct record_field *f = &d->fields[i];
	int rc = 0;

	if (!identifier_ok(f->def.name) || !identifier_ok(record_field_column(f))) {
		crm_err("%s: field %zu: name and column must be [a-z0-9_]", d->table, i);
		rc = -1;
	}
	if (record_field_index(d, f->def.name) != (int)i) {
		crm_err("%s: field %s is declared twice", d->table, f->def.name);
		rc = -1;
	}
	if (f->protect == PROTECT_INDEXED && f->index != SEARCH_EMAIL && f->index != SEARCH_PHONE) {
		crm_err("%s: field %s: a blind index needs an email or phone normaliser", d->table, f->def.name);
		rc = -1;
	}
	if (f->protect == PROTECT_PLAIN && f->index != SEARCH_NAME) {
		crm_err("%s: field %s: a blind index on a field that is not encrypted", d->table, f->def.name);
		rc = -1;
	}
	if (record_field_sealed(f) && !(f->flags & RF_RULED)) {
		crm_err("%s: field %s: an encrypted field must have field rules (RF_RULED)", d->table, f->def.name);
		rc = -1;
	}
	return rc;
}

int
record_decl_check(void)
{
	int rc = 0;

	for (int k = 0; k < RK__MAX; k++) {
		const struct record_decl *d = decls[k];

		if (d == NULL || d->kind != (enum record_kind_id)k || d->nfields > FORM_FIELDS_MAX) {
			crm_err("record family %d: missing or misplaced declaration", k);
			rc = -1;
			continue;
		}
		for (size_t i = 0; i < d->nfields; i++)
			if (field_check(d, i) == -1)
				rc = -1;
		if (form_def_check(record_form(d)) == -1)
			rc = -1;
	}
	return rc;
}

int
record_decl_check_one(const struct record_decl *d)
{
	struct field_def fields[FORM_FIELDS_MAX];
	struct form_def form = { .name = d->subject, .fields = fields };
	int rc = 0;

	if (d->nfields > FORM_FIELDS_MAX) {
		crm_err("%s: more than %d fields", d->table, FORM_FIELDS_MAX);
		return -1;
	}
	for (size_t i = 0; i < d->nfields; i++) {
		if (field_check(d, i) == -1)
			rc = -1;
		if (d->fields[i].flags & RF_FORM)
			fields[form.nfields++] = d->fields[i].def;
	}
	if (form_def_check(&form) == -1)
		rc = -1;
	return rc;
}
