/* deal_links.h: the contacts on a deal, each with a role on it
 * (deal_contacts; the role codes are deal_decl.c's deal_contact_roles):
 * reading them with the names the user may see, rewriting them inside a
 * deal's audited transaction, the contacts the deal form offers, and the
 * deals a contact is on (the contact page's Deals list). A contact the
 * user may not view (or a deleted one) has no name: pages show "a record
 * you cannot open". */
#ifndef CRM_DEAL_LINKS_H
#define CRM_DEAL_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "deal.h"

struct ctx;
struct arena;

/* The contacts of deal d->id into d->contacts (names within the user's
 * contacts view scope): 0, or -1 on a database error. */
int deal_links_load(struct ctx *ctx, struct deal *d);

/* Replaces the contacts of deal id by n's, in the caller's transaction
 * (no audit: the caller's record carries them): 0 or -1. */
int deal_links_write(struct ctx *ctx, long long id, const struct deal *n);

/* Adds contact to deal with role at position, in the caller's
 * transaction (lead conversion): 0 or -1. */
int deal_link_add(struct ctx *ctx, long long deal, long long contact, const char *role, int position);

/* Whether a and b have the same contacts with the same roles in the
 * same order. */
bool deal_links_same(const struct deal *a, const struct deal *b);

/* [{"contact":id,"role":"code"},...] of d's contacts (arena memory): the
 * audit detail's "contacts". No names: ids only. */
const char *deal_links_json(struct arena *a, const struct deal *d);

/* A contact offered on the deal form. */
struct deal_contact_choice {
	long long id;
	const char *name;
};
#define DEAL_CONTACT_PICK_MAX 20

/* Up to DEAL_CONTACT_PICK_MAX live contacts within the user's contacts
 * view scope whose first or last name (or both) begins with q, by name,
 * into *out (*n of them, arena memory): 0, or -1 on a database error. */
int deal_contact_search(struct ctx *ctx, const char *q, struct deal_contact_choice **out, size_t *n);

/* A deal a contact is on. */
struct contact_deal {
	long long id, amount_cents;
	const char *name, *role, *stage, *outcome, *currency;
};
#define CONTACT_DEALS_MAX 100

/* The live deals contact is on within the user's deals view scope,
 * newest first, at most CONTACT_DEALS_MAX, into *out (*n): 0 or -1. */
int deal_links_of_contact(struct ctx *ctx, long long contact, struct contact_deal **out, size_t *n);

#endif
