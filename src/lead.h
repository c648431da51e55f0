/* lead.h: a lead as pages use it, loaded within the user's record scope;
 * its email and phone are sealed under the lead's own data key with blind
 * indexes (record_secrets.h). */
#ifndef CRM_LEAD_H
#define CRM_LEAD_H

#include <stdbool.h>

#include "record_secrets.h"

struct ctx;

enum lead_secret { LS_EMAIL, LS_PHONE, LS__MAX };

extern const struct secret_kind lead_secrets;
extern const char *const lead_statuses[];	/* new contacted qualified disqualified, NULL */

struct lead {
	long long id, owner_id, team_id, version, deal_id;
	const char *first_name, *last_name, *company, *status, *owner, *team, *updated;
	struct db_value sealed[LS__MAX];
	const char *plain[LS__MAX];
	bool broken[LS__MAX];
};

/* The lead form's flags: which of email and phone the user may edit, and
 * the status choices with current selected. */
void lead_form_flags(struct ctx *ctx, const char *current);

/* 1 found within scope for action (and opened), 0 missing or out of
 * scope, -1 error. */
int lead_load(struct ctx *ctx, long long id, enum rbac_action action, struct lead *l);

#define LEAD_SEARCH_PARAMS 7

/* Fills p[0..6] for LEAD_SEARCH_SQL on q ("" or NULL matches all): the
 * beginning of a last name, first name or company (LIKE, wildcards
 * escaped), or, when q is an email address or a phone number
 * (search_field_of), its exact blind index. Returns LEAD_SEARCH_PARAMS.
 * Callers refuse a search by a field the user may not key on
 * (search_refusal) first. Arena memory. */
int lead_search_bind(struct arena *a, const char *q, struct db_value *p);

#endif
