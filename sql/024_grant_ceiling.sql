-- 024_grant_ceiling.sql: a temporary grant never reaches further than
-- its granter. A module-wide grant now stores its scope (own, team, all;
-- NULL for a grant on one record) and the team it is anchored to (the
-- granter's team when it was given): a team grant reaches that team only,
-- and only while the grantee belongs to it. Rights are computed through
-- the granter's current role grants as a ceiling (src/grant_ceiling.c).
-- Sessions remember when a second factor was last verified in them
-- (sign-in code, enrolment, a code given on the grant form): grants on
-- admin.* need a recent one, and "administrator of all users" needs one.
ALTER TABLE temp_grants
  ADD COLUMN scope VARCHAR(8) NULL AFTER record_id,
  ADD COLUMN team_id INT UNSIGNED NULL AFTER scope;

-- Grants given before: they were taken as scope "all"; the ceiling of
-- their granter's roles narrows them from now on, anchored to the
-- granter's team.
UPDATE temp_grants g JOIN users u ON u.id = g.granted_by
  SET g.scope = 'all', g.team_id = u.team_id WHERE g.record_id IS NULL;

ALTER TABLE sessions ADD COLUMN mfa_at DATETIME NULL;
-- Sessions opened with a second factor before this release: their
-- sign-in is the last verification known.
UPDATE sessions s JOIN user_mfa m ON m.user_id = s.user_id
  SET s.mfa_at = s.created_at WHERE m.confirmed_at IS NOT NULL AND s.mfa_pending = 0;
