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
#include "alert_sql.h"
#include "backup_sql.h"
#include "crmctl_sql.h"
#include "datakey_sql.h"
#include "migrate_sql.h"
#include "trail_sql.h"

#define STMT_FAMILIES(T, S) \
	CORE_SHAPES(T) CORE_STMTS(S) \
	ALERT_SHAPES(T) ALERT_STMTS(S) \
	BACKUP_SHAPES(T) BACKUP_STMTS(S) \
	CRMCTL_SHAPES(T) CRMCTL_STMTS(S) \
	DATAKEY_SHAPES(T) DATAKEY_STMTS(S) \
	MIGRATE_SHAPES(T) MIGRATE_STMTS(S) \
	TRAIL_SHAPES(T) TRAIL_STMTS(S)

#endif
