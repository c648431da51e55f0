/* backup_store.h: the backups and restore drills crmctl records, as the
 * admin pages and crmctl watch read them (backup_sql.h). */
#ifndef CRM_BACKUP_STORE_H
#define CRM_BACKUP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "backup_alerts.h"
#include "db.h"

/* One backups row, as /admin/backups lists it (times UTC, text). */
struct backup_entry {
	const char *name, *created, *schema, *tables, *rows, *pruned;
	long long bytes;
	bool with_keyring;
};

/* One backup_drills row: reason is DRILL_REASON (sql_fragments.h). */
struct backup_drill {
	long long id, age_seconds;
	const char *started, *backup, *outcome, *seconds, *reason;
};

/* A failed drill no backup.drill_failed alert names yet. */
struct backup_failed_drill {
	long long id;
	time_t started;
	const char *backup, *reason;
};

/* Fills *st from the tables and now; *newest_outcome is the newest
 * drill's outcome ("pass", "fail") or NULL without one. 0 or -1. */
int backup_store_status(struct db *db, struct arena *a, time_t now, struct backup_status *st,
    const char **newest_outcome);
/* The newest limit backups (*out in a; *n of them). 0 or -1. */
int backup_store_list(struct db *db, struct arena *a, long long limit, struct backup_entry **out,
    size_t *n);
/* The newest limit restore drills. 0 or -1. */
int backup_store_drills(struct db *db, struct arena *a, long long limit, struct backup_drill **out,
    size_t *n);
/* Up to limit failed drills not alerted yet, oldest first. 0 or -1. */
int backup_store_failed_drills(struct db *db, struct arena *a, long long limit,
    struct backup_failed_drill **out, size_t *n);

#endif
