-- 003_encrypted_columns.sql: the register of encrypted columns. Each
-- migration that adds an encrypted column adds its row here, naming the
-- subject whose data key encrypts it and the column holding that
-- subject's id. crmctl keys rotate --data walks this register to
-- re-encrypt every field under fresh data keys.
CREATE TABLE encrypted_columns (
  table_name VARCHAR(64) NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  subject_type VARCHAR(16) NOT NULL,
  subject_column VARCHAR(64) NOT NULL,
  PRIMARY KEY (table_name, column_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

GRANT SELECT ON encrypted_columns TO @APP_ACCOUNT@;
