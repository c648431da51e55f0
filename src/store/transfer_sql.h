/* transfer_sql.h: the statements of CSV import (import_store.c) and CSV
 * export (export.c). Import: the
 * duplicate checks within the importer's view scope (an account's name
 * compares under the table's case- and accent-insensitive collation),
 * the inserts (owned by the importer and their team) and the sealed
 * fields written under the new record's own key. Export: per list, the
 * rows of the user's export scope matching the list's search, at most
 * limit (the cap plus one), sealed fields as stored. Declared as stmt.h
 * says. */
#ifndef CRM_TRANSFER_SQL_H
#define CRM_TRANSFER_SQL_H

/* Live records in scope with either blind index (contacts, leads). */
#define import_dups_IN(X) X(VAL, email_bidx) X(VAL, phone_bidx) X(SCOPE, scope)
#define import_dups_OUT(X) X(INT, n)
#define import_contact_dups_SQL \
	"SELECT COUNT(*) FROM contacts c WHERE c.deleted_at IS NULL" \
	" AND (c.email_bidx = ? OR c.phone_bidx = ?) AND" SCOPE_SQL("c", "contacts")
#define import_lead_dups_SQL \
	"SELECT COUNT(*) FROM leads l WHERE l.deleted_at IS NULL" \
	" AND (l.email_bidx = ? OR l.phone_bidx = ?) AND" SCOPE_SQL("l", "leads")

#define import_account_dups_SQL \
	"SELECT COUNT(*) FROM accounts a WHERE a.deleted_at IS NULL AND a.name = ? AND" \
	SCOPE_SQL("a", "accounts")
#define import_account_dups_IN(X) X(TEXT, name) X(SCOPE, scope)
#define import_account_dups_OUT(X) X(INT, n)

#define import_contact_insert_SQL \
	"INSERT INTO contacts (first_name, last_name, owner_id, team_id, title, department, preferred_language," \
	" do_not_call, email_opt_out, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_contact_insert_IN(X) X(TEXT, first_name) X(TEXT, last_name) X(INT, owner_id) X(VAL, team_id) \
	X(TEXT, title) X(TEXT, department) X(TEXT, preferred_language) X(INT, do_not_call) X(INT, email_opt_out)
#define import_contact_insert_OUT(X)

#define import_account_insert_SQL \
	"INSERT INTO accounts (name, owner_id, team_id, industry, website, phone, billing_address," \
	" shipping_address, employees, annual_revenue, revenue_currency, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_account_insert_IN(X) X(TEXT, name) X(INT, owner_id) X(VAL, team_id) \
	X(TEXT, industry) X(TEXT, website) X(TEXT, phone) X(TEXT, billing_address) X(TEXT, shipping_address) \
	X(TEXT, employees) X(TEXT, annual_revenue) X(TEXT, revenue_currency)
#define import_account_insert_OUT(X)

#define import_account_secrets_SQL "UPDATE accounts SET tax_id = ?, bank_account = ? WHERE id = ?"
#define import_account_secrets_IN(X) X(VAL, tax_id) X(VAL, bank_account) X(INT, id)
#define import_account_secrets_OUT(X)

#define import_lead_insert_SQL \
	"INSERT INTO leads (first_name, last_name, company, status, owner_id, team_id, title, source, rating," \
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_lead_insert_IN(X) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(TEXT, status) \
	X(INT, owner_id) X(VAL, team_id) X(TEXT, title) X(TEXT, source) X(TEXT, rating)
#define import_lead_insert_OUT(X)

#define import_lead_secrets_SQL \
	"UPDATE leads SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ? WHERE id = ?"
#define import_lead_secrets_IN(X) X(VAL, email) X(VAL, email_bidx) X(VAL, phone) X(VAL, phone_bidx) X(INT, id)
#define import_lead_secrets_OUT(X)

/* ---- CSV export (export.c) ---- */

/* Contacts: a name's beginning, or an exact email or phone (blind index). */
#define export_contacts_SQL \
	"SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.address, c.birth_date," \
	" c.title, c.department, c.mobile, c.preferred_language, CAST(c.do_not_call AS CHAR)," \
	" CAST(c.email_opt_out AS CHAR) FROM contacts c WHERE c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts") \
	" AND (? = '' OR c.last_name LIKE CONCAT(?, '%') OR c.first_name LIKE CONCAT(?, '%'))" \
	" AND (? = 0 OR c.email_bidx = ? OR c.phone_bidx = ?)" \
	" ORDER BY c.last_name, c.id LIMIT ?"
#define export_contacts_IN(X) X(SCOPE, scope) X(TEXT, like) X(TEXT, like_last) X(TEXT, like_first) \
	X(INT, exact) X(VAL, email_bidx) X(VAL, phone_bidx) X(INT, limit)
#define export_contacts_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(VAL, email) \
	X(VAL, phone) X(VAL, address) X(VAL, birth_date) X(TEXT, title) X(TEXT, department) X(VAL, mobile) \
	X(TEXT, preferred_language) X(TEXT, do_not_call) X(TEXT, email_opt_out)

/* Accounts: the name's beginning; the revenue in cents (NULL: none);
 * the parent's name only when it is live and in the accounts view scope
 * (NULL otherwise, as when there is none). */
#define export_accounts_SQL \
	"SELECT a.id, a.name, a.tax_id, a.bank_account, a.industry, a.website, a.phone, a.billing_address," \
	" a.shipping_address, CAST(a.employees AS CHAR), a.annual_revenue, a.revenue_currency," \
	" (SELECT p.name FROM accounts p WHERE p.id = a.parent_id AND p.deleted_at IS NULL AND" \
	SCOPE_SQL("p", "accounts") ") FROM accounts a" \
	" WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts") \
	" AND (? = '' OR a.name LIKE CONCAT(?, '%')) ORDER BY a.name, a.id LIMIT ?"
#define export_accounts_IN(X) X(SCOPE, parent_scope) X(SCOPE, scope) X(TEXT, like) X(TEXT, like_name) \
	X(INT, limit)
#define export_accounts_OUT(X) X(INT, id) X(TEXT, name) X(VAL, tax_id) X(VAL, bank_account) \
	X(TEXT, industry) X(TEXT, website) X(TEXT, phone) X(TEXT, billing_address) X(TEXT, shipping_address) \
	X(TEXT, employees) X(VAL, annual_revenue) X(TEXT, revenue_currency) X(TEXT, parent)

/* Leads: LEAD_SEARCH_SQL (sql_fragments.h). */
#define export_leads_SQL \
	"SELECT l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.status, l.title, l.source," \
	" l.rating FROM leads l" \
	" WHERE l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads") \
	LEAD_SEARCH_SQL " ORDER BY l.id LIMIT ?"
#define export_leads_IN(X) X(SCOPE, scope) X(TEXT, like) X(TEXT, like_last) X(TEXT, like_first) \
	X(TEXT, like_company) X(INT, exact) X(VAL, email_bidx) X(VAL, phone_bidx) X(INT, limit)
#define export_leads_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) \
	X(VAL, email) X(VAL, phone) X(TEXT, status) X(TEXT, title) X(TEXT, source) X(TEXT, rating)

/* Deals: the name's beginning; the amount in cents (NULL: none). */
#define export_deals_SQL \
	"SELECT d.id, d.name, a.name, s.name, d.amount_cents, d.currency, d.probability," \
	" DATE_FORMAT(d.expected_close, '%Y-%m-%d'), d.next_step, d.forecast_category, d.lost_reason" \
	" FROM deals d JOIN deal_stages s ON s.id = d.stage_id LEFT JOIN accounts a ON a.id = d.account_id" \
	" AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts") \
	" WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" AND (? = '' OR d.name LIKE CONCAT(?, '%')) ORDER BY d.id LIMIT ?"
#define export_deals_IN(X) X(SCOPE, account_scope) X(SCOPE, scope) X(TEXT, like) X(TEXT, like_name) X(INT, limit)
#define export_deals_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, account) X(TEXT, stage) \
	X(VAL, amount_cents) X(TEXT, currency) X(TEXT, probability) X(TEXT, expected_close) \
	X(TEXT, next_step) X(TEXT, forecast) X(TEXT, lost_reason)

/* Activities: the subject's beginning; the body sealed under the key of
 * the record it is attached to. */
#define export_activities_SQL \
	"SELECT a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i')," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i'), a.body FROM activities a" \
	" WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" AND (? = '' OR a.subject LIKE CONCAT(?, '%')) ORDER BY a.id LIMIT ?"
#define export_activities_IN(X) X(SCOPE, scope) X(TEXT, like) X(TEXT, like_subject) X(INT, limit)
#define export_activities_OUT(X) X(INT, id) X(TEXT, kind) X(TEXT, subject) X(TEXT, related_type) \
	X(VAL, related_id) X(TEXT, due) X(TEXT, done) X(TEXT, created) X(VAL, body)

#define TRANSFER_SHAPES(T) \
	T(import_dups) T(import_account_dups) T(import_contact_insert) \
	T(import_account_insert) T(import_account_secrets) T(import_lead_insert) T(import_lead_secrets) \
	T(export_contacts) T(export_accounts) T(export_leads) T(export_deals) T(export_activities)

#define TRANSFER_STMTS(S) \
	S(import_contact_dups, RO, import_dups) \
	S(import_lead_dups, RO, import_dups) \
	S(import_account_dups, RO, import_account_dups) \
	S(import_contact_insert, RW, import_contact_insert) \
	S(import_account_insert, RW, import_account_insert) \
	S(import_account_secrets, RW, import_account_secrets) \
	S(import_lead_insert, RW, import_lead_insert) \
	S(import_lead_secrets, RW, import_lead_secrets) \
	S(export_contacts, RO, export_contacts) \
	S(export_accounts, RO, export_accounts) \
	S(export_leads, RO, export_leads) \
	S(export_deals, RO, export_deals) \
	S(export_activities, RO, export_activities)

#endif
