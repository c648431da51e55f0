-- 009_alerts.sql: what crmctl watch found in the audit trail, and how far
-- it has read. An alert is identified by (kind, subject, window_start):
-- the detectors derive all three from the audit records, so a second run
-- over the same records inserts nothing. The application may add alerts
-- and acknowledge them, but never rewrite or delete what was found: its
-- only UPDATE is on the three acknowledgement columns.
CREATE TABLE alerts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL,               -- UTC
  kind VARCHAR(32) NOT NULL,                     -- auth.fail_burst.user, data.mass_read, ...
  severity VARCHAR(8) NOT NULL,                  -- low|medium|high|critical
  actor VARCHAR(64) NOT NULL,                    -- username concerned; '' for an address
  ip VARCHAR(45) NOT NULL,
  subject VARCHAR(160) NOT NULL,                 -- what the alert is about (user, address, object)
  window_start DATETIME NOT NULL,                -- UTC start of the deduplication window
  first_seq BIGINT UNSIGNED NOT NULL,            -- audit_log.seq of the first record involved
  last_seq BIGINT UNSIGNED NOT NULL,             -- ... and of the one that raised it
  summary VARCHAR(255) NOT NULL,
  detail TEXT NOT NULL,                          -- JSON
  acknowledged_at DATETIME NULL,
  acknowledged_by VARCHAR(64) NULL,
  ack_note VARCHAR(1000) NULL,
  UNIQUE KEY alerts_dedup (kind, subject, window_start),
  KEY alerts_open (acknowledged_at, created_at),
  KEY alerts_actor (actor, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row (id = 1): the last audit_log.seq crmctl watch has evaluated.
CREATE TABLE watch_state (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  last_seq BIGINT UNSIGNED NOT NULL,
  updated_at DATETIME NOT NULL
) ENGINE=InnoDB;

GRANT SELECT, INSERT ON alerts TO @APP_ACCOUNT@;
GRANT UPDATE (acknowledged_at, acknowledged_by, ack_note) ON alerts TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON watch_state TO @APP_ACCOUNT@;
-- crmctl watch reads the audit trail as the application account.
GRANT SELECT ON audit_log TO @APP_ACCOUNT@;
