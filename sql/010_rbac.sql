-- 010_rbac.sql: fine-grained access control. A role grants module x
-- action permissions, each with a record scope (own, team, all), and
-- rules per sensitive field (hidden, masked, readonly, editable); it may
-- restrict where from (CIDR list) and when (weekday/hour windows) its
-- grants apply. A user's rights are the union of the roles that apply at
-- the moment of the request. Teams give "team" scope its meaning.
-- Temporary grants give one user one module (or one record) for a stated
-- reason until they expire. Edited on /admin/roles, /admin/users and
-- /admin/groups; every change is audited.

CREATE TABLE teams (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  created_at DATETIME NOT NULL,
  UNIQUE KEY teams_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE users ADD COLUMN team_id INT UNSIGNED NULL,
  ADD CONSTRAINT users_team FOREIGN KEY (team_id) REFERENCES teams (id);

-- Roles a sign-in derives from directory groups ('group') are recomputed
-- at every sign-in; roles an administrator assigns ('manual') are kept.
ALTER TABLE user_roles ADD COLUMN source VARCHAR(8) NOT NULL DEFAULT 'group';

ALTER TABLE roles
  ADD COLUMN description VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN allowed_networks VARCHAR(4000) NOT NULL DEFAULT '',
  ADD COLUMN allowed_hours VARCHAR(1000) NOT NULL DEFAULT '',
  ADD COLUMN builtin TINYINT(1) NOT NULL DEFAULT 0;
UPDATE roles SET builtin = 1;

CREATE TABLE role_permissions (
  role_id INT UNSIGNED NOT NULL,
  module VARCHAR(32) NOT NULL,
  action VARCHAR(16) NOT NULL,
  scope VARCHAR(8) NOT NULL,            -- own | team | all
  PRIMARY KEY (role_id, module, action),
  CONSTRAINT role_permissions_role FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE role_field_rules (
  role_id INT UNSIGNED NOT NULL,
  module VARCHAR(32) NOT NULL,
  field VARCHAR(64) NOT NULL,
  rule VARCHAR(16) NOT NULL,            -- hidden | masked | readonly | editable
  PRIMARY KEY (role_id, module, field),
  CONSTRAINT role_field_rules_role FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE temp_grants (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  module VARCHAR(32) NOT NULL,
  action VARCHAR(16) NOT NULL,
  record_id BIGINT UNSIGNED NULL,       -- NULL: the whole module (scope all)
  reason VARCHAR(500) NOT NULL,
  granted_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  KEY temp_grants_user (user_id, expires_at),
  KEY temp_grants_record (module, record_id),
  CONSTRAINT temp_grants_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT temp_grants_by FOREIGN KEY (granted_by) REFERENCES users (id)
) ENGINE=InnoDB;

-- Default grants. Modules: accounts contacts leads deals activities
-- reports admin.users admin.roles admin.groups admin.audit admin.alerts
-- admin.settings; actions: view create edit delete export import.
CREATE TEMPORARY TABLE seed_modules (m VARCHAR(32), crm TINYINT(1));
INSERT INTO seed_modules VALUES ('accounts', 1), ('contacts', 1), ('leads', 1), ('deals', 1),
  ('activities', 1), ('reports', 0), ('admin.users', 0), ('admin.roles', 0),
  ('admin.groups', 0), ('admin.audit', 0), ('admin.alerts', 0), ('admin.settings', 0);
CREATE TEMPORARY TABLE seed_actions (a VARCHAR(16));
INSERT INTO seed_actions VALUES ('view'), ('create'), ('edit'), ('delete'), ('export'), ('import');

-- administrator: everything, every record.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, a.a, 'all' FROM roles r, seed_modules m, seed_actions a
  WHERE r.name = 'administrator';
-- sales-manager: the sales modules for their team, reports of their team.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, a.a, 'team' FROM roles r, seed_modules m, seed_actions a
  WHERE r.name = 'sales-manager' AND m.crm = 1 AND a.a IN ('view', 'create', 'edit', 'delete', 'export');
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT id, 'reports', 'view', 'team' FROM roles WHERE name = 'sales-manager';
-- sales-rep: their own customers and pipeline; may delete only activities.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, a.a, 'own' FROM roles r, seed_modules m, seed_actions a
  WHERE r.name = 'sales-rep' AND m.crm = 1 AND a.a IN ('view', 'create', 'edit');
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT id, 'activities', 'delete', 'own' FROM roles WHERE name = 'sales-rep';
-- finance: accounts and deals (amounts, tax and bank details), reports.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, a.a, 'all' FROM roles r, seed_modules m, seed_actions a
  WHERE r.name = 'finance' AND m.m IN ('accounts', 'deals') AND a.a IN ('view', 'edit', 'export');
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, a.a, 'all' FROM roles r, seed_modules m, seed_actions a
  WHERE r.name = 'finance' AND m.m IN ('contacts', 'reports') AND a.a IN ('view', 'export');
-- auditor: reads everything, changes nothing; reads and exports the trail.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT r.id, m.m, 'view', 'all' FROM roles r, seed_modules m
  WHERE r.name = 'auditor' AND (m.crm = 1 OR m.m IN ('reports', 'admin.audit', 'admin.alerts'));
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT id, 'admin.audit', 'export', 'all' FROM roles WHERE name = 'auditor';

-- Field rules: money and bank data are finance's; auditors see
-- personal data masked until they reveal it (each reveal audited).
INSERT INTO role_field_rules (role_id, module, field, rule)
  SELECT r.id, f.module, f.field, f.rule FROM roles r JOIN (
    SELECT 'sales-rep' role, 'deals' module, 'amount' field, 'hidden' rule UNION ALL
    SELECT 'sales-rep', 'accounts', 'tax_id', 'hidden' UNION ALL
    SELECT 'sales-rep', 'accounts', 'bank_account', 'hidden' UNION ALL
    SELECT 'sales-manager', 'deals', 'amount', 'readonly' UNION ALL
    SELECT 'sales-manager', 'accounts', 'tax_id', 'hidden' UNION ALL
    SELECT 'sales-manager', 'accounts', 'bank_account', 'hidden' UNION ALL
    SELECT 'auditor', 'contacts', 'email', 'masked' UNION ALL
    SELECT 'auditor', 'contacts', 'phone', 'masked' UNION ALL
    SELECT 'auditor', 'accounts', 'tax_id', 'masked' UNION ALL
    SELECT 'auditor', 'accounts', 'bank_account', 'masked'
  ) f ON f.role = r.name;

DROP TEMPORARY TABLE seed_modules;
DROP TEMPORARY TABLE seed_actions;

INSERT INTO teams (name, created_at) VALUES ('Sales North', UTC_TIMESTAMP()),
  ('Sales South', UTC_TIMESTAMP());

GRANT SELECT, INSERT, UPDATE, DELETE ON roles TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON role_permissions TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE, DELETE ON role_field_rules TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, DELETE ON group_roles TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON teams TO @APP_ACCOUNT@;
GRANT SELECT, INSERT, UPDATE ON temp_grants TO @APP_ACCOUNT@;
GRANT UPDATE ON user_roles TO @APP_ACCOUNT@;
