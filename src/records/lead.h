/* lead.h: leads as pages use them. lead.c is the only code that runs SQL
 * about leads (but for the lifecycle, export, import and purge
 * statements): loading one within the user's record scope, the list,
 * creating and updating one with its audit record in the same
 * transaction; lead_convert.c converts one. Email and phone are sealed
 * under the lead's own data key with blind indexes (record_secrets.h). */
#ifndef CRM_LEAD_H
#define CRM_LEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "custom_value.h"
#include "form.h"
#include "record_secrets.h"

struct ctx;

enum lead_secret { LS_EMAIL, LS_PHONE, LS__MAX };

extern const struct secret_kind lead_secrets;
extern const char *const lead_statuses[];	/* new contacted qualified disqualified, NULL */

/* The source and rating codes (stored) and their label msgids (shown),
 * NULL-terminated, in the same order (lead_decl.c). */
extern const char *const lead_sources[];
extern const char *const lead_source_labels[];
extern const char *const lead_ratings[];
extern const char *const lead_rating_labels[];

/* The lead form under its old name, for page_imports.c (which reaches it
 * by extern); the same fields as record_form(record_decl_of(RK_LEADS)),
 * which the lead pages use. Goes once nothing names it. */
extern const struct form_def lead_form;

struct lead {
	long long id, owner_id, team_id, version, deal_id;
	const char *first_name, *last_name, *company, *status, *owner, *team, *updated;
	const char *title, *source, *rating;	/* NULL: not given */
	struct db_value sealed[LS__MAX];
	const char *plain[LS__MAX];
	bool broken[LS__MAX];
};

/* One line of the list. */
struct lead_item {
	long long id;
	const char *first_name, *last_name, *company, *status, *owner;
	const char *source, *rating;		/* codes, NULL: not given */
};

/* What the list shows: a status ("" all), an owner (0 all), a search q
 * ("" all: lead_search_bind says how it matches), the ids below before,
 * at most limit. */
struct lead_query {
	const char *status, *q;
	const char *source, *rating;		/* "" or NULL: all */
	long long owner_id, before, limit;
};

struct lead_page {
	size_t n;
	struct lead_item *items;
};

/* A lead's values as a form gives them: all set (company "" when none);
 * plain: the sealed ones, NULL or "" for empty. */
struct lead_values {
	const char *first_name, *last_name, *company, *status;
	const char *title, *source, *rating;	/* NULL: not given */
	const char *plain[LS__MAX];
	/* Custom fields (custom_value.h): the checked form and what the lead
	 * holds; NULL: leave them as they are. */
	const struct custom_form *custom;
	const struct custom_values *custom_before;
};

/* The lead form's flags: which of email and phone the user may edit, and
 * the status choices with current selected. */
void lead_form_flags(struct ctx *ctx, const char *current);

/* The lead form's source and rating choices, source and rating (codes
 * or NULL) selected. */
void lead_form_choices(struct ctx *ctx, const char *source, const char *rating);


/* True when the user's field rules let them edit sealed field f. */
bool lead_editable(const struct ctx *ctx, enum lead_secret f);

/* 1 found within scope for action (and opened), 0 missing or out of
 * scope, -1 error. */
int lead_load(struct ctx *ctx, long long id, enum rbac_action action, struct lead *l);

/* The leads of q in the user's view scope: 0 or -1. Arena memory. */
int lead_list(struct ctx *ctx, const struct lead_query *q, struct lead_page *out);

/* Creates a lead of v owned by the user, audited: 1 and *id, or -1
 * (rolled back). Its own transaction. */
int lead_create(struct ctx *ctx, const struct lead_values *v, long long *id);

/* Updates lead l (as loaded) at version within the edit scope to v (the
 * sealed values only those the user may edit), audited: 1 saved, 0
 * changed meanwhile, converted or out of scope (rolled back), -1 error
 * (rolled back). Its own transaction. */
int lead_update(struct ctx *ctx, const struct lead *l, long long version, const struct lead_values *v);

/* Converts lead l (as loaded; open, with a company) at version, in one
 * transaction: an account named after its company, a contact with its
 * names, job title, email and phone (sealed anew under the contact's own key), a
 * deal in the first stage, the lead marked converted; all four audited.
 * 1 done (*deal: the deal's id), 0 the lead changed meanwhile (rolled
 * back), -1 error (rolled back). lead_convert.c. */
int lead_convert(struct ctx *ctx, const struct lead *l, long long version, long long *deal);

#define LEAD_SEARCH_PARAMS 7

/* Fills p[0..6] for LEAD_SEARCH_SQL on q ("" or NULL matches all): the
 * beginning of a last name, first name or company (LIKE, wildcards
 * escaped), or, when q is an email address or a phone number
 * (search_field_of), its exact blind index. Returns LEAD_SEARCH_PARAMS.
 * Callers refuse a search by a field the user may not key on
 * (search_refusal) first. Arena memory. */
int lead_search_bind(struct arena *a, const char *q, struct db_value *p);

#endif
