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


/* ---- crmctl: filling the keys of existing rows (search_index.c) ----
 * The same keys as the triggers of sql/035_global_search.sql, for the
 * records with lo < id <= hi: one row per (record, key number s.n).
 * People: 1 given+family, 2 family+given, 3 family, 4 given; names of
 * things: the last 1..8 words, then the whole name (a lead's company
 * after its person keys). */
#define SEARCH_REBUILD_IN(X) X(INT, lo) X(INT, hi)
#define search_rebuild_shape_IN(X) SEARCH_REBUILD_IN(X)
#define search_rebuild_shape_OUT(X)
#define SEARCH_REBUILD(keys, table, expr, nums) \
	"INSERT IGNORE INTO " keys " (skey, record_id) SELECT k.skey, k.id FROM (SELECT" \
	" LEFT(REPLACE(REPLACE(" expr ", ' ', ''), '\u3000', ''), 64) AS skey, x.id FROM " table " x" \
	" JOIN " nums " s WHERE x.id > ? AND x.id <= ?) k WHERE k.skey <> ''"
#define SEARCH_FORGET(keys) "DELETE FROM " keys " WHERE record_id > ? AND record_id <= ?"
#define search_rebuild_contacts_SQL SEARCH_REBUILD("contact_search_keys", "contacts",\
	"CASE WHEN s.n = 1 THEN CONCAT(x.first_name, x.last_name) WHEN s.n = 2 THEN CONCAT(x.last_name, x.first_name) WHEN s.n = 3 THEN x.last_name WHEN s.n = 4 THEN x.first_name END", \
	"(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4)")
#define search_forget_contacts_SQL SEARCH_FORGET("contact_search_keys")
#define search_rebuild_leads_SQL SEARCH_REBUILD("lead_search_keys", "leads",\
	"CASE WHEN s.n = 1 THEN CONCAT(x.first_name, x.last_name) WHEN s.n = 2 THEN CONCAT(x.last_name, x.first_name) WHEN s.n = 3 THEN x.last_name WHEN s.n = 4 THEN x.first_name WHEN s.n <= 12 THEN SUBSTRING_INDEX(x.company, ' ', 4 - s.n) ELSE x.company END", \
	"(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11 UNION ALL SELECT 12 UNION ALL SELECT 13)")
#define search_forget_leads_SQL SEARCH_FORGET("lead_search_keys")
#define search_rebuild_accounts_SQL SEARCH_REBUILD("account_search_keys", "accounts",\
	"CASE WHEN s.n <= 8 THEN SUBSTRING_INDEX(x.name, ' ', 0 - s.n) ELSE x.name END", \
	"(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)")
#define search_forget_accounts_SQL SEARCH_FORGET("account_search_keys")
#define search_rebuild_deals_SQL SEARCH_REBUILD("deal_search_keys", "deals",\
	"CASE WHEN s.n <= 8 THEN SUBSTRING_INDEX(x.name, ' ', 0 - s.n) ELSE x.name END", \
	"(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)")
#define search_forget_deals_SQL SEARCH_FORGET("deal_search_keys")
/* The highest id of each table (0 when empty). */
#define search_max_id_shape_IN(X)
#define search_max_id_shape_OUT(X) X(INT, n)
#define search_max_contacts_SQL "SELECT COALESCE(MAX(id), 0) FROM contacts"
#define search_max_leads_SQL "SELECT COALESCE(MAX(id), 0) FROM leads"
#define search_max_accounts_SQL "SELECT COALESCE(MAX(id), 0) FROM accounts"
#define search_max_deals_SQL "SELECT COALESCE(MAX(id), 0) FROM deals"

#define SEARCH_SHAPES(T) \
	T(search_contacts) T(search_leads) T(search_accounts) T(search_deals) T(search_count_shape) \
	T(search_rebuild_shape) T(search_max_id_shape)
#define SEARCH_STMTS(S) \
	S(search_contacts, RO, search_contacts) S(search_leads, RO, search_leads) \
	S(search_accounts, RO, search_accounts) S(search_deals, RO, search_deals) \
	S(search_count_contacts, RO, search_count_shape) S(search_count_leads, RO, search_count_shape) \
	S(search_count_accounts, RO, search_count_shape) S(search_count_deals, RO, search_count_shape) \
	S(search_rebuild_contacts, RW, search_rebuild_shape) S(search_forget_contacts, RW, search_rebuild_shape) S(search_max_contacts, RO, search_max_id_shape) \
	S(search_rebuild_leads, RW, search_rebuild_shape) S(search_forget_leads, RW, search_rebuild_shape) S(search_max_leads, RO, search_max_id_shape) \
	S(search_rebuild_accounts, RW, search_rebuild_shape) S(search_forget_accounts, RW, search_rebuild_shape) S(search_max_accounts, RO, search_max_id_shape) \
	S(search_rebuild_deals, RW, search_rebuild_shape) S(search_forget_deals, RW, search_rebuild_shape) S(search_max_deals, RO, search_max_id_shape)

#endif
