/* admin_role_sql.h: the statements /admin/roles runs about roles: the
 * list with member counts, a role's two-step requirement and changing
 * it, whether a role is in use, and deleting one (declared as stmt.h
 * says; role_store.c runs them). Saving a role's settings is
 * role_def.c's. */
#ifndef CRM_ADMIN_ROLE_SQL_H
#define CRM_ADMIN_ROLE_SQL_H

/* Every role: members, two-step requirement, export row cap (NULL: the
 * server default). */
#define admin_role_list_SQL \
	"SELECT r.id, r.name, r.mfa_required," \
	" (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id), r.export_row_cap" \
	" FROM roles r ORDER BY r.name"
#define admin_role_list_IN(X)
#define admin_role_list_OUT(X) X(INT, id) X(TEXT, name) X(INT, mfa_required) X(INT, members) \
	X(INT, export_row_cap)

#define admin_role_mfa_get_SQL "SELECT name, mfa_required FROM roles WHERE id = ?"
#define admin_role_mfa_get_IN(X) X(INT, id)
#define admin_role_mfa_get_OUT(X) X(TEXT, name) X(INT, mfa_required)

#define admin_role_set_mfa_SQL "UPDATE roles SET mfa_required = ? WHERE id = ?"
#define admin_role_set_mfa_IN(X) X(INT, mfa_required) X(INT, id)
#define admin_role_set_mfa_OUT(X)

/* How many users hold the role, how many groups map to it. */
#define admin_role_usage_SQL \
	"SELECT (SELECT COUNT(*) FROM user_roles WHERE role_id = ?)," \
	" (SELECT COUNT(*) FROM group_roles WHERE role_id = ?)"
#define admin_role_usage_IN(X) X(INT, id) X(INT, id_again)
#define admin_role_usage_OUT(X) X(INT, users) X(INT, groups)

/* Deleting a role: its permissions, its field rules, then the role
 * unless built in (one shape: the role's id). */
#define admin_role_perms_clear_SQL "DELETE FROM role_permissions WHERE role_id = ?"
#define admin_role_rules_clear_SQL "DELETE FROM role_field_rules WHERE role_id = ?"
#define admin_role_delete_SQL "DELETE FROM roles WHERE id = ? AND builtin = 0"
#define admin_role_by_id_IN(X) X(INT, id)
#define admin_role_by_id_OUT(X)

#define ADMIN_ROLE_SHAPES(T) T(admin_role_list) T(admin_role_mfa_get) T(admin_role_set_mfa) \
	T(admin_role_usage) T(admin_role_by_id)
#define ADMIN_ROLE_STMTS(S) \
	S(admin_role_list, RO, admin_role_list) \
	S(admin_role_mfa_get, RO, admin_role_mfa_get) \
	S(admin_role_set_mfa, RW, admin_role_set_mfa) \
	S(admin_role_usage, RO, admin_role_usage) \
	S(admin_role_perms_clear, RW, admin_role_by_id) \
	S(admin_role_rules_clear, RW, admin_role_by_id) \
	S(admin_role_delete, RW, admin_role_by_id)

#endif
