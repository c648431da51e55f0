/* admin_user_sql.h: the statements about users as /admin/users sees and
 * changes them: the list, one user, their role choices and names, the
 * teams, their sign-in history, the count of other administrators, the
 * changes (disabled, hand-assigned roles, team), and whether a user is
 * within the actor's reach (declared as stmt.h says; user_store.c and
 * user_scope.c run them). */
#ifndef CRM_ADMIN_USER_SQL_H
#define CRM_ADMIN_USER_SQL_H

/* A page of users within reach: live sessions, roles, last sign-in. */
#define admin_user_list_SQL \
	"SELECT u.id, u.username, u.source, u.disabled," \
	" COALESCE(DATE_FORMAT(u.last_login_at, '%Y-%m-%d %H:%i UTC'), '')," \
	" (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id" \
	"  AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND" \
	"  AND s.created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND)," \
	" COALESCE((SELECT GROUP_CONCAT(r.name ORDER BY r.name SEPARATOR ', ')" \
	"  FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '')" \
	" FROM users u WHERE" USER_SCOPE_SQL " ORDER BY u.username LIMIT ? OFFSET ?"
#define admin_user_list_IN(X) X(INT, idle) X(INT, max_age) X(USCOPE, scope) X(INT, limit) X(INT, offset)
#define admin_user_list_OUT(X) X(INT, id) X(TEXT, username) X(TEXT, source) X(INT, disabled) \
	X(TEXT, last_login) X(INT, sessions) X(TEXT, roles)

/* One user (team 0: none). */
#define admin_user_get_SQL "SELECT username, disabled, source, COALESCE(team_id, 0) FROM users WHERE id = ?"
#define admin_user_get_IN(X) X(INT, id)
#define admin_user_get_OUT(X) X(TEXT, username) X(INT, disabled) X(TEXT, source) X(INT, team_id)

/* Every role, with whether the user holds it by hand and from a group. */
#define admin_user_role_choices_SQL \
	"SELECT r.id, r.name," \
	" EXISTS(SELECT 1 FROM user_roles ur WHERE ur.user_id = ? AND ur.role_id = r.id AND ur.source = 'manual')," \
	" EXISTS(SELECT 1 FROM user_roles ug WHERE ug.user_id = ? AND ug.role_id = r.id AND ug.source = 'group')" \
	" FROM roles r ORDER BY r.name"
#define admin_user_role_choices_IN(X) X(INT, user_id) X(INT, user_id_again)
#define admin_user_role_choices_OUT(X) X(INT, id) X(TEXT, name) X(INT, manual) X(INT, from_group)

/* The teams a user can be put in. */
#define admin_user_teams_SQL "SELECT id, name FROM teams ORDER BY name"
#define admin_user_teams_IN(X)
#define admin_user_teams_OUT(X) X(INT, id) X(TEXT, name)

/* The user's last 50 sign-in events from the audit trail. */
#define admin_user_sign_ins_SQL \
	"SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), action, outcome, ip, user_agent," \
	" JSON_UNQUOTE(JSON_EXTRACT(detail, '$.reason'))" \
	" FROM audit_log WHERE actor = ? AND action LIKE 'auth.%' ORDER BY at DESC LIMIT 50"
#define admin_user_sign_ins_IN(X) X(TEXT, actor)
#define admin_user_sign_ins_OUT(X) X(TEXT, at) X(TEXT, action) X(TEXT, outcome) X(TEXT, ip) \
	X(TEXT, agent) X(TEXT, reason)

/* Active administrators other than one user. */
#define admin_user_other_admins_SQL \
	"SELECT COUNT(DISTINCT u.id) FROM users u JOIN user_roles ur ON ur.user_id = u.id" \
	" JOIN roles r ON r.id = ur.role_id WHERE r.name = 'administrator' AND u.disabled = 0" \
	" AND u.id <> ?"
#define admin_user_other_admins_IN(X) X(INT, user_id)
#define admin_user_other_admins_OUT(X) X(INT, n)

/* The user's role names, all sources. */
#define admin_user_role_names_SQL \
	"SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id" \
	" WHERE ur.user_id = ? ORDER BY r.name"
#define admin_user_role_names_IN(X) X(INT, user_id)
#define admin_user_role_names_OUT(X) X(TEXT, name)

#define admin_user_set_disabled_SQL "UPDATE users SET disabled = ? WHERE id = ?"
#define admin_user_set_disabled_IN(X) X(INT, disabled) X(INT, id)
#define admin_user_set_disabled_OUT(X)

#define admin_user_roles_clear_SQL "DELETE FROM user_roles WHERE user_id = ? AND source = 'manual'"
#define admin_user_roles_clear_IN(X) X(INT, user_id)
#define admin_user_roles_clear_OUT(X)

#define admin_user_role_add_SQL \
	"INSERT IGNORE INTO user_roles (user_id, role_id, source) SELECT ?, id, 'manual'" \
	" FROM roles WHERE id = ?"
#define admin_user_role_add_IN(X) X(INT, user_id) X(INT, role_id)
#define admin_user_role_add_OUT(X)

/* team: NULL for none. */
#define admin_user_set_team_SQL "UPDATE users SET team_id = ? WHERE id = ?"
#define admin_user_set_team_IN(X) X(VAL, team) X(INT, id)
#define admin_user_set_team_OUT(X)

/* The user when within the actor's reach (user_scope.c). */
#define admin_user_in_scope_SQL "SELECT u.id FROM users u WHERE u.id = ? AND" USER_SCOPE_SQL
#define admin_user_in_scope_IN(X) X(INT, id) X(USCOPE, scope)
#define admin_user_in_scope_OUT(X) X(INT, id)

#define ADMIN_USER_SHAPES(T) T(admin_user_list) T(admin_user_get) T(admin_user_role_choices) \
	T(admin_user_teams) T(admin_user_sign_ins) T(admin_user_other_admins) T(admin_user_role_names) \
	T(admin_user_set_disabled) T(admin_user_roles_clear) T(admin_user_role_add) \
	T(admin_user_set_team) T(admin_user_in_scope)
#define ADMIN_USER_STMTS(S) \
	S(admin_user_list, RO, admin_user_list) \
	S(admin_user_get, RO, admin_user_get) \
	S(admin_user_role_choices, RO, admin_user_role_choices) \
	S(admin_user_teams, RO, admin_user_teams) \
	S(admin_user_sign_ins, RO, admin_user_sign_ins) \
	S(admin_user_other_admins, RO, admin_user_other_admins) \
	S(admin_user_role_names, RO, admin_user_role_names) \
	S(admin_user_set_disabled, RW, admin_user_set_disabled) \
	S(admin_user_roles_clear, RW, admin_user_roles_clear) \
	S(admin_user_role_add, RW, admin_user_role_add) \
	S(admin_user_set_team, RW, admin_user_set_team) \
	S(admin_user_in_scope, RO, admin_user_in_scope)

#endif
