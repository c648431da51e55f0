/* page_relations.h: the parts of the account and contact pages about
 * links between accounts and contacts besides the contact's own account
 * (page_relations.c): the account hierarchy, an account's related
 * contacts, a contact's further accounts with the form adding one. Each
 * puts its part into ctx->data for the template includes
 * _account_hierarchy.xhtml, _related_contacts.xhtml and
 * _contact_relations.xhtml: 0, or -1 on a database error. */
#ifndef CRM_PAGE_RELATIONS_H
#define CRM_PAGE_RELATIONS_H

struct ctx;

/* Account id (named name) with its ancestors above and descendants below. */
int account_hierarchy_show(struct ctx *ctx, long long id, const char *name);

/* The contacts related to account id, with their role. */
int account_related_contacts_show(struct ctx *ctx, long long id);

/* The further accounts of contact id with their role, and the form adding
 * one (accounts found by rel_q of the query) when the user may edit it. */
int contact_relations_show(struct ctx *ctx, long long id);

#endif
