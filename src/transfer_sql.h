/* transfer_sql.h: the statements of CSV import (import_store.c): the
 * duplicate checks within the importer's view scope (an account's name
 * compares under the table's case- and accent-insensitive collation),
 * the inserts (owned by the importer and their team) and the sealed
 * fields written under the new record's own key. Declared as stmt.h
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
	"INSERT INTO contacts (first_name, last_name, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_contact_insert_IN(X) X(TEXT, first_name) X(TEXT, last_name) X(INT, owner_id) X(VAL, team_id)
#define import_contact_insert_OUT(X)

#define import_contact_secrets_SQL \
	"UPDATE contacts SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ?, address = ?," \
	" birth_date = ? WHERE id = ?"
#define import_contact_secrets_IN(X) X(VAL, email) X(VAL, email_bidx) X(VAL, phone) X(VAL, phone_bidx) \
	X(VAL, address) X(VAL, birth_date) X(INT, id)
#define import_contact_secrets_OUT(X)

#define import_account_insert_SQL \
	"INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_account_insert_IN(X) X(TEXT, name) X(INT, owner_id) X(VAL, team_id)
#define import_account_insert_OUT(X)

#define import_account_secrets_SQL "UPDATE accounts SET tax_id = ?, bank_account = ? WHERE id = ?"
#define import_account_secrets_IN(X) X(VAL, tax_id) X(VAL, bank_account) X(INT, id)
#define import_account_secrets_OUT(X)

#define import_lead_insert_SQL \
	"INSERT INTO leads (first_name, last_name, company, status, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define import_lead_insert_IN(X) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(TEXT, status) \
	X(INT, owner_id) X(VAL, team_id)
#define import_lead_insert_OUT(X)

#define import_lead_secrets_SQL \
	"UPDATE leads SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ? WHERE id = ?"
#define import_lead_secrets_IN(X) X(VAL, email) X(VAL, email_bidx) X(VAL, phone) X(VAL, phone_bidx) X(INT, id)
#define import_lead_secrets_OUT(X)

#define TRANSFER_SHAPES(T) \
	T(import_dups) T(import_account_dups) T(import_contact_insert) T(import_contact_secrets) \
	T(import_account_insert) T(import_account_secrets) T(import_lead_insert) T(import_lead_secrets)

#define TRANSFER_STMTS(S) \
	S(import_contact_dups, RO, import_dups) \
	S(import_lead_dups, RO, import_dups) \
	S(import_account_dups, RO, import_account_dups) \
	S(import_contact_insert, RW, import_contact_insert) \
	S(import_contact_secrets, RW, import_contact_secrets) \
	S(import_account_insert, RW, import_account_insert) \
	S(import_account_secrets, RW, import_account_secrets) \
	S(import_lead_insert, RW, import_lead_insert) \
	S(import_lead_secrets, RW, import_lead_secrets)

#endif
