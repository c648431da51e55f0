/* auth_sql.h: the statements of signing in (declared as stmt.h says):
 * the user found or created at sign-in and its roles from directory
 * groups (login_store.c), the second factor and recovery codes (mfa.c),
 * and the sign-in throttle (throttle.c). */
#ifndef CRM_AUTH_SQL_H
#define CRM_AUTH_SQL_H

/* A user by name (disabled NULL reads as disabled: VAL). */
#define auth_user_by_name_SQL "SELECT id, disabled, source FROM users WHERE username = ?"
#define auth_user_by_name_IN(X) X(TEXT, username)
#define auth_user_by_name_OUT(X) X(INT, id) X(VAL, disabled) X(TEXT, source)

#define auth_user_insert_SQL "INSERT INTO users (username, source, created_at)" \
	" VALUES (?, 'directory', UTC_TIMESTAMP())"
#define auth_user_insert_IN(X) X(TEXT, username)
#define auth_user_insert_OUT(X)

/* One statement about one user by id (shape auth_user_id). */
#define auth_user_id_IN(X) X(INT, user_id)
#define auth_user_id_OUT(X)
#define auth_user_login_touch_SQL "UPDATE users SET last_login_at = UTC_TIMESTAMP() WHERE id = ?"
#define auth_user_roles_clear_SQL "DELETE FROM user_roles WHERE user_id = ? AND source = 'group'"
#define auth_mfa_delete_SQL "DELETE FROM user_mfa WHERE user_id = ?"
#define auth_recovery_delete_all_SQL "DELETE FROM mfa_recovery_codes WHERE user_id = ?"

#define auth_user_roles_from_group_SQL "INSERT IGNORE INTO user_roles (user_id, role_id)" \
	" SELECT ?, role_id FROM group_roles WHERE group_name = ?"
#define auth_user_roles_from_group_IN(X) X(INT, user_id) X(TEXT, group_name)
#define auth_user_roles_from_group_OUT(X)

#define auth_user_role_names_SQL "SELECT r.name FROM user_roles ur JOIN roles r" \
	" ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name"
#define auth_user_role_names_IN(X) X(INT, user_id)
#define auth_user_role_names_OUT(X) X(TEXT, name)

/* The second factor: secret (an envelope), confirmed, last step used. */
#define auth_mfa_get_SQL "SELECT secret, confirmed_at IS NOT NULL, last_step FROM user_mfa" \
	" WHERE user_id = ?"
#define auth_mfa_get_IN(X) X(INT, user_id)
#define auth_mfa_get_OUT(X) X(VAL, secret) X(INT, confirmed) X(INT, last_step)

#define auth_mfa_put_SQL "INSERT INTO user_mfa (user_id, secret) VALUES (?, ?) ON DUPLICATE KEY" \
	" UPDATE secret = IF(confirmed_at IS NULL, VALUES(secret), secret)"
#define auth_mfa_put_IN(X) X(INT, user_id) X(VAL, secret)
#define auth_mfa_put_OUT(X)

#define auth_mfa_confirm_SQL "UPDATE user_mfa SET confirmed_at = UTC_TIMESTAMP(), last_step = ?" \
	" WHERE user_id = ? AND confirmed_at IS NULL"
#define auth_mfa_confirm_IN(X) X(INT, step) X(INT, user_id)
#define auth_mfa_confirm_OUT(X)

#define auth_mfa_use_step_SQL "UPDATE user_mfa SET last_step = ? WHERE user_id = ? AND last_step < ?"
#define auth_mfa_use_step_IN(X) X(INT, step) X(INT, user_id) X(INT, step_again)
#define auth_mfa_use_step_OUT(X)

/* A recovery code's hash: inserted, or used once (shape auth_recovery). */
#define auth_recovery_IN(X) X(INT, user_id) X(TEXT, code_hash)
#define auth_recovery_OUT(X)
#define auth_recovery_insert_SQL "INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)"
#define auth_recovery_use_SQL "UPDATE mfa_recovery_codes SET used_at = UTC_TIMESTAMP()" \
	" WHERE user_id = ? AND code_hash = ? AND used_at IS NULL"

/* The pair's, the username's and the address's rows (throttle.c caps
 * the username's wait). */
#define auth_throttle_check_SQL "SELECT kind, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until)" \
	" FROM login_throttle" \
	" WHERE (kind = 'pair' AND k = ?) OR (kind = 'user' AND k = ?) OR (kind = 'ip' AND k = ?)"
#define auth_throttle_check_IN(X) X(TEXT, pair) X(TEXT, user) X(TEXT, ip)
#define auth_throttle_check_OUT(X) X(TEXT, kind) X(INT, wait)

#define auth_throttle_wait_SQL "SELECT COALESCE(MAX(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP()," \
	" locked_until)), 0) FROM login_throttle WHERE kind = ? AND k = ?"
#define auth_throttle_wait_IN(X) X(TEXT, kind) X(TEXT, k)
#define auth_throttle_wait_OUT(X) X(INT, wait)

#define auth_throttle_fail_SQL "INSERT INTO login_throttle (kind, k, failures, first_at)" \
	" VALUES (?, ?, 1, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE" \
	" failures = IF(first_at < UTC_TIMESTAMP() - INTERVAL ? SECOND, 1, failures + 1)," \
	" first_at = IF(failures = 1, UTC_TIMESTAMP(), first_at)"
#define auth_throttle_fail_IN(X) X(TEXT, kind) X(TEXT, k) X(INT, window)
#define auth_throttle_fail_OUT(X)

#define auth_throttle_get_SQL "SELECT failures FROM login_throttle WHERE kind = ? AND k = ?"
#define auth_throttle_get_IN(X) X(TEXT, kind) X(TEXT, k)
#define auth_throttle_get_OUT(X) X(INT, failures)

#define auth_throttle_lock_SQL "UPDATE login_throttle" \
	" SET locked_until = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE kind = ? AND k = ?"
#define auth_throttle_lock_IN(X) X(INT, seconds) X(TEXT, kind) X(TEXT, k)
#define auth_throttle_lock_OUT(X)

#define auth_throttle_clear_SQL "DELETE FROM login_throttle WHERE kind = ? AND k = ?"
#define auth_throttle_clear_IN(X) X(TEXT, kind) X(TEXT, k)
#define auth_throttle_clear_OUT(X)

#define AUTH_SHAPES(T) T(auth_user_by_name) T(auth_user_insert) T(auth_user_id) \
	T(auth_user_roles_from_group) T(auth_user_role_names) T(auth_mfa_get) T(auth_mfa_put) \
	T(auth_mfa_confirm) T(auth_mfa_use_step) T(auth_recovery) T(auth_throttle_check) \
	T(auth_throttle_wait) T(auth_throttle_fail) T(auth_throttle_get) T(auth_throttle_lock) \
	T(auth_throttle_clear)
#define AUTH_STMTS(S) \
	S(auth_user_by_name, RO, auth_user_by_name) \
	S(auth_user_insert, RW, auth_user_insert) \
	S(auth_user_login_touch, RW, auth_user_id) \
	S(auth_user_roles_clear, RW, auth_user_id) \
	S(auth_mfa_delete, RW, auth_user_id) \
	S(auth_recovery_delete_all, RW, auth_user_id) \
	S(auth_user_roles_from_group, RW, auth_user_roles_from_group) \
	S(auth_user_role_names, RO, auth_user_role_names) \
	S(auth_mfa_get, RO, auth_mfa_get) \
	S(auth_mfa_put, RW, auth_mfa_put) \
	S(auth_mfa_confirm, RW, auth_mfa_confirm) \
	S(auth_mfa_use_step, RW, auth_mfa_use_step) \
	S(auth_recovery_insert, RW, auth_recovery) \
	S(auth_recovery_use, RW, auth_recovery) \
	S(auth_throttle_check, RO, auth_throttle_check) \
	S(auth_throttle_wait, RO, auth_throttle_wait) \
	S(auth_throttle_fail, RW, auth_throttle_fail) \
	S(auth_throttle_get, RO, auth_throttle_get) \
	S(auth_throttle_lock, RW, auth_throttle_lock) \
	S(auth_throttle_clear, RW, auth_throttle_clear)

#endif
