-- 008_audit.sql: the tamper-evident audit trail. Records form 16
-- independent hash chains (0..15), so that concurrent audited
-- transactions do not queue on one lock: every record carries the HMAC of
-- the previous record of its chain (prev_mac) and its own (mac) over all
-- its other columns except seq (encoding: src/audit.h), so an edited,
-- removed or inserted row breaks its chain at that chain_seq; crmctl audit
-- verify walks every chain. seq is the global order of insertion
-- (AUTO_INCREMENT, with gaps where a transaction rolled back). audit_head
-- holds each chain's newest chain_seq (column seq) and mac: a writer locks
-- a free head row (SELECT ... FOR UPDATE SKIP LOCKED) until it commits,
-- which orders the records of a chain. The application account may only
-- read and append: it cannot UPDATE or DELETE a record, and crm-fcgi
-- refuses to start when it can. crmctl audit purge (admin account)
-- removes the oldest records of each chain past [audit] retention_days
-- and leaves an audit_checkpoint row per chain, MACed like the records,
-- from which verification of that chain starts. audit_cursors holds, per
-- consumer (the anomaly watcher), the newest chain_seq it has read of
-- each chain (audit_fetch_after in src/audit.h).
CREATE TABLE audit_log (
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  chain TINYINT UNSIGNED NOT NULL,
  chain_seq BIGINT UNSIGNED NOT NULL,
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
  UNIQUE KEY audit_chain (chain, chain_seq),
  KEY audit_at (at), KEY audit_actor (actor, at), KEY audit_action (action, at),
  KEY audit_ip (ip, at), KEY audit_object (object_type, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- seq here is the chain's newest chain_seq (0: no record yet).
CREATE TABLE audit_head (
  chain TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  seq BIGINT UNSIGNED NOT NULL,
  mac BINARY(32) NOT NULL,
  CONSTRAINT audit_head_chains CHECK (chain < 16)
) ENGINE=InnoDB;

-- Genesis of each chain: chain_seq 0 and a mac of 32 zero bytes, the
-- prev_mac of the chain's record 1.
INSERT INTO audit_head (chain, seq, mac) VALUES
  (0, 0, REPEAT(X'00', 32)), (1, 0, REPEAT(X'00', 32)), (2, 0, REPEAT(X'00', 32)),
  (3, 0, REPEAT(X'00', 32)), (4, 0, REPEAT(X'00', 32)), (5, 0, REPEAT(X'00', 32)),
  (6, 0, REPEAT(X'00', 32)), (7, 0, REPEAT(X'00', 32)), (8, 0, REPEAT(X'00', 32)),
  (9, 0, REPEAT(X'00', 32)), (10, 0, REPEAT(X'00', 32)), (11, 0, REPEAT(X'00', 32)),
  (12, 0, REPEAT(X'00', 32)), (13, 0, REPEAT(X'00', 32)), (14, 0, REPEAT(X'00', 32)),
  (15, 0, REPEAT(X'00', 32));

-- One row per purge batch of one chain: that chain's records below
-- first_chain_seq were deleted; its first kept record's prev_mac must
-- equal prev_mac (or, when none is kept, its head's mac). mac is
-- HMAC(chain key, checkpoint encoding) (src/audit.h), so a checkpoint
-- cannot be forged without the key ring.
CREATE TABLE audit_checkpoint (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at DATETIME(6) NOT NULL,
  chain TINYINT UNSIGNED NOT NULL,
  first_chain_seq BIGINT UNSIGNED NOT NULL,
  prev_mac BINARY(32) NOT NULL,
  purged BIGINT UNSIGNED NOT NULL,
  mac BINARY(32) NOT NULL,
  KEY audit_checkpoint_first (chain, first_chain_seq)
) ENGINE=InnoDB;

-- A consumer's read position in each chain: every record of the chain up
-- to chain_seq has been handled. Written by the consumer in the
-- transaction that handles the records.
CREATE TABLE audit_cursors (
  consumer VARCHAR(32) NOT NULL,
  chain TINYINT UNSIGNED NOT NULL,
  chain_seq BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (consumer, chain)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

GRANT SELECT, INSERT ON audit_log TO @APP_ACCOUNT@;
GRANT SELECT, UPDATE ON audit_head TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON audit_cursors TO @APP_ACCOUNT@;
