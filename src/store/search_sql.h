/* search_sql.h: the global search's statements (declared as stmt.h
 * says; sql/035_global_search.sql keeps the keys). Per record kind: the
 * first records whose name keys begin with a prefix, within the user's
 * scope, and how many there are (counted up to SEARCH_COUNT_CAP + 1, so a
 * common prefix costs a bounded walk). STRAIGHT_JOIN keeps the key table
 * the driving one: its primary key (skey, record_id) is read as a range
 * in key order and the walk stops at LIMIT. Only search.c runs them. */
#ifndef CRM_SEARCH_SQL_H
#define CRM_SEARCH_SQL_H

/* Counts stop here ("more than 1,000"). */
#define SEARCH_COUNT_CAP 1000
#define SEARCH_CAP_SQL "1001"

#define SEARCH_IN(X) X(TEXT, like) X(SCOPE, scope) X(INT, limit)
#define SEARCH_COUNT_IN(X) X(TEXT, like) X(SCOPE, scope)
#define SEARCH_COUNT_OUT(X) X(INT, n)

#define SEARCH_FROM(keys, table, module) \
	" FROM " keys " k STRAIGHT_JOIN " table " x ON x.id = k.record_id" \
	" WHERE k.skey LIKE CONCAT(?, '%') AND x.deleted_at IS NULL AND" SCOPE_SQL("x", module)
#define SEARCH_COUNT(keys, table, module) \
	"SELECT COUNT(*) FROM (SELECT DISTINCT k.record_id" SEARCH_FROM(keys, table, module) \
	" LIMIT " SEARCH_CAP_SQL ") n"

#define search_contacts_SQL \
	"SELECT DISTINCT x.id, x.first_name, x.last_name, DATE_FORMAT(x.updated_at, '%Y-%m-%d %H:%i:%s')" \
	SEARCH_FROM("contact_search_keys", "contacts", "contacts") " LIMIT ?"
#define search_contacts_IN(X) SEARCH_IN(X)
#define search_contacts_OUT(X) X(INT, id) X(TEXT, given) X(TEXT, family) X(TEXT, updated)

#define search_leads_SQL \
	"SELECT DISTINCT x.id, x.first_name, x.last_name, x.company, x.status" \
	SEARCH_FROM("lead_search_keys", "leads", "leads") " LIMIT ?"
#define search_leads_IN(X) SEARCH_IN(X)
#define search_leads_OUT(X) X(INT, id) X(TEXT, given) X(TEXT, family) X(TEXT, company) X(TEXT, status)

#define search_accounts_SQL \
	"SELECT DISTINCT x.id, x.name, DATE_FORMAT(x.updated_at, '%Y-%m-%d %H:%i:%s')" \
	SEARCH_FROM("account_search_keys", "accounts", "accounts") " LIMIT ?"
#define search_accounts_IN(X) SEARCH_IN(X)
#define search_accounts_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, updated)

#define search_deals_SQL \
	"SELECT DISTINCT x.id, x.name, DATE_FORMAT(x.expected_close, '%Y-%m-%d')" \
	SEARCH_FROM("deal_search_keys", "deals", "deals") " LIMIT ?"
#define search_deals_IN(X) SEARCH_IN(X)
#define search_deals_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, close_date)

#define search_count_shape_IN(X) SEARCH_COUNT_IN(X)
#define search_count_shape_OUT(X) SEARCH_COUNT_OUT(X)
#define search_count_contacts_SQL SEARCH_COUNT("contact_search_keys", "contacts", "contacts")
#define search_count_leads_SQL SEARCH_COUNT("lead_search_keys", "leads", "leads")
#define search_count_accounts_SQL SEARCH_COUNT("account_search_keys", "accounts", "accounts")
#define search_count_deals_SQL SEARCH_COUNT("deal_search_keys", "deals", "deals")

#define SEARCH_SHAPES(T) \
	T(search_contacts) T(search_leads) T(search_accounts) T(search_deals) T(search_count_shape)
#define SEARCH_STMTS(S) \
	S(search_contacts, RO, search_contacts) S(search_leads, RO, search_leads) \
	S(search_accounts, RO, search_accounts) S(search_deals, RO, search_deals) \
	S(search_count_contacts, RO, search_count_shape) S(search_count_leads, RO, search_count_shape) \
	S(search_count_accounts, RO, search_count_shape) S(search_count_deals, RO, search_count_shape)

#endif
