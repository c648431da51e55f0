-- 007_roles_mfa_local.sql: administrators can require the second factor
-- per role (a member without one enrols before anything else opens), and
-- break-glass accounts (users.source = 'local') sign in through their own
-- PAM service when the directory is down. Local accounts are created by
-- `crmctl user add-local`, which keeps their roles itself: the sign-in
-- page never recomputes a local account's roles from directory groups.
ALTER TABLE roles ADD COLUMN mfa_required TINYINT(1) NOT NULL DEFAULT 0;

-- The administrator role requires two-step sign-in from the start: the
-- accounts that can change everything are the ones worth stealing.
UPDATE roles SET mfa_required = 1 WHERE name = 'administrator';

GRANT UPDATE (mfa_required) ON roles TO @APP_ACCOUNT@;

-- crmctl keys rotate --data finds each encrypted field's row by the
-- column its AAD binds as the row id: `id` for most tables, but user_mfa
-- is keyed by user_id (it has no id), which rotate used to miss.
ALTER TABLE encrypted_columns ADD COLUMN row_column VARCHAR(64) NOT NULL DEFAULT 'id';
UPDATE encrypted_columns SET row_column = 'user_id' WHERE table_name = 'user_mfa';
