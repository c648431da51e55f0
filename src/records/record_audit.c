/* record_audit.c: owns the audit detail values of a record's create and
 * update, derived from its declaration (record_audit.h). */
#include "config.h"

#include <string.h>

#include "record_audit.h"

/* True when f is numeric and v an integer in decimal: written as a JSON
 * number, as json_int does. */
static bool
as_number(const struct record_field *f, const char *v)
{
	if (f->def.type != FIELD_INT && f->def.type != FIELD_ID && f->def.type != FIELD_MONEY)
		return false;
	if (*v == '-')
		v++;
	if (*v == '\0' || (v[0] == '0' && v[1] != '\0'))
		return false;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return false;
	return true;
}

/* Adds "name":v for field f of d (v not NULL). */
static void
put_one(struct json *j, const struct record_field *f, const char *v)
{
	if (record_field_sealed(f))
		json_str(j, f->def.name, json_mask(j->a, v));
	else if (as_number(f, v))
		json_raw(j, f->def.name, v);
	else
		json_str(j, f->def.name, v);
}

void
record_audit_put(struct json *j, const struct record_decl *d, const char *const values[])
{
	for (size_t i = 0; i < d->nfields; i++)
		if (values[i] != NULL)
			put_one(j, &d->fields[i], values[i]);
}

const char *
record_audit_values(struct arena *a, const struct record_decl *d, const char *const values[])
{
	struct json j;

	json_begin(&j, a);
	record_audit_put(&j, d, values);
	return json_end(&j);
}

void
record_audit_diff(struct json *b, struct json *f, const struct record_decl *d, const char *const before[],
    const char *const after[])
{
	for (size_t i = 0; i < d->nfields; i++) {
		const char *was = before[i] ? before[i] : "";

		if (after[i] == NULL || strcmp(was, after[i]) == 0)
			continue;
		put_one(b, &d->fields[i], was);
		put_one(f, &d->fields[i], after[i]);
	}
}

const char *
record_audit_changes(struct arena *a, const struct record_decl *d, const char *const before[],
    const char *const after[])
{
	struct json b, f, j;

	json_begin(&b, a);
	json_begin(&f, a);
	record_audit_diff(&b, &f, d, before, after);
	json_begin(&j, a);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}
