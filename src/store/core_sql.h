/* core_sql.h: the statements about the schema itself: its version and
 * the server's, and the applied migrations (declared as stmt.h says). */
#ifndef CRM_CORE_SQL_H
#define CRM_CORE_SQL_H

/* The schema version and the server's version string. */
#define server_facts_SQL "SELECT COALESCE(MAX(version), 0), VERSION() FROM schema_migrations"
#define server_facts_IN(X)
#define server_facts_OUT(X) X(INT, schema_version) X(TEXT, server_version)

/* The schema version alone (the health page). */
#define health_SQL "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"
#define health_IN(X)
#define health_OUT(X) X(INT, schema_version)

#define CORE_SHAPES(T) T(server_facts) T(health)
#define CORE_STMTS(S) \
	S(server_facts, RO, server_facts) \
	S(health, RO, health)

#endif
