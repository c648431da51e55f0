-- 008_audit.sql: the tamper-evident audit trail. Every record carries the
-- HMAC of its predecessor (prev_mac) and its own (mac) over all its other
-- columns (encoding: src/audit.h), so an edited, removed or inserted row
-- breaks the chain at that seq; crmctl audit verify walks it. audit_head
-- holds the newest seq and mac: writers lock it (SELECT ... FOR UPDATE),
-- which orders them. The application account may only read and append:
-- it cannot UPDATE or DELETE a record, and crm-fcgi refuses to start when
-- it can. crmctl audit purge (admin account) removes the oldest records
-- past [audit] retention_days and leaves an audit_checkpoint row, MACed
-- like the records, from which verification starts.
CREATE TABLE audit_log (
  seq BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  at DATETIME(6) NOT NULL,
  actor_id BIGINT UNSIGNED NULL,
  actor VARCHAR(64) NOT NULL,
  roles VARCHAR(255) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  user_agent VARCHAR(255) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(64) NOT NULL,
  object_id VARCHAR(64) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  items INT UNSIGNED NOT NULL DEFAULT 1,
  detail TEXT NOT NULL,
  prev_mac BINARY(32) NOT NULL,
  mac BINARY(32) NOT NULL,
  KEY audit_at (at), KEY audit_actor (actor, at), KEY audit_action (action, at),
  KEY audit_ip (ip, at), KEY audit_object (object_type, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_head (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  seq BIGINT UNSIGNED NOT NULL,
  mac BINARY(32) NOT NULL,
  CONSTRAINT audit_head_single CHECK (id = 1)
) ENGINE=InnoDB;

-- Genesis: seq 0 and a mac of 32 zero bytes, the prev_mac of record 1.
INSERT INTO audit_head (id, seq, mac) VALUES (1, 0, REPEAT(X'00', 32));

-- One row per purge batch: records below first_seq were deleted; the
-- first kept record's prev_mac must equal prev_mac. mac is
-- HMAC(chain key, checkpoint encoding) (src/audit.h), so a checkpoint
-- cannot be forged without the key ring.
CREATE TABLE audit_checkpoint (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL,
  first_seq BIGINT UNSIGNED NOT NULL,
  prev_mac BINARY(32) NOT NULL,
  purged BIGINT UNSIGNED NOT NULL,
  mac BINARY(32) NOT NULL,
  KEY audit_checkpoint_first (first_seq)
) ENGINE=InnoDB;

GRANT SELECT, INSERT ON audit_log TO @APP_ACCOUNT@;
GRANT SELECT, UPDATE ON audit_head TO @APP_ACCOUNT@;
