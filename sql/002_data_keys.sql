-- 002_data_keys.sql: per-subject data keys (envelope encryption).
-- Every data subject (contact, lead, account, user) gets its own random
-- 256-bit data key; its sensitive fields are encrypted under it. The key
-- is stored only wrapped (AES-256-GCM) by a key-encryption key from the
-- key ring, kek_version says which. Destroying a subject's key (wrapped
-- set to NULL, destroyed_at set) makes every copy of its fields, in
-- backups too, unreadable: crypto-shredding.
CREATE TABLE data_keys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  subject_type VARCHAR(16) NOT NULL,
  subject_id BIGINT UNSIGNED NOT NULL,
  kek_version INT UNSIGNED NOT NULL,
  wrapped VARBINARY(128) NULL,
  created_at DATETIME NOT NULL,
  rewrapped_at DATETIME NULL,
  destroyed_at DATETIME NULL,
  UNIQUE KEY data_keys_subject (subject_type, subject_id),
  KEY data_keys_kek (kek_version, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The application creates keys for new subjects, reads them, and destroys
-- them on erasure; rewrapping is done by crmctl with the admin account.
GRANT SELECT, INSERT, UPDATE ON data_keys TO @APP_ACCOUNT@;
