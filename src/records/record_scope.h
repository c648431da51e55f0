/* record_scope.h: record scope in SQL. Statements that fetch records
 * carry the condition SCOPE_SQL (sql_fragments.h) as one SCOPE field of
 * their IN list; this computes its values from the signed-in user's
 * rights, so a record outside the user's scope is never fetched (and
 * answers like a missing one). */
#ifndef CRM_RECORD_SCOPE_H
#define CRM_RECORD_SCOPE_H

#include <stddef.h>

#include "db.h"
#include "rbac.h"

struct ctx;

struct record_scope;
/* The scope of the signed-in user for module m x action a, as the SCOPE
 * field of a typed statement (stmt.h) binds it. */
struct record_scope record_scope_of(const struct ctx *ctx, enum rbac_module m, enum rbac_action a);

#endif
