/* backup_retention.h: which backups retention keeps (crmctl backup
 * prune), as a pure decision over the backup directories' names and the
 * time: no I/O, no clock, so it is tested by table (test_backup_retention).
 *
 * The rule (grandfather-father-son), all in UTC:
 *   - the newest backup of each of the last `daily` calendar days (today
 *     is the first), of each of the last `weekly` ISO weeks (Monday to
 *     Sunday; this week is the first) and of each of the last `monthly`
 *     calendar months (this month is the first) is kept; one backup may
 *     be kept for several reasons;
 *   - the newest backup of all is always kept, whatever the settings (so
 *     a stopped timer never leaves the directory empty);
 *   - a backup dated after now (a clock was wrong) is kept and claims no
 *     period;
 *   - a name that is not exactly YYYYMMDDTHHMMSSZ with a real date and
 *     time is never a backup: kept, never touched;
 *   - everything else is removed. */
#ifndef CRM_BACKUP_RETENTION_H
#define CRM_BACKUP_RETENTION_H

#include <stddef.h>
#include <time.h>

#define BACKUP_NAME_LEN 16	/* "YYYYMMDDTHHMMSSZ" */

/* Why a backup is kept: bits of backup_verdict.keep; 0 means remove. */
enum backup_keep {
	BACKUP_KEEP_NEWEST = 1 << 0,
	BACKUP_KEEP_DAILY = 1 << 1,
	BACKUP_KEEP_WEEKLY = 1 << 2,
	BACKUP_KEEP_MONTHLY = 1 << 3,
	BACKUP_KEEP_FUTURE = 1 << 4,
	BACKUP_KEEP_NOT_A_BACKUP = 1 << 5
};

/* [backup] keep_daily, keep_weekly, keep_monthly; 0 keeps no period. */
struct backup_retention {
	int daily, weekly, monthly;
};

struct backup_verdict {
	time_t at;		/* the name's time; 0 when it does not parse */
	unsigned keep;		/* enum backup_keep bits; 0: remove */
};

/* The UTC time a backup name stands for, into *at: 0, or -1 when name is
 * not exactly YYYYMMDDTHHMMSSZ with a real date and time from 1970 on. */
int backup_name_time(const char *name, time_t *at);

/* Decides, for each of the n names (any order), whether it is kept and
 * why: out[i] is the verdict on names[i]. 0, or -1 when out of memory
 * (nothing decided: remove nothing). */
int backup_retention_decide(const struct backup_retention *r, time_t now,
    const char *const names[], size_t n, struct backup_verdict out[]);

/* The reasons in keep as words ("newest, daily, monthly"), into buf;
 * returns buf ("" for 0). */
const char *backup_keep_words(unsigned keep, char *buf, size_t size);

#endif
