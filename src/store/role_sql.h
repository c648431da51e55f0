/* role_sql.h: the statements about roles (declared as stmt.h says): a
 * role's definition, its grants and field rules, read and replaced
 * (role_def.c), and the per-user rows rights are computed from (rbac.c,
 * through the rights cache). */
#ifndef CRM_ROLE_SQL_H
#define CRM_ROLE_SQL_H

/* export_row_cap NULL (the server default) is told from a cap: VAL. */
#define role_load_SQL "SELECT name, description, mfa_required, allowed_networks, allowed_hours," \
	" builtin, export_row_cap FROM roles WHERE id = ?"
#define role_load_IN(X) X(INT, id)
#define role_load_OUT(X) X(TEXT, name) X(TEXT, description) X(INT, mfa_required) \
	X(TEXT, allowed_networks) X(TEXT, allowed_hours) X(INT, builtin) X(INT, export_row_cap)

#define role_perms_SQL "SELECT module, action, scope FROM role_permissions WHERE role_id = ?"
#define role_perms_IN(X) X(INT, role_id)
#define role_perms_OUT(X) X(TEXT, module) X(TEXT, action) X(TEXT, scope)

#define role_rules_SQL "SELECT module, field, rule FROM role_field_rules WHERE role_id = ?"
#define role_rules_IN(X) X(INT, role_id)
#define role_rules_OUT(X) X(TEXT, module) X(TEXT, field) X(TEXT, rule)

/* A role's columns as the form sets them (shape role_def). */
#define role_insert_SQL "INSERT INTO roles (name, description, mfa_required, allowed_networks," \
	" allowed_hours, export_row_cap) VALUES (?, ?, ?, ?, ?, ?)"
#define role_insert_IN(X) X(TEXT, name) X(TEXT, description) X(INT, mfa_required) \
	X(TEXT, allowed_networks) X(TEXT, allowed_hours) X(VAL, export_row_cap)
#define role_insert_OUT(X)

#define role_update_SQL "UPDATE roles SET name = ?, description = ?, mfa_required = ?," \
	" allowed_networks = ?, allowed_hours = ?, export_row_cap = ? WHERE id = ?"
#define role_update_IN(X) role_insert_IN(X) X(INT, id)
#define role_update_OUT(X)

/* A role's grants or rules all removed (shape role_id). */
#define role_id_IN(X) X(INT, role_id)
#define role_id_OUT(X)
#define role_perms_clear_SQL "DELETE FROM role_permissions WHERE role_id = ?"
#define role_rules_clear_SQL "DELETE FROM role_field_rules WHERE role_id = ?"

#define role_perm_insert_SQL "INSERT INTO role_permissions (role_id, module, action, scope)" \
	" VALUES (?, ?, ?, ?)"
#define role_perm_insert_IN(X) X(INT, role_id) X(TEXT, module) X(TEXT, action) X(TEXT, scope)
#define role_perm_insert_OUT(X)

#define role_rule_insert_SQL "INSERT INTO role_field_rules (role_id, module, field, rule)" \
	" VALUES (?, ?, ?, ?)"
#define role_rule_insert_IN(X) X(INT, role_id) X(TEXT, module) X(TEXT, field) X(TEXT, rule)
#define role_rule_insert_OUT(X)

/* Rows ordered by role: rbac_load checks each role's restrictions once.
 * export_row_cap repeats on each row of a role (NULL: server default). */
#define role_user_grants_SQL "SELECT r.id, r.allowed_networks, r.allowed_hours, rp.module," \
	" rp.action, rp.scope, r.export_row_cap" \
	" FROM user_roles ur JOIN roles r ON r.id = ur.role_id" \
	" LEFT JOIN role_permissions rp ON rp.role_id = r.id" \
	" WHERE ur.user_id = ? ORDER BY r.id"
#define role_user_grants_IN(X) X(INT, user_id)
#define role_user_grants_OUT(X) X(INT, role_id) X(TEXT, allowed_networks) \
	X(TEXT, allowed_hours) X(TEXT, module) X(TEXT, action) X(TEXT, scope) X(INT, export_cap)

#define role_user_rules_SQL "SELECT fr.role_id, fr.module, fr.field, fr.rule FROM user_roles ur" \
	" JOIN role_field_rules fr ON fr.role_id = ur.role_id WHERE ur.user_id = ?"
#define role_user_rules_IN(X) X(INT, user_id)
#define role_user_rules_OUT(X) X(INT, role_id) X(TEXT, module) X(TEXT, field) X(TEXT, rule)

/* Module-wide grants with what grant_effective() caps them by: the
 * scope the granter's roles give on the same module x action, and on
 * admin.users edit (FIELD: 1 own, 2 team, 3 all, 0 none). */
#define role_user_temp_grants_SQL "SELECT g.module, g.action," \
	" TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), g.expires_at)," \
	" COALESCE(g.scope, 'all'), COALESCE(g.team_id, 0)," \
	" (SELECT COALESCE(MAX(FIELD(p.scope, 'own', 'team', 'all')), 0) FROM user_roles ur" \
	"  JOIN role_permissions p ON p.role_id = ur.role_id WHERE ur.user_id = g.granted_by" \
	"  AND p.module = g.module AND p.action = g.action)," \
	" (SELECT COALESCE(MAX(FIELD(p.scope, 'own', 'team', 'all')), 0) FROM user_roles ur" \
	"  JOIN role_permissions p ON p.role_id = ur.role_id WHERE ur.user_id = g.granted_by" \
	"  AND p.module = 'admin.users' AND p.action = 'edit')" \
	" FROM temp_grants g JOIN users b ON b.id = g.granted_by WHERE g.user_id = ?" \
	" AND g.record_id IS NULL AND g.revoked_at IS NULL AND g.expires_at > UTC_TIMESTAMP()" \
	" AND b.disabled = 0"
#define role_user_temp_grants_IN(X) X(INT, user_id)
#define role_user_temp_grants_OUT(X) X(TEXT, module) X(TEXT, action) X(INT, seconds_left) \
	X(TEXT, scope) X(INT, team_id) X(INT, granter_scope) X(INT, granter_users_scope)

#define ROLE_SHAPES(T) T(role_load) T(role_perms) T(role_rules) T(role_insert) T(role_update) \
	T(role_id) T(role_perm_insert) T(role_rule_insert) T(role_user_grants) \
	T(role_user_rules) T(role_user_temp_grants)
#define ROLE_STMTS(S) \
	S(role_load, RO, role_load) \
	S(role_perms, RO, role_perms) \
	S(role_rules, RO, role_rules) \
	S(role_insert, RW, role_insert) \
	S(role_update, RW, role_update) \
	S(role_perms_clear, RW, role_id) \
	S(role_rules_clear, RW, role_id) \
	S(role_perm_insert, RW, role_perm_insert) \
	S(role_rule_insert, RW, role_rule_insert) \
	S(role_user_grants, RO, role_user_grants) \
	S(role_user_rules, RO, role_user_rules) \
	S(role_user_temp_grants, RO, role_user_temp_grants)

#endif
