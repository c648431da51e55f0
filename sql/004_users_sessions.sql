-- 004_users_sessions.sql: people who signed in, their roles, their
-- server-side sessions. Users are provisioned at their first successful
-- directory sign-in; their roles are recomputed from their directory
-- groups (group_roles) at every sign-in.
CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  source VARCHAR(16) NOT NULL DEFAULT 'directory',
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  last_login_at DATETIME NULL,
  UNIQUE KEY users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE roles (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  UNIQUE KEY roles_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_roles (
  user_id BIGINT UNSIGNED NOT NULL,
  role_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (user_id, role_id),
  CONSTRAINT user_roles_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT user_roles_role FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE=InnoDB;

-- Directory group -> CRM role; edited on /admin/groups (access control).
CREATE TABLE group_roles (
  group_name VARCHAR(128) NOT NULL,
  role_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (group_name, role_id),
  CONSTRAINT group_roles_role FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Only the SHA-256 of a session token is stored: a copy of this table
-- does not let anyone sign in.
CREATE TABLE sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  csrf_token CHAR(64) NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  ip VARCHAR(45) NOT NULL,
  user_agent VARCHAR(255) NOT NULL,
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO roles (name) VALUES ('administrator'), ('sales-manager'), ('sales-rep'),
  ('finance'), ('auditor');
INSERT INTO group_roles (group_name, role_id)
  SELECT 'crm-admins', id FROM roles WHERE name = 'administrator' UNION ALL
  SELECT 'crm-sales-managers', id FROM roles WHERE name = 'sales-manager' UNION ALL
  SELECT 'crm-sales', id FROM roles WHERE name = 'sales-rep' UNION ALL
  SELECT 'crm-finance', id FROM roles WHERE name = 'finance' UNION ALL
  SELECT 'crm-auditors', id FROM roles WHERE name = 'auditor';

GRANT SELECT, INSERT, UPDATE ON users TO @APP_ACCOUNT@;
GRANT SELECT ON roles TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, DELETE ON user_roles TO @APP_ACCOUNT@;
GRANT SELECT ON group_roles TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO @APP_ACCOUNT@;
