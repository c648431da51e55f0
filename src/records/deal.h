/* deal.h: a deal as pages use it (loaded within the user's record scope),
 * the lists of deals, the pipeline's stages and their sums, creating and
 * changing a deal (each audited in its transaction). The amount is
 * subject to the field rule deals.amount: deal_amount_text gives what
 * the user may see of it. */
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

/* What a list of deals is restricted to: 0 and "" mean any. */
struct deal_filter {
	long long stage, owner;
	const char *currency, *outcome;
};

/* A deal of a list. */
struct deal_item {
	long long id, amount_cents, stage_id;
	const char *name, *currency, *stage, *owner, *expected_close;
};

/* The deals in the user's view scope matching f with an id below
 * before, newest first, at most limit, into *out (the request's arena).
 * The count, or -1 on a database error. */
long long deal_list(struct ctx *ctx, const struct deal_filter *f, long long before, long long limit,
    struct deal_item **out);

/* The deals of one stage in the user's view scope: how many and their
 * total; one_currency false when they are in several currencies (no
 * meaningful total). */
struct deal_stage_sum {
	long long stage_id, count, amount_cents;
	const char *currency;
	bool one_currency;
};

/* The sums of the stages that have deals, into *out: the count or -1. */
long long deal_stage_sums(struct ctx *ctx, struct deal_stage_sum **out);

/* The lead deal id was converted from, when the user may view it: 1
 * (*lead_id, *name set), 0 none, -1 on a database error. */
int deal_from_lead(struct ctx *ctx, long long id, long long *lead_id, const char **name);

/* Creates deal n (name, amount_cents, currency, stage_id, probability,
 * expected_close: "" or NULL none), owned by the user and their team,
 * audited in the same transaction. The new id, or -1 (rolled back). */
long long deal_create(struct ctx *ctx, const struct deal *n);

/* Changes deal d to n (the amount only when set_amount) if it still has
 * version, audited with before and after in the same transaction. 1
 * saved, 0 conflict (rolled back, nothing audited), -1 error (rolled
 * back). */
int deal_save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount,
    long long version);

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
