/* record_decl.c: owns the registry of record family declarations
 * (record_decl.h), the forms derived from them, and their start-up
 * check. The declarations themselves are the families' *_decl.c. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "record_decl.h"
#include "record_secrets.h"
#include "stmt.h"

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

const struct record_decl *
record_decl_named(const char *table)
{
	for (int k = 0; table != NULL && k < RK__MAX; k++)
		if (decls[k] != NULL && strcmp(decls[k]->table, table) == 0)
			return decls[k];
	return NULL;
}

const char *
record_code_label(const char *const *codes, const char *const *labels, const char *c)
{
	for (int i = 0; c != NULL && codes[i] != NULL; i++)
		if (strcmp(c, codes[i]) == 0)
			return labels[i];
	return NULL;
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

/* 1 when table has column, 0 not, -1 on a database error. */
static int
column_exists(struct db *db, struct arena *a, const char *table, const char *column)
{
	struct record_decl_column_in in = { .table = table, .column = column };
	struct record_decl_column_out o;

	if (stmt_record_decl_column(db, a, &in, &o) != DB_OK || o.n != 1)
		return -1;
	return o.rows[0].n > 0;
}

/* The schema problems of field f of d, logged: 0, -1 or -2. */
static int
field_schema(struct db *db, struct arena *a, const struct record_decl *d, const struct record_field *f)
{
	const char *col = record_field_column(f);
	int rc = column_exists(db, a, d->table, col);

	if (rc == 1 && f->protect == PROTECT_INDEXED)
		rc = column_exists(db, a, d->table, arena_printf(a, "%s_bidx", col));
	if (rc == -1)
		return -2;
	if (rc == 0) {
		crm_err("%s: field %s: the table has no column %s%s", d->table, f->def.name, col,
		    f->protect == PROTECT_INDEXED ? " (or its _bidx)" : "");
		return -1;
	}
	return 0;
}

int
record_decl_schema_check_one(struct db *db, struct arena *a, const struct record_decl *d)
{
	int rc = 0;

	for (size_t i = 0; i < d->nfields; i++) {
		int f = field_schema(db, a, d, &d->fields[i]);
		if (f == -2)
			return -2;
		if (f == -1)
			rc = -1;
	}
	return rc;
}

int
record_decl_schema_check(struct db *db, struct arena *a)
{
	int rc = 0;

	for (int k = 0; k < RK__MAX; k++) {
		int f = decls[k] != NULL ? record_decl_schema_check_one(db, a, decls[k]) : 0;
		if (f == -2)
			return -2;
		if (f == -1)
			rc = -1;
	}
	return rc;
}

int
record_decl_schema_startup(const struct conf *c, char *err, size_t errsz)
{
	struct db *db = db_new(c, false);
	struct arena a;
	int rc = -2;

	arena_init(&a);
	if (db_ensure(db) == -1)
		snprintf(err, errsz, "cannot connect to the database as %s to check the record declarations",
		    c->db_user);
	else if ((rc = record_decl_schema_check(db, &a)) == -1)
		snprintf(err, errsz, "a record declaration names a column the database does not have (see above)");
	else if (rc == -2)
		snprintf(err, errsz, "cannot read the database schema to check the record declarations");
	arena_reset(&a);
	db_free(db);
	return rc;
}

/* The derived secret kinds, built once. */
static struct secret_kind secret_kinds[RK__MAX];

const struct secret_kind *
record_secret_kind(const struct record_decl *d)
{
	struct secret_kind *s = &secret_kinds[d->kind];

	if (s->table == NULL) {
		int n = 0;

		for (size_t i = 0; i < d->nfields && n < SECRETS_MAX; i++) {
			const struct record_field *f = &d->fields[i];
			if (!record_field_sealed(f))
				continue;
			s->columns[n] = record_field_column(f);
			s->index[n++] = f->protect != PROTECT_INDEXED ? NULL :
			    f->index == SEARCH_EMAIL ? "email" : "phone";
		}
		s->subject = d->subject;
		s->module = d->module;
		s->n = n;
		s->table = d->table;
	}
	return s;
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
