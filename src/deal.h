/* deal.h: a deal as pages use it (loaded within the user's record scope)
 * and the pipeline's stages. The amount is subject to the field rule
 * deals.amount: deal_amount_text gives what the user may see of it. */
#ifndef CRM_DEAL_H
#define CRM_DEAL_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"

struct ctx;

#define DEAL_STAGES_MAX 32

struct deal_stage {
	long long id;
	const char *name, *outcome;	/* outcome: open | won | lost */
	int probability;
};

struct deal {
	long long id, account_id, stage_id, owner_id, team_id, version, amount_cents;
	const char *name, *currency, *expected_close, *stage, *owner, *team, *account, *updated;
	int probability;
};

/* The stages in pipeline order; returns the count or -1. */
int deal_stages(struct ctx *ctx, struct deal_stage *out, int max);

/* 1 found within scope for action, 0 missing or out of scope, -1 error. */
int deal_load(struct ctx *ctx, long long id, enum rbac_action action, struct deal *d);

/* "12,345.00 CHF", "•••" when masked, NULL when hidden from the user. */
const char *deal_amount_text(struct ctx *ctx, long long cents, const char *currency);

struct form_result;
/* The deal form (page_deal.c), for a new deal (d NULL) or editing d,
 * with the values of r when it is given, and an error msgid. */
int page_deal_show_form(struct ctx *ctx, const struct deal *d, struct form_result *r,
    const char *error, int status);

/* The currencies a deal may be in (ISO 4217), NULL-terminated. */
extern const char *const deal_currencies[];

#endif
