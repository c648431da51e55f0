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
#include "contact_sql.h"
#include "seed_sql.h"

#define STMT_FAMILIES(T, S) \
	CORE_SHAPES(T) CORE_STMTS(S) \
	CONTACT_SHAPES(T) CONTACT_STMTS(S) \
	SEED_SHAPES(T) SEED_STMTS(S)

#endif
