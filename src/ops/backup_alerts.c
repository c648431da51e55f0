/* backup_alerts.c: owns the decision behind the backup alerts of crmctl
 * watch and the status of /admin/backups (the rules are in
 * backup_alerts.h): overdue backups and restore drills, and the alert of
 * a failed drill. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backup_alerts.h"

long
backup_hours_since(time_t then, time_t now)
{
	return now > then ? (long)((now - then) / 3600) : 0;
}

/* Copies src into dst, cut at a UTF-8 character boundary. */
static void
copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Ends s before a UTF-8 sequence snprintf cut short. */
static void
trim_partial_utf8(char *s)
{
	size_t n = strlen(s), k = n, need;
	unsigned char lead;

	while (k > 0 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0)
		return;
	lead = (unsigned char)s[k - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (n - (k - 1) < need)
		s[k - 1] = '\0';
}

/* src as JSON string contents for a detail: quotes and backslashes
 * escaped, anything outside printable ASCII as '?' (a name in a
 * diagnostic, not data), cut to fit. */
static void
json_chars(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	for (; *src && o + 3 < size; src++) {
		unsigned char ch = (unsigned char)*src;
		if (ch == '"' || ch == '\\')
			dst[o++] = '\\';
		dst[o++] = ch < 0x20 || ch > 0x7e ? '?' : (char)ch;
	}
	dst[o] = '\0';
}

static void
alert_base(struct anomaly_alert *al, enum anomaly_kind kind, enum anomaly_severity sev,
    const char *subject, time_t window_start)
{
	memset(al, 0, sizeof(*al));
	al->kind = kind;
	al->severity = sev;
	copy_text(al->subject, sizeof(al->subject), subject);
	al->window_start = window_start;
}

/* One overdue check: what (backup or drill) last happened at last (0:
 * never), limit hours. 1 with *al filled when it is overdue, else 0. */
static int
overdue(const struct backup_status *st, enum anomaly_kind kind, time_t last, int limit,
    const char *what, struct anomaly_alert *al)
{
	time_t day = st->now - st->now % BACKUP_ALERT_WINDOW, from = last ? last : st->since;
	long age = backup_hours_since(from, st->now);
	char name[80];

	if (from != 0 && age <= limit)
		return 0;
	alert_base(al, kind, ANOMALY_HIGH, kind == ANOMALY_BACKUP_OVERDUE ? "backup" : "drill", day);
	if (last != 0 && kind == ANOMALY_BACKUP_OVERDUE && st->last_backup_name != NULL) {
		json_chars(name, sizeof(name), st->last_backup_name);
		snprintf(al->summary, sizeof(al->summary), "the newest backup (%s) is %ld hours old "
		    "(limit %d)", name, age, limit);
	} else if (last != 0)
		snprintf(al->summary, sizeof(al->summary), "the last passing %s is %ld hours old "
		    "(limit %d)", what, age, limit);
	else if (from != 0)
		snprintf(al->summary, sizeof(al->summary), "no %s yet, %ld hours after set-up "
		    "(limit %d)", what, age, limit);
	else
		snprintf(al->summary, sizeof(al->summary), "no %s yet (limit %d hours)", what, limit);
	snprintf(al->detail, sizeof(al->detail), "{\"age_hours\":%ld,\"limit_hours\":%d,\"none\":%s}",
	    last ? age : -1, limit, last ? "false" : "true");
	return 1;
}

size_t
backup_alerts_overdue(const struct backup_limits *lim, const struct backup_status *st,
    struct anomaly_alert out[2])
{
	size_t n = 0;

	n += (size_t)overdue(st, ANOMALY_BACKUP_OVERDUE, st->last_backup, lim->max_age_hours,
	    "backup", &out[n]);
	n += (size_t)overdue(st, ANOMALY_DRILL_OVERDUE, st->last_pass, lim->drill_max_age_hours,
	    "restore drill", &out[n]);
	return n;
}

void
backup_alert_drill_failed(long long id, time_t started, const char *backup_name,
    const char *reason, struct anomaly_alert *out)
{
	char subject[40], name[80];

	if (backup_name == NULL || *backup_name == '\0')	/* the drill found no backup */
		backup_name = "?";
	snprintf(subject, sizeof(subject), BACKUP_ALERT_DRILL_SUBJECT, id);
	alert_base(out, ANOMALY_DRILL_FAILED, ANOMALY_CRITICAL, subject, started);
	snprintf(out->summary, sizeof(out->summary), "restore drill %lld of backup %s failed%s%s", id,
	    backup_name, reason && *reason ? ": " : "", reason ? reason : "");
	trim_partial_utf8(out->summary);
	json_chars(name, sizeof(name), backup_name);
	snprintf(out->detail, sizeof(out->detail), "{\"drill\":%lld,\"backup\":\"%s\"}", id, name);
}
