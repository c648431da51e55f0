-- 033_custom_fields.sql: custom fields that administrators add on
-- /admin/fields to accounts, contacts, leads and deals (README "Custom
-- fields"). A field's definition is a row of custom_fields (type,
-- required, default, protection, personal-data class, position, retired
-- or not), its label and help per language and its options' labels in
-- custom_field_texts, its options in custom_field_options. Values live in
-- one typed table per family, <family>_custom_values, one row per record
-- and field: v_int (integer, decimal and amounts in hundredths, dates as
-- YYYYMMDD, date-times as YYYYMMDDHHMM, checkbox 0/1, a user's id), v_text
-- (text, long text, choice codes, email, phone, URL) or, for a protected
-- field, v_sealed (an envelope under the record's data key, AAD naming
-- this table, v_sealed and the row id; the plaintext starts with the
-- field id so a row cannot be moved to another field) with v_bidx (its
-- blind index) for an indexed one. A table per family, because the
-- register of encrypted columns names one subject type per column, so
-- crmctl keys rotate --data re-encrypts them like any other field.
--
-- A value row goes with its record when the record is purged (ON
-- DELETE CASCADE); soft deletion keeps it, so a restore brings it back.
--
-- Workers cache the definitions with the rights: the triggers below bump
-- rbac_generation, so a change takes effect on every worker's next
-- request without a restart.
CREATE TABLE custom_fields (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  family VARCHAR(16) NOT NULL,          -- accounts | contacts | leads | deals
  type VARCHAR(16) NOT NULL,            -- text | textarea | integer | decimal | money | date | datetime |
                                        -- choice | multichoice | checkbox | email | phone | url | user
  required TINYINT(1) NOT NULL DEFAULT 0,
  default_value VARCHAR(1000) NULL,     -- as a form would send it
  currency CHAR(3) NULL,                -- money: the amount's currency
  protect VARCHAR(8) NOT NULL DEFAULT 'plain',   -- plain | sealed | indexed
  personal VARCHAR(16) NOT NULL DEFAULT 'none',  -- none | contact | identifier | financial | special
  position INT NOT NULL DEFAULT 0,
  retired_at DATETIME NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY custom_fields_family (family, position, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE custom_field_options (
  field_id INT UNSIGNED NOT NULL,
  code VARCHAR(64) NOT NULL,
  position INT NOT NULL DEFAULT 0,
  retired_at DATETIME NULL,             -- not offered any more; stored values keep it
  PRIMARY KEY (field_id, code),
  CONSTRAINT custom_field_options_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE custom_field_texts (
  field_id INT UNSIGNED NOT NULL,
  option_code VARCHAR(64) NOT NULL DEFAULT '',   -- '': the field itself
  lang VARCHAR(16) NOT NULL,                      -- en | zh-CN
  label VARCHAR(200) NOT NULL,
  help VARCHAR(500) NULL,
  PRIMARY KEY (field_id, option_code, lang),
  CONSTRAINT custom_field_texts_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The columns each user chose for a list (field names, comma-separated).
CREATE TABLE user_list_columns (
  user_id BIGINT UNSIGNED NOT NULL,
  family VARCHAR(16) NOT NULL,
  columns VARCHAR(1000) NOT NULL,
  PRIMARY KEY (user_id, family),
  CONSTRAINT user_list_columns_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE contact_custom_values (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id BIGINT UNSIGNED NOT NULL,
  field_id INT UNSIGNED NOT NULL,
  v_int BIGINT NULL,
  v_text TEXT NULL,
  v_sealed BLOB NULL,
  v_bidx BINARY(16) NULL,
  UNIQUE KEY contact_cv_record (record_id, field_id),
  KEY contact_cv_int (field_id, v_int),
  KEY contact_cv_text (field_id, v_text(100)),
  KEY contact_cv_bidx (field_id, v_bidx),
  CONSTRAINT contact_cv_record FOREIGN KEY (record_id) REFERENCES contacts (id) ON DELETE CASCADE,
  CONSTRAINT contact_cv_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('contact_custom_values', 'v_sealed', 'contact', 'record_id', 'id');
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_custom_values TO @APP_ACCOUNT@;

CREATE TABLE account_custom_values (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id BIGINT UNSIGNED NOT NULL,
  field_id INT UNSIGNED NOT NULL,
  v_int BIGINT NULL,
  v_text TEXT NULL,
  v_sealed BLOB NULL,
  v_bidx BINARY(16) NULL,
  UNIQUE KEY account_cv_record (record_id, field_id),
  KEY account_cv_int (field_id, v_int),
  KEY account_cv_text (field_id, v_text(100)),
  KEY account_cv_bidx (field_id, v_bidx),
  CONSTRAINT account_cv_record FOREIGN KEY (record_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT account_cv_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('account_custom_values', 'v_sealed', 'account', 'record_id', 'id');
GRANT SELECT, INSERT, UPDATE, DELETE ON account_custom_values TO @APP_ACCOUNT@;

CREATE TABLE lead_custom_values (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id BIGINT UNSIGNED NOT NULL,
  field_id INT UNSIGNED NOT NULL,
  v_int BIGINT NULL,
  v_text TEXT NULL,
  v_sealed BLOB NULL,
  v_bidx BINARY(16) NULL,
  UNIQUE KEY lead_cv_record (record_id, field_id),
  KEY lead_cv_int (field_id, v_int),
  KEY lead_cv_text (field_id, v_text(100)),
  KEY lead_cv_bidx (field_id, v_bidx),
  CONSTRAINT lead_cv_record FOREIGN KEY (record_id) REFERENCES leads (id) ON DELETE CASCADE,
  CONSTRAINT lead_cv_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('lead_custom_values', 'v_sealed', 'lead', 'record_id', 'id');
GRANT SELECT, INSERT, UPDATE, DELETE ON lead_custom_values TO @APP_ACCOUNT@;

CREATE TABLE deal_custom_values (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  record_id BIGINT UNSIGNED NOT NULL,
  field_id INT UNSIGNED NOT NULL,
  v_int BIGINT NULL,
  v_text TEXT NULL,
  v_sealed BLOB NULL,
  v_bidx BINARY(16) NULL,
  UNIQUE KEY deal_cv_record (record_id, field_id),
  KEY deal_cv_int (field_id, v_int),
  KEY deal_cv_text (field_id, v_text(100)),
  KEY deal_cv_bidx (field_id, v_bidx),
  CONSTRAINT deal_cv_record FOREIGN KEY (record_id) REFERENCES deals (id) ON DELETE CASCADE,
  CONSTRAINT deal_cv_field FOREIGN KEY (field_id) REFERENCES custom_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('deal_custom_values', 'v_sealed', 'deal', 'record_id', 'id');
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_custom_values TO @APP_ACCOUNT@;

CREATE TRIGGER custom_fields_insert_rbac AFTER INSERT ON custom_fields FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_fields_update_rbac AFTER UPDATE ON custom_fields FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_fields_delete_rbac AFTER DELETE ON custom_fields FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_options_insert_rbac AFTER INSERT ON custom_field_options FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_options_update_rbac AFTER UPDATE ON custom_field_options FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_options_delete_rbac AFTER DELETE ON custom_field_options FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_texts_insert_rbac AFTER INSERT ON custom_field_texts FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_texts_update_rbac AFTER UPDATE ON custom_field_texts FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER custom_field_texts_delete_rbac AFTER DELETE ON custom_field_texts FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;

GRANT SELECT, INSERT, UPDATE ON custom_fields TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_field_options TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_field_texts TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_list_columns TO @APP_ACCOUNT@;

