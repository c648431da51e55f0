/* migrate_sql.h: the statements of crmctl migrate: the migrations
 * applied so far and recording one (schema_migrations; stmt.h). */
#ifndef CRM_MIGRATE_SQL_H
#define CRM_MIGRATE_SQL_H

#define migrate_applied_SQL "SELECT version, name, checksum FROM schema_migrations ORDER BY version"
#define migrate_applied_IN(X)
#define migrate_applied_OUT(X) X(INT, version) X(TEXT, name) X(TEXT, checksum)

#define migrate_record_SQL \
	"INSERT INTO schema_migrations (version, name, checksum, applied_at)" \
	" VALUES (?, ?, ?, UTC_TIMESTAMP())"
#define migrate_record_IN(X) X(INT, version) X(TEXT, name) X(TEXT, checksum)
#define migrate_record_OUT(X)

#define MIGRATE_SHAPES(T) T(migrate_applied) T(migrate_record)
#define MIGRATE_STMTS(S) \
	S(migrate_applied, RO, migrate_applied) \
	S(migrate_record, RW, migrate_record)

#endif
