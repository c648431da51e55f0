-- 021_backups.sql: what crmctl knows about backups and restore drills,
-- for the admin page (/admin/backups) and the watcher's overdue alerts.
-- The backup files themselves live in [backup] dir (outside MariaDB);
-- these rows are their record. Written by crmctl (admin account); the
-- application only reads them.
CREATE TABLE backups (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,                   -- directory name, e.g. 20261129T154500Z
  created_at DATETIME NOT NULL,                -- UTC: the dump's snapshot
  finished_at DATETIME NOT NULL,
  schema_version INT UNSIGNED NOT NULL,
  tables_count INT UNSIGNED NOT NULL,
  rows_count BIGINT UNSIGNED NOT NULL,
  bytes BIGINT UNSIGNED NOT NULL,              -- on disk, all files
  with_keyring TINYINT(1) NOT NULL,
  pruned_at DATETIME NULL,                     -- removed by retention
  UNIQUE KEY backups_name (name),
  KEY backups_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE backup_drills (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  started_at DATETIME NOT NULL,                -- UTC
  finished_at DATETIME NOT NULL,
  backup_name VARCHAR(64) NOT NULL,
  backup_created_at DATETIME NULL,
  outcome VARCHAR(8) NOT NULL,                 -- pass | fail
  restore_seconds DECIMAL(10,3) NOT NULL,      -- recovery time measured
  backup_age_seconds BIGINT NOT NULL,          -- recovery point: age of the backup at the drill
  detail TEXT NOT NULL,                        -- JSON: checks and their results
  KEY backup_drills_time (started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

GRANT SELECT ON backups TO @APP_ACCOUNT@;
GRANT SELECT ON backup_drills TO @APP_ACCOUNT@;
