-- 001_base.sql: the application's account may read the schema version,
-- which the health probe uses to prove the database answers.
-- (schema_migrations itself is created by crmctl migrate.)
GRANT SELECT ON schema_migrations TO @APP_ACCOUNT@;
