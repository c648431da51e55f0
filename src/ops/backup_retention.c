/* backup_retention.c: owns the retention decision of crmctl backup
 * prune (the rule is in backup_retention.h): parsing backup names and
 * choosing, per day, ISO week and month, the newest backup to keep. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup_retention.h"

#define DAY 86400

/* The number of digits[0..n) as an int, or -1 when one is not a digit. */
static int
digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
backup_name_time(const char *name, time_t *at)
{
	struct tm tm = { 0 }, want, back;
	time_t t;

	if (name == NULL || strlen(name) != BACKUP_NAME_LEN || name[8] != 'T' || name[15] != 'Z')
		return -1;
	tm.tm_year = digits(name, 4) - 1900;
	tm.tm_mon = digits(name + 4, 2) - 1;
	tm.tm_mday = digits(name + 6, 2);
	tm.tm_hour = digits(name + 9, 2);
	tm.tm_min = digits(name + 11, 2);
	tm.tm_sec = digits(name + 13, 2);
	if (tm.tm_year < 70 || tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_hour < 0 || tm.tm_min < 0 ||
	    tm.tm_sec < 0)
		return -1;
	/* timegm normalises 30 February into March (in tm too): a round
	 * trip that changes a field means it was not a real date and time. */
	want = tm;
	if ((t = timegm(&tm)) == (time_t)-1 || gmtime_r(&t, &back) == NULL ||
	    back.tm_year != want.tm_year || back.tm_mon != want.tm_mon || back.tm_mday != want.tm_mday ||
	    back.tm_hour != want.tm_hour || back.tm_min != want.tm_min || back.tm_sec != want.tm_sec)
		return -1;
	*at = t;
	return 0;
}

/* Periods as integers that grow with time: days since the epoch, ISO
 * weeks (1970-01-01 was a Thursday, so weeks counted from Monday
 * 1969-12-29 start at day -3) and months. */
static long
day_of(time_t t)
{
	return (long)(t / DAY);
}

static long
week_of(time_t t)
{
	return (day_of(t) + 3) / 7;
}

static long
month_of(time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return (long)tm.tm_year * 12 + tm.tm_mon;
}

struct dated {
	time_t at;
	size_t i;
};

/* Newest first. */
static int
by_time_desc(const void *x, const void *y)
{
	const struct dated *a = x, *b = y;

	return a->at < b->at ? 1 : a->at > b->at ? -1 : 0;
}

/* Walking backups newest first, the first one met in each of the last
 * count periods (now's period is the first) is that period's newest. */
static void
claim(const struct dated *d, size_t n, long (*period)(time_t), time_t now, int count,
    unsigned bit, struct backup_verdict out[])
{
	long current = period(now), last = current + 1;

	for (size_t k = 0; k < n && count > 0; k++) {
		long p = period(d[k].at);
		if (p == last || current - p >= count)
			continue;
		out[d[k].i].keep |= bit;
		last = p;
	}
}

int
backup_retention_decide(const struct backup_retention *r, time_t now,
    const char *const names[], size_t n, struct backup_verdict out[])
{
	struct dated *d = calloc(n ? n : 1, sizeof(*d));
	size_t nd = 0, past = 0;

	if (d == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		out[i] = (struct backup_verdict){ 0 };
		if (backup_name_time(names[i], &out[i].at) == -1) {
			out[i].keep = BACKUP_KEEP_NOT_A_BACKUP;
			continue;
		}
		d[nd++] = (struct dated){ out[i].at, i };
	}
	if (nd == 0) {
		free(d);
		return 0;
	}
	qsort(d, nd, sizeof(*d), by_time_desc);
	out[d[0].i].keep |= BACKUP_KEEP_NEWEST;
	while (past < nd && d[past].at > now)
		out[d[past++].i].keep |= BACKUP_KEEP_FUTURE;
	claim(d + past, nd - past, day_of, now, r->daily, BACKUP_KEEP_DAILY, out);
	claim(d + past, nd - past, week_of, now, r->weekly, BACKUP_KEEP_WEEKLY, out);
	claim(d + past, nd - past, month_of, now, r->monthly, BACKUP_KEEP_MONTHLY, out);
	free(d);
	return 0;
}

const char *
backup_keep_words(unsigned keep, char *buf, size_t size)
{
	static const char *const words[] = { "newest", "daily", "weekly", "monthly",
	    "dated in the future", "not a backup name" };
	size_t len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (size_t b = 0; b < sizeof(words) / sizeof(words[0]); b++) {
		if (!(keep & (1u << b)))
			continue;
		snprintf(buf + len, size - len, "%s%s", len ? ", " : "", words[b]);
		len = strlen(buf);
	}
	return buf;
}
