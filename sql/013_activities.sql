-- 013_activities.sql: activities (tasks, calls, meetings, notes), each
-- attached to one record (a contact, account, deal or lead) and owned
-- like any record (owner, team, version, soft delete).
--
-- The body (the notes text) is sensitive: an envelope under the data key
-- of the record it is attached to (AAD activities/body/<activity id>), so
-- erasing a contact destroys its activities' notes with it. For
-- crmctl keys rotate --data, the register names, per subject type, the
-- column holding that subject's id; the generated columns contact_id,
-- account_id, deal_id and lead_id are related_id for activities attached
-- to that type and NULL otherwise, so a contact's rotation re-encrypts
-- exactly its own activities and never an account's of the same number.
-- One column may thus be encrypted under several subject types: the
-- register's key grows to include the subject type.
CREATE TABLE activities (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('task', 'call', 'meeting', 'note') NOT NULL,
  subject VARCHAR(200) NOT NULL,
  body VARBINARY(40960) NULL,
  related_type ENUM('contact', 'account', 'deal', 'lead') NOT NULL,
  related_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED AS (IF(related_type = 'contact', related_id, NULL)) VIRTUAL,
  account_id BIGINT UNSIGNED AS (IF(related_type = 'account', related_id, NULL)) VIRTUAL,
  deal_id BIGINT UNSIGNED AS (IF(related_type = 'deal', related_id, NULL)) VIRTUAL,
  lead_id BIGINT UNSIGNED AS (IF(related_type = 'lead', related_id, NULL)) VIRTUAL,
  due_at DATETIME NULL,
  done_at DATETIME NULL,
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  deleted_at DATETIME NULL,
  KEY activities_my_open (owner_id, done_at, due_at),
  KEY activities_timeline (related_type, related_id, created_at),
  KEY activities_team (team_id),
  KEY activities_contact (contact_id),
  KEY activities_account (account_id),
  KEY activities_deal (deal_id),
  KEY activities_lead (lead_id),
  CONSTRAINT activities_owner FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT activities_team FOREIGN KEY (team_id) REFERENCES teams (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE encrypted_columns DROP PRIMARY KEY,
  ADD PRIMARY KEY (table_name, column_name, subject_type);

INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column, row_column)
  VALUES ('activities', 'body', 'contact', 'contact_id', 'id'),
         ('activities', 'body', 'account', 'account_id', 'id'),
         ('activities', 'body', 'deal', 'deal_id', 'id'),
         ('activities', 'body', 'lead', 'lead_id', 'id');

-- No DELETE: activities are soft-deleted by the application.
GRANT SELECT, INSERT, UPDATE ON activities TO @APP_ACCOUNT@;
