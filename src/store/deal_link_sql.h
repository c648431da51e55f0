/* deal_link_sql.h: the statements about the contacts on deals
 * (deal_contacts, sql/029_deal_links.sql; deal_links.c runs them): a
 * deal's contacts with their names where the user may view them, writing
 * a deal's contacts, the contacts the deal form offers, and the deals a
 * contact is on within the user's deals view scope. */
#ifndef CRM_DEAL_LINK_SQL_H
#define CRM_DEAL_LINK_SQL_H

/* A deal's contacts by position; the name NULL when the contact is
 * deleted or outside the user's contacts view scope (the caller shows "a
 * record you cannot open", never the name). The deal itself was loaded
 * within scope before. */
#define deal_link_list_SQL \
	"SELECT dc.contact_id, dc.role, c.id IS NOT NULL, c.first_name, c.last_name" \
	" FROM deal_contacts dc LEFT JOIN contacts c ON c.id = dc.contact_id AND c.deleted_at IS NULL AND" \
	SCOPE_SQL("c", "contacts") \
	" WHERE dc.deal_id = ? ORDER BY dc.position, dc.contact_id LIMIT ?"
#define deal_link_list_IN(X) X(SCOPE, scope) X(INT, deal_id) X(INT, limit)
#define deal_link_list_OUT(X) X(INT, contact_id) X(TEXT, role) X(INT, visible) X(TEXT, first_name) \
	X(TEXT, last_name)

/* A deal's contacts are rewritten as a whole: cleared, then added. */
#define deal_link_clear_SQL "DELETE FROM deal_contacts WHERE deal_id = ?"
#define deal_link_clear_IN(X) X(INT, deal_id)
#define deal_link_clear_OUT(X)

#define deal_link_add_SQL \
	"INSERT INTO deal_contacts (deal_id, contact_id, role, position, created_at)" \
	" VALUES (?, ?, ?, ?, UTC_TIMESTAMP())"
#define deal_link_add_IN(X) X(INT, deal_id) X(INT, contact_id) X(TEXT, role) X(INT, position)
#define deal_link_add_OUT(X)

/* Live contacts within the contacts view scope whose first name, last
 * name or "first last" begins with the text (LIKE-escaped), by name:
 * the deal form's contact choice. */
#define deal_link_contact_search_SQL \
	"SELECT c.id, c.first_name, c.last_name FROM contacts c WHERE c.deleted_at IS NULL" \
	" AND (c.last_name LIKE CONCAT(?, '%') OR c.first_name LIKE CONCAT(?, '%')" \
	" OR CONCAT(c.first_name, ' ', c.last_name) LIKE CONCAT(?, '%')) AND" SCOPE_SQL("c", "contacts") \
	" ORDER BY c.last_name, c.first_name, c.id LIMIT ?"
#define deal_link_contact_search_IN(X) \
	X(TEXT, last) X(TEXT, first) X(TEXT, full) X(SCOPE, scope) X(INT, limit)
#define deal_link_contact_search_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name)

/* The live deals a contact is on, within the deals view scope, newest
 * first: the contact page's Deals list. */
#define deal_link_of_contact_SQL \
	"SELECT d.id, d.name, dc.role," STAGE_NAME_SQL ", s.outcome, d.amount_cents, d.currency" \
	" FROM deal_contacts dc JOIN deals d ON d.id = dc.deal_id JOIN deal_stages s ON s.id = d.stage_id" \
	" WHERE dc.contact_id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" ORDER BY d.id DESC LIMIT ?"
#define deal_link_of_contact_IN(X) X(TEXT, lang) X(INT, contact_id) X(SCOPE, scope) X(INT, limit)
#define deal_link_of_contact_OUT(X) \
	X(INT, id) X(TEXT, name) X(TEXT, role) X(TEXT, stage) X(TEXT, outcome) X(INT, amount_cents) \
	X(TEXT, currency)

#define DEAL_LINK_SHAPES(T) \
	T(deal_link_list) T(deal_link_clear) T(deal_link_add) T(deal_link_contact_search) \
	T(deal_link_of_contact)
#define DEAL_LINK_STMTS(S) \
	S(deal_link_list, RO, deal_link_list) \
	S(deal_link_clear, RW, deal_link_clear) \
	S(deal_link_add, RW, deal_link_add) \
	S(deal_link_contact_search, RO, deal_link_contact_search) \
	S(deal_link_of_contact, RO, deal_link_of_contact)

#endif
