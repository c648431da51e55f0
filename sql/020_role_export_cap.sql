-- 020_role_export_cap.sql: a CSV export row cap per role. NULL means
-- "the server default" ([server] export_row_cap); a number is the most
-- rows one export of a list may hold for that role, 1 to 1000000 like
-- the server setting (the CHECK holds it for whoever writes: the admin
-- page, an operator's SQL). A user's cap is the largest among the roles
-- that apply to the request, a role without its own cap counting as the
-- server default (src/rbac.c). Every built-in role keeps the default:
-- the auditor, the one candidate for a larger cap, holds no list export
-- grant, and a cap above the server default would quietly loosen what an
-- operator set in crm.conf. The rbac_generation triggers of 017 already
-- fire on every UPDATE of roles, so the workers' rights cache
-- (src/rights_cache.c) picks a changed cap up on the next request.
ALTER TABLE roles ADD COLUMN export_row_cap INT UNSIGNED NULL,
  ADD CONSTRAINT roles_export_row_cap CHECK (export_row_cap IS NULL OR export_row_cap BETWEEN 1 AND 1000000);
