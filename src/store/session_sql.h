/* session_sql.h: the statements about sessions (session.c): reading one
 * by its token's hash, creating, touching and ending them, the limit per
 * user, a user's list and the roles a session's user has (declared as
 * stmt.h says). */
#ifndef CRM_SESSION_SQL_H
#define CRM_SESSION_SQL_H

/* A session by its token's SHA-256, with its user (and the user's language
 * and time zone, NULL: not chosen) and the rbac generation. */
#define session_get_SQL "SELECT s.id, s.user_id, s.csrf_token, u.username, u.disabled," \
	" TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP())," \
	" TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP()), s.mfa_pending," \
	" COALESCE(u.team_id, 0), (SELECT n FROM rbac_generation WHERE id = 1)," \
	" COALESCE(TIMESTAMPDIFF(SECOND, s.mfa_at, UTC_TIMESTAMP()), -1), u.language, u.time_zone" \
	" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?"
#define session_get_IN(X) X(VAL, token_hash)
#define session_get_OUT(X) X(INT, id) X(INT, user_id) X(TEXT, csrf) X(TEXT, username) \
	X(VAL, disabled) X(INT, age) X(INT, idle) X(INT, mfa_pending) X(INT, team_id) \
	X(INT, generation) X(VAL, mfa_age) X(TEXT, language) X(TEXT, time_zone)

#define session_insert_SQL "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at," \
	" last_seen_at, ip, user_agent, mfa_pending, mfa_at) VALUES (?, ?, ?, UTC_TIMESTAMP()," \
	" UTC_TIMESTAMP(), ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL))"
#define session_insert_IN(X) X(VAL, token_hash) X(INT, user_id) X(TEXT, csrf) X(VAL, ip) \
	X(VAL, user_agent) X(INT, mfa_pending) X(INT, mfa_verified)
#define session_insert_OUT(X)

/* One statement about one session by id (shape session_id). */
#define session_id_IN(X) X(INT, id)
#define session_id_OUT(X)
#define session_delete_SQL "DELETE FROM sessions WHERE id = ?"
#define session_touch_SQL "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() WHERE id = ?"
#define session_mfa_verified_SQL "UPDATE sessions SET mfa_at = UTC_TIMESTAMP() WHERE id = ?"
/* Counts a wrong password or code given to confirm a sensitive action;
 * the new count comes back as the insert id. */
#define session_reauth_failed_SQL "UPDATE sessions SET" \
	" reauth_failures = LAST_INSERT_ID(reauth_failures + 1) WHERE id = ?"

#define session_expired_delete_SQL "DELETE FROM sessions WHERE user_id = ?" \
	" AND (last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND" \
	" OR created_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND)"
#define session_expired_delete_IN(X) X(INT, user_id) X(INT, idle) X(INT, max)
#define session_expired_delete_OUT(X)

/* The user's sessions past the newest N (the offset), oldest last. */
#define session_beyond_limit_SQL "SELECT id FROM sessions WHERE user_id = ?" \
	" ORDER BY created_at DESC, id DESC LIMIT 1000 OFFSET ?"
#define session_beyond_limit_IN(X) X(INT, user_id) X(INT, limit)
#define session_beyond_limit_OUT(X) X(INT, id)

#define session_revoke_all_SQL "DELETE FROM sessions WHERE user_id = ?"
#define session_revoke_all_IN(X) X(INT, user_id)
#define session_revoke_all_OUT(X)

#define session_revoke_own_SQL "DELETE FROM sessions WHERE id = ? AND user_id = ?"
#define session_revoke_own_IN(X) X(INT, id) X(INT, user_id)
#define session_revoke_own_OUT(X)

/* The user's live sessions, newest first (the sessions page). */
#define session_list_SQL "SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i UTC')," \
	" DATE_FORMAT(last_seen_at, '%Y-%m-%d %H:%i UTC'), ip, user_agent" \
	" FROM sessions WHERE user_id = ?" \
	" AND last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND" \
	" AND created_at > UTC_TIMESTAMP() - INTERVAL ? SECOND" \
	" ORDER BY last_seen_at DESC, id DESC"
#define session_list_IN(X) X(INT, user_id) X(INT, idle) X(INT, max)
#define session_list_OUT(X) X(INT, id) X(TEXT, created) X(TEXT, seen) X(TEXT, ip) X(TEXT, agent)

/* The user's roles, whether each requires the second factor and whether
 * the user has one (through the rights cache). */
#define session_roles_SQL "SELECT r.name, r.mfa_required, (SELECT COUNT(*) FROM user_mfa m" \
	" WHERE m.user_id = ur.user_id AND m.confirmed_at IS NOT NULL)" \
	" FROM user_roles ur JOIN roles r ON r.id = ur.role_id" \
	" WHERE ur.user_id = ? ORDER BY r.name"
#define session_roles_IN(X) X(INT, user_id)
#define session_roles_OUT(X) X(TEXT, name) X(INT, mfa_required) X(INT, mfa_enrolled)

/* The signed-in user's own language and time zone (the account page;
 * NULL: negotiate the language, UTC). */
#define session_user_locale_SQL "UPDATE users SET language = ?, time_zone = ? WHERE id = ?"
#define session_user_locale_IN(X) X(TEXT, language) X(TEXT, time_zone) X(INT, user_id)
#define session_user_locale_OUT(X)

#define SESSION_SHAPES(T) T(session_get) T(session_insert) T(session_id) \
	T(session_expired_delete) T(session_beyond_limit) T(session_revoke_all) \
	T(session_revoke_own) T(session_list) T(session_roles) \
	T(session_user_locale)
#define SESSION_STMTS(S) \
	S(session_get, RO, session_get) \
	S(session_insert, RW, session_insert) \
	S(session_delete, RW, session_id) \
	S(session_touch, RW, session_id) \
	S(session_mfa_verified, RW, session_id) \
	S(session_reauth_failed, RW, session_id) \
	S(session_expired_delete, RW, session_expired_delete) \
	S(session_beyond_limit, RW, session_beyond_limit) \
	S(session_revoke_all, RW, session_revoke_all) \
	S(session_revoke_own, RW, session_revoke_own) \
	S(session_list, RO, session_list) \
	S(session_roles, RO, session_roles) \
	S(session_user_locale, RW, session_user_locale)

#endif
