/* contact_relations.h: a contact's further account relations ("consultant
 * at"), besides the one account it belongs to: adding and removing one,
 * each audited on the contact in the same transaction, and listing them
 * for the contact page (its accounts) and the account page (its related
 * contacts). A related record is named only when the user may view it;
 * otherwise its name stays NULL and the page shows "a record you cannot
 * open". contact_relations.c runs the contact_relation* statements of
 * contact_sql.h. The caller checks what arrives in a form first: the
 * contact within the edit scope, the account with pick_account, the
 * role one of contact_relation_roles (contact.h). */
#ifndef CRM_CONTACT_RELATIONS_H
#define CRM_CONTACT_RELATIONS_H

#include <stddef.h>

struct ctx;

/* One relation as a page lists it. */
struct contact_relation {
	long long id;		/* the relation */
	long long other_id;	/* the account (contact page) or the contact (account page) */
	const char *role;	/* a code of contact_relation_roles */
	const char *name;	/* the other record's name, NULL when the user may not view it */
};

/* The relations of contact id to live accounts, or of account id to
 * live contacts, by id, at most 100, into *out (*n of them, arena
 * memory): 0, or -1 on a database error. */
int contact_relations_of_contact(struct ctx *ctx, long long id, struct contact_relation **out, size_t *n);
int contact_relations_of_account(struct ctx *ctx, long long id, struct contact_relation **out, size_t *n);

enum relation_result { RELATION_SAVED, RELATION_EXISTS, RELATION_FAILED };

/* Relates contact to account with role, audited (record.update of the
 * contact): RELATION_SAVED, RELATION_EXISTS (the pair is related
 * already; nothing written) or RELATION_FAILED (rolled back). Its own
 * transaction. */
enum relation_result contact_relation_add(struct ctx *ctx, long long contact, long long account, const char *role);

/* Removes relation id of contact, audited: 1, 0 when contact has no such
 * relation (nothing written), -1 on error (rolled back). Its own
 * transaction. */
int contact_relation_remove(struct ctx *ctx, long long contact, long long id);

#endif
