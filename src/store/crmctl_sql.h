/* crmctl_sql.h: the statements of crmctl user (break-glass local
 * accounts): finding a users row by name, creating, enabling and
 * disabling it, granting its role (stmt.h). */
#ifndef CRM_CRMCTL_SQL_H
#define CRM_CRMCTL_SQL_H

#define crmctl_user_by_name_SQL "SELECT id, disabled, source FROM users WHERE username = ?"
#define crmctl_user_by_name_IN(X) X(TEXT, username)
#define crmctl_user_by_name_OUT(X) X(INT, id) X(INT, disabled) X(TEXT, source)

#define crmctl_user_insert_SQL \
	"INSERT INTO users (username, source, created_at) VALUES (?, 'local', UTC_TIMESTAMP())"
#define crmctl_user_insert_IN(X) X(TEXT, username)
#define crmctl_user_insert_OUT(X)

#define crmctl_user_set_disabled_SQL "UPDATE users SET disabled = ? WHERE id = ?"
#define crmctl_user_set_disabled_IN(X) X(INT, disabled) X(INT, id)
#define crmctl_user_set_disabled_OUT(X)

#define crmctl_user_role_grant_SQL \
	"INSERT IGNORE INTO user_roles (user_id, role_id, source)" \
	" SELECT ?, id, 'manual' FROM roles WHERE name = ?"
#define crmctl_user_role_grant_IN(X) X(INT, user_id) X(TEXT, role)
#define crmctl_user_role_grant_OUT(X)

#define crmctl_user_role_names_SQL \
	"SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id" \
	" WHERE ur.user_id = ? ORDER BY r.name"
#define crmctl_user_role_names_IN(X) X(INT, user_id)
#define crmctl_user_role_names_OUT(X) X(TEXT, name)

/* Shapes without a statement of their own: crmctl runs these through
 * db_run_sql because their text names a schema or is run on a restored
 * copy, and binds and reads them by the shape (stmt.h's _bind, _read). */
/* crmctl restore: does the live schema hold audit_log, and how many
 * connections does the application account have. */
#define crmctl_live_state_IN(X) X(TEXT, schema) X(TEXT, app_user)
#define crmctl_live_state_OUT(X) X(INT, has_audit_log) X(INT, app_connections)
/* A single COUNT(*). */
#define crmctl_count_IN(X)
#define crmctl_count_OUT(X) X(INT, count)
/* crmctl backup verify: the newest contacts' sealed emails of the copy. */
#define crmctl_sample_IN(X) X(INT, limit)
#define crmctl_sample_OUT(X) X(INT, id) X(VAL, email)

#define CRMCTL_SHAPES(T) T(crmctl_live_state) T(crmctl_count) T(crmctl_sample) T(crmctl_user_by_name) T(crmctl_user_insert) T(crmctl_user_set_disabled) \
	T(crmctl_user_role_grant) T(crmctl_user_role_names)
#define CRMCTL_STMTS(S) \
	S(crmctl_user_by_name, RO, crmctl_user_by_name) \
	S(crmctl_user_insert, RW, crmctl_user_insert) \
	S(crmctl_user_set_disabled, RW, crmctl_user_set_disabled) \
	S(crmctl_user_role_grant, RW, crmctl_user_role_grant) \
	S(crmctl_user_role_names, RO, crmctl_user_role_names)

#endif
