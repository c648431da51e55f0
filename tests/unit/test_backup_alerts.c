/* test_backup_alerts.c: tests the backup alerts of crmctl watch
 * (backup_alerts.h): a fresh backup and drill raise nothing; a stale or
 * missing one raises backup.overdue / backup.drill_overdue once the
 * instance is older than the limit; the identity (kind, subject, day)
 * stays the same through a day and changes the next day; a failed drill's
 * alert is keyed by its id and start, and untrusted text stays valid
 * UTF-8 and valid JSON. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "backup_alerts.h"
#include "tap.h"
#include "utf8.h"

#define H 3600
#define NOW 1773835200	/* 2026-03-18 12:00:00 UTC */
#define DAYSTART 1773792000	/* 2026-03-18 00:00:00 UTC */

static const struct backup_limits LIM = { 26, 192 };

static size_t
run(time_t since, time_t backup, time_t pass, time_t now, struct anomaly_alert out[2])
{
	struct backup_status st = { .now = now, .since = since, .last_backup = backup,
	    .last_backup_name = backup ? "20260317T023000Z" : NULL, .last_pass = pass };

	return backup_alerts_overdue(&LIM, &st, out);
}

static void
test_overdue(void)
{
	struct anomaly_alert al[2], again[2];
	time_t old = NOW - 400 * H;

	ok(run(old, NOW - 10 * H, NOW - 100 * H, NOW, al) == 0, "a fresh backup and drill: no alert");
	ok(run(old, NOW - 26 * H, NOW - 192 * H, NOW, al) == 0, "exactly at the limits: no alert");
	ok(run(old, NOW - 27 * H, NOW - 100 * H, NOW, al) == 1 && al[0].kind == ANOMALY_BACKUP_OVERDUE &&
	    al[0].severity == ANOMALY_HIGH && strcmp(al[0].subject, "backup") == 0 &&
	    al[0].window_start == DAYSTART && strstr(al[0].summary, "20260317T023000Z") &&
	    strstr(al[0].summary, "27 hours"), "a 27-hour-old backup: backup.overdue, high, %s", al[0].summary);
	ok(run(old, NOW - 10 * H, NOW - 193 * H, NOW, al) == 1 && al[0].kind == ANOMALY_DRILL_OVERDUE &&
	    strcmp(al[0].subject, "drill") == 0 && al[0].severity == ANOMALY_HIGH,
	    "a drill passed 193 hours ago: backup.drill_overdue, %s", al[0].summary);
	ok(run(NOW - 20 * H, 0, 0, NOW, al) == 0, "a new instance without backups or drills: no alert yet");
	ok(run(NOW - 30 * H, 0, 0, NOW, al) == 1 && al[0].kind == ANOMALY_BACKUP_OVERDUE &&
	    strstr(al[0].summary, "no backup yet"), "30 hours without any backup: %s", al[0].summary);
	ok(run(old, 0, 0, NOW, al) == 2 && al[0].kind == ANOMALY_BACKUP_OVERDUE &&
	    al[1].kind == ANOMALY_DRILL_OVERDUE && strstr(al[1].detail, "\"none\":true"),
	    "an old instance with neither: both, backups first");
	ok(run(0, 0, 0, NOW, al) == 2, "an unknown age counts as old");
	ok(run(old, NOW + 5 * H, NOW + 5 * H, NOW, al) == 0, "times ahead of the clock are not overdue");

	run(old, NOW - 30 * H, NOW - 300 * H, NOW, al);
	run(old, NOW - 30 * H, NOW - 300 * H, NOW + 11 * H + 59 * 60, again);
	ok(again[0].window_start == al[0].window_start && strcmp(again[0].subject, al[0].subject) == 0 &&
	    again[1].window_start == al[1].window_start, "the same identity all day: stored once a day");
	run(old, NOW - 30 * H, NOW - 300 * H, NOW + 12 * H, again);
	ok(again[0].window_start == al[0].window_start + 86400, "the next UTC day: a new alert");
	ok(al[0].first_seq == 0 && al[0].last_seq == 0 && al[0].actor[0] == '\0' && al[0].ip[0] == '\0',
	    "no audit records, user or address");
}

static void
test_failed(void)
{
	struct anomaly_alert al;
	char reason[400];

	backup_alert_drill_failed(42, NOW - H, "20260317T023000Z", "row count of contacts differs", &al);
	ok(al.kind == ANOMALY_DRILL_FAILED && al.severity == ANOMALY_CRITICAL &&
	    strcmp(al.subject, "drill 42") == 0 && al.window_start == NOW - H,
	    "a failed drill: backup.drill_failed, critical, subject \"drill 42\", window its start");
	ok(strcmp(al.summary, "restore drill 42 of backup 20260317T023000Z failed: row count of contacts differs")
	    == 0, "%s", al.summary);
	ok(strcmp(al.detail, "{\"drill\":42,\"backup\":\"20260317T023000Z\"}") == 0, "%s", al.detail);
	backup_alert_drill_failed(7, NOW, "x\"\\\n\xe4\xb8\xad", NULL, &al);
	ok(strcmp(al.detail, "{\"drill\":7,\"backup\":\"x\\\"\\\\????\"}") == 0,
	    "quotes escaped, controls and non-ASCII replaced in the detail: %s", al.detail);
	ok(strcmp(al.summary + strlen(al.summary) - 6, "failed") == 0, "no reason: the summary ends at \"failed\"");
	backup_alert_drill_failed(8, NOW, "", "no backup in /var/backups/crm", &al);
	ok(strcmp(al.summary, "restore drill 8 of backup ? failed: no backup in /var/backups/crm") == 0,
	    "a drill that found no backup: %s", al.summary);
	memset(reason, 0, sizeof(reason));
	for (size_t i = 0; i + 3 < sizeof(reason); i += 3)
		memcpy(reason + i, "\xe4\xb8\xad", 3);
	for (long long id = 1; id <= 100; id *= 10) {	/* the cut falls on each byte of a character */
		backup_alert_drill_failed(id, NOW, "20260317T023000Z", reason, &al);
		ok(utf8_valid(al.summary, strlen(al.summary)) && strlen(al.summary) < sizeof(al.summary),
		    "a long reason is cut at a character boundary (%zu bytes)", strlen(al.summary));
	}
}

int
main(void)
{
	test_overdue();
	test_failed();
	return tap_done();
}
