/* account_sql.h: the statements about accounts (companies) that
 * account.c runs: one account within scope, the list, creating and
 * updating one (declared as stmt.h says). The lifecycle's
 * (LC_STMTS), the exports', imports' and purge's account statements are
 * still in sql_statements.c. */
#ifndef CRM_ACCOUNT_SQL_H
#define CRM_ACCOUNT_SQL_H

/* One live account within the scope. */
#define account_get_SQL \
	"SELECT a.id, a.name, a.tax_id, a.bank_account, a.owner_id, u.username, COALESCE(a.team_id, 0)," \
	" COALESCE(t.name, ''), a.version, DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i UTC')," \
	" a.industry, a.website, a.phone, a.billing_address, a.shipping_address," \
	" CAST(a.employees AS CHAR), CAST(a.annual_revenue AS CHAR), a.revenue_currency," \
	" CAST(a.parent_id AS CHAR)" \
	" FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id" \
	" WHERE a.id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
#define account_get_IN(X) X(INT, id) X(SCOPE, scope)
#define account_get_OUT(X) \
	X(INT, id) X(TEXT, name) X(VAL, tax_id) X(VAL, bank_account) X(INT, owner_id) X(TEXT, owner) \
	X(INT, team_id) X(TEXT, team) X(INT, version) X(TEXT, updated) \
	X(TEXT, industry) X(TEXT, website) X(TEXT, phone) X(TEXT, billing_address) X(TEXT, shipping_address) \
	X(TEXT, employees) X(TEXT, annual_revenue) X(TEXT, revenue_currency) X(TEXT, parent_id)

/* The list: by name (keyset after name, id), a name prefix ('' all),
 * an owner (0 all), with each account's live contacts counted (only
 * those within the user's contact view scope: a count must not reveal
 * contacts the user may not see). */
#define account_list_SQL \
	"SELECT a.id, a.name, u.username, a.industry," \
	" (SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id AND c.deleted_at IS NULL AND" \
	SCOPE_SQL("c", "contacts") ")" \
	" FROM accounts a JOIN users u ON u.id = a.owner_id" \
	" WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts") \
	" AND (? = '' OR a.name LIKE CONCAT(?, '%')) AND (? = 0 OR a.owner_id = ?)" \
	" AND (a.name > ? OR (a.name = ? AND a.id > ?))" \
	" ORDER BY a.name, a.id LIMIT ?"
#define account_list_IN(X) \
	X(SCOPE, contact_scope) X(SCOPE, scope) X(TEXT, prefix) X(TEXT, prefix_again) X(INT, owner_id) X(INT, owner_id_again) \
	X(TEXT, after_name) X(TEXT, after_name_again) X(INT, after_id) X(INT, limit)
#define account_list_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, owner) X(TEXT, industry) X(INT, contacts)

/* A new account owned by the user (team 0: none). */
#define account_insert_SQL \
	"INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define account_insert_IN(X) X(TEXT, name) X(INT, owner_id) X(INT, team_id)
#define account_insert_OUT(X)

/* Name, the standard fields (NULL: not given; parent 0: none) and, when their flag is
 * 1, the sealed fields of an account at version within the scope. */
#define account_update_SQL \
	"UPDATE accounts a SET a.name = ?, a.industry = ?, a.website = ?, a.phone = ?," \
	" a.billing_address = ?, a.shipping_address = ?, a.employees = ?, a.annual_revenue = ?," \
	" a.revenue_currency = ?, a.parent_id = NULLIF(?, 0), a.tax_id = IF(? = 1, ?, a.tax_id)," \
	" a.bank_account = IF(? = 1, ?, a.bank_account), a.version = a.version + 1," \
	" a.updated_at = UTC_TIMESTAMP()" \
	" WHERE a.id = ? AND a.version = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
#define account_update_IN(X) \
	X(TEXT, name) X(TEXT, industry) X(TEXT, website) X(TEXT, phone) X(TEXT, billing_address) \
	X(TEXT, shipping_address) X(TEXT, employees) X(TEXT, annual_revenue) X(TEXT, revenue_currency) \
	X(INT, parent_id) X(INT, tax_id_set) X(VAL, tax_id) X(INT, bank_account_set) X(VAL, bank_account) \
	X(INT, id) X(INT, version) X(SCOPE, scope)
#define account_update_OUT(X)

/* Accounts whose name contains the text (LIKE-escaped), within the
 * accounts view scope, by name: the contact form's account choice. */
#define account_pick_search_SQL \
	"SELECT a.id, a.name FROM accounts a WHERE a.deleted_at IS NULL" \
	" AND a.name LIKE CONCAT('%', ?, '%') AND" SCOPE_SQL("a", "accounts") \
	" ORDER BY a.name, a.id LIMIT ?"
#define account_pick_search_IN(X) X(TEXT, like) X(SCOPE, scope) X(INT, limit)
#define account_pick_search_OUT(X) X(INT, id) X(TEXT, name)

/* ---- the hierarchy: at most ACCOUNT_TREE_DEPTH (account.h) levels are
 * shown each way; the statements read one level more to know there is
 * more. Only live accounts; a name only within the accounts view scope
 * (NULL: "a record you cannot open"). ---- */

/* The ancestors of an account, nearest first (depth 1: its parent). */
#define account_ancestors_SQL \
	"WITH RECURSIVE up (id, parent_id, depth) AS (" \
	" SELECT a.id, a.parent_id, 0 FROM accounts a WHERE a.id = ?" \
	" UNION ALL SELECT a.id, a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.parent_id" \
	" WHERE up.depth < ? AND a.deleted_at IS NULL)" \
	" SELECT a.id, COALESCE(a.parent_id, 0), up.depth, IF(" SCOPE_SQL("a", "accounts") ", a.name, NULL)" \
	" FROM up JOIN accounts a ON a.id = up.id WHERE up.depth > 0 ORDER BY up.depth"
#define account_ancestors_IN(X) X(INT, id) X(INT, depth) X(SCOPE, scope)
#define account_ancestors_OUT(X) X(INT, id) X(INT, parent_id) X(INT, depth) X(TEXT, name)

/* The descendants of an account, depth first (the path of zero-padded
 * ids orders each after its parent, siblings by id), at most a limit. */
#define account_descendants_SQL \
	"WITH RECURSIVE down (id, parent_id, depth, path) AS (" \
	" SELECT a.id, a.parent_id, 1, CAST(LPAD(a.id, 20, '0') AS CHAR(600)) FROM accounts a" \
	" WHERE a.parent_id = ? AND a.deleted_at IS NULL" \
	" UNION ALL SELECT a.id, a.parent_id, down.depth + 1, CONCAT(down.path, '/', LPAD(a.id, 20, '0'))" \
	" FROM accounts a JOIN down ON a.parent_id = down.id WHERE down.depth < ? AND a.deleted_at IS NULL)" \
	" SELECT a.id, down.parent_id, down.depth, IF(" SCOPE_SQL("a", "accounts") ", a.name, NULL)" \
	" FROM down JOIN accounts a ON a.id = down.id ORDER BY down.path LIMIT ?"
#define account_descendants_IN(X) X(INT, id) X(INT, depth) X(SCOPE, scope) X(INT, limit)
#define account_descendants_OUT(X) X(INT, id) X(INT, parent_id) X(INT, depth) X(TEXT, name)

/* Whether an account is another one or among its ancestors: every
 * account counts here (deleted, out of scope), so no cycle can be made;
 * the walk stops after 1000 levels, far beyond what can be made. */
#define account_is_ancestor_SQL \
	"WITH RECURSIVE up (id, parent_id, depth) AS (" \
	" SELECT a.id, a.parent_id, 0 FROM accounts a WHERE a.id = ?" \
	" UNION ALL SELECT a.id, a.parent_id, up.depth + 1 FROM accounts a JOIN up ON a.id = up.parent_id" \
	" WHERE up.depth < 1000)" \
	" SELECT COUNT(*) FROM up WHERE up.id = ?"
#define account_is_ancestor_IN(X) X(INT, start) X(INT, id)
#define account_is_ancestor_OUT(X) X(INT, n)

#define ACCOUNT_SHAPES(T) \
	T(account_get) T(account_list) T(account_insert) T(account_update) \
	T(account_pick_search) T(account_ancestors) T(account_descendants) T(account_is_ancestor)
#define ACCOUNT_STMTS(S) \
	S(account_pick_search, RO, account_pick_search) \
	S(account_get, RO, account_get) \
	S(account_list, RO, account_list) \
	S(account_insert, RW, account_insert) \
	S(account_update, RW, account_update) \
	S(account_ancestors, RO, account_ancestors) \
	S(account_descendants, RO, account_descendants) \
	S(account_is_ancestor, RO, account_is_ancestor)

#endif
