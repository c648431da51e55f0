/* alert_store.h: the anomaly alerts (the alerts table, alert_sql.h):
 * raising one (crmctl watch), listing and acknowledging them
 * (/admin/alerts), the open backup ones (/admin/backups). */
#ifndef CRM_ALERT_STORE_H
#define CRM_ALERT_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "anomaly.h"
#include "db.h"
#include "handler.h"

/* One alert as /admin/alerts lists it (acked_at NULL: open). */
struct alert_entry {
	long long id;
	const char *created, *severity, *kind, *actor, *ip, *summary, *detail;
	const char *acked_at, *acked_by, *note;
};

/* An open backup alert, as /admin/backups shows it. */
struct alert_brief {
	const char *created, *severity, *kind, *summary;
};

/* Stores al; DB_ERR_DUPLICATE when its identity is stored already. */
enum db_error alert_store_insert(struct db *db, struct arena *a, const struct anomaly_alert *al);
/* The newest limit alerts, open ones only unless all. 0 or -1. */
int alert_store_list(struct db *db, struct arena *a, bool all, long long limit,
    struct alert_entry **out, size_t *n);
/* The newest limit open backup.* alerts. 0 or -1. */
int alert_store_backup_open(struct db *db, struct arena *a, long long limit,
    struct alert_brief **out, size_t *n);
/* Acknowledges open alert id as the signed-in user with note, audited
 * (alert.ack) in the same transaction: 1 done, 0 no such open alert
 * (nothing written), -1 error (rolled back). */
int alert_store_ack(struct ctx *ctx, long long id, const char *note);

#endif
