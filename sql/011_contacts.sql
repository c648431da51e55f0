-- 011_contacts.sql: the first CRM records: accounts (companies) and
-- contacts. Every record has an owner and a team (record scope), a
-- version (optimistic concurrency: an edit of a changed record is a
-- conflict, not an overwrite) and a deleted_at (soft delete). Sensitive
-- fields are envelopes under the record's own data key (subject types
-- 'contact' and 'account'), so erasing a contact destroys one key; exact
-- search on email and phone goes through keyed blind indexes.
CREATE TABLE accounts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  tax_id VARBINARY(512) NULL,
  bank_account VARBINARY(512) NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  deleted_at DATETIME NULL,
  KEY accounts_list (deleted_at, name, id),
  KEY accounts_owner (owner_id),
  KEY accounts_team (team_id),
  CONSTRAINT accounts_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT accounts_team FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE contacts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id BIGINT UNSIGNED NULL,
  first_name VARCHAR(100) NOT NULL,
  last_name VARCHAR(100) NOT NULL,
  email VARBINARY(1024) NULL,
  email_bidx BINARY(16) NULL,
  phone VARBINARY(512) NULL,
  phone_bidx BINARY(16) NULL,
  address VARBINARY(2048) NULL,
  birth_date VARBINARY(256) NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  deleted_at DATETIME NULL,
  KEY contacts_list (deleted_at, last_name, id),
  KEY contacts_email (email_bidx),
  KEY contacts_phone (phone_bidx),
  KEY contacts_owner (owner_id),
  KEY contacts_team (team_id),
  CONSTRAINT contacts_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT contacts_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT contacts_team FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('contacts', 'email', 'contact', 'id', 'id'), ('contacts', 'phone', 'contact', 'id', 'id'),
         ('contacts', 'address', 'contact', 'id', 'id'), ('contacts', 'birth_date', 'contact', 'id', 'id'),
         ('accounts', 'tax_id', 'account', 'id', 'id'), ('accounts', 'bank_account', 'account', 'id', 'id');

-- No DELETE: records are soft-deleted by the application and purged by crmctl.
GRANT SELECT, INSERT, UPDATE ON contacts TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON accounts TO @APP_ACCOUNT@;
