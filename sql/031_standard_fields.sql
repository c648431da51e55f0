-- 031_standard_fields.sql: the standard fields of contacts and leads,
-- the account hierarchy and a contact's further account relations
-- (issue 16; declared in src/records/contact_decl.c, lead_decl.c,
-- account_decl.c).
--
-- Contacts: job title and department (plain), the mobile number sealed
-- under the contact's data key with a blind index exactly like phone,
-- the preferred language (a code of the list in contact_decl.c), and the
-- do-not-call and email opt-out flags (0 unless ticked).
ALTER TABLE contacts
  ADD COLUMN title VARCHAR(100) NULL,
  ADD COLUMN department VARCHAR(100) NULL,
  ADD COLUMN mobile VARBINARY(512) NULL,
  ADD COLUMN mobile_bidx BINARY(16) NULL,
  ADD COLUMN preferred_language VARCHAR(16) NULL,
  ADD COLUMN do_not_call TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN email_opt_out TINYINT(1) NOT NULL DEFAULT 0,
  ADD KEY contacts_mobile (mobile_bidx);

INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('contacts', 'mobile', 'contact', 'id', 'id');

-- The mobile number follows the phone's field rules: each role (built
-- in or made by an administrator) gets the rule it has for the phone,
-- so the auditor sees it masked as it sees the phone.
INSERT INTO role_field_rules (role_id, module, field, rule)
  SELECT p.role_id, p.module, 'mobile', p.rule FROM role_field_rules p
  WHERE p.module = 'contacts' AND p.field = 'phone' AND NOT EXISTS (SELECT 1 FROM role_field_rules x
    WHERE x.role_id = p.role_id AND x.module = 'contacts' AND x.field = 'mobile');

-- Leads: source and rating (codes of the lists in lead_decl.c) and the
-- person's job title, which a conversion copies to the contact.
ALTER TABLE leads
  ADD COLUMN title VARCHAR(100) NULL,
  ADD COLUMN source VARCHAR(32) NULL,
  ADD COLUMN rating VARCHAR(8) NULL;

-- Accounts: the parent account. The application refuses a cycle (an
-- account its own ancestor) and shows at most ten levels each way.
-- Purging an account leaves its children without a parent.
ALTER TABLE accounts
  ADD COLUMN parent_id BIGINT UNSIGNED NULL,
  ADD KEY accounts_parent (parent_id),
  ADD CONSTRAINT accounts_parent FOREIGN KEY (parent_id) REFERENCES accounts (id) ON DELETE SET NULL;

-- A contact's further accounts besides its own (account_id), each with
-- a role (a code of the list in contact_decl.c): "consultant at". One
-- relation per contact and account; purging either side removes it.
CREATE TABLE contact_account_relations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  contact_id BIGINT UNSIGNED NOT NULL,
  account_id BIGINT UNSIGNED NOT NULL,
  role VARCHAR(32) NOT NULL,
  created_by BIGINT UNSIGNED NULL,             -- NULL: put back by a restore
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY contact_account_relations_pair (contact_id, account_id),
  KEY contact_account_relations_account (account_id),
  CONSTRAINT contact_account_relations_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
  CONSTRAINT contact_account_relations_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT contact_account_relations_user FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

GRANT SELECT, INSERT, DELETE ON contact_account_relations TO @APP_ACCOUNT@;
