-- 015_manager_grants.sql: a sales manager administers the users of their
-- own team within limits: sees them on /admin/users, ends their sessions
-- and gives them temporary grants (only of what the manager holds).
-- Disabling, roles and teams stay with "all"-scope administrators.
INSERT INTO role_permissions (role_id, module, action, scope)
  SELECT id, 'admin.users', 'view', 'team' FROM roles WHERE name = 'sales-manager' UNION ALL
  SELECT id, 'admin.users', 'edit', 'team' FROM roles WHERE name = 'sales-manager';
