/* seed_sql.h: the statements of "crmctl seed" (crmctl_seed.c; declared
 * as stmt.h says): the owner of the demo records, the deal stages, and
 * the accounts and deals it inserts. Its contacts go through contact.c
 * (contact_sql.h), its activities through activity_sql.h's statements. */
#ifndef CRM_SEED_SQL_H
#define CRM_SEED_SQL_H

/* The default owner: the first enabled administrator. */
#define seed_first_admin_SQL \
	"SELECT u.username FROM users u JOIN user_roles ur ON ur.user_id = u.id" \
	" JOIN roles r ON r.id = ur.role_id WHERE r.name = 'administrator' AND u.disabled = 0" \
	" ORDER BY u.id LIMIT 1"
#define seed_first_admin_IN(X)
#define seed_first_admin_OUT(X) X(TEXT, username)

/* The owner by name: whether they signed in before and are enabled. */
#define seed_owner_get_SQL \
	"SELECT id, COALESCE(team_id, 0), last_login_at IS NOT NULL, disabled FROM users" \
	" WHERE username = ?"
#define seed_owner_get_IN(X) X(TEXT, username)
#define seed_owner_get_OUT(X) X(INT, id) X(INT, team_id) X(INT, signed_in) X(INT, disabled)

#define seed_stages_SQL "SELECT id, probability FROM deal_stages ORDER BY position"
#define seed_stages_IN(X)
#define seed_stages_OUT(X) X(INT, id) X(INT, probability)

/* Team 0: none. */
#define seed_account_insert_SQL \
	"INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define seed_account_insert_IN(X) X(TEXT, name) X(INT, owner_id) X(INT, team_id)
#define seed_account_insert_OUT(X)

#define seed_deal_insert_SQL \
	"INSERT INTO deals (name, account_id, contact_id, amount_cents, currency, stage_id, probability," \
	" expected_close, owner_id, team_id, created_at, updated_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define seed_deal_insert_IN(X) \
	X(TEXT, name) X(INT, account_id) X(INT, contact_id) X(INT, amount_cents) X(TEXT, currency) \
	X(INT, stage_id) X(INT, probability) X(TEXT, expected_close) X(INT, owner_id) X(INT, team_id)
#define seed_deal_insert_OUT(X)

#define SEED_SHAPES(T) \
	T(seed_first_admin) T(seed_owner_get) T(seed_stages) T(seed_account_insert) \
	T(seed_deal_insert)
#define SEED_STMTS(S) \
	S(seed_first_admin, RO, seed_first_admin) \
	S(seed_owner_get, RO, seed_owner_get) \
	S(seed_stages, RO, seed_stages) \
	S(seed_account_insert, RW, seed_account_insert) \
	S(seed_deal_insert, RW, seed_deal_insert)

#endif
