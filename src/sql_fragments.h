/* sql_fragments.h: SQL text shared by statements of several families:
 * the record scope and user scope conditions and the record lifecycle.
 * Macros only (string literals). */
#ifndef CRM_SQL_FRAGMENTS_H
#define CRM_SQL_FRAGMENTS_H

/* Record scope (one SCOPE field of a statement's IN list: struct
 * record_scope, record_scope.h fills it): all records, the team's, one's
 * own, or a record opened by an unexpired temporary grant. */
#define SCOPE_SQL(alias, module) \
	" (? = 3 OR (? = 2 AND " alias ".team_id = ?) OR (? >= 1 AND " alias ".owner_id = ?)" \
	" OR EXISTS (SELECT 1 FROM temp_grants g WHERE g.user_id = ? AND g.module = '" module "'" \
	" AND g.action = ? AND g.record_id = " alias ".id AND g.revoked_at IS NULL" \
	" AND g.expires_at > UTC_TIMESTAMP())) "

/* The users an admin.users grant reaches (one USCOPE field: struct
 * user_scope, user_scope.h fills it): all, the actor's team, or only the
 * actor. */
#define USER_SCOPE_SQL " (? = 3 OR (? = 2 AND u.team_id = ?) OR (? >= 1 AND u.id = ?)) "

#endif
