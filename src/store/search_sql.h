/* search_sql.h: the global search's statements (declared as stmt.h
 * says; sql/035_global_search.sql keeps the keys). Per record kind: the
 * key rows that begin with a prefix joined to their live records within
 * the user's scope, read in key order and cut at LIMIT. The key rows are
 * a range of the key table's primary key (skey, record_id), at most
 * SEARCH_WALK_MAX of them (a derived table), and STRAIGHT_JOIN keeps
 * them the driving side: the join stops at LIMIT. There is no
 * DISTINCT: with one, MariaDB read the whole range into a temporary
 * table before the LIMIT (230 ms for "m" at 1,000,000 contacts); a
 * record has at most SEARCH_KEYS_* keys, so search.c asks for
 * (count cap + 1) * keys rows, drops the repeats, shows the first
 * records and counts the distinct ones: when it gets that many rows
 * there are more than cap records. One statement per kind: a separate
 * count joined the same rows again. Only search.c runs them. */
#ifndef CRM_SEARCH_SQL_H
#define CRM_SEARCH_SQL_H

/* The most keys one record has (the triggers of 035). */
#define SEARCH_KEYS_PERSON 4	/* contacts */
#define SEARCH_KEYS_THING 9	/* accounts, deals */
#define SEARCH_KEYS_LEAD 13	/* a person and a company */

#define SEARCH_IN(X) X(TEXT, like) X(SCOPE, scope) X(INT, limit)

/* The most key rows one kind's search walks. A user who sees every
 * record stops long before (the first keys are theirs); a user who sees
 * only their own or their team's records would otherwise walk the whole
 * range of a common prefix looking for theirs (every "m" key of
 * 1,000,000 contacts: seconds, and a way to tie up the database), so
 * the walk is cut here and search.c says so when it was (search_walk_*
 * below). */
#define SEARCH_WALK_MAX 500
#define SEARCH_WALK_MAX_SQL "500"
#define SEARCH_WALK_PAST_SQL "501"

#define SEARCH_FROM(keys, table, module) \
	" FROM (SELECT record_id FROM " keys " WHERE skey LIKE CONCAT(?, '%')" \
	" ORDER BY skey, record_id LIMIT " SEARCH_WALK_MAX_SQL ") k" \
	" STRAIGHT_JOIN " table " x ON x.id = k.record_id" \
	" WHERE x.deleted_at IS NULL AND" SCOPE_SQL("x", module)
#define search_contacts_SQL \
	"SELECT x.id, x.first_name, x.last_name, DATE_FORMAT(x.updated_at, '%Y-%m-%d %H:%i:%s')" \
	SEARCH_FROM("contact_search_keys", "contacts", "contacts") " LIMIT ?"
#define search_contacts_IN(X) SEARCH_IN(X)
#define search_contacts_OUT(X) X(INT, id) X(TEXT, given) X(TEXT, family) X(TEXT, updated)

#define search_leads_SQL \
	"SELECT x.id, x.first_name, x.last_name, x.company, x.status" \
	SEARCH_FROM("lead_search_keys", "leads", "leads") " LIMIT ?"
#define search_leads_IN(X) SEARCH_IN(X)
#define search_leads_OUT(X) X(INT, id) X(TEXT, given) X(TEXT, family) X(TEXT, company) X(TEXT, status)

#define search_accounts_SQL \
	"SELECT x.id, x.name, DATE_FORMAT(x.updated_at, '%Y-%m-%d %H:%i:%s')" \
	SEARCH_FROM("account_search_keys", "accounts", "accounts") " LIMIT ?"
#define search_accounts_IN(X) SEARCH_IN(X)
#define search_accounts_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, updated)

#define search_deals_SQL \
	"SELECT x.id, x.name, DATE_FORMAT(x.expected_close, '%Y-%m-%d')" \
	SEARCH_FROM("deal_search_keys", "deals", "deals") " LIMIT ?"
#define search_deals_IN(X) SEARCH_IN(X)
#define search_deals_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, close_date)

/* How many key rows begin with a prefix, counted up to one past the walk
 * (an index-only range read): more than SEARCH_WALK_MAX means a scoped
 * user's search did not see them all. */
#define SEARCH_WALK(keys) "SELECT COUNT(*) FROM (SELECT 1 FROM " keys \
	" WHERE skey LIKE CONCAT(?, '%') LIMIT " SEARCH_WALK_PAST_SQL ") w"
#define search_walk_shape_IN(X) X(TEXT, like)
#define search_walk_shape_OUT(X) X(INT, n)
#define search_walk_contacts_SQL SEARCH_WALK("contact_search_keys")
#define search_walk_leads_SQL SEARCH_WALK("lead_search_keys")
#define search_walk_accounts_SQL SEARCH_WALK("account_search_keys")
#define search_walk_deals_SQL SEARCH_WALK("deal_search_keys")

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
	T(search_contacts) T(search_leads) T(search_accounts) T(search_deals) \
	T(search_walk_shape) T(search_rebuild_shape) T(search_max_id_shape)
#define SEARCH_STMTS(S) \
	S(search_contacts, RO, search_contacts) S(search_leads, RO, search_leads) \
	S(search_accounts, RO, search_accounts) S(search_deals, RO, search_deals) \
	S(search_walk_contacts, RO, search_walk_shape) S(search_walk_leads, RO, search_walk_shape) \
	S(search_walk_accounts, RO, search_walk_shape) S(search_walk_deals, RO, search_walk_shape) \
	S(search_rebuild_contacts, RW, search_rebuild_shape) S(search_forget_contacts, RW, search_rebuild_shape) S(search_max_contacts, RO, search_max_id_shape) \
	S(search_rebuild_leads, RW, search_rebuild_shape) S(search_forget_leads, RW, search_rebuild_shape) S(search_max_leads, RO, search_max_id_shape) \
	S(search_rebuild_accounts, RW, search_rebuild_shape) S(search_forget_accounts, RW, search_rebuild_shape) S(search_max_accounts, RO, search_max_id_shape) \
	S(search_rebuild_deals, RW, search_rebuild_shape) S(search_forget_deals, RW, search_rebuild_shape) S(search_max_deals, RO, search_max_id_shape)

#endif
