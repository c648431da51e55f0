-- 017_rbac_generation.sql: a counter that changes whenever anything a
-- user's rights are computed from changes: roles (restrictions, MFA
-- requirement), their grants and field rules, role memberships, temporary
-- grants and second factors. Workers keep each user's role data in
-- memory (src/rights_cache.c) and reload it when the counter they read
-- with the session differs, so a change still takes effect on the next
-- request. Triggers keep the counter, whoever writes (pages, crmctl, an
-- operator's SQL), so no code path can forget it.
CREATE TABLE rbac_generation (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  n BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO rbac_generation (id, n) VALUES (1, 1);
CREATE TRIGGER roles_insert_rbac AFTER INSERT ON roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER roles_update_rbac AFTER UPDATE ON roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER roles_delete_rbac AFTER DELETE ON roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_permissions_insert_rbac AFTER INSERT ON role_permissions FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_permissions_update_rbac AFTER UPDATE ON role_permissions FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_permissions_delete_rbac AFTER DELETE ON role_permissions FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_field_rules_insert_rbac AFTER INSERT ON role_field_rules FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_field_rules_update_rbac AFTER UPDATE ON role_field_rules FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER role_field_rules_delete_rbac AFTER DELETE ON role_field_rules FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_roles_insert_rbac AFTER INSERT ON user_roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_roles_update_rbac AFTER UPDATE ON user_roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_roles_delete_rbac AFTER DELETE ON user_roles FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER temp_grants_insert_rbac AFTER INSERT ON temp_grants FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER temp_grants_update_rbac AFTER UPDATE ON temp_grants FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER temp_grants_delete_rbac AFTER DELETE ON temp_grants FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_mfa_insert_rbac AFTER INSERT ON user_mfa FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_mfa_update_rbac AFTER UPDATE ON user_mfa FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;
CREATE TRIGGER user_mfa_delete_rbac AFTER DELETE ON user_mfa FOR EACH ROW
  UPDATE rbac_generation SET n = n + 1 WHERE id = 1;

GRANT SELECT ON rbac_generation TO @APP_ACCOUNT@;
