/* search.h: the global search (issue 17): one query over accounts,
 * contacts, leads and deals, grouped by kind, each group within the
 * user's record scope and shown only when the user may view the module.
 * Names are looked up through the name keys of sql/035_global_search.sql
 * (prefix of given+family, family+given, family, given; word-start
 * suffixes of account, deal and company names); an email address or a
 * phone number through the blind indexes, exactly as the lists do, and
 * only when the user's field rules let them use that field as a key
 * (search_key.h). README "Global search" explains the design. */
#ifndef CRM_SEARCH_H
#define CRM_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;

#define SEARCH_MAX_CHARS 200	/* longer input is refused with a message */
#define SEARCH_KEY_CHARS 64	/* keys are cut here (the migration's LEFT(.., 64)) */
#define SEARCH_PER_KIND 5
#define SEARCH_COUNT_CAP 50	/* counts stop here: "more than 50" */

enum search_kind { SK_ACCOUNTS, SK_CONTACTS, SK_LEADS, SK_DEALS, SK__MAX };

struct search_hit {
	long long id;
	const char *name;	/* shown: display_person for people */
	const char *detail;	/* company, a date (displayed), or NULL */
};

struct search_group {
	enum search_kind kind;
	bool shown;		/* the user may view the module */
	const char *refused;	/* msgid: the role may not search this kind by q */
	long long count;	/* matches within scope, up to the cap */
	bool more;		/* count is the cap: there are more */
	bool partial;		/* only the first SEARCH_WALK_MAX names with this
				 * beginning were looked through (a user who sees
				 * only some records, a common prefix): type more */
	size_t n;
	struct search_hit hits[SEARCH_PER_KIND];
};

/* The search key of q: control characters and spaces (also U+3000)
 * removed, cut at SEARCH_KEY_CHARS characters; NULL when q is not valid
 * UTF-8; "" when nothing is left. In the arena of ctx's request. */
const char *search_key_of(struct ctx *ctx, const char *q);

/* Runs the search for q (already checked: valid UTF-8, at most
 * SEARCH_MAX_CHARS characters, a non-empty key) into g[SK__MAX]. 0, or
 * -1 on a database error. */
int search_run(struct ctx *ctx, const char *q, struct search_group g[SK__MAX]);

#endif
