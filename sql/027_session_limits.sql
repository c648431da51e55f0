-- 027_session_limits.sql: sessions count the wrong passwords or codes
-- given to confirm a sensitive action (ending another session, turning
-- two-step sign-in off, new recovery codes): after [auth]
-- reauth_failures of them the session is ended (src/reauth.c). The
-- per-user session limit ([auth] session_limit) evicts the oldest by
-- creation time, so that order gets an index.
ALTER TABLE sessions
  ADD COLUMN reauth_failures SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  ADD KEY sessions_user_created (user_id, created_at);
