-- 034_custom_packed.sql: the plain custom values of each record packed
-- in one row, read by lists (50 primary-key reads a page instead of a
-- lookup per value, measured in bench/RESULTS.md "Custom fields at
-- 1,000,000 contacts"):
-- "<field_id>:i<number>;" or "<field_id>:t<bytes>:<text>;" per value,
-- rebuilt from the value table in the same transaction as every write
-- (custom_value.c; CV_PACK_SQL in src/store/custom_value_sql.h is the
-- one definition of the format). Sealed
-- values are never copied here: they stay in one place, under the
-- record's key.
CREATE TABLE contact_custom_packed (
  record_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  packed MEDIUMBLOB NOT NULL,
  CONSTRAINT contact_cp_record FOREIGN KEY (record_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB;
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_custom_packed TO @APP_ACCOUNT@;
CREATE TABLE account_custom_packed (
  record_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  packed MEDIUMBLOB NOT NULL,
  CONSTRAINT account_cp_record FOREIGN KEY (record_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB;
GRANT SELECT, INSERT, UPDATE, DELETE ON account_custom_packed TO @APP_ACCOUNT@;
CREATE TABLE lead_custom_packed (
  record_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  packed MEDIUMBLOB NOT NULL,
  CONSTRAINT lead_cp_record FOREIGN KEY (record_id) REFERENCES leads (id) ON DELETE CASCADE
) ENGINE=InnoDB;
GRANT SELECT, INSERT, UPDATE, DELETE ON lead_custom_packed TO @APP_ACCOUNT@;
CREATE TABLE deal_custom_packed (
  record_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  packed MEDIUMBLOB NOT NULL,
  CONSTRAINT deal_cp_record FOREIGN KEY (record_id) REFERENCES deals (id) ON DELETE CASCADE
) ENGINE=InnoDB;
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_custom_packed TO @APP_ACCOUNT@;
