/* admin_group_sql.h: the statements about which directory groups give
 * which role (declared as stmt.h says; group_store.c runs them). */
#ifndef CRM_ADMIN_GROUP_SQL_H
#define CRM_ADMIN_GROUP_SQL_H

#define admin_group_list_SQL \
	"SELECT g.group_name, r.name, r.id FROM group_roles g JOIN roles r ON r.id = g.role_id" \
	" ORDER BY g.group_name, r.name"
#define admin_group_list_IN(X)
#define admin_group_list_OUT(X) X(TEXT, group_name) X(TEXT, role) X(INT, role_id)

/* Adding (nothing when it exists) and removing one mapping: one shape. */
#define admin_group_map_add_SQL "INSERT IGNORE INTO group_roles (group_name, role_id) VALUES (?, ?)"
#define admin_group_map_remove_SQL "DELETE FROM group_roles WHERE group_name = ? AND role_id = ?"
#define admin_group_map_IN(X) X(TEXT, group_name) X(INT, role_id)
#define admin_group_map_OUT(X)

#define ADMIN_GROUP_SHAPES(T) T(admin_group_list) T(admin_group_map)
#define ADMIN_GROUP_STMTS(S) \
	S(admin_group_list, RO, admin_group_list) \
	S(admin_group_map_add, RW, admin_group_map) \
	S(admin_group_map_remove, RW, admin_group_map)

#endif
