/* deal.h: a deal as pages use it (loaded within the user's record scope,
 * with its account and its contacts and their roles: deal_links.h),
 * the lists of deals, the pipeline's stages and their sums, creating and
 * changing a deal (each audited in its transaction). The amount is
 * subject to the field rule deals.amount: deal_amount_text gives what
 * the user may see of it. A deal in a lost stage has a lost reason. */
#ifndef CRM_DEAL_H
#define CRM_DEAL_H

#include <stdbool.h>

#include "custom_value.h"

#include "db.h"
#include "rbac.h"

struct ctx;

#define DEAL_STAGES_MAX 32

struct deal_stage {
	long long id;
	const char *name, *outcome;	/* outcome: open | won | lost */
	int probability;
};

#define DEAL_CONTACTS_MAX 10

/* A contact on a deal. */
struct deal_contact {
	long long contact_id;
	const char *role;	/* a code of deal_contact_roles */
	const char *name;	/* NULL: the user may not view the contact (or it is deleted) */
};

struct deal {
	long long id, account_id, stage_id, owner_id, team_id, version, amount_cents;
	const char *name, *currency, *expected_close, *stage, *owner, *team, *updated;
	const char *outcome;			/* the stage's: open | won | lost */
	const char *next_step, *lost_reason;	/* NULL or "": none */
	const char *forecast;			/* a code of deal_forecast_categories, NULL: none */
	int probability;
	int ncontacts;				/* in contacts, by position */
	struct deal_contact contacts[DEAL_CONTACTS_MAX];
	/* Custom fields (custom_value.h) to save: the checked form and what
	 * the deal holds; NULL: leave them as they are. */
	const struct custom_form *custom;
	const struct custom_values *custom_before;
};

/* The stages in pipeline order; returns the count or -1. */
int deal_stages(struct ctx *ctx, struct deal_stage *out, int max);

/* Whether stage id is a lost one (outcome lost): a deal moved there
 * needs a lost reason. 1, 0 (also for no such stage), -1 on a database
 * error. */
int deal_stage_lost(struct ctx *ctx, long long stage_id);

/* 1 found within scope for action, 0 missing or out of scope, -1 error. */
int deal_load(struct ctx *ctx, long long id, enum rbac_action action, struct deal *d);

/* What a list of deals is restricted to: 0 and "" mean any; from and
 * to (NULL: open-ended) are "YYYY-MM-DD" bounds of the expected close
 * date, both included. */
struct deal_filter {
	long long stage, owner, team;
	const char *currency, *outcome, *from, *to;
};

/* A deal of a list. */
struct deal_item {
	long long id, amount_cents, stage_id;
	const char *name, *currency, *stage, *owner, *expected_close;
	const char *forecast;	/* a code of deal_forecast_categories, NULL: none */
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
 * expected_close: "" or NULL none, account_id 0 none, next_step,
 * lost_reason, forecast and the contacts with their roles), owned by the
 * user and their team, audited in the same transaction. The ids are
 * checked by the caller (pick.h). The new id, or -1 (rolled back). */
long long deal_create(struct ctx *ctx, const struct deal *n);

/* Changes deal d to n (the amount only when set_amount; the contacts
 * rewritten when they differ from d's) if it still has version, audited
 * with before and after in the same transaction. 1
 * saved, 0 conflict (rolled back, nothing audited), -1 error (rolled
 * back). */
int deal_save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount,
    long long version);

/* The msgid that follows a count of deals: "deal" for 1, "deals" for
 * any other (English has two forms; zh-CN translates both alike). */
const char *deal_count_unit(long long n);

/* "12,345.00 CHF" ("12,345.00" for a NULL or empty currency), "•••"
 * when masked, NULL when hidden from the user. */
const char *deal_amount_text(struct ctx *ctx, long long cents, const char *currency);

struct form_result;
/* The deal form (page_deal_form.c), for a new deal (d NULL) or editing
 * d, with the values of r when it is given (or as typed, after a search
 * button), and an error msgid. */
int page_deal_show_form(struct ctx *ctx, const struct deal *d, struct form_result *r,
    const char *error, int status);

/* Whether the POST is one of the form's search buttons, not a save. */
bool page_deal_searching(struct ctx *ctx);

/* Reads the validated form r of deal d (NULL: a new one) into n (its
 * other members left as they are): checks every picked id (the stage,
 * an account or contact not on d already), the contact rows and their
 * roles, and a lost reason for a lost stage; errors go into r. The
 * number of errors (0: n is ready to save), or -1 on a database error. */
int page_deal_read(struct ctx *ctx, const struct deal *d, struct form_result *r, struct deal *n);

/* The deal page of d (page_deal.c) with a msgid about a refused move
 * (NULL none), audited as a view. */
int page_deal_show(struct ctx *ctx, const struct deal *d, const char *error, int status);

/* The contact page's Deals list (page_deal.c): the deals contact is on
 * that the user may view, each with the contact's role, the stage and
 * the amount as the deals.amount rule allows. 0 or -1. */
int page_contact_deals(struct ctx *ctx, long long contact);

/* The currencies a deal may be in (ISO 4217), NULL-terminated. */
extern const char *const deal_currencies[];
/* The currencies' names (msgids), in the order of deal_currencies. */
extern const char *const deal_currency_names[];
/* Currency i of deal_currencies as a choice shows it: "CNY – Chinese
 * yuan", the name in the user's language. */
const char *deal_currency_text(struct ctx *ctx, int i);

/* The forecast categories and the roles of a contact on a deal
 * (deal_decl.c): the codes stored, NULL-terminated, and their label
 * msgids in the same order. */
extern const char *const deal_forecast_categories[];
extern const char *const deal_forecast_labels[];
extern const char *const deal_contact_roles[];
extern const char *const deal_contact_role_labels[];

/* The label msgid of code in codes (labels in the same order), or NULL. */
const char *deal_code_label(const char *const codes[], const char *const labels[], const char *code);

#endif
