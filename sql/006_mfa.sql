-- 006_mfa.sql: TOTP second factor. The secret is an envelope under the
-- user's data key (subject type 'user'), registered for rotate --data;
-- recovery codes are stored only as SHA-256 hashes; last_step refuses a
-- code used before (replay). A session signed in with the password only,
-- for a user with MFA, is mfa_pending until the code is given.
CREATE TABLE user_mfa (
  user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  secret VARBINARY(128) NOT NULL,
  confirmed_at DATETIME NULL,
  last_step BIGINT UNSIGNED NOT NULL DEFAULT 0,
  CONSTRAINT user_mfa_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB;

CREATE TABLE mfa_recovery_codes (
  user_id BIGINT UNSIGNED NOT NULL,
  code_hash CHAR(64) NOT NULL,
  used_at DATETIME NULL,
  PRIMARY KEY (user_id, code_hash),
  CONSTRAINT mfa_recovery_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB;

ALTER TABLE sessions ADD COLUMN mfa_pending TINYINT(1) NOT NULL DEFAULT 0;

INSERT INTO encrypted_columns (table_name, column_name, subject_type, subject_column)
  VALUES ('user_mfa', 'secret', 'user', 'user_id');

GRANT SELECT, INSERT, UPDATE, DELETE ON user_mfa TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_recovery_codes TO @APP_ACCOUNT@;
