/* search_key.h: what a list's search term is (a name prefix, or an exact
 * email address or phone number looked up through a blind index) and
 * whether the user may search by the field it names. The rule, for every
 * search, filter, sort and duplicate check (rbac_field_keyable): a field
 * the user sees masked or hidden cannot be a key, because a blind index
 * answers "does this value exist, and on which record" as surely as
 * showing the value would.
 *
 * Decision: such a search is refused (a message on the list page, no
 * query run), not answered and audited. Answering it would let a masked
 * field be confirmed one guess at a time without ever pressing Reveal,
 * which is the audited way to see a masked value. */
#ifndef CRM_SEARCH_KEY_H
#define CRM_SEARCH_KEY_H

#include "rbac.h"

struct arena;

enum search_field { SEARCH_NAME, SEARCH_EMAIL, SEARCH_PHONE };

/* What q looks for: an email address (it has an '@' and normalises as
 * one), else a phone number (it normalises as one), else a name prefix
 * ("" included). *norm gets the normalised email or phone (arena memory),
 * NULL for a name; norm may be NULL. */
enum search_field search_field_of(struct arena *a, const char *q, const char **norm);

/* The rule field name of f ("email", "phone"), NULL for a name. */
const char *search_field_name(enum search_field f);

/* NULL when the user (rights r) may search module m's records with q;
 * else the msgid that says why not. Depends only on q's shape and the
 * rules, never on whether anything matches. */
const char *search_refusal(const struct rights *r, struct arena *a, enum rbac_module m, const char *q);

#endif
