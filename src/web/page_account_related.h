/* page_account_related.h: the related lists of the account page
 * (page_account_related.c), for page_accounts.c. */
#ifndef CRM_PAGE_ACCOUNT_RELATED_H
#define CRM_PAGE_ACCOUNT_RELATED_H

struct ctx;

/* Fills ctx->data "rel" (contacts, deals, leads) and "timeline" for
 * account id, which the caller has loaded within the user's view scope.
 * 0, or -1 on a database error. */
int page_account_related(struct ctx *ctx, long long id);

#endif
