/* test_backup_retention.c: tests the retention decision of crmctl backup
 * prune (backup_retention.h): backup names (real dates only, exact
 * form), the newest of each day, ISO week and month within the limits,
 * ISO weeks across a year's end, the newest always kept, backups dated
 * in the future, names that are not backups, and a randomised comparison
 * with a direct reading of the rule. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup_retention.h"
#include "tap.h"

#define MAXN 400

static time_t
at(const char *name)
{
	time_t t = 0;

	if (backup_name_time(name, &t) == -1)
		abort();
	return t;
}

/* Runs the decision over names (NULL-ended) and compares each verdict
 * with want (same order). */
static bool
decide(int daily, int weekly, int monthly, const char *now, const char *const names[],
    const unsigned want[])
{
	struct backup_retention r = { daily, weekly, monthly };
	struct backup_verdict v[32];
	size_t n = 0;
	bool good = true;
	char got[128], exp[128];

	while (names[n])
		n++;
	if (backup_retention_decide(&r, at(now), names, n, v) == -1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i].keep != want[i]) {
			printf("#   %s: got \"%s\", want \"%s\"\n", names[i],
			    backup_keep_words(v[i].keep, got, sizeof(got)),
			    backup_keep_words(want[i], exp, sizeof(exp)));
			good = false;
		}
	return good;
}

enum { N = BACKUP_KEEP_NEWEST, D = BACKUP_KEEP_DAILY, W = BACKUP_KEEP_WEEKLY, M = BACKUP_KEEP_MONTHLY,
	F = BACKUP_KEEP_FUTURE, X = BACKUP_KEEP_NOT_A_BACKUP, GONE = 0 };

static void
test_names(void)
{
	static const struct {
		const char *name;
		long long want;		/* -1: refused */
	} cases[] = {
		{ "19700101T000000Z", 0 },
		{ "20260318T023000Z", 1773801000 },
		{ "20240229T235959Z", 1709251199 },	/* a leap day */
		{ "20250229T000000Z", -1 },		/* not a leap year */
		{ "20260230T000000Z", -1 },
		{ "20261301T000000Z", -1 },
		{ "20260001T000000Z", -1 },
		{ "20260100T000000Z", -1 },
		{ "20260318T240000Z", -1 },
		{ "20260318T026000Z", -1 },
		{ "20260318T023060Z", -1 },
		{ "19691231T235959Z", -1 },
		{ "20260318T023000", -1 },
		{ "20260318t023000Z", -1 },
		{ "20260318T023000z", -1 },
		{ "20260318T023000Z ", -1 },
		{ " 20260318T023000Z", -1 },
		{ "2026031 T023000Z", -1 },
		{ "2026-03-18T02:30", -1 },
		{ "+0260318T023000Z", -1 },
		{ ".tmp-20260318T023000Z", -1 },
		{ "lost+found", -1 },
		{ "", -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 12345;
		int rc = backup_name_time(cases[i].name, &t);
		if (cases[i].want < 0)
			ok(rc == -1 && t == 12345, "\"%s\" is not a backup name", cases[i].name);
		else
			ok(rc == 0 && (long long)t == cases[i].want, "\"%s\" is %lld", cases[i].name, cases[i].want);
	}
	ok(backup_name_time(NULL, &(time_t){ 0 }) == -1, "no name is not a backup name");
}

static void
test_periods(void)
{
	/* Wednesday 2026-03-18 12:00 UTC; its ISO week began Monday the 16th. */
	static const char *const days[] = { "20260318T023000Z", "20260318T010000Z", "20260317T023000Z",
	    "20260316T023000Z", NULL };
	static const unsigned days_want[] = { N | D, GONE, D, GONE };
	static const char *const weeks[] = { "20260317T023000Z", "20260316T023000Z", "20260315T235959Z",
	    "20260309T000000Z", "20260308T023000Z", NULL };
	static const unsigned weeks_want[] = { N | W, GONE, W, GONE, GONE };
	static const char *const months[] = { "20260310T023000Z", "20260301T000000Z", "20260228T235959Z",
	    "20260201T000000Z", "20260131T023000Z", "20251231T023000Z", NULL };
	static const unsigned months_want[] = { N | M, GONE, M, GONE, M, GONE };
	static const char *const all[] = { "20260318T023000Z", "20260317T023000Z", "20260315T023000Z",
	    "20260228T023000Z", "20260101T023000Z", NULL };
	static const unsigned all_want[] = { N | D | W | M, D, W, M, GONE };

	ok(decide(2, 0, 0, "20260318T120000Z", days, days_want),
	    "daily: the newest of today and of yesterday; an older one of today and the third day go");
	ok(decide(0, 2, 0, "20260318T120000Z", weeks, weeks_want),
	    "weekly: the newest of this ISO week and of last (Sunday 23:59:59 belongs to last week)");
	ok(decide(0, 0, 3, "20260318T120000Z", months, months_want),
	    "monthly: the newest of this month and the two before; the fourth month goes");
	ok(decide(3, 2, 2, "20260318T120000Z", all, all_want),
	    "one backup counts for several reasons; a gap day claims nothing");
}

static void
test_edges(void)
{
	/* Thursday 2026-01-01: its ISO week (2026-W01) began Monday 2025-12-29. */
	static const char *const turn[] = { "20251231T120000Z", "20251229T000000Z", "20251228T235959Z", NULL };
	static const unsigned turn1[] = { N | W, GONE, GONE }, turn2[] = { N | W, GONE, W };
	static const char *const future[] = { "20260319T000000Z", "20260320T000000Z", "20260318T023000Z",
	    "20260317T023000Z", NULL };
	static const unsigned future_want[] = { F, N | F, D, GONE };
	static const char *const odd[] = { "20260318T023000Z", "lost+found", "20260230T000000Z",
	    ".partial-20260317T023000Z", "20260310T023000Z", NULL };
	static const unsigned odd_want[] = { N, X, X, X, GONE };
	static const char *const zero[] = { "20250101T000000Z", "20240101T000000Z", NULL };
	static const unsigned zero_want[] = { N, GONE };
	static const char *const none[] = { NULL };
	struct backup_retention r = { 7, 4, 6 };

	ok(decide(0, 1, 0, "20260101T120000Z", turn, turn1), "an ISO week spans the year's end");
	ok(decide(0, 2, 0, "20260101T120000Z", turn, turn2), "and the week before it is the previous one");
	ok(decide(1, 0, 0, "20260318T120000Z", future, future_want),
	    "backups dated after now are kept and claim no day");
	ok(decide(0, 0, 0, "20260318T120000Z", odd, odd_want),
	    "names that are not backups are kept; with every limit 0 only the newest backup stays");
	ok(decide(0, 0, 0, "20260101T000000Z", zero, zero_want), "a year-old newest backup is still kept");
	ok(decide(7, 4, 6, "20260101T000000Z", none, NULL), "no backups: nothing to decide");
	ok(backup_retention_decide(&r, 0, NULL, 0, NULL) == 0, "an empty list needs no memory");
}

/* ---- the rule read directly, O(n^2), against the implementation ---- */

static long
period(time_t t, int kind)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (kind == 0)
		return (long)(t / 86400);
	if (kind == 1)	/* Mondays since Monday 1969-12-29 */
		return (long)((t / 86400 + 3) / 7);
	return (long)tm.tm_year * 12 + tm.tm_mon;
}

static unsigned
reference(const time_t *ts, size_t n, size_t i, time_t now, const int limit[3])
{
	static const unsigned bit[3] = { D, W, M };
	unsigned keep = 0;
	bool newest = true;

	for (size_t j = 0; j < n; j++)
		newest = newest && ts[j] <= ts[i];
	if (newest)
		keep |= N;
	if (ts[i] > now)
		return keep | F;
	for (int k = 0; k < 3; k++) {
		bool top = period(now, k) - period(ts[i], k) < limit[k];
		for (size_t j = 0; j < n && top; j++)
			if (ts[j] <= now && ts[j] > ts[i] && period(ts[j], k) == period(ts[i], k))
				top = false;
		if (top)
			keep |= bit[k];
	}
	return keep;
}

static void
test_random(void)
{
	static char buf[MAXN][BACKUP_NAME_LEN + 1];
	static const char *names[MAXN];
	static time_t ts[MAXN];
	static struct backup_verdict v[MAXN];
	time_t now = at("20260318T120000Z");
	size_t bad = 0, kept = 0, total = 0;

	srand(20260318);
	for (int round = 0; round < 200; round++) {
		int limit[3] = { rand() % 10, rand() % 8, rand() % 14 };
		struct backup_retention r = { limit[0], limit[1], limit[2] };
		size_t n = (size_t)(rand() % MAXN);
		for (size_t i = 0; i < n; i++) {
			struct tm tm;
			/* unique times over ~2 years back and a day ahead */
			ts[i] = now + 86400 - (time_t)(i * 179999 % (730 * 86400)) - (time_t)(rand() % 3600);
			for (size_t j = 0; j < i; j++)
				if (ts[j] == ts[i])
					ts[i]--;
			gmtime_r(&ts[i], &tm);
			strftime(buf[i], sizeof(buf[i]), "%Y%m%dT%H%M%SZ", &tm);
			names[i] = buf[i];
		}
		if (backup_retention_decide(&r, now, names, n, v) == -1)
			abort();
		for (size_t i = 0; i < n; i++) {
			bad += v[i].keep != reference(ts, n, i, now, limit) || v[i].at != ts[i];
			kept += v[i].keep != 0;
		}
		total += n;
	}
	ok(bad == 0 && total > 1000 && kept > 0 && kept < total,
	    "200 random sets (%zu backups, %zu kept): the same verdicts as the rule read directly (%zu differ)",
	    total, kept, bad);
}

static void
test_words(void)
{
	char buf[128];

	ok(strcmp(backup_keep_words(N | D | M, buf, sizeof(buf)), "newest, daily, monthly") == 0, "%s", buf);
	ok(strcmp(backup_keep_words(0, buf, sizeof(buf)), "") == 0, "no reason: empty");
	ok(strcmp(backup_keep_words(X, buf, sizeof(buf)), "not a backup name") == 0, "%s", buf);
}

int
main(void)
{
	test_names();
	test_periods();
	test_edges();
	test_random();
	test_words();
	return tap_done();
}
