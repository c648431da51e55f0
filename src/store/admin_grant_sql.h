/* admin_grant_sql.h: the statements about temporary grants: a user's
 * live grants, giving one and revoking one (declared as stmt.h says;
 * grant_store.c runs them). */
#ifndef CRM_ADMIN_GRANT_SQL_H
#define CRM_ADMIN_GRANT_SQL_H

/* The user's grants that are neither revoked nor expired, soonest end first. */
#define admin_grant_list_SQL \
	"SELECT g.id, g.module, g.action, COALESCE(CAST(g.record_id AS CHAR), ''), g.reason," \
	" u.username, DATE_FORMAT(g.expires_at, '%Y-%m-%d %H:%i UTC'), COALESCE(g.scope, '')" \
	" FROM temp_grants g JOIN users u ON u.id = g.granted_by WHERE g.user_id = ?" \
	" AND g.revoked_at IS NULL AND g.expires_at > UTC_TIMESTAMP() ORDER BY g.expires_at"
#define admin_grant_list_IN(X) X(INT, user_id)
#define admin_grant_list_OUT(X) X(INT, id) X(TEXT, module) X(TEXT, action) X(TEXT, record) \
	X(TEXT, reason) X(TEXT, granted_by) X(TEXT, expires) X(TEXT, scope)

/* record and scope: one of them NULL; team NULL for none. */
#define admin_grant_insert_SQL \
	"INSERT INTO temp_grants (user_id, module, action, record_id, scope, team_id, reason," \
	" granted_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)"
#define admin_grant_insert_IN(X) X(INT, user_id) X(TEXT, module) X(TEXT, action) X(VAL, record) \
	X(TEXT, scope) X(VAL, team) X(TEXT, reason) X(INT, granted_by) X(TEXT, expires)
#define admin_grant_insert_OUT(X)

#define admin_grant_revoke_SQL \
	"UPDATE temp_grants SET revoked_at = UTC_TIMESTAMP() WHERE id = ? AND user_id = ?" \
	" AND revoked_at IS NULL"
#define admin_grant_revoke_IN(X) X(INT, id) X(INT, user_id)
#define admin_grant_revoke_OUT(X)

#define ADMIN_GRANT_SHAPES(T) T(admin_grant_list) T(admin_grant_insert) T(admin_grant_revoke)
#define ADMIN_GRANT_STMTS(S) \
	S(admin_grant_list, RO, admin_grant_list) \
	S(admin_grant_insert, RW, admin_grant_insert) \
	S(admin_grant_revoke, RW, admin_grant_revoke)

#endif
