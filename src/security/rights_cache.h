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

struct stmt_call;

/* A bound statement (stmt_call_<name>) whose one parameter is user_id,
 * answered from the cache when it holds its rows at generation (the one
 * read with this request's session: ctx->rights_generation; 0 turns the
 * cache off and every call goes to the database) and they have not
 * expired (entries live at most RIGHTS_CACHE_TTL seconds). Rows are
 * copied into a; the caller reads them with the shape's reader
 * (<shape>_read, stmt.h). */
enum db_error rights_cache_call(struct db *db, struct arena *a, unsigned long long generation,
    const struct stmt_call *call, long long user_id, struct db_rows *rows);

/* Shortens the entry of statement id for user_id to seconds_left from
 * now when that is sooner (rows that stop being valid on their own: a
 * temporary grant's expiry). Never lengthens it. */
void rights_cache_expire_in(unsigned long long generation, enum stmt_id id, long long user_id,
    long long seconds_left);

#define RIGHTS_CACHE_TTL 60

#endif
