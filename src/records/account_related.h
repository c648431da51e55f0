/* account_related.h: what an account page lists besides the account
 * itself: its contacts, its open and closed deals with their totals per
 * currency, the leads converted into it and its timeline (the activities
 * of the account, its contacts and its deals). account_related.c is the
 * only code running the ACCOUNT_RELATED statements (account_related_sql.h).
 *
 * "Links never leak": every list holds only records within the user's
 * view scope of their family; a record the user may not view is not
 * listed, not counted and not summed (it does not appear at all, not
 * even as "a record you cannot open": that would tell that the account
 * has one). Each list is bounded; its total is the number of all the
 * records the user may view. One statement per list. */
#ifndef CRM_ACCOUNT_RELATED_H
#define CRM_ACCOUNT_RELATED_H

#include <stdbool.h>
#include <stddef.h>

#include "activity.h"

struct ctx;

#define ACCOUNT_RELATED_MAX 10		/* rows per related list */
#define ACCOUNT_TIMELINE_MAX 20		/* activities on the account's timeline */

/* One row of a related list. name: the contact's or lead's "first last",
 * the deal's name. Deals only: amount_cents, currency, stage (its name),
 * outcome ("open", "won", "lost"), closed; at: the expected close of an
 * open deal, the closing day of a closed one, the conversion day of a
 * lead (NULL when none). */
struct account_rel_item {
	long long id, amount_cents;
	bool closed;
	const char *name, *currency, *stage, *outcome, *at;
};

/* A bounded list: n rows (at most ACCOUNT_RELATED_MAX) of total. */
struct account_rel_list {
	size_t n;
	long long total;
	struct account_rel_item *items;
};

/* The sum of the amounts and the number of the deals of one kind (open,
 * or closed as won or lost) in one currency. */
struct account_rel_total {
	bool closed;
	const char *outcome, *currency;
	long long amount_cents, count;
};

/* Each: 0, or -1 on a database error; arena memory. */

/* The live contacts of account id in the user's contact view scope, by name. */
int account_related_contacts(struct ctx *ctx, long long id, struct account_rel_list *out);

/* The live deals of account id in the user's deal view scope: the open
 * ones (soonest expected close first) and the closed ones (most recently
 * closed first). */
int account_related_deals(struct ctx *ctx, long long id, struct account_rel_list *open,
    struct account_rel_list *closed);

/* The totals of all those deals, open ones first, then won, then lost,
 * by currency, into *out (*n of them). Only for a user whose field rules
 * show amounts in clear: the caller checks. */
int account_related_deal_totals(struct ctx *ctx, long long id, struct account_rel_total **out, size_t *n);

/* The live leads converted into account id in the user's lead view
 * scope, newest conversion first. */
int account_related_leads(struct ctx *ctx, long long id, struct account_rel_list *out);

/* The account's timeline: the activities in the user's activity view
 * scope attached to account id, to its live contacts in the contact
 * view scope or to its live deals in the deal view scope, newest first,
 * at most limit, into *out (related_name: the contact's or deal's name,
 * NULL for the account's own), how many there are into *total. The
 * number of rows, or -1. */
long long account_related_activities(struct ctx *ctx, long long id, long long limit,
    struct activity_item **out, long long *total);

#endif
