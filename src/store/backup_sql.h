/* backup_sql.h: the statements about backups and restore drills (the
 * backups and backup_drills tables crmctl writes, sql/021_backups.sql):
 * recording them, pruning, the status crmctl watch and /admin/backups
 * judge, and the lists /admin/backups shows (stmt.h). */
#ifndef CRM_BACKUP_SQL_H
#define CRM_BACKUP_SQL_H

#define backup_insert_SQL \
	"INSERT INTO backups (name, created_at, finished_at, schema_version, tables_count," \
	" rows_count, bytes, with_keyring) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
#define backup_insert_IN(X) X(TEXT, name) X(TEXT, created_at) X(TEXT, finished_at) \
	X(INT, schema_version) X(INT, tables) X(INT, rows) X(INT, bytes) X(INT, with_keyring)
#define backup_insert_OUT(X)

#define backup_drill_insert_SQL \
	"INSERT INTO backup_drills (started_at, finished_at, backup_name, backup_created_at," \
	" outcome, restore_seconds, backup_age_seconds, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
#define backup_drill_insert_IN(X) X(TEXT, started_at) X(TEXT, finished_at) X(TEXT, backup_name) \
	X(TEXT, backup_created_at) X(TEXT, outcome) X(TEXT, restore_seconds) \
	X(INT, backup_age_seconds) X(TEXT, detail)
#define backup_drill_insert_OUT(X)

#define backup_pruned_SQL \
	"UPDATE backups SET pruned_at = UTC_TIMESTAMP() WHERE name = ? AND pruned_at IS NULL"
#define backup_pruned_IN(X) X(TEXT, name)
#define backup_pruned_OUT(X)

#define backup_state_SQL \
	"SELECT (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MIN(applied_at)) FROM schema_migrations)," \
	" (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MAX(created_at)) FROM backups" \
	" WHERE pruned_at IS NULL)," \
	" (SELECT name FROM backups WHERE pruned_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1)," \
	" (SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', MAX(started_at)) FROM backup_drills" \
	" WHERE outcome = 'pass')," \
	" (SELECT outcome FROM backup_drills ORDER BY started_at DESC, id DESC LIMIT 1)"
#define backup_state_IN(X)
#define backup_state_OUT(X) X(INT, since) X(INT, last_backup) X(TEXT, last_backup_name) \
	X(INT, last_pass) X(TEXT, newest_outcome)

#define backup_list_SQL \
	"SELECT name, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), schema_version, tables_count, rows_count," \
	" bytes, with_keyring, DATE_FORMAT(pruned_at, '%Y-%m-%d %H:%i')" \
	" FROM backups ORDER BY created_at DESC, id DESC LIMIT ?"
#define backup_list_IN(X) X(INT, limit)
#define backup_list_OUT(X) X(TEXT, name) X(TEXT, created) X(TEXT, schema) X(TEXT, tables) \
	X(TEXT, rows) X(INT, bytes) X(INT, with_keyring) X(TEXT, pruned)

#define backup_drill_list_SQL \
	"SELECT d.id, DATE_FORMAT(d.started_at, '%Y-%m-%d %H:%i:%s'), d.backup_name, d.outcome," \
	" d.restore_seconds, d.backup_age_seconds, " DRILL_REASON \
	" FROM backup_drills d ORDER BY d.started_at DESC, d.id DESC LIMIT ?"
#define backup_drill_list_IN(X) X(INT, limit)
#define backup_drill_list_OUT(X) X(INT, id) X(TEXT, started) X(TEXT, backup) X(TEXT, outcome) \
	X(TEXT, seconds) X(INT, age_seconds) X(TEXT, reason)

#define backup_drill_failed_new_SQL \
	"SELECT d.id, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', d.started_at), d.backup_name, " \
	DRILL_REASON " FROM backup_drills d WHERE d.outcome = 'fail' AND NOT EXISTS (SELECT 1 FROM alerts a" \
	" WHERE a.kind = 'backup.drill_failed' AND a.subject = CONCAT('drill ', d.id)) ORDER BY d.id LIMIT ?"
#define backup_drill_failed_new_IN(X) X(INT, limit)
#define backup_drill_failed_new_OUT(X) X(INT, id) X(INT, started) X(TEXT, backup) X(TEXT, reason)

#define BACKUP_SHAPES(T) T(backup_insert) T(backup_drill_insert) T(backup_pruned) T(backup_state) \
	T(backup_list) T(backup_drill_list) T(backup_drill_failed_new)
#define BACKUP_STMTS(S) \
	S(backup_insert, RW, backup_insert) \
	S(backup_drill_insert, RW, backup_drill_insert) \
	S(backup_pruned, RW, backup_pruned) \
	S(backup_state, RO, backup_state) \
	S(backup_list, RO, backup_list) \
	S(backup_drill_list, RO, backup_drill_list) \
	S(backup_drill_failed_new, RO, backup_drill_failed_new)

#endif
