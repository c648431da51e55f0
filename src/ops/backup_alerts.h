/* backup_alerts.h: the alerts about backups that crmctl watch raises
 * after each scan, and the status line of /admin/backups, decided from
 * what the tables backups and backup_drills say and the time (pure: no
 * database, no clock). They are stored like the audit detectors' alerts
 * (anomaly.h), under the same identity (kind, subject, window_start):
 *
 *   backup.overdue        high      subject "backup", window: the UTC day
 *       the newest backup not pruned is older than [backup] max_age_hours,
 *       or there is none and the instance is older than that;
 *   backup.drill_overdue  high      subject "drill", window: the UTC day
 *       the newest passing restore drill started longer ago than
 *       drill_max_age_hours, or there is none and the instance is older
 *       than that;
 *   backup.drill_failed   critical  subject "drill ID", window: the
 *       drill's start (so once per failed drill, whoever stores it first:
 *       crmctl backup verify or the watcher).
 *
 * The day window makes an overdue alert come back once a day (after it
 * was acknowledged, too) while the condition lasts, not at every scan.
 * "The instance's age" is the time since its first migration was
 * applied, so a new installation has its first max_age_hours to make a
 * first backup before anything alerts. */
#ifndef CRM_BACKUP_ALERTS_H
#define CRM_BACKUP_ALERTS_H

#include <stddef.h>
#include <time.h>

#include "anomaly.h"

#define BACKUP_ALERT_WINDOW 86400	/* seconds: one overdue alert per UTC day */
#define BACKUP_ALERT_DRILL_SUBJECT "drill %lld"	/* backup.drill_failed's subject */

/* What the tables say (times UTC, seconds since the epoch; 0: none). */
struct backup_status {
	time_t now;
	time_t since;			/* first migration applied; 0: unknown (counts as old) */
	time_t last_backup;		/* created_at of the newest backup not pruned */
	const char *last_backup_name;	/* its name (NULL with none) */
	time_t last_pass;		/* started_at of the newest passing drill */
};

/* [backup] max_age_hours and drill_max_age_hours. */
struct backup_limits {
	int max_age_hours, drill_max_age_hours;
};

/* The overdue alerts st calls for (backup.overdue first), into out;
 * returns how many (0 to 2). */
size_t backup_alerts_overdue(const struct backup_limits *lim, const struct backup_status *st,
    struct anomaly_alert out[2]);

/* The backup.drill_failed alert of drill id, started at started, of the
 * backup named backup_name, with reason a short text (may be NULL or
 * ""), into *out. Untrusted text goes into summary raw (escaped where it
 * is shown) and into detail JSON-escaped. */
void backup_alert_drill_failed(long long id, time_t started, const char *backup_name,
    const char *reason, struct anomaly_alert *out);

/* Whole hours from then to now (0 when then is in the future). */
long backup_hours_since(time_t then, time_t now);

#endif
