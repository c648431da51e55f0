/* contact_list.h: the contact list's query: which statement answers a
 * list request (sort order, name or exact search, owner filter, keyset
 * position), and the page of contacts it gives, their email and phone
 * opened as the user's rules allow. page_contacts.c renders them. */
#ifndef CRM_CONTACT_LIST_H
#define CRM_CONTACT_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "custom_value.h"

struct contact;
struct ctx;

/* No order is by a sealed field: sorting by one would leak its order
 * to a role that sees it masked (rbac_field_keyable). */
enum contact_sort { CONTACT_SORT_NAME, CONTACT_SORT_NEWEST, CONTACT_SORT_UPDATED };

/* The list request as the query string gives it (all NULL-safe). */
struct contact_list_query {
	const char *q;			/* "" = no search */
	enum contact_sort sort;		/* searches always sort by name */
	bool mine;			/* only contacts the user owns */
	long long after_id;		/* keyset: the last row of the previous page */
	const char *after_name, *after_at;
	long long limit;		/* set by contact_list_fetch */
	const struct custom_key *custom;	/* a custom field's value sought
					 * (custom_value.h), by name; NULL: none */
	const char *custom_href;	/* its query string part ("&cf=..&cv=..", "") */
};

/* A page of the list: id, names, owner, updated (UTC, to the second),
 * and the email and phone opened (contact_open: plain, broken). */
struct contact_page {
	size_t n;
	struct contact *rows;
};

/* Parses sort ("name", "newest", "updated") into *out; false if unknown. */
bool contact_sort_parse(const char *s, enum contact_sort *out);
const char *contact_sort_name(enum contact_sort s);

/* Runs the list query for up to limit rows within the user's scope. 0;
 * 1 when the search is by a field the user may not search by
 * (search_key.h): *refused gets the msgid and no query runs (an empty
 * page); -1 on a database error. */
int contact_list_fetch(struct ctx *ctx, const struct contact_list_query *q, long long limit,
    struct contact_page *page, const char **refused);

/* The names of the accounts of the first n (<= 50) rows of page that the
 * user may view, in one statement: names[i] NULL for a contact without
 * one, or one out of scope or deleted. 0, or -1 on a database error. */
int contact_list_accounts(struct ctx *ctx, const struct contact_page *page, size_t n, const char **names);

#endif
