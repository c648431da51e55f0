/* stmt_families.h: the list of statement families. Each *_sql.h file
 * declares the statements of one family (stmt.h says how); this file
 * strings their lists together so the statement ids (sql_statements.h),
 * their texts (sql_statements.c) and their typed functions (stmt.h,
 * stmt.c) are all generated from the one declaration. Macros only: it is
 * included before the db types exist. A new family adds its file here. */
#ifndef CRM_STMT_FAMILIES_H
#define CRM_STMT_FAMILIES_H

#include "sql_fragments.h"
#include "core_sql.h"
#include "admin_user_sql.h"
#include "admin_grant_sql.h"
#include "admin_role_sql.h"
#include "admin_group_sql.h"
#include "admin_stage_sql.h"
#include "audit_grants_sql.h"

#define STMT_FAMILIES(T, S) \
	CORE_SHAPES(T) CORE_STMTS(S) \
	ADMIN_USER_SHAPES(T) ADMIN_USER_STMTS(S) \
	ADMIN_GRANT_SHAPES(T) ADMIN_GRANT_STMTS(S) \
	ADMIN_ROLE_SHAPES(T) ADMIN_ROLE_STMTS(S) \
	ADMIN_GROUP_SHAPES(T) ADMIN_GROUP_STMTS(S) \
	ADMIN_STAGE_SHAPES(T) ADMIN_STAGE_STMTS(S) \
	AUDIT_GRANTS_SHAPES(T) AUDIT_GRANTS_STMTS(S)

#endif
