/* sql_statements.c: owns the text of every statement the application
 * prepares. SQL lives only here (and in sql/ migrations), always with
 * placeholders, so a reviewer can read every query in one file. */
#include "config.h"

#include "sql_statements.h"

#define LC_STMTS(T, S, one, table, label) \
	[STMT_##T##_DELETE] = { one "_delete", LC_DELETE(table), false }, \
	[STMT_##S##_DELETED] = { table "_deleted", LC_DELETED(table, label), true }, \
	[STMT_##T##_RESTORE] = { one "_restore", LC_RESTORE(table), false }, \
	[STMT_##T##_OWNER] = { one "_owner", LC_OWNER(table), true }, \
	[STMT_##T##_REASSIGN] = { one "_reassign", LC_REASSIGN(table), false }, \
	[STMT_##S##_REASSIGN_ALL] = { table "_reassign_all", LC_REASSIGN_ALL(table), false }

const struct stmt_def stmt_defs[STMT__MAX] = {
	/* Backups (crmctl, admin account). */
	[STMT_BACKUP_INSERT] = { "backup_insert",
	    "INSERT INTO backups (name, created_at, finished_at, schema_version, tables_count,"
	    " rows_count, bytes, with_keyring) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", false },
	[STMT_DRILL_INSERT] = { "drill_insert",
	    "INSERT INTO backup_drills (started_at, finished_at, backup_name, backup_created_at,"
	    " outcome, restore_seconds, backup_age_seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", false },
	[STMT_MIGRATION_APPLIED] = { "migration_applied",
	    "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
	    true },
	[STMT_MIGRATION_RECORD] = { "migration_record",
	    "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP())", false },
	[STMT_DATA_KEY_INSERT] = { "data_key_insert",
	    "INSERT INTO data_keys (subject_type, subject_id, kek_version, created_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP())", false },
	[STMT_DATA_KEY_SET_WRAPPED] = { "data_key_set_wrapped",
	    "UPDATE data_keys SET wrapped = ? WHERE id = ?", false },
	[STMT_DATA_KEY_GET] = { "data_key_get",
	    "SELECT id, kek_version, wrapped FROM data_keys"
	    " WHERE subject_type = ? AND subject_id = ? LOCK IN SHARE MODE", true },
	[STMT_DATA_KEY_LOCK] = { "data_key_lock",
	    "SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys"
	    " WHERE wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 1 FOR UPDATE", false },
	[STMT_ENCRYPTED_COLUMNS] = { "encrypted_columns",
	    "SELECT table_name, column_name, subject_type, subject_column, row_column"
	    " FROM encrypted_columns ORDER BY table_name, column_name", true },
	[STMT_USER_BY_NAME] = { "user_by_name",
	    "SELECT id, disabled, source FROM users WHERE username = ?", true },
	[STMT_USER_INSERT] = { "user_insert",
	    "INSERT INTO users (username, source, created_at) VALUES (?, 'directory', UTC_TIMESTAMP())",
	    false },
	[STMT_USER_LOGIN_TOUCH] = { "user_login_touch",
	    "UPDATE users SET last_login_at = UTC_TIMESTAMP() WHERE id = ?", false },
	[STMT_USER_ROLES_CLEAR] = { "user_roles_clear",
	    "DELETE FROM user_roles WHERE user_id = ? AND source = 'group'", false },
	[STMT_USER_ROLES_FROM_GROUP] = { "user_roles_from_group",
	    "INSERT IGNORE INTO user_roles (user_id, role_id)"
	    " SELECT ?, role_id FROM group_roles WHERE group_name = ?", false },
	[STMT_USER_ROLE_NAMES] = { "user_role_names",
	    "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
	    " WHERE ur.user_id = ? ORDER BY r.name", true },
	[STMT_SESSION_INSERT] = { "session_insert",
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip,"
	    " user_agent, mfa_pending, mfa_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?, ?, ?,"
	    " IF(?, UTC_TIMESTAMP(), NULL))", false },
	[STMT_SESSION_MFA_VERIFIED] = { "session_mfa_verified",
	    "UPDATE sessions SET mfa_at = UTC_TIMESTAMP() WHERE id = ?", false },
	[STMT_SESSION_GET] = { "session_get",
	    "SELECT s.id, s.user_id, s.csrf_token, u.username, u.disabled,"
	    " TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP()),"
	    " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()), s.mfa_pending,"
	    " COALESCE(u.team_id, 0), (SELECT n FROM rbac_generation WHERE id = 1),"
	    " COALESCE(TIMESTAMPDIFF(SECOND, s.mfa_at, UTC_TIMESTAMP()), -1)"
	    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", true },
	[STMT_SESSION_TOUCH] = { "session_touch",
	    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() WHERE id = ?", false },
	[STMT_SESSION_DELETE] = { "session_delete",
	    "DELETE FROM sessions WHERE id = ?", false },
	/* The pair's, the username's and the address's rows (throttle.c caps
	 * the username's wait). */
	[STMT_THROTTLE_CHECK] = { "throttle_check",
	    "SELECT kind, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until) FROM login_throttle"
	    " WHERE (kind = 'pair' AND k = ?) OR (kind = 'user' AND k = ?) OR (kind = 'ip' AND k = ?)", true },
	[STMT_THROTTLE_WAIT] = { "throttle_wait",
	    "SELECT COALESCE(MAX(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until)), 0)"
	    " FROM login_throttle WHERE kind = ? AND k = ?", true },
	[STMT_THROTTLE_FAIL] = { "throttle_fail",
	    "INSERT INTO login_throttle (kind, k, failures, first_at) VALUES (?, ?, 1, UTC_TIMESTAMP())"
	    " ON DUPLICATE KEY UPDATE"
	    " failures = IF(first_at < UTC_TIMESTAMP() - INTERVAL ? SECOND, 1, failures + 1),"
	    " first_at = IF(failures = 1, UTC_TIMESTAMP(), first_at)", false },
	[STMT_THROTTLE_GET] = { "throttle_get",
	    "SELECT failures FROM login_throttle WHERE kind = ? AND k = ?", true },
	[STMT_THROTTLE_LOCK] = { "throttle_lock",
	    "UPDATE login_throttle SET locked_until = UTC_TIMESTAMP() + INTERVAL ? SECOND"
	    " WHERE kind = ? AND k = ?", false },
	[STMT_THROTTLE_CLEAR] = { "throttle_clear",
	    "DELETE FROM login_throttle WHERE kind = ? AND k = ?", false },
	[STMT_MFA_GET] = { "mfa_get",
	    "SELECT secret, confirmed_at IS NOT NULL, last_step FROM user_mfa WHERE user_id = ?", true },
	[STMT_MFA_DELETE] = { "mfa_delete",
	    "DELETE FROM user_mfa WHERE user_id = ?", false },
	[STMT_MFA_PUT] = { "mfa_put",
	    "INSERT INTO user_mfa (user_id, secret) VALUES (?, ?) ON DUPLICATE KEY UPDATE"
	    " secret = IF(confirmed_at IS NULL, VALUES(secret), secret)", false },
	[STMT_MFA_CONFIRM] = { "mfa_confirm",
	    "UPDATE user_mfa SET confirmed_at = UTC_TIMESTAMP(), last_step = ?"
	    " WHERE user_id = ? AND confirmed_at IS NULL", false },
	[STMT_MFA_USE_STEP] = { "mfa_use_step",
	    "UPDATE user_mfa SET last_step = ? WHERE user_id = ? AND last_step < ?", false },
	[STMT_RECOVERY_DELETE_ALL] = { "recovery_delete_all",
	    "DELETE FROM mfa_recovery_codes WHERE user_id = ?", false },
	[STMT_RECOVERY_INSERT] = { "recovery_insert",
	    "INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)", false },
	[STMT_RECOVERY_USE] = { "recovery_use",
	    "UPDATE mfa_recovery_codes SET used_at = UTC_TIMESTAMP()"
	    " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", false },
	[STMT_SESSIONS_OF_USER] = { "sessions_of_user",
	    "SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i UTC'),"
	    " DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i UTC'), ip, user_agent"
	    " FROM sessions WHERE user_id = ?"
	    " AND last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    " AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    " ORDER BY last_seen_at DESC, id DESC", true },
	[STMT_SESSIONS_EXPIRED_DELETE] = { "sessions_expired_delete",
	    "DELETE FROM sessions WHERE user_id = ?"
	    " AND (last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    " OR created_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND)", false },
	/* The user's sessions past the newest N (the offset), oldest last. */
	[STMT_SESSIONS_BEYOND_LIMIT] = { "sessions_beyond_limit",
	    "SELECT id FROM sessions WHERE user_id = ?"
	    " ORDER BY created_at DESC, id DESC LIMIT 1000 OFFSET ?", false },
	/* Counts a wrong password or code given to confirm a sensitive
	 * action; the new count comes back as the insert id. */
	[STMT_SESSION_REAUTH_FAILED] = { "session_reauth_failed",
	    "UPDATE sessions SET reauth_failures = LAST_INSERT_ID(reauth_failures + 1) WHERE id = ?",
	    false },
	[STMT_SESSION_REVOKE_OWN] = { "session_revoke_own",
	    "DELETE FROM sessions WHERE id = ? AND user_id = ?", false },
	[STMT_DATA_KEY_BATCH_OLD] = { "data_key_batch_old",
	    "SELECT id, subject_type, subject_id, kek_version, wrapped FROM data_keys"
	    " WHERE kek_version < ? AND wrapped IS NOT NULL AND id > ? ORDER BY id LIMIT 500", true },
	[STMT_DATA_KEY_REWRAP] = { "data_key_rewrap",
	    "UPDATE data_keys SET wrapped = ?, kek_version = ?, rewrapped_at = UTC_TIMESTAMP()"
	    " WHERE id = ? AND kek_version = ?", false },
	[STMT_DATA_KEY_COUNT_BY_KEK] = { "data_key_count_by_kek",
	    "SELECT kek_version, COUNT(*) FROM data_keys WHERE wrapped IS NOT NULL"
	    " GROUP BY kek_version ORDER BY kek_version", true },
	[STMT_DATA_KEY_DESTROY] = { "data_key_destroy",
	    "UPDATE data_keys SET wrapped = NULL, destroyed_at = UTC_TIMESTAMP()"
	    " WHERE subject_type = ? AND subject_id = ?", false },
	[STMT_SESSION_ROLES] = { "session_roles",
	    "SELECT r.name, r.mfa_required, (SELECT COUNT(*) FROM user_mfa m"
	    " WHERE m.user_id = ur.user_id AND m.confirmed_at IS NOT NULL)"
	    " FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
	    " WHERE ur.user_id = ? ORDER BY r.name", true },
	[STMT_SESSIONS_REVOKE_ALL] = { "sessions_revoke_all",
	    "DELETE FROM sessions WHERE user_id = ?", false },
	[STMT_ADMIN_USERS] = { "admin_users",
	    "SELECT u.id, u.username, u.source, u.disabled,"
	    " COALESCE(DATE_FORMAT(u.last_login_at, '%Y-%m-%d %H:%i UTC'), ''),"
	    " (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id"
	    "  AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    "  AND s.created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND),"
	    " COALESCE((SELECT GROUP_CONCAT(r.name ORDER BY r.name SEPARATOR ', ')"
	    "  FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '')"
	    " FROM users u WHERE" USER_SCOPE_SQL " ORDER BY u.username LIMIT ? OFFSET ?", true },
	[STMT_ADMIN_USER_NAME] = { "admin_user_name",
	    "SELECT username FROM users WHERE id = ?", true },
	[STMT_ADMIN_ROLES] = { "admin_roles",
	    "SELECT r.id, r.name, r.mfa_required,"
	    " (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id), r.export_row_cap"
	    " FROM roles r ORDER BY r.name", true },
	[STMT_ROLE_GET] = { "role_get",
	    "SELECT name, mfa_required FROM roles WHERE id = ?", true },
	[STMT_ROLE_SET_MFA] = { "role_set_mfa",
	    "UPDATE roles SET mfa_required = ? WHERE id = ?", false },
	[STMT_LOCAL_USER_INSERT] = { "local_user_insert",
	    "INSERT INTO users (username, source, created_at) VALUES (?, 'local', UTC_TIMESTAMP())",
	    false },
	[STMT_USER_ROLE_GRANT] = { "user_role_grant",
	    "INSERT IGNORE INTO user_roles (user_id, role_id, source)"
	    " SELECT ?, id, 'manual' FROM roles WHERE name = ?",
	    false },
	[STMT_USER_SET_DISABLED] = { "user_set_disabled",
	    "UPDATE users SET disabled = ? WHERE id = ?", false },
	[STMT_SHOW_GRANTS] = { "show_grants",
	    "SHOW GRANTS FOR CURRENT_USER()", true },
	/* The audit trail (src/audit.c, src/crmctl_audit.c). A writer locks
	 * the first head row no one else holds, and only when all are held
	 * waits on one; a chain's records are thus written one at a time. */
	[STMT_AUDIT_HEAD_LOCK_FREE] = { "audit_head_lock_free",
	    "SELECT chain, seq, mac FROM audit_head ORDER BY chain LIMIT 1"
	    " FOR UPDATE SKIP LOCKED", false },
	[STMT_AUDIT_HEAD_LOCK] = { "audit_head_lock",
	    "SELECT chain, seq, mac FROM audit_head WHERE chain = ? FOR UPDATE", false },
	[STMT_AUDIT_HEADS] = { "audit_heads",
	    "SELECT chain, seq, mac FROM audit_head ORDER BY chain", true },
	[STMT_AUDIT_HEAD_SET] = { "audit_head_set",
	    "UPDATE audit_head SET seq = ?, mac = ? WHERE chain = ? AND seq = ?", false },
	[STMT_AUDIT_INSERT] = { "audit_insert",
	    "INSERT INTO audit_log (chain, chain_seq, at, actor_id, actor, roles, ip, user_agent,"
	    " request_id, action, object_type, object_id, outcome, items, detail, prev_mac, mac)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", false },
	[STMT_AUDIT_BATCH] = { "audit_batch",
	    "SELECT " AUDIT_COLUMNS " FROM audit_log l WHERE l.chain = ? AND l.chain_seq > ?"
	    " ORDER BY l.chain_seq LIMIT 1000", true },
	[STMT_AUDIT_COUNT] = { "audit_count",
	    "SELECT COUNT(*) FROM audit_log", true },
	[STMT_AUDIT_MAC_AT] = { "audit_mac_at",
	    "SELECT mac FROM audit_log WHERE chain = ? AND chain_seq = ?", true },
	[STMT_AUDIT_FIRST] = { "audit_first",
	    "SELECT COALESCE(MIN(chain_seq), 0) FROM audit_log WHERE chain = ?", true },
	/* The first record of a chain young enough to keep: purges delete
	 * only below it, so what is left is always a contiguous tail of
	 * each chain. */
	[STMT_AUDIT_FIRST_KEPT] = { "audit_first_kept",
	    "SELECT chain_seq FROM audit_log WHERE chain = ? AND at >= ?"
	    " ORDER BY chain_seq LIMIT 1", true },
	[STMT_AUDIT_DELETE_BELOW] = { "audit_delete_below",
	    "DELETE FROM audit_log WHERE chain = ? AND chain_seq < ?", false },
	[STMT_AUDIT_CHECKPOINT_LAST] = { "audit_checkpoint_last",
	    "SELECT first_chain_seq, prev_mac, purged, mac FROM audit_checkpoint WHERE chain = ?"
	    " ORDER BY first_chain_seq DESC, id DESC LIMIT 1", true },
	[STMT_AUDIT_CHECKPOINT_INSERT] = { "audit_checkpoint_insert",
	    "INSERT INTO audit_checkpoint (created_at, chain, first_chain_seq, prev_mac, purged, mac)"
	    " VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?)", false },
	[STMT_AUDIT_SEARCH] = { "audit_search",
	    "SELECT seq, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), actor, roles, ip, user_agent,"
	    " request_id, action, object_type, object_id, outcome, items, detail FROM audit_log"
	    " WHERE (? = '' OR actor = ?) AND (? = '' OR action = ? OR action LIKE CONCAT(?, '.%'))"
	    " AND (? = '' OR object_type = ?) AND (? = '' OR object_id = ?) AND (? = '' OR ip = ?)"
	    " AND at >= ? AND at < ? + INTERVAL 1 DAY ORDER BY seq DESC LIMIT ? OFFSET ?", true },
	[STMT_LAST_SIGN_INS] = { "last_sign_ins",
	    "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i UTC'), ip, at FROM audit_log"
	    " WHERE actor = ? AND action = 'auth.login' AND outcome = 'success'"
	    " ORDER BY at DESC LIMIT 2", true },
	[STMT_FAILED_SIGN_INS_SINCE] = { "failed_sign_ins_since",
	    "SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'auth.login'"
	    " AND outcome = 'failure' AND at > ?", true },
	[STMT_SIGN_IN_HISTORY] = { "sign_in_history",
	    "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), action, outcome, ip, user_agent,"
	    " JSON_UNQUOTE(JSON_EXTRACT(detail, '$.reason'))"
	    " FROM audit_log WHERE actor = ? AND action LIKE 'auth.%' ORDER BY at DESC LIMIT 50", true },
	/* crmctl watch: the watermark, the audit stream and the alerts it
	 * raises. Times cross as seconds since the epoch in UTC, computed
	 * without the session time zone. */
	[STMT_WATCH_STATE_SET] = { "watch_state_set",
	    "INSERT INTO watch_state (id, last_seq, updated_at) VALUES (1, ?, UTC_TIMESTAMP())"
	    " ON DUPLICATE KEY UPDATE last_seq = GREATEST(last_seq, VALUES(last_seq)),"
	    " updated_at = VALUES(updated_at)", false },
	/* Records the watcher handled (at or below its cursors) in the last
	 * ? days, to learn baselines from after a restart. */
	[STMT_WATCH_AUDIT_LEARN] = { "watch_audit_learn",
	    "SELECT l.seq, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', l.at), l.actor, l.roles, l.ip,"
	    " l.action, l.object_type, l.object_id, l.outcome, l.items,"
	    " IF(l.action = 'user.roles', l.detail, '')"
	    " FROM audit_log l LEFT JOIN audit_cursors c ON c.consumer = 'watch' AND c.chain = l.chain"
	    " WHERE l.seq > ? AND l.at >= UTC_TIMESTAMP() - INTERVAL ? DAY"
	    " AND l.chain_seq <= COALESCE(c.chain_seq, 0) ORDER BY l.seq LIMIT ?", true },
	[STMT_ALERT_INSERT] = { "alert_insert",
	    "INSERT INTO alerts (created_at, kind, severity, actor, ip, subject, window_start,"
	    " first_seq, last_seq, summary, detail) VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?,"
	    " '1970-01-01 00:00:00' + INTERVAL ? SECOND, ?, ?, ?, ?)", false },
	[STMT_ALERTS_LIST] = { "alerts_list",
	    "SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), severity, kind, actor, ip,"
	    " summary, detail, DATE_FORMAT(acknowledged_at, '%Y-%m-%d %H:%i'), acknowledged_by, ack_note"
	    " FROM alerts WHERE ? = 1 OR acknowledged_at IS NULL ORDER BY id DESC LIMIT ?", true },
	[STMT_ALERT_ACK] = { "alert_ack",
	    "UPDATE alerts SET acknowledged_at = UTC_TIMESTAMP(), acknowledged_by = ?, ack_note = ?"
	    " WHERE id = ? AND acknowledged_at IS NULL", false },
	/* A consumer's unread records: per chain, those past its cursor
	 * (audit.h says why per chain). Driven from the 16 head rows so each
	 * chain is a range of the (chain, chain_seq) key. */
	[STMT_AUDIT_FETCH_AFTER] = { "audit_fetch_after",
	    "SELECT " AUDIT_COLUMNS " FROM audit_head h"
	    " LEFT JOIN audit_cursors c ON c.consumer = ? AND c.chain = h.chain"
	    " JOIN audit_log l ON l.chain = h.chain AND l.chain_seq > COALESCE(c.chain_seq, 0)"
	    " ORDER BY l.seq LIMIT ?", true },
	[STMT_AUDIT_CURSOR_ADVANCE] = { "audit_cursor_advance",
	    "INSERT INTO audit_cursors (consumer, chain, chain_seq) VALUES (?, ?, ?)"
	    " ON DUPLICATE KEY UPDATE chain_seq = GREATEST(chain_seq, VALUES(chain_seq))", false },
	/* Rows ordered by role: rbac_load checks each role's restrictions once.
	 * export_row_cap repeats on each row of a role (NULL: server default). */
	[STMT_RBAC_GRANTS] = { "rbac_grants",
	    "SELECT r.id, r.allowed_networks, r.allowed_hours, rp.module, rp.action, rp.scope,"
	    " r.export_row_cap"
	    " FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
	    " LEFT JOIN role_permissions rp ON rp.role_id = r.id"
	    " WHERE ur.user_id = ? ORDER BY r.id", true },
	/* Module-wide grants with what grant_effective() caps them by: the
	 * scope the granter's roles give on the same module x action, and on
	 * admin.users edit (FIELD: 1 own, 2 team, 3 all, 0 none). */
	[STMT_RBAC_TEMP_GRANTS] = { "rbac_temp_grants",
	    "SELECT g.module, g.action, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), g.expires_at),"
	    " COALESCE(g.scope, 'all'), COALESCE(g.team_id, 0),"
	    " (SELECT COALESCE(MAX(FIELD(p.scope, 'own', 'team', 'all')), 0) FROM user_roles ur"
	    "  JOIN role_permissions p ON p.role_id = ur.role_id WHERE ur.user_id = g.granted_by"
	    "  AND p.module = g.module AND p.action = g.action),"
	    " (SELECT COALESCE(MAX(FIELD(p.scope, 'own', 'team', 'all')), 0) FROM user_roles ur"
	    "  JOIN role_permissions p ON p.role_id = ur.role_id WHERE ur.user_id = g.granted_by"
	    "  AND p.module = 'admin.users' AND p.action = 'edit')"
	    " FROM temp_grants g JOIN users b ON b.id = g.granted_by WHERE g.user_id = ?"
	    " AND g.record_id IS NULL AND g.revoked_at IS NULL AND g.expires_at > UTC_TIMESTAMP()"
	    " AND b.disabled = 0", true },
	[STMT_ROLE_LOAD] = { "role_load",
	    "SELECT name, description, mfa_required, allowed_networks, allowed_hours, builtin,"
	    " export_row_cap FROM roles WHERE id = ?", true },
	[STMT_ROLE_PERMS] = { "role_perms",
	    "SELECT module, action, scope FROM role_permissions WHERE role_id = ?", true },
	[STMT_ROLE_RULES] = { "role_rules",
	    "SELECT module, field, rule FROM role_field_rules WHERE role_id = ?", true },
	[STMT_ROLE_UPDATE] = { "role_update",
	    "UPDATE roles SET name = ?, description = ?, mfa_required = ?, allowed_networks = ?,"
	    " allowed_hours = ?, export_row_cap = ? WHERE id = ?", false },
	[STMT_ROLE_PERMS_CLEAR] = { "role_perms_clear",
	    "DELETE FROM role_permissions WHERE role_id = ?", false },
	[STMT_ROLE_RULES_CLEAR] = { "role_rules_clear",
	    "DELETE FROM role_field_rules WHERE role_id = ?", false },
	[STMT_ROLE_PERM_INSERT] = { "role_perm_insert",
	    "INSERT INTO role_permissions (role_id, module, action, scope) VALUES (?, ?, ?, ?)", false },
	[STMT_ROLE_RULE_INSERT] = { "role_rule_insert",
	    "INSERT INTO role_field_rules (role_id, module, field, rule) VALUES (?, ?, ?, ?)", false },
	[STMT_ROLE_INSERT] = { "role_insert",
	    "INSERT INTO roles (name, description, mfa_required, allowed_networks, allowed_hours,"
	    " export_row_cap) VALUES (?, ?, ?, ?, ?, ?)", false },
	[STMT_ROLE_USAGE] = { "role_usage",
	    "SELECT (SELECT COUNT(*) FROM user_roles WHERE role_id = ?),"
	    " (SELECT COUNT(*) FROM group_roles WHERE role_id = ?)", true },
	[STMT_ROLE_DELETE] = { "role_delete",
	    "DELETE FROM roles WHERE id = ? AND builtin = 0", false },
	[STMT_GROUP_MAPPINGS] = { "group_mappings",
	    "SELECT g.group_name, r.name, r.id FROM group_roles g JOIN roles r ON r.id = g.role_id"
	    " ORDER BY g.group_name, r.name", true },
	[STMT_GROUP_MAP_ADD] = { "group_map_add",
	    "INSERT IGNORE INTO group_roles (group_name, role_id) VALUES (?, ?)", false },
	[STMT_GROUP_MAP_REMOVE] = { "group_map_remove",
	    "DELETE FROM group_roles WHERE group_name = ? AND role_id = ?", false },
	[STMT_OTHER_ADMINS] = { "other_admins",
	    "SELECT COUNT(DISTINCT u.id) FROM users u JOIN user_roles ur ON ur.user_id = u.id"
	    " JOIN roles r ON r.id = ur.role_id WHERE r.name = 'administrator' AND u.disabled = 0"
	    " AND u.id <> ?", true },
	[STMT_USER_MANUAL_ROLES_CLEAR] = { "user_manual_roles_clear",
	    "DELETE FROM user_roles WHERE user_id = ? AND source = 'manual'", false },
	[STMT_USER_MANUAL_ROLE_ADD] = { "user_manual_role_add",
	    "INSERT IGNORE INTO user_roles (user_id, role_id, source) SELECT ?, id, 'manual'"
	    " FROM roles WHERE id = ?", false },
	[STMT_USER_SET_TEAM] = { "user_set_team",
	    "UPDATE users SET team_id = ? WHERE id = ?", false },
	[STMT_USER_ROLE_CHOICES] = { "user_role_choices",
	    "SELECT r.id, r.name,"
	    " EXISTS(SELECT 1 FROM user_roles ur WHERE ur.user_id = ? AND ur.role_id = r.id AND ur.source = 'manual'),"
	    " EXISTS(SELECT 1 FROM user_roles ug WHERE ug.user_id = ? AND ug.role_id = r.id AND ug.source = 'group')"
	    " FROM roles r ORDER BY r.name", true },
	[STMT_TEAMS] = { "teams",
	    "SELECT id, name FROM teams ORDER BY name", true },
	[STMT_TEAM_GET] = { "team_get",
	    "SELECT name FROM teams WHERE id = ?", true },
	[STMT_ADMIN_USER] = { "admin_user",
	    "SELECT username, disabled, source, COALESCE(team_id, 0) FROM users WHERE id = ?", true },
	[STMT_GRANTS_OF_USER] = { "grants_of_user",
	    "SELECT g.id, g.module, g.action, COALESCE(CAST(g.record_id AS CHAR), ''), g.reason,"
	    " u.username, DATE_FORMAT(g.expires_at, '%Y-%m-%d %H:%i UTC'), COALESCE(g.scope, '')"
	    " FROM temp_grants g JOIN users u ON u.id = g.granted_by WHERE g.user_id = ?"
	    " AND g.revoked_at IS NULL AND g.expires_at > UTC_TIMESTAMP() ORDER BY g.expires_at", true },
	[STMT_GRANT_INSERT] = { "grant_insert",
	    "INSERT INTO temp_grants (user_id, module, action, record_id, scope, team_id, reason,"
	    " granted_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)", false },
	[STMT_GRANT_REVOKE] = { "grant_revoke",
	    "UPDATE temp_grants SET revoked_at = UTC_TIMESTAMP() WHERE id = ? AND user_id = ?"
	    " AND revoked_at IS NULL", false },
	[STMT_RBAC_FIELD_RULES] = { "rbac_field_rules",
	    "SELECT fr.role_id, fr.module, fr.field, fr.rule FROM user_roles ur"
	    " JOIN role_field_rules fr ON fr.role_id = ur.role_id WHERE ur.user_id = ?", true },
	[STMT_CONTACT_INSERT] = { "contact_insert",
	    "INSERT INTO contacts (first_name, last_name, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_CONTACT_SET_SECRETS] = { "contact_set_secrets",
	    "UPDATE contacts SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ?, address = ?,"
	    " birth_date = ? WHERE id = ?", false },
	[STMT_CONTACTS_EXPORT] = { "contacts_export",
	    "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.address, c.birth_date"
	    " FROM contacts c WHERE c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts")
	    " AND (? = '' OR c.last_name LIKE CONCAT(?, '%') OR c.first_name LIKE CONCAT(?, '%'))"
	    " AND (? = 0 OR c.email_bidx = ? OR c.phone_bidx = ?)"
	    " ORDER BY c.last_name, c.id LIMIT ?", true },
	[STMT_CONTACT_DUPLICATE_COUNT] = { "contact_duplicate_count",
	    "SELECT COUNT(*) FROM contacts c WHERE c.deleted_at IS NULL"
	    " AND (c.email_bidx = ? OR c.phone_bidx = ?) AND" SCOPE_SQL("c", "contacts"), true },
	[STMT_ROLES_WITH_SCOPE] = { "roles_with_scope",
	    "SELECT r.name, p.scope, (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id)"
	    " FROM role_permissions p JOIN roles r ON r.id = p.role_id"
	    " WHERE p.module = ? AND p.action = 'view' AND p.scope IN ('team', 'all') ORDER BY r.name", true },
	[STMT_RECORD_GRANTS] = { "record_grants",
	    "SELECT u.username, g.action, g.reason, DATE_FORMAT(g.expires_at, '%Y-%m-%d %H:%i UTC')"
	    " FROM temp_grants g JOIN users u ON u.id = g.user_id WHERE g.module = ?"
	    " AND (g.record_id = ? OR (g.record_id IS NULL AND (COALESCE(g.scope, 'all') = 'all'"
	    "  OR (g.scope = 'team' AND g.team_id = ? AND u.team_id = g.team_id)"
	    "  OR (g.scope = 'own' AND u.username = ?)))) AND g.revoked_at IS NULL"
	    " AND g.expires_at > UTC_TIMESTAMP() ORDER BY g.expires_at", true },
	[STMT_DEAL_STAGES] = { "deal_stages",
	    "SELECT id, name, probability, outcome FROM deal_stages ORDER BY position", true },
	[STMT_DEAL_GET] = { "deal_get",
	    "SELECT d.id, d.name, COALESCE(d.account_id, 0), COALESCE(a.name, ''), d.amount_cents,"
	    " d.currency, d.stage_id, s.name, d.probability, COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''),"
	    " d.owner_id, u.username, COALESCE(d.team_id, 0), COALESCE(t.name, ''), d.version,"
	    " DATE_FORMAT(d.updated_at, '%Y-%m-%d %H:%i UTC')"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id"
	    " LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted_at IS NULL LEFT JOIN teams t ON t.id = d.team_id"
	    " WHERE d.id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals"), true },
	/* Filters (page_deals.c): stage id, owner id (0: any), currency and
	 * outcome ('': any); keyset on id, newest first. */
	[STMT_DEALS_LIST] = { "deals_list",
	    "SELECT d.id, d.name, d.amount_cents, d.currency, d.stage_id, s.name, u.username,"
	    " COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''), s.outcome"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id"
	    " WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " AND (? = 0 OR d.stage_id = ?) AND (? = 0 OR d.owner_id = ?) AND (? = '' OR d.currency = ?)"
	    " AND (? = '' OR s.outcome = ?) AND d.id < ? ORDER BY d.id DESC LIMIT ?", true },
	[STMT_DEALS_BY_STAGE] = { "deals_by_stage",
	    "SELECT d.stage_id, COUNT(*), COALESCE(SUM(d.amount_cents), 0), MIN(d.currency), MAX(d.currency)"
	    " FROM deals d WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " GROUP BY d.stage_id", true },
	[STMT_DEAL_INSERT] = { "deal_insert",
	    "INSERT INTO deals (name, account_id, contact_id, amount_cents, currency, stage_id, probability,"
	    " expected_close, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_DEAL_UPDATE] = { "deal_update",
	    "UPDATE deals d SET d.name = ?, d.amount_cents = IF(? = 1, ?, d.amount_cents), d.currency = ?,"
	    " d.stage_id = ?, d.probability = ?, d.expected_close = ?, d.version = d.version + 1,"
	    " d.updated_at = UTC_TIMESTAMP(),"
	    " d.closed_at = IF((SELECT outcome FROM deal_stages WHERE id = d.stage_id) = 'open', NULL,"
	    "  COALESCE(d.closed_at, UTC_TIMESTAMP()))"
	    " WHERE d.id = ? AND d.version = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals"), false },
	[STMT_ACCOUNT_INSERT] = { "account_insert",
	    "INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_LEAD_GET] = { "lead_get",
	    "SELECT l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.status, l.owner_id,"
	    " u.username, COALESCE(l.team_id, 0), COALESCE(t.name, ''), l.version,"
	    " DATE_FORMAT(l.updated_at, '%Y-%m-%d %H:%i UTC'), COALESCE(l.converted_deal_id, 0)"
	    " FROM leads l JOIN users u ON u.id = l.owner_id LEFT JOIN teams t ON t.id = l.team_id"
	    " WHERE l.id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads"), true },
	[STMT_LEADS_LIST] = { "leads_list",
	    "SELECT l.id, l.first_name, l.last_name, l.company, l.status, u.username"
	    " FROM leads l JOIN users u ON u.id = l.owner_id"
	    " WHERE l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
	    " AND (? = '' OR l.status = ?) AND (? = 0 OR l.owner_id = ?)" LEAD_SEARCH_SQL
	    " AND l.id < ? ORDER BY l.id DESC LIMIT ?", true },
	[STMT_LEAD_INSERT] = { "lead_insert",
	    "INSERT INTO leads (first_name, last_name, company, owner_id, team_id, status, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_LEAD_SET_SECRETS] = { "lead_set_secrets",
	    "UPDATE leads SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ? WHERE id = ?", false },
	[STMT_LEAD_UPDATE] = { "lead_update",
	    "UPDATE leads l SET l.first_name = ?, l.last_name = ?, l.company = ?, l.status = ?,"
	    " l.email = IF(? = 1, ?, l.email), l.email_bidx = IF(? = 1, ?, l.email_bidx),"
	    " l.phone = IF(? = 1, ?, l.phone), l.phone_bidx = IF(? = 1, ?, l.phone_bidx),"
	    " l.version = l.version + 1, l.updated_at = UTC_TIMESTAMP()"
	    " WHERE l.id = ? AND l.version = ? AND l.status <> 'converted' AND l.deleted_at IS NULL AND"
	    SCOPE_SQL("l", "leads"), false },
	[STMT_LEAD_CONVERTED] = { "lead_converted",
	    "UPDATE leads l SET l.status = 'converted', l.converted_deal_id = ?, l.version = l.version + 1,"
	    " l.updated_at = UTC_TIMESTAMP() WHERE l.id = ? AND l.version = ? AND l.status <> 'converted'"
	    " AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads"), false },
	[STMT_CONTACT_SET_ACCOUNT] = { "contact_set_account",
	    "UPDATE contacts SET account_id = ? WHERE id = ?", false },
	[STMT_ACCOUNT_GET] = { "account_get",
	    "SELECT a.id, a.name, a.tax_id, a.bank_account, a.owner_id, u.username, COALESCE(a.team_id, 0),"
	    " COALESCE(t.name, ''), a.version, DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i UTC')"
	    " FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id"
	    " WHERE a.id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts"), true },
	[STMT_ACCOUNTS_LIST] = { "accounts_list",
	    "SELECT a.id, a.name, u.username,"
	    " (SELECT COUNT(*) FROM contacts c WHERE c.account_id = a.id AND c.deleted_at IS NULL)"
	    " FROM accounts a JOIN users u ON u.id = a.owner_id"
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
	    " AND (? = '' OR a.name LIKE CONCAT(?, '%')) AND (? = 0 OR a.owner_id = ?)"
	    " AND (a.name > ? OR (a.name = ? AND a.id > ?))"
	    " ORDER BY a.name, a.id LIMIT ?", true },
	[STMT_ACCOUNT_UPDATE] = { "account_update",
	    "UPDATE accounts a SET a.name = ?, a.tax_id = IF(? = 1, ?, a.tax_id),"
	    " a.bank_account = IF(? = 1, ?, a.bank_account), a.version = a.version + 1,"
	    " a.updated_at = UTC_TIMESTAMP()"
	    " WHERE a.id = ? AND a.version = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts"), false },
	[STMT_ACCOUNT_CONTACTS] = { "account_contacts",
	    "SELECT c.id, c.first_name, c.last_name FROM contacts c WHERE c.account_id = ?"
	    " AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts") " ORDER BY c.last_name LIMIT 100", true },
	/* Activities (src/activity.c, src/page_activit*.c, src/timeline.c):
	 * times cross as "YYYY-MM-DDTHH:MM" (UTC), what datetime-local sends. */
	[STMT_ACTIVITY_GET] = { "activity_get",
	    "SELECT a.id, a.kind, a.subject, a.body, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%dT%H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i UTC'),"
	    " a.owner_id, u.username, COALESCE(a.team_id, 0), a.version,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i UTC'), DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i UTC'),"
	    " COALESCE(t.name, ''), a.done_at IS NULL AND a.due_at < UTC_TIMESTAMP()"
	    " FROM activities a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id"
	    " WHERE a.id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), true },
	[STMT_ACTIVITY_INSERT] = { "activity_insert",
	    "INSERT INTO activities (kind, subject, related_type, related_id, due_at, owner_id, team_id,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_ACTIVITY_SET_BODY] = { "activity_set_body",
	    "UPDATE activities SET body = ? WHERE id = ?", false },
	[STMT_ACTIVITY_UPDATE] = { "activity_update",
	    "UPDATE activities a SET a.kind = ?, a.subject = ?, a.due_at = ?, a.body = IF(? = 1, ?, a.body),"
	    " a.version = a.version + 1, a.updated_at = UTC_TIMESTAMP()"
	    " WHERE a.id = ? AND a.version = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), false },
	[STMT_ACTIVITY_COMPLETE] = { "activity_complete",
	    "UPDATE activities a SET a.done_at = UTC_TIMESTAMP(), a.version = a.version + 1,"
	    " a.updated_at = UTC_TIMESTAMP() WHERE a.id = ? AND a.kind = 'task' AND a.done_at IS NULL"
	    " AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), false },
	/* The activity lists share their columns (timeline_row): id, kind,
	 * subject, related type and id, a time, the state, the owner and the
	 * related record's name (NULL when the user may not view it). As in
	 * the contact list, activities drive the join (STRAIGHT_JOIN) and the
	 * owner's name is a subquery: joining the small users table first
	 * sorted every activity (1 s a dashboard at 10,000 activities). */
	/* The user's open tasks, overdue (earliest due) first, undated last. */
	[STMT_ACTIVITIES_OPEN_TASKS] = { "activities_open_tasks",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'),"  ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL
	    " FROM activities a" RELATED_JOINS_SQL
	    " WHERE a.owner_id = ? AND a.done_at IS NULL AND a.kind = 'task' AND a.deleted_at IS NULL AND"
	    SCOPE_SQL("a", "activities") " ORDER BY a.due_at IS NULL, a.due_at, a.id LIMIT ?", true },
	/* Newest first, keyset on id (ids grow with creation time). Filters
	 * (page_activities.c): kind ('' any); state '' any, 'open', 'overdue'
	 * or 'done', which concern tasks only; owner id (0 any). */
	[STMT_ACTIVITIES_RECENT] = { "activities_recent",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL
	    " FROM activities a FORCE INDEX (PRIMARY)" RELATED_JOINS_SQL
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
	    " AND (? = '' OR a.kind = ?)"
	    " AND (? = '' OR (a.kind = 'task' AND (a.done_at IS NOT NULL) = (? = 'done')"
	    "  AND (? <> 'overdue' OR a.due_at < UTC_TIMESTAMP())))"
	    " AND (? = 0 OR a.owner_id = ?)"
	    " AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?", true },
	/* One record's activities: the record is the page's, so no name. */
	[STMT_ACTIVITIES_TIMELINE] = { "activities_timeline",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL ", NULL"
	    " FROM activities a"
	    " WHERE a.related_type = ? AND a.related_id = ? AND a.deleted_at IS NULL AND"
	    SCOPE_SQL("a", "activities") " ORDER BY a.created_at DESC, a.id DESC LIMIT ?", true },
	/* The name of one record an activity may be attached to, when the
	 * user may view it (related.h): NULL otherwise. */
	[STMT_RELATED_NAME] = { "related_name",
	    "SELECT" RELATED_NAME_SQL " FROM (SELECT ? AS related_type, ? AS related_id) a"
	    RELATED_JOINS_SQL, true },
	/* The lead a deal was converted from, when the user may view it. */
	[STMT_LEAD_OF_DEAL] = { "lead_of_deal",
	    "SELECT l.id, CONCAT(l.first_name, ' ', l.last_name) FROM leads l"
	    " WHERE l.converted_deal_id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
	    " ORDER BY l.id LIMIT 1", true },
	/* The owners a list can be filtered by (list_filter.h): the users the
	 * actor's scope of the list's module reaches, bound like
	 * USER_SCOPE_SQL with that scope. */
	[STMT_OWNER_CHOICES] = { "owner_choices",
	    "SELECT u.id, u.username FROM users u WHERE" USER_SCOPE_SQL " ORDER BY u.username LIMIT 500", true },
	/* crmctl purge-deleted (admin account): records deleted longer ago than
	 * the restore period, a batch at a time, and what refers to them. */
	[STMT_PURGE_CONTACTS_DUE] = { "purge_contacts_due",
	    "SELECT id FROM contacts WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500", true },
	[STMT_PURGE_CONTACT_UNLINK] = { "purge_contact_unlink",
	    "UPDATE deals SET contact_id = NULL WHERE contact_id = ?", false },
	[STMT_PURGE_CONTACT_ACTIVITIES] = { "purge_contact_activities",
	    "DELETE FROM activities WHERE related_type = 'contact' AND related_id = ?", false },
	[STMT_PURGE_CONTACT] = { "purge_contact",
	    "DELETE FROM contacts WHERE id = ? AND deleted_at IS NOT NULL", false },
	[STMT_PURGE_DEALS] = { "purge_deals",
	    "DELETE d FROM deals d WHERE d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY"
	    " AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)", false },
	[STMT_PURGE_LEADS_DUE] = { "purge_leads_due",
	    "SELECT id FROM leads WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500", true },
	[STMT_PURGE_LEAD_ACTIVITIES] = { "purge_lead_activities",
	    "DELETE FROM activities WHERE related_type = 'lead' AND related_id = ?", false },
	/* Deals due for purging (those no converted lead points to): their
	 * activities, then their data keys (the activities' notes were
	 * sealed under them), then the deals. */
	[STMT_PURGE_DEAL_ACTIVITIES] = { "purge_deal_activities",
	    "DELETE a FROM activities a JOIN deals d ON a.related_type = 'deal' AND a.related_id = d.id"
	    " WHERE d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY"
	    " AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)", false },
	[STMT_PURGE_DEAL_KEYS] = { "purge_deal_keys",
	    "UPDATE data_keys k JOIN deals d ON k.subject_type = 'deal' AND k.subject_id = d.id"
	    " SET k.wrapped = NULL, k.destroyed_at = UTC_TIMESTAMP()"
	    " WHERE k.wrapped IS NOT NULL AND d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY"
	    " AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)", false },
	[STMT_PURGE_LEAD] = { "purge_lead",
	    "DELETE FROM leads WHERE id = ? AND deleted_at IS NOT NULL", false },
	[STMT_PURGE_ACTIVITIES] = { "purge_activities",
	    "DELETE FROM activities WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY", false },
	[STMT_STAGES_ADMIN] = { "stages_admin",
	    "SELECT s.id, s.name, s.position, s.probability, s.outcome,"
	    " (SELECT COUNT(*) FROM deals d WHERE d.stage_id = s.id) FROM deal_stages s ORDER BY s.position", true },
	[STMT_STAGE_INSERT] = { "stage_insert",
	    "INSERT INTO deal_stages (name, position, probability, outcome) VALUES (?, ?, ?, ?)", false },
	[STMT_STAGE_UPDATE] = { "stage_update",
	    "UPDATE deal_stages SET name = ?, position = ?, probability = ?, outcome = ? WHERE id = ?", false },
	[STMT_STAGE_DELETE] = { "stage_delete",
	    "DELETE FROM deal_stages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.stage_id = ?)", false },
	[STMT_USER_IN_SCOPE] = { "user_in_scope",
	    "SELECT u.id FROM users u WHERE u.id = ? AND" USER_SCOPE_SQL, true },
	/* The owner of records by name (crmctl reassign). */
	[STMT_SEED_OWNER] = { "seed_owner",
	    "SELECT id, COALESCE(team_id, 0), last_login_at IS NOT NULL, disabled FROM users"
	    " WHERE username = ?", true },
	LC_STMTS(CONTACT, CONTACTS, "contact", "contacts", "CONCAT(x.first_name, ' ', x.last_name)"),
	LC_STMTS(LEAD, LEADS, "lead", "leads", "CONCAT(x.first_name, ' ', x.last_name)"),
	LC_STMTS(DEAL, DEALS, "deal", "deals", "x.name"),
	LC_STMTS(ACTIVITY, ACTIVITIES, "activity", "activities", "x.subject"),
	/* An account is deleted only while no live contact or deal refers
	 * to it (the subqueries of an UPDATE read the current rows, locking
	 * them, so one added meanwhile is seen); the refusal names how many. */
	[STMT_ACCOUNT_DELETE] = { "account_delete", LC_DELETE("accounts")
	    " AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = x.id AND c.deleted_at IS NULL)"
	    " AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.account_id = x.id AND d.deleted_at IS NULL)", false },
	[STMT_ACCOUNTS_DELETED] = { "accounts_deleted", LC_DELETED("accounts", "x.name"), true },
	[STMT_ACCOUNT_RESTORE] = { "account_restore", LC_RESTORE("accounts"), false },
	[STMT_ACCOUNT_OWNER] = { "account_owner", LC_OWNER("accounts"), true },
	[STMT_ACCOUNT_REASSIGN] = { "account_reassign", LC_REASSIGN("accounts"), false },
	[STMT_ACCOUNTS_REASSIGN_ALL] = { "accounts_reassign_all", LC_REASSIGN_ALL("accounts"), false },
	[STMT_ACCOUNT_REFS] = { "account_refs",
	    "SELECT (SELECT COUNT(*) FROM contacts c WHERE c.account_id = ? AND c.deleted_at IS NULL),"
	    " (SELECT COUNT(*) FROM deals d WHERE d.account_id = ? AND d.deleted_at IS NULL)", true },
	/* The enabled users a record may be given to: anyone (? = 1: the
	 * actor edits all records), else the actor and the actor's team;
	 * narrowed to one user when the last parameters are non-zero. */
	[STMT_RECORD_OWNER_CHOICES] = { "record_owner_choices",
	    "SELECT u.id, u.username, COALESCE(u.team_id, 0) FROM users u WHERE u.disabled = 0"
	    " AND (? = 1 OR u.id = ? OR (? <> 0 AND u.team_id = ?)) AND (? = 0 OR u.id = ?)"
	    " ORDER BY u.username LIMIT 1000", true },
	/* crmctl purge-deleted: an account past the restore period; what
	 * refers to it loses the reference, its activities go with it. */
	[STMT_PURGE_ACCOUNTS_DUE] = { "purge_accounts_due",
	    "SELECT id FROM accounts WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500", true },
	[STMT_PURGE_ACCOUNT_UNLINK_CONTACTS] = { "purge_account_unlink_contacts",
	    "UPDATE contacts SET account_id = NULL WHERE account_id = ?", false },
	[STMT_PURGE_ACCOUNT_UNLINK_DEALS] = { "purge_account_unlink_deals",
	    "UPDATE deals SET account_id = NULL WHERE account_id = ?", false },
	[STMT_PURGE_ACCOUNT_ACTIVITIES] = { "purge_account_activities",
	    "DELETE FROM activities WHERE related_type = 'account' AND related_id = ?", false },
	[STMT_PURGE_ACCOUNT] = { "purge_account",
	    "DELETE FROM accounts WHERE id = ? AND deleted_at IS NOT NULL", false },
	/* CSV export of the lists (src/export.c, src/page_exports.c): the
	 * rows of the export scope matching the search, at most ? (the cap
	 * plus one); cell 0 is the id. */
	[STMT_ACCOUNTS_EXPORT] = { "accounts_export",
	    "SELECT a.id, a.name, a.tax_id, a.bank_account FROM accounts a"
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
	    " AND (? = '' OR a.name LIKE CONCAT(?, '%')) ORDER BY a.name, a.id LIMIT ?", true },
	[STMT_LEADS_EXPORT] = { "leads_export",
	    "SELECT l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.status FROM leads l"
	    " WHERE l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
	    LEAD_SEARCH_SQL " ORDER BY l.id LIMIT ?", true },
	[STMT_DEALS_EXPORT] = { "deals_export",
	    "SELECT d.id, d.name, a.name, s.name, d.amount_cents, d.currency, d.probability,"
	    " DATE_FORMAT(d.expected_close, '%Y-%m-%d')"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id LEFT JOIN accounts a ON a.id = d.account_id"
	    " WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " AND (? = '' OR d.name LIKE CONCAT(?, '%')) ORDER BY d.id LIMIT ?", true },
	[STMT_ACTIVITIES_EXPORT] = { "activities_export",
	    "SELECT a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i'),"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i'), a.body FROM activities a"
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
	    " AND (? = '' OR a.subject LIKE CONCAT(?, '%')) ORDER BY a.id LIMIT ?", true },
	/* CSV import (src/import.c, src/page_imports.c): duplicates within
	 * the importer's view scope (an account's name compares under the
	 * table's case- and accent-insensitive collation), and the inserts. */
	[STMT_ACCOUNT_DUPLICATE_COUNT] = { "account_duplicate_count",
	    "SELECT COUNT(*) FROM accounts a WHERE a.deleted_at IS NULL AND a.name = ? AND"
	    SCOPE_SQL("a", "accounts"), true },
	[STMT_ACCOUNT_SET_SECRETS] = { "account_set_secrets",
	    "UPDATE accounts SET tax_id = ?, bank_account = ? WHERE id = ?", false },
	[STMT_LEAD_DUPLICATE_COUNT] = { "lead_duplicate_count",
	    "SELECT COUNT(*) FROM leads l WHERE l.deleted_at IS NULL"
	    " AND (l.email_bidx = ? OR l.phone_bidx = ?) AND" SCOPE_SQL("l", "leads"), true },
	[STMT_LEAD_IMPORT_INSERT] = { "lead_import_insert",
	    "INSERT INTO leads (first_name, last_name, company, status, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	/* Backups (sql/021_backups.sql). crmctl backup prune marks what it
	 * removed (admin account). */
	[STMT_BACKUP_PRUNED] = { "backup_pruned",
	    "UPDATE backups SET pruned_at = UTC_TIMESTAMP() WHERE name = ? AND pruned_at IS NULL", false },
	/* What crmctl watch and /admin/backups judge (backup_alerts.h), times
	 * as seconds since the epoch: when the first migration was applied,
	 * the newest backup not pruned (time, name), the newest passing
	 * drill, and the newest drill's outcome. */
	[STMT_BACKUP_STATUS] = { "backup_status",
	    "SELECT (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MIN(applied_at)) FROM schema_migrations),"
	    " (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MAX(created_at)) FROM backups"
	    " WHERE pruned_at IS NULL),"
	    " (SELECT name FROM backups WHERE pruned_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1),"
	    " (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MAX(started_at)) FROM backup_drills"
	    " WHERE outcome = 'pass'),"
	    " (SELECT outcome FROM backup_drills ORDER BY started_at DESC, id DESC LIMIT 1)", true },
	/* Failed drills without their backup.drill_failed alert yet (its
	 * subject is "drill ID", backup_alerts.h), with a short reason from
	 * the detail's "reason" (or "error"). */
	[STMT_BACKUP_DRILLS_FAILED_NEW] = { "backup_drills_failed_new",
	    "SELECT d.id, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', d.started_at), d.backup_name, "
	    DRILL_REASON " FROM backup_drills d WHERE d.outcome = 'fail' AND NOT EXISTS (SELECT 1 FROM alerts a"
	    " WHERE a.kind = 'backup.drill_failed' AND a.subject = CONCAT('drill ', d.id)) ORDER BY d.id LIMIT ?",
	    true },
	/* /admin/backups: the newest backups and drills, and the open backup
	 * alerts. */
	[STMT_BACKUPS_LIST] = { "backups_list",
	    "SELECT name, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), schema_version, tables_count, rows_count,"
	    " bytes, with_keyring, DATE_FORMAT(pruned_at, '%Y-%m-%d %H:%i')"
	    " FROM backups ORDER BY created_at DESC, id DESC LIMIT ?", true },
	[STMT_BACKUP_DRILLS_LIST] = { "backup_drills_list",
	    "SELECT d.id, DATE_FORMAT(d.started_at, '%Y-%m-%d %H:%i:%s'), d.backup_name, d.outcome,"
	    " d.restore_seconds, d.backup_age_seconds, " DRILL_REASON
	    " FROM backup_drills d ORDER BY d.started_at DESC, d.id DESC LIMIT ?", true },
	[STMT_BACKUP_ALERTS_OPEN] = { "backup_alerts_open",
	    "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), severity, kind, summary FROM alerts"
	    " WHERE acknowledged_at IS NULL AND kind LIKE 'backup.%' ORDER BY id DESC LIMIT ?", true },

	/* The typed statements (stmt.h), from their families' declarations. */
#define STMT_DEF_NONE(shape)
#define STMT_DEF(name, mode, shape) \
	[STMT_##name] = { #name, name##_SQL, STMT_MODE_##mode, true, \
	    0 shape##_IN(STMT_DEF_WIDTH), 0 shape##_OUT(STMT_DEF_ONE) },
#define STMT_MODE_RO true
#define STMT_MODE_RW false
#define STMT_DEF_WIDTH(t, name) + STMT_DEF_W_##t
#define STMT_DEF_ONE(t, name) + 1
#define STMT_DEF_W_INT 1
#define STMT_DEF_W_TEXT 1
#define STMT_DEF_W_VAL 1
#define STMT_DEF_W_SCOPE 7
#define STMT_DEF_W_USCOPE 5
	STMT_FAMILIES(STMT_DEF_NONE, STMT_DEF)
};
