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
#include "account_related_sql.h"
#include "account_sql.h"
#include "activity_sql.h"
#include "admin_grant_sql.h"
#include "admin_group_sql.h"
#include "admin_role_sql.h"
#include "admin_stage_sql.h"
#include "admin_user_sql.h"
#include "alert_sql.h"
#include "audit_grants_sql.h"
#include "audit_sql.h"
#include "auth_sql.h"
#include "backup_sql.h"
#include "contact_sql.h"
#include "crmctl_sql.h"
#include "custom_field_admin_sql.h"
#include "custom_field_sql.h"
#include "custom_value_sql.h"
#include "datakey_sql.h"
#include "deal_link_sql.h"
#include "deal_sql.h"
#include "home_sql.h"
#include "key_sql.h"
#include "lead_sql.h"
#include "link_sql.h"
#include "migrate_sql.h"
#include "record_sql.h"
#include "role_sql.h"
#include "search_sql.h"
#include "seed_sql.h"
#include "session_sql.h"
#include "trail_sql.h"
#include "transfer_sql.h"

#define STMT_FAMILIES(T, S) \
	CORE_SHAPES(T) CORE_STMTS(S) \
	ACCOUNT_RELATED_SHAPES(T) ACCOUNT_RELATED_STMTS(S) \
	ACCOUNT_SHAPES(T) ACCOUNT_STMTS(S) \
	ACTIVITY_SHAPES(T) ACTIVITY_STMTS(S) \
	ADMIN_GRANT_SHAPES(T) ADMIN_GRANT_STMTS(S) \
	ADMIN_GROUP_SHAPES(T) ADMIN_GROUP_STMTS(S) \
	ADMIN_ROLE_SHAPES(T) ADMIN_ROLE_STMTS(S) \
	ADMIN_STAGE_SHAPES(T) ADMIN_STAGE_STMTS(S) \
	ADMIN_USER_SHAPES(T) ADMIN_USER_STMTS(S) \
	ALERT_SHAPES(T) ALERT_STMTS(S) \
	AUDIT_GRANTS_SHAPES(T) AUDIT_GRANTS_STMTS(S) \
	AUDIT_SHAPES(T) AUDIT_STMTS(S) \
	AUTH_SHAPES(T) AUTH_STMTS(S) \
	BACKUP_SHAPES(T) BACKUP_STMTS(S) \
	CONTACT_SHAPES(T) CONTACT_STMTS(S) \
	CRMCTL_SHAPES(T) CRMCTL_STMTS(S) \
	CUSTOM_FIELD_ADMIN_SHAPES(T) CUSTOM_FIELD_ADMIN_STMTS(S) \
	CUSTOM_FIELD_SHAPES(T) CUSTOM_FIELD_STMTS(S) \
	CUSTOM_VALUE_SHAPES(T) CUSTOM_VALUE_STMTS(S) \
	DATAKEY_SHAPES(T) DATAKEY_STMTS(S) \
	DEAL_LINK_SHAPES(T) DEAL_LINK_STMTS(S) \
	DEAL_SHAPES(T) DEAL_STMTS(S) \
	HOME_SHAPES(T) HOME_STMTS(S) \
	KEY_SHAPES(T) KEY_STMTS(S) \
	LEAD_SHAPES(T) LEAD_STMTS(S) \
	LINK_SHAPES(T) LINK_STMTS(S) \
	MIGRATE_SHAPES(T) MIGRATE_STMTS(S) \
	RECORD_SHAPES(T) RECORD_STMTS(S) \
	ROLE_SHAPES(T) ROLE_STMTS(S) \
	SEARCH_SHAPES(T) SEARCH_STMTS(S) \
	SEED_SHAPES(T) SEED_STMTS(S) \
	SESSION_SHAPES(T) SESSION_STMTS(S) \
	TRAIL_SHAPES(T) TRAIL_STMTS(S) \
	TRANSFER_SHAPES(T) TRANSFER_STMTS(S)

#endif
