/* schema_info.c: owns the core statements (core_sql.h): the schema and
 * server versions. */
#include "config.h"

#include "schema_info.h"
#include "stmt.h"

long long
schema_version(struct db *db, struct arena *a)
{
	struct health_out out;

	if (stmt_health(db, a, &(struct health_in){ 0 }, &out) != DB_OK || out.n != 1)
		return -1;
	return out.rows[0].schema_version;
}

int
schema_server_facts(struct db *db, struct arena *a, long long *version, const char **server)
{
	struct server_facts_out out;

	if (stmt_server_facts(db, a, &(struct server_facts_in){ 0 }, &out) != DB_OK || out.n != 1)
		return -1;
	*version = out.rows[0].schema_version;
	*server = out.rows[0].server_version ? out.rows[0].server_version : "";
	return 0;
}
