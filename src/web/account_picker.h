/* account_picker.h: the account choice of a form that works without
 * script (the contact's account, a deal's account, an account's parent):
 * a select holding the chosen account and the accounts whose name
 * contains the search text, both within the user's accounts view scope;
 * a chosen account the user may not view is "a record you cannot open",
 * never named. */
#ifndef CRM_ACCOUNT_PICKER_H
#define CRM_ACCOUNT_PICKER_H

struct ctx;

/* Sets the page data: list_key (the select's options: value, text,
 * selected), and <prefix>_hidden (the chosen id when the user may not
 * view it), <prefix>_q (q), <prefix>_searched and <prefix>_none_found
 * when q was searched. chosen: the chosen account (0: none); q: the
 * search text (NULL or "": no search); except: an account not to offer
 * (the account itself, for its parent; 0: none). 0, or -1 on a
 * database error. */
int account_picker_show(struct ctx *ctx, const char *list_key, const char *prefix, long long chosen,
    const char *q, long long except);

#endif
