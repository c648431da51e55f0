/* record_audit.h: the before/after values of a record's audit detail,
 * derived from the family's declaration (record_decl.h): declared names
 * as keys, declaration order, sealed values masked (json_mask), numeric
 * fields (FIELD_INT, FIELD_ID, FIELD_MONEY) as JSON numbers. Values that
 * are not declared fields (a lead's "name", a deal's "amount_cents") the
 * caller adds itself with json_str / json_int between the calls. */
#ifndef CRM_RECORD_AUDIT_H
#define CRM_RECORD_AUDIT_H

#include "json.h"
#include "record_decl.h"

/* Adds to j "field":value for each field i of d (declaration order)
 * whose values[i] is not NULL (NULL leaves it out). values is indexed
 * like d->fields. */
void record_audit_put(struct json *j, const struct record_decl *d, const char *const values[]);

/* {"field":value,...} of record_audit_put (arena memory). */
const char *record_audit_values(struct arena *a, const struct record_decl *d, const char *const values[]);

/* Adds to b and f the fields of d that changed from before[i] to
 * after[i]: a field is compared only when after[i] is not NULL (NULL
 * leaves it out: not written); a NULL before[i] is compared and written
 * as "". Sealed values are masked on both sides (the masks may be
 * equal). */
void record_audit_diff(struct json *b, struct json *f, const struct record_decl *d, const char *const before[],
    const char *const after[]);

/* {"before":{..},"after":{..}} of record_audit_diff (arena memory). */
const char *record_audit_changes(struct arena *a, const struct record_decl *d, const char *const before[],
    const char *const after[]);

#endif
