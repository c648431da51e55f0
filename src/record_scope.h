/* record_scope.h: record scope in SQL. Statements that fetch records
 * carry the condition of sql_statements.c's SCOPE_SQL; this fills its
 * seven parameters from the signed-in user's rights, so a record outside
 * the user's scope is never fetched (and answers like a missing one). */
#ifndef CRM_RECORD_SCOPE_H
#define CRM_RECORD_SCOPE_H

#include <stddef.h>

#include "db.h"
#include "rbac.h"

struct ctx;

#define RECORD_SCOPE_PARAMS 7

/* Fills p[0..6] for module x action: scope, scope, team, scope, user,
 * user, action name (temporary grants on one record). */
void record_scope_bind(const struct ctx *ctx, enum rbac_module m, enum rbac_action a,
    struct db_value *p);

struct record_scope;
/* The scope of the signed-in user for module m x action a, as the SCOPE
 * field of a typed statement (stmt.h) binds it. */
struct record_scope record_scope_of(const struct ctx *ctx, enum rbac_module m, enum rbac_action a);

#endif
