/* rights_cache.h: a worker's memory of the per-user rows its rights are
 * computed from (roles, grants, field rules, temporary grants), so that a
 * signed-in request costs one query (the session, which also reads the
 * rbac generation) instead of five. Any change to those tables bumps the
 * generation (triggers of sql/017_rbac_generation.sql): an entry is used
 * only while the generation it was read at is current, so a change still
 * applies from the next request. Restrictions (networks, hours) are
 * evaluated per request from the cached rows, never cached as a result. */
#ifndef CRM_RIGHTS_CACHE_H
#define CRM_RIGHTS_CACHE_H

#include "db.h"

/* The generation read with this request's session; 0 turns the cache off
 * (every call goes to the database), as outside session_load. */
void rights_cache_set_generation(unsigned long long n);

/* db_run of statement id with the single parameter user_id, answered
 * from the cache when it holds the rows at the current generation and
 * they have not expired (ttl_column >= 0: that column holds seconds left
 * for each row, the entry expires with the first; entries live at most
 * RIGHTS_CACHE_TTL seconds in any case). Rows are copied into a. */
enum db_error rights_cache_run(struct db *db, struct arena *a, enum stmt_id id,
    long long user_id, int ttl_column, struct db_rows *rows);

#define RIGHTS_CACHE_TTL 60

#endif
