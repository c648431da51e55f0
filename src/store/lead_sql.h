/* lead_sql.h: the statements about leads that lead.c and lead_convert.c
 * run: one lead within scope, the list, creating, updating and
 * converting one, and the contact and deal rows a conversion creates
 * (declared as stmt.h says). The lifecycle's (LC_STMTS), the exports',
 * imports' and purge's lead statements are still in sql_statements.c. */
#ifndef CRM_LEAD_SQL_H
#define CRM_LEAD_SQL_H

/* One live lead within the scope. */
#define lead_get_SQL \
	"SELECT l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.status, l.owner_id," \
	" u.username, COALESCE(l.team_id, 0), COALESCE(t.name, ''), l.version," \
	" DATE_FORMAT(l.updated_at, '%Y-%m-%d %H:%i UTC'), COALESCE(l.converted_deal_id, 0)," \
	" l.title, l.source, l.rating" \
	" FROM leads l JOIN users u ON u.id = l.owner_id LEFT JOIN teams t ON t.id = l.team_id" \
	" WHERE l.id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
#define lead_get_IN(X) X(INT, id) X(SCOPE, scope)
#define lead_get_OUT(X) \
	X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(VAL, email) X(VAL, phone) \
	X(TEXT, status) X(INT, owner_id) X(TEXT, owner) X(INT, team_id) X(TEXT, team) X(INT, version) \
	X(TEXT, updated) X(INT, deal_id) X(TEXT, title) X(TEXT, source) X(TEXT, rating)

/* The list, newest first (before an id): a status, a source and a
 * rating ('' all), an owner (0 all) and LEAD_SEARCH_SQL's search (lead.c
 * fills it). */
#define lead_list_SQL \
	"SELECT l.id, l.first_name, l.last_name, l.company, l.status, u.username, l.source, l.rating" \
	" FROM leads l JOIN users u ON u.id = l.owner_id" \
	" WHERE l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads") \
	" AND (? = '' OR l.status = ?) AND (? = 0 OR l.owner_id = ?)" \
	" AND (? = '' OR l.source = ?) AND (? = '' OR l.rating = ?)" LEAD_SEARCH_SQL \
	" AND l.id < ? ORDER BY l.id DESC LIMIT ?"
#define lead_list_IN(X) \
	X(SCOPE, scope) X(TEXT, status) X(TEXT, status_again) X(INT, owner_id) X(INT, owner_id_again) \
	X(TEXT, source) X(TEXT, source_again) X(TEXT, rating) X(TEXT, rating_again) \
	X(TEXT, like) X(TEXT, like_last) X(TEXT, like_first) X(TEXT, like_company) \
	X(INT, exact) X(VAL, email_bidx) X(VAL, phone_bidx) X(INT, before) X(INT, limit)
#define lead_list_OUT(X) \
	X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(TEXT, status) X(TEXT, owner) \
	X(TEXT, source) X(TEXT, rating)

/* A new lead owned by the user (team 0: none); its sealed fields next. */
#define lead_insert_SQL \
	"INSERT INTO leads (first_name, last_name, company, owner_id, team_id, status, title, source, rating," \
	" created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define lead_insert_IN(X) \
	X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(INT, owner_id) X(INT, team_id) X(TEXT, status) \
	X(TEXT, title) X(TEXT, source) X(TEXT, rating)
#define lead_insert_OUT(X)

/* The sealed email and phone of a lead just inserted, with their blind
 * indexes. */
#define lead_set_sealed_SQL \
	"UPDATE leads SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ? WHERE id = ?"
#define lead_set_sealed_IN(X) \
	X(VAL, email) X(VAL, email_bidx) X(VAL, phone) X(VAL, phone_bidx) X(INT, id)
#define lead_set_sealed_OUT(X)

/* An edit at version within the scope (not of a converted lead): the
 * sealed fields only when their flag is 1. */
#define lead_update_SQL \
	"UPDATE leads l SET l.first_name = ?, l.last_name = ?, l.company = ?, l.status = ?," \
	" l.title = ?, l.source = ?, l.rating = ?," \
	" l.email = IF(? = 1, ?, l.email), l.email_bidx = IF(? = 1, ?, l.email_bidx)," \
	" l.phone = IF(? = 1, ?, l.phone), l.phone_bidx = IF(? = 1, ?, l.phone_bidx)," \
	" l.version = l.version + 1, l.updated_at = UTC_TIMESTAMP()" \
	" WHERE l.id = ? AND l.version = ? AND l.status <> 'converted' AND l.deleted_at IS NULL AND" \
	SCOPE_SQL("l", "leads")
#define lead_update_IN(X) \
	X(TEXT, first_name) X(TEXT, last_name) X(TEXT, company) X(TEXT, status) \
	X(TEXT, title) X(TEXT, source) X(TEXT, rating) \
	X(INT, email_set) X(VAL, email) X(INT, email_set_again) X(VAL, email_bidx) \
	X(INT, phone_set) X(VAL, phone) X(INT, phone_set_again) X(VAL, phone_bidx) \
	X(INT, id) X(INT, version) X(SCOPE, scope)
#define lead_update_OUT(X)

/* Marks a lead converted into a deal, at version within the scope. */
#define lead_converted_SQL \
	"UPDATE leads l SET l.status = 'converted', l.converted_deal_id = ?, l.converted_account_id = ?," \
	" l.version = l.version + 1," \
	" l.updated_at = UTC_TIMESTAMP() WHERE l.id = ? AND l.version = ? AND l.status <> 'converted'" \
	" AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
#define lead_converted_IN(X) X(INT, deal_id) X(INT, account_id) X(INT, id) X(INT, version) X(SCOPE, scope)
#define lead_converted_OUT(X)

/* Conversion: the contact (owned by the user, team 0: none; the lead's
 * job title), its sealed fields, its account; the deal in a stage,
 * amount 0 CHF. */
#define lead_convert_contact_SQL \
	"INSERT INTO contacts (first_name, last_name, owner_id, team_id, title, created_at, updated_at)" \
	" VALUES (?, ?, ?, NULLIF(?, 0), ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define lead_convert_contact_IN(X) \
	X(TEXT, first_name) X(TEXT, last_name) X(INT, owner_id) X(INT, team_id) X(TEXT, title)
#define lead_convert_contact_OUT(X)

#define lead_convert_contact_account_SQL "UPDATE contacts SET account_id = ? WHERE id = ?"
#define lead_convert_contact_account_IN(X) X(INT, account_id) X(INT, id)
#define lead_convert_contact_account_OUT(X)

#define lead_convert_deal_SQL \
	"INSERT INTO deals (name, account_id, contact_id, amount_cents, currency, stage_id, probability," \
	" expected_close, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, ?, 0, 'CHF', ?, ?, NULL, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define lead_convert_deal_IN(X) \
	X(TEXT, name) X(INT, account_id) X(INT, contact_id) X(INT, stage_id) X(INT, probability) \
	X(INT, owner_id) X(INT, team_id)
#define lead_convert_deal_OUT(X)

#define LEAD_SHAPES(T) \
	T(lead_get) T(lead_list) T(lead_insert) T(lead_set_sealed) T(lead_update) T(lead_converted) \
	T(lead_convert_contact) T(lead_convert_contact_account) \
	T(lead_convert_deal)
#define LEAD_STMTS(S) \
	S(lead_get, RO, lead_get) \
	S(lead_list, RO, lead_list) \
	S(lead_insert, RW, lead_insert) \
	S(lead_set_sealed, RW, lead_set_sealed) \
	S(lead_update, RW, lead_update) \
	S(lead_converted, RW, lead_converted) \
	S(lead_convert_contact, RW, lead_convert_contact) \
	S(lead_convert_contact_account, RW, lead_convert_contact_account) \
	S(lead_convert_deal, RW, lead_convert_deal)

#endif
