-- 012_deals_leads.sql: the sales cycle: leads (converted into an
-- account, a contact and a deal in one transaction), deals that move
-- through configurable stages, and the stages themselves. Like contacts,
-- every record has an owner, a team, a version and a deleted_at; a
-- lead's email and phone are envelopes under the lead's own data key
-- with blind indexes.
CREATE TABLE deal_stages (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  position INT NOT NULL,
  probability TINYINT UNSIGNED NOT NULL,
  outcome VARCHAR(8) NOT NULL DEFAULT 'open',   -- open | won | lost
  UNIQUE KEY deal_stages_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO deal_stages (name, position, probability, outcome) VALUES
  ('Prospecting', 10, 10, 'open'), ('Qualification', 20, 25, 'open'),
  ('Proposal', 30, 50, 'open'), ('Negotiation', 40, 75, 'open'),
  ('Won', 90, 100, 'won'), ('Lost', 99, 0, 'lost');

CREATE TABLE deals (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  account_id BIGINT UNSIGNED NULL,
  contact_id BIGINT UNSIGNED NULL,
  amount_cents BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT 'CHF',
  stage_id INT UNSIGNED NOT NULL,
  probability TINYINT UNSIGNED NOT NULL,
  expected_close DATE NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  closed_at DATETIME NULL,
  deleted_at DATETIME NULL,
  KEY deals_list (deleted_at, stage_id, id),
  KEY deals_owner (owner_id),
  KEY deals_team (team_id),
  CONSTRAINT deals_account FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT deals_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT deals_stage FOREIGN KEY (stage_id) REFERENCES deal_stages (id),
  CONSTRAINT deals_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT deals_team FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE leads (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  first_name VARCHAR(100) NOT NULL,
  last_name VARCHAR(100) NOT NULL,
  company VARCHAR(200) NOT NULL DEFAULT '',
  email VARBINARY(1024) NULL,
  email_bidx BINARY(16) NULL,
  phone VARBINARY(512) NULL,
  phone_bidx BINARY(16) NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'new',   -- new | contacted | qualified | disqualified | converted
  converted_deal_id BIGINT UNSIGNED NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  deleted_at DATETIME NULL,
  KEY leads_list (deleted_at, last_name, id),
  KEY leads_email (email_bidx),
  KEY leads_owner (owner_id),
  KEY leads_team (team_id),
  CONSTRAINT leads_deal FOREIGN KEY (converted_deal_id) REFERENCES deals (id),
  CONSTRAINT leads_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT leads_team FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('leads', 'email', 'lead', 'id', 'id'), ('leads', 'phone', 'lead', 'id', 'id');

GRANT SELECT ON deal_stages TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON deals TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON leads TO @APP_ACCOUNT@;
