/* list_filter.h: the filters of the record lists (/accounts, /leads,
 * /deals, /activities). Each list declares its filter fields once, as a
 * form read from the query string: choices are whitelists, and a field
 * named "owner" (FIELD_ID) must be one of the users the actor's view
 * scope of the list's module reaches (own: oneself; team: the team's
 * members; all: everyone). A refused value gives the list page with the
 * field's message and status 400, and no query runs with it. The valid
 * filter goes into every paging link, so it holds across pages. */
#ifndef CRM_LIST_FILTER_H
#define CRM_LIST_FILTER_H

#include "form.h"
#include "rbac.h"

struct ctx;

struct list_filter {
	struct form_result r;
	long long owner;	/* the owner filter's user id, 0: anyone */
	const char *query;	/* "kind=task&owner=3": the valid values given, URL-encoded; "" for none */
};

/* "name=value&..." (URL-encoded) of the valid, non-empty values of r, in
 * the form's field order: the query a link or a redirect keeps. */
const char *list_filter_query(struct arena *a, const struct form_result *r);

/* Validates filter def from the query into f and puts the form (values,
 * errors) and the owner choices ("owners": value, label, selected) into
 * ctx->data. 0 when valid, 1 when a value was refused, -1 on a database
 * error. */
int list_filter_read(struct ctx *ctx, const struct form_def *def, enum rbac_module m,
    struct list_filter *f);

/* The valid value of field name, "" when not given (or refused). */
const char *list_filter_value(const struct list_filter *f, const char *name);

/* Marks field name refused after a check against the database (a stage
 * that does not exist): the generic choice message. */
void list_filter_refuse(struct ctx *ctx, struct list_filter *f, const char *name);

/* A choice list for the template under key: value, label (a msgid;
 * labels NULL: the value itself, under "text"), selected when it is
 * current. values is NULL-terminated. */
void list_filter_options(struct ctx *ctx, const char *key, const char *const *values,
    const char *const *labels, const char *current);

/* A link to path with the filter and then keyset ("before=12", or
 * NULL), e.g. "/deals?stage=2&before=12". */
const char *list_filter_link(struct ctx *ctx, const struct list_filter *f, const char *path,
    const char *keyset);

#endif
