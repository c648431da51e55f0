-- 014_stages_admin.sql: deal stages become editable on /admin/stages
-- (module admin.settings): add, rename, reorder, change probability and
-- outcome, delete unused.
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_stages TO @APP_ACCOUNT@;
