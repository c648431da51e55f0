/* contact_sql.h: the statements about contacts (declared as stmt.h
 * says): one contact within scope, inserting one, storing its sealed
 * fields and blind indexes, the versioned update, the duplicate check and
 * the list (contact_list.c: one statement per sort and per kind of
 * search, each with a single index path). Only contact.c and
 * contact_list.c run them. */
#ifndef CRM_CONTACT_SQL_H
#define CRM_CONTACT_SQL_H

/* One contact within the user's scope, with its data_keys row. */
#define contact_get_SQL \
	"SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.address, c.birth_date," \
	" c.owner_id, u.username, COALESCE(c.team_id, 0), c.version," \
	" DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i UTC'), COALESCE(t.name, '')," \
	" k.id, k.kek_version, k.wrapped, COALESCE(c.account_id, 0)," \
	" c.mobile, c.title, c.department, c.preferred_language, CAST(c.do_not_call AS CHAR)," \
	" CAST(c.email_opt_out AS CHAR)," \
	" (SELECT a.name FROM accounts a WHERE a.id = c.account_id AND a.deleted_at IS NULL AND" \
	SCOPE_SQL("a", "accounts") ")" \
	" FROM contacts c JOIN users u ON u.id = c.owner_id LEFT JOIN teams t ON t.id = c.team_id" \
	" LEFT JOIN data_keys k ON k.subject_type = 'contact' AND k.subject_id = c.id" \
	" WHERE c.id = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts")
/* The account's name only when it is live and in the user's accounts
 * view scope (NULL otherwise: "a record you cannot open"). */
#define contact_get_IN(X) X(SCOPE, account_scope) X(INT, id) X(SCOPE, scope)
#define contact_get_OUT(X) \
	X(INT, id) X(TEXT, first_name) X(TEXT, last_name) \
	X(VAL, email) X(VAL, phone) X(VAL, address) X(VAL, birth_date) \
	X(INT, owner_id) X(TEXT, owner) X(INT, team_id) X(INT, version) X(TEXT, updated) X(TEXT, team) \
	X(VAL, key_id) X(VAL, kek_version) X(VAL, wrapped) X(INT, account_id) \
	X(VAL, mobile) X(TEXT, title) X(TEXT, department) X(TEXT, preferred_language) X(TEXT, do_not_call) \
	X(TEXT, email_opt_out) X(TEXT, account_name)

/* A new contact's row (account and team 0: none); its fields follow. */
#define contact_add_SQL \
	"INSERT INTO contacts (account_id, first_name, last_name, owner_id, team_id, created_at, updated_at)" \
	" VALUES (NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define contact_add_IN(X) \
	X(INT, account_id) X(TEXT, first_name) X(TEXT, last_name) X(INT, owner_id) X(INT, team_id)
#define contact_add_OUT(X)

/* A contact's sealed fields and their blind indexes (record_secrets.h). */
#define contact_store_secrets_SQL \
	"UPDATE contacts SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ?, address = ?," \
	" birth_date = ?, mobile = ?, mobile_bidx = ? WHERE id = ?"
#define contact_store_secrets_IN(X) \
	X(VAL, email) X(VAL, email_bidx) X(VAL, phone) X(VAL, phone_bidx) X(VAL, address) \
	X(VAL, birth_date) X(VAL, mobile) X(VAL, mobile_bidx) X(INT, id)
#define contact_store_secrets_OUT(X)

/* A new contact's plain standard fields (NULL: not given; the flags 0
 * or 1), in the transaction that created it. */
#define contact_set_info_SQL \
	"UPDATE contacts SET title = ?, department = ?, preferred_language = ?, do_not_call = ?," \
	" email_opt_out = ? WHERE id = ?"
#define contact_set_info_IN(X) \
	X(TEXT, title) X(TEXT, department) X(TEXT, preferred_language) X(INT, do_not_call) \
	X(INT, email_opt_out) X(INT, id)
#define contact_set_info_OUT(X)

/* The edit: names, the account (0: none), the plain standard fields,
 * and each sealed field only when its flag is 1 (the
 * fields the user's rules make editable), at the version the form was
 * opened at and within the user's scope. */
#define contact_update_SQL \
	"UPDATE contacts c SET c.first_name = ?, c.last_name = ?, c.account_id = NULLIF(?, 0)," \
	" c.email = IF(? = 1, ?, c.email), c.email_bidx = IF(? = 1, ?, c.email_bidx)," \
	" c.phone = IF(? = 1, ?, c.phone), c.phone_bidx = IF(? = 1, ?, c.phone_bidx)," \
	" c.address = IF(? = 1, ?, c.address), c.birth_date = IF(? = 1, ?, c.birth_date)," \
	" c.mobile = IF(? = 1, ?, c.mobile), c.mobile_bidx = IF(? = 1, ?, c.mobile_bidx)," \
	" c.title = ?, c.department = ?, c.preferred_language = ?, c.do_not_call = ?, c.email_opt_out = ?," \
	" c.version = c.version + 1, c.updated_at = UTC_TIMESTAMP()" \
	" WHERE c.id = ? AND c.version = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts")
#define contact_update_IN(X) \
	X(TEXT, first_name) X(TEXT, last_name) X(INT, account_id) \
	X(INT, edit_email) X(VAL, email) X(INT, edit_email_bidx) X(VAL, email_bidx) \
	X(INT, edit_phone) X(VAL, phone) X(INT, edit_phone_bidx) X(VAL, phone_bidx) \
	X(INT, edit_address) X(VAL, address) X(INT, edit_birth_date) X(VAL, birth_date) \
	X(INT, edit_mobile) X(VAL, mobile) X(INT, edit_mobile_bidx) X(VAL, mobile_bidx) \
	X(TEXT, title) X(TEXT, department) X(TEXT, preferred_language) X(INT, do_not_call) \
	X(INT, email_opt_out) \
	X(INT, id) X(INT, version) X(SCOPE, scope)
#define contact_update_OUT(X)

/* Another contact the user may see with the same email or phone index. */
#define contact_duplicate_SQL \
	"SELECT c.id FROM contacts c WHERE c.id <> ? AND c.deleted_at IS NULL" \
	" AND (c.email_bidx = ? OR c.phone_bidx = ?) AND" SCOPE_SQL("c", "contacts") " LIMIT 1"
#define contact_duplicate_IN(X) X(INT, id) X(VAL, email_bidx) X(VAL, phone_bidx) X(SCOPE, scope)
#define contact_duplicate_OUT(X) X(INT, id)

/* How many contacts the user may see have this email or phone index
 * (the import's duplicate check). */
#define contact_count_matching_SQL \
	"SELECT COUNT(*) FROM contacts c WHERE c.deleted_at IS NULL" \
	" AND (c.email_bidx = ? OR c.phone_bidx = ?) AND" SCOPE_SQL("c", "contacts")
#define contact_count_matching_IN(X) X(VAL, email_bidx) X(VAL, phone_bidx) X(SCOPE, scope)
#define contact_count_matching_OUT(X) X(INT, n)

/* The list (sql_fragments.h CONTACT_LIST_*): STRAIGHT_JOIN keeps contacts
 * the driving table and FORCE INDEX makes the browse statements read the
 * index in list order and stop after a page. The owner's name is a
 * subquery, not a join: from a prepared statement's second execution on,
 * MariaDB joined the (small) users table through a join buffer, which
 * loses the index order and sorted every contact (100 ms at 10,000,
 * seconds at a million). Each row carries its contact's wrapped data key
 * (one statement instead of one a row). Every list statement has these
 * columns and begins with the scope and the owner filter. */
#define CONTACT_LIST_OUT(X) \
	X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(VAL, email) X(VAL, phone) \
	X(TEXT, owner) X(VAL, key_id) X(VAL, kek_version) X(VAL, wrapped) X(TEXT, updated) \
	X(INT, account_id)
#define CONTACT_LIST_IN(X) X(SCOPE, scope) X(INT, mine) X(INT, user_id)
#define CONTACT_AFTER_NAME_SQL " AND (c.last_name > ? OR (c.last_name = ? AND c.id > ?))"
#define CONTACT_AFTER_NAME_IN(X) X(TEXT, after_name) X(TEXT, after_name_again) X(INT, after_id)

#define contact_list_by_name_SQL \
	CONTACT_LIST_FROM("contacts_list") CONTACT_LIST_WHERE CONTACT_AFTER_NAME_SQL \
	" ORDER BY c.last_name, c.id LIMIT ?"
#define contact_list_by_name_IN(X) CONTACT_LIST_IN(X) CONTACT_AFTER_NAME_IN(X) X(INT, limit)
#define contact_list_by_name_OUT(X) CONTACT_LIST_OUT(X)

/* Contacts whose custom field has a value (custom_value.h's key: the
 * blind index, the text or the number; the two not searched are NULL,
 * which the NULL-safe comparison matches to the empty columns), driven
 * from the value table's index, by name. */
#define contact_list_custom_SQL \
	CONTACT_LIST_SELECT " FROM contact_custom_values v JOIN contacts c ON c.id = v.record_id" \
	CONTACT_LIST_JOINS CONTACT_LIST_WHERE " AND v.field_id = ? AND v.v_bidx <=> ? AND v.v_text <=> ?" \
	" AND v.v_int <=> ?" CONTACT_AFTER_NAME_SQL " ORDER BY c.last_name, c.id LIMIT ?"
#define contact_list_custom_IN(X) CONTACT_LIST_IN(X) X(INT, field_id) X(VAL, bidx) X(VAL, text) X(VAL, num) \
	CONTACT_AFTER_NAME_IN(X) X(INT, limit)
#define contact_list_custom_OUT(X) CONTACT_LIST_OUT(X)

/* The same for a common value: walking contacts in name order and
 * keeping those that hold it stops after a page, where driving from the
 * values would sort every match. A scalar subquery (one row at most:
 * the unique (record_id, field_id) key), not EXISTS: MariaDB turns an
 * EXISTS into a semi-join and materialises every match first (57 s at
 * 1,000,000 contacts; 0.09 s this way). */
#define contact_list_custom_walk_SQL \
	CONTACT_LIST_FROM("contacts_list") CONTACT_LIST_WHERE " AND (SELECT v.id FROM contact_custom_values v" \
	" WHERE v.record_id = c.id AND v.field_id = ? AND v.v_bidx <=> ? AND v.v_text <=> ? AND v.v_int <=> ?)" \
	" IS NOT NULL" CONTACT_AFTER_NAME_SQL " ORDER BY c.last_name, c.id LIMIT ?"

/* Whether a custom value is common: its rows, counted up to 1,000. */
#define contact_custom_value_rows_SQL \
	"SELECT COUNT(*) FROM (SELECT 1 FROM contact_custom_values v WHERE v.field_id = ? AND v.v_bidx <=> ?" \
	" AND v.v_text <=> ? AND v.v_int <=> ? LIMIT 1000) x"
#define contact_custom_value_rows_IN(X) X(INT, field_id) X(VAL, bidx) X(VAL, text) X(VAL, num)
#define contact_custom_value_rows_OUT(X) X(INT, n)

#define contact_list_by_newest_SQL \
	CONTACT_LIST_FROM("PRIMARY") CONTACT_LIST_WHERE " AND c.id < ? ORDER BY c.id DESC LIMIT ?"
#define contact_list_by_newest_IN(X) CONTACT_LIST_IN(X) X(INT, before_id) X(INT, limit)
#define contact_list_by_newest_OUT(X) CONTACT_LIST_OUT(X)

#define contact_list_by_updated_SQL \
	CONTACT_LIST_FROM("contacts_updated") CONTACT_LIST_WHERE \
	" AND (c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))" \
	" ORDER BY c.updated_at DESC, c.id DESC LIMIT ?"
#define contact_list_by_updated_IN(X) \
	CONTACT_LIST_IN(X) X(TEXT, before_at) X(TEXT, before_at_again) X(INT, before_id) X(INT, limit)
#define contact_list_by_updated_OUT(X) CONTACT_LIST_OUT(X)

/* Last names, then first names, beginning with the search: two ranges on
 * their own indexes, each cut at a page. */
#define contact_list_name_search_SQL \
	"(" CONTACT_LIST_FROM("contacts_list") CONTACT_LIST_WHERE \
	" AND c.last_name LIKE CONCAT(?, '%')" CONTACT_AFTER_NAME_SQL \
	" ORDER BY c.last_name, c.id LIMIT ?) UNION (" \
	CONTACT_LIST_FROM("contacts_first_name") CONTACT_LIST_WHERE \
	" AND c.first_name LIKE CONCAT(?, '%')" CONTACT_AFTER_NAME_SQL \
	" ORDER BY c.last_name, c.id LIMIT ?) ORDER BY 3, 1 LIMIT ?"
#define contact_list_name_search_IN(X) \
	CONTACT_LIST_IN(X) X(TEXT, like) CONTACT_AFTER_NAME_IN(X) X(INT, limit) \
	X(SCOPE, scope_first) X(INT, mine_first) X(INT, user_id_first) X(TEXT, like_first) \
	X(TEXT, after_name_first) X(TEXT, after_name_first_again) X(INT, after_id_first) \
	X(INT, limit_first) X(INT, limit_all)
#define contact_list_name_search_OUT(X) CONTACT_LIST_OUT(X)

#define contact_list_exact_search_SQL \
	CONTACT_LIST_SELECT " FROM contacts c" CONTACT_LIST_JOINS CONTACT_LIST_WHERE \
	" AND (c.email_bidx = ? OR c.phone_bidx = ?)" CONTACT_AFTER_NAME_SQL \
	" ORDER BY c.last_name, c.id LIMIT ?"
#define contact_list_exact_search_IN(X) \
	CONTACT_LIST_IN(X) X(VAL, email_bidx) X(VAL, phone_bidx) CONTACT_AFTER_NAME_IN(X) X(INT, limit)
#define contact_list_exact_search_OUT(X) CONTACT_LIST_OUT(X)

/* The names of a page's accounts (the list's company column) the user
 * may view: one statement for up to 50 ids (0 for the unused), on the
 * primary key, within the accounts scope; an account out of scope or
 * deleted is not returned, and its cell stays empty. */
#define CONTACT_Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define CONTACT_I10(X, p) X(INT, p##0) X(INT, p##1) X(INT, p##2) X(INT, p##3) X(INT, p##4) \
	X(INT, p##5) X(INT, p##6) X(INT, p##7) X(INT, p##8) X(INT, p##9)
#define contact_list_accounts_SQL \
	"SELECT a.id, a.name FROM accounts a WHERE a.id IN (" CONTACT_Q10 ", " CONTACT_Q10 ", " CONTACT_Q10 \
	", " CONTACT_Q10 ", " CONTACT_Q10 ") AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
#define contact_list_accounts_IN(X) CONTACT_I10(X, a) CONTACT_I10(X, b) CONTACT_I10(X, c) \
	CONTACT_I10(X, d) CONTACT_I10(X, e) X(SCOPE, scope)
#define contact_list_accounts_OUT(X) X(INT, id) X(TEXT, name)

/* ---- a contact's further account relations (contact_relations.c) ---- */

/* One relation; the pair is unique (a second one is a duplicate-key
 * error the module reports as "exists already", checked first). */
#define contact_relation_add_SQL \
	"INSERT INTO contact_account_relations (contact_id, account_id, role, created_by, created_at)" \
	" VALUES (?, ?, ?, ?, UTC_TIMESTAMP())"
#define contact_relation_add_IN(X) X(INT, contact_id) X(INT, account_id) X(TEXT, role) X(INT, created_by)
#define contact_relation_add_OUT(X)

/* The relation id of contact_id: its account and role (for the audit
 * record of its removal). */
#define contact_relation_get_SQL \
	"SELECT r.account_id, r.role FROM contact_account_relations r WHERE r.id = ? AND r.contact_id = ?"
#define contact_relation_get_IN(X) X(INT, id) X(INT, contact_id)
#define contact_relation_get_OUT(X) X(INT, account_id) X(TEXT, role)

/* Whether contact_id has a relation to account_id already. */
#define contact_relation_exists_SQL \
	"SELECT COUNT(*) FROM contact_account_relations WHERE contact_id = ? AND account_id = ?"
#define contact_relation_exists_IN(X) X(INT, contact_id) X(INT, account_id)
#define contact_relation_exists_OUT(X) X(INT, n)

#define contact_relation_remove_SQL \
	"DELETE FROM contact_account_relations WHERE id = ? AND contact_id = ?"
#define contact_relation_remove_IN(X) X(INT, id) X(INT, contact_id)
#define contact_relation_remove_OUT(X)

/* A contact's relations to live accounts, the account's name only when
 * it is within the user's accounts view scope (NULL: "a record you
 * cannot open"), by id, at most 100. */
#define contact_relations_of_contact_SQL \
	"SELECT r.id, r.account_id, r.role, IF(" SCOPE_SQL("a", "accounts") ", a.name, NULL)" \
	" FROM contact_account_relations r JOIN accounts a ON a.id = r.account_id" \
	" WHERE r.contact_id = ? AND a.deleted_at IS NULL ORDER BY r.id LIMIT 100"
#define contact_relations_of_contact_IN(X) X(SCOPE, scope) X(INT, contact_id)
#define contact_relations_of_contact_OUT(X) X(INT, id) X(INT, other_id) X(TEXT, role) X(TEXT, name)

/* An account's related contacts (live), each contact's given and family
 * name only when it is within the user's contacts view scope (cv: the
 * same row again, joined only then), by id, at most 100. */
#define contact_relations_of_account_SQL \
	"SELECT r.id, r.contact_id, r.role, cv.first_name, cv.last_name" \
	" FROM contact_account_relations r JOIN contacts c ON c.id = r.contact_id" \
	" LEFT JOIN contacts cv ON cv.id = c.id AND" SCOPE_SQL("cv", "contacts") \
	" WHERE r.account_id = ? AND c.deleted_at IS NULL ORDER BY r.id LIMIT 100"
#define contact_relations_of_account_IN(X) X(SCOPE, scope) X(INT, account_id)
#define contact_relations_of_account_OUT(X) X(INT, id) X(INT, other_id) X(TEXT, role) X(TEXT, name) X(TEXT, family)

#define CONTACT_SHAPES(T) \
	T(contact_get) T(contact_add) T(contact_store_secrets) T(contact_set_info) T(contact_update) \
	T(contact_duplicate) T(contact_count_matching) \
	T(contact_relation_add) T(contact_relation_get) T(contact_relation_exists) T(contact_relation_remove) \
	T(contact_relations_of_contact) T(contact_relations_of_account) \
	T(contact_list_by_name) T(contact_list_custom) T(contact_custom_value_rows) \
	T(contact_list_by_newest) T(contact_list_by_updated) \
	T(contact_list_name_search) T(contact_list_exact_search) T(contact_list_accounts)
#define CONTACT_STMTS(S) \
	S(contact_list_accounts, RO, contact_list_accounts) \
	S(contact_get, RO, contact_get) \
	S(contact_add, RW, contact_add) \
	S(contact_store_secrets, RW, contact_store_secrets) \
	S(contact_set_info, RW, contact_set_info) \
	S(contact_relation_add, RW, contact_relation_add) \
	S(contact_relation_get, RO, contact_relation_get) \
	S(contact_relation_exists, RO, contact_relation_exists) \
	S(contact_relation_remove, RW, contact_relation_remove) \
	S(contact_relations_of_contact, RO, contact_relations_of_contact) \
	S(contact_relations_of_account, RO, contact_relations_of_account) \
	S(contact_update, RW, contact_update) \
	S(contact_duplicate, RO, contact_duplicate) \
	S(contact_count_matching, RO, contact_count_matching) \
	S(contact_list_by_name, RO, contact_list_by_name) \
	S(contact_list_custom, RO, contact_list_custom) \
	S(contact_list_custom_walk, RO, contact_list_custom) \
	S(contact_custom_value_rows, RO, contact_custom_value_rows) \
	S(contact_list_by_newest, RO, contact_list_by_newest) \
	S(contact_list_by_updated, RO, contact_list_by_updated) \
	S(contact_list_name_search, RO, contact_list_name_search) \
	S(contact_list_exact_search, RO, contact_list_exact_search)

#endif
