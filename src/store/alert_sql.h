/* alert_sql.h: the statements about anomaly alerts (the alerts table):
 * crmctl watch raising them, /admin/alerts listing and acknowledging
 * them, /admin/backups showing the open backup ones (stmt.h). */
#ifndef CRM_ALERT_SQL_H
#define CRM_ALERT_SQL_H

#define alert_list_SQL \
	"SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), severity, kind, actor, ip," \
	" summary, detail, DATE_FORMAT(acknowledged_at, '%Y-%m-%d %H:%i'), acknowledged_by, ack_note" \
	" FROM alerts WHERE ? = 1 OR acknowledged_at IS NULL ORDER BY id DESC LIMIT ?"
#define alert_list_IN(X) X(INT, all) X(INT, limit)
#define alert_list_OUT(X) X(INT, id) X(TEXT, created) X(TEXT, severity) X(TEXT, kind) \
	X(TEXT, actor) X(TEXT, ip) X(TEXT, summary) X(TEXT, detail) X(TEXT, acked_at) \
	X(TEXT, acked_by) X(TEXT, note)

#define alert_ack_SQL \
	"UPDATE alerts SET acknowledged_at = UTC_TIMESTAMP(), acknowledged_by = ?, ack_note = ?" \
	" WHERE id = ? AND acknowledged_at IS NULL"
#define alert_ack_IN(X) X(TEXT, by) X(TEXT, note) X(INT, id)
#define alert_ack_OUT(X)

#define alert_insert_SQL \
	"INSERT INTO alerts (created_at, kind, severity, actor, ip, subject, window_start," \
	" first_seq, last_seq, summary, detail) VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?," \
	" '1970-01-01 00:00:00' + INTERVAL ? SECOND, ?, ?, ?, ?)"
#define alert_insert_IN(X) X(TEXT, kind) X(TEXT, severity) X(TEXT, actor) X(TEXT, ip) \
	X(TEXT, subject) X(INT, window_start) X(INT, first_seq) X(INT, last_seq) \
	X(TEXT, summary) X(TEXT, detail)
#define alert_insert_OUT(X)

#define alert_backup_open_SQL \
	"SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), severity, kind, summary FROM alerts" \
	" WHERE acknowledged_at IS NULL AND kind LIKE 'backup.%' ORDER BY id DESC LIMIT ?"
#define alert_backup_open_IN(X) X(INT, limit)
#define alert_backup_open_OUT(X) X(TEXT, created) X(TEXT, severity) X(TEXT, kind) X(TEXT, summary)

#define ALERT_SHAPES(T) T(alert_list) T(alert_ack) T(alert_insert) T(alert_backup_open)
#define ALERT_STMTS(S) \
	S(alert_list, RO, alert_list) \
	S(alert_ack, RW, alert_ack) \
	S(alert_insert, RW, alert_insert) \
	S(alert_backup_open, RO, alert_backup_open)

#endif
