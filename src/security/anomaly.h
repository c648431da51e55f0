/* anomaly.h: pure detectors of suspicious activity over a stream of
 * audit events (no database, no clock, no I/O). The caller feeds events
 * in audit order; anomaly_learn only builds baselines, anomaly_evaluate
 * also reports alerts through a callback. */
#ifndef CRM_ANOMALY_H
#define CRM_ANOMALY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum anomaly_kind {
	ANOMALY_FAIL_USER,	/* burst of failed sign-ins for one username */
	ANOMALY_FAIL_IP,	/* burst of failed sign-ins from one address */
	ANOMALY_STUFFING,	/* many usernames failing from one address */
	ANOMALY_NEW_NETWORK,	/* sign-in from a network new for the user */
	ANOMALY_ODD_HOUR,	/* sign-in far outside the user's usual hours */
	ANOMALY_MASS_READ,	/* records viewed and exported far above baseline */
	ANOMALY_ADMIN_GRANT,	/* user.roles added an administrator-like role */
	ANOMALY_ROLE_UPDATE,	/* the permissions of a role changed */
	ANOMALY_ROLES_GREW,	/* a user's roles at sign-in grew since the last one */
	ANOMALY_INTEGRITY,	/* a ciphertext failed authentication */
	ANOMALY_THROTTLE_USER,	/* a username's sign-in delay engaged (many addresses failing) */
	ANOMALY_THROTTLE_MFA,	/* a user's second factor locked after wrong codes */
	ANOMALY_TEMP_GRANT,	/* a temporary grant was given */
	/* Not from the audit stream: raised by crmctl watch from the backups
	 * and backup_drills tables (backup_alerts.h), stored alike. */
	ANOMALY_BACKUP_OVERDUE,	/* the newest backup is too old, or there is none */
	ANOMALY_DRILL_OVERDUE,	/* the last passing restore drill is too old, or none */
	ANOMALY_DRILL_FAILED,	/* a restore drill failed */
	ANOMALY__MAX
};

enum anomaly_severity { ANOMALY_LOW, ANOMALY_MEDIUM, ANOMALY_HIGH, ANOMALY_CRITICAL,
	ANOMALY_SEVERITY__MAX };

/* Thresholds; every field is an int so crm.conf's [alerts] can set it.
 * anomaly_config_defaults gives the values documented in crm.conf(5). */
struct anomaly_config {
	int fail_user_count;	/* failures of one username ... */
	int fail_user_window;	/* ... within this many seconds */
	int fail_ip_count;	/* failures from one address ... */
	int fail_ip_window;	/* ... within this many seconds */
	int stuffing_users;	/* distinct usernames failing from one address in fail_ip_window */
	int new_network_min_logins;	/* earlier sign-ins before a new network alerts */
	int odd_hour_min_logins;	/* earlier sign-ins before odd hours alert */
	int odd_hour_max_percent;	/* share of past sign-ins within +-1 h at or below which it alerts */
	int tz_offset;		/* minutes east of UTC of the users' working day */
	int read_floor;		/* records a day never alerting below this */
	int read_factor;	/* alert above factor x the user's p95 day */
	int read_min_days;	/* earlier active days before the p95 applies */
	int dedup_window;	/* seconds: one alert per kind and subject per window */
	int max_tracked;	/* users or addresses held at most (memory bound) */
	const char *admin_roles;	/* comma-separated administrator-like roles */
};

/* One audit record. Strings may be NULL (treated as ""); the detectors
 * copy what they keep, so they need not outlive the call. */
struct anomaly_event {
	uint64_t seq;
	time_t at;		/* UTC */
	const char *actor;	/* username (as typed for a failed sign-in) */
	const char *roles;	/* comma-separated role names at the time */
	const char *ip;
	const char *action;	/* auth.login, record.view, export, ... */
	const char *object_type;
	const char *object_id;
	const char *outcome;	/* success, failure, denied */
	unsigned long items;	/* records touched */
	const char *detail;	/* JSON; only user.roles's and grant.create's are read */
};

#define ANOMALY_SUMMARY_MAX 256
#define ANOMALY_DETAIL_MAX 512
#define ANOMALY_SUBJECT_MAX 160

/* One alert. (kind, subject, window_start) is its identity: the same
 * records give the same identity, so storing alerts under a unique key
 * on it makes a re-run over them add nothing. Strings are escaped for
 * JSON in detail only; summary and actor hold raw (untrusted) bytes. */
struct anomaly_alert {
	enum anomaly_kind kind;
	enum anomaly_severity severity;
	char actor[65];		/* "" when the alert is about an address */
	char ip[46];
	char subject[ANOMALY_SUBJECT_MAX + 1];	/* actor, address or object */
	time_t window_start;
	uint64_t first_seq, last_seq;
	char summary[ANOMALY_SUMMARY_MAX];
	char detail[ANOMALY_DETAIL_MAX];	/* a JSON object */
};

typedef void (*anomaly_alert_fn)(const struct anomaly_alert *alert, void *arg);

struct anomaly;

void anomaly_config_defaults(struct anomaly_config *cfg);

/* A detector state for cfg (copied; admin_roles must outlive it). fn
 * receives each alert, which lives only for the call. NULL when out of
 * memory. */
struct anomaly *anomaly_new(const struct anomaly_config *cfg, anomaly_alert_fn fn, void *arg);
void anomaly_free(struct anomaly *an);

/* Both take events in audit order and return 0, or -1 when out of
 * memory (the state is then incomplete: free it and start again).
 * anomaly_learn updates baselines and windows without reporting; an
 * alert it would have raised still counts for deduplication, so a
 * burst that began in the learned history is not reported again. */
int anomaly_learn(struct anomaly *an, const struct anomaly_event *ev);
int anomaly_evaluate(struct anomaly *an, const struct anomaly_event *ev);

/* Users and addresses currently held (for tests and the memory bound). */
size_t anomaly_tracked(const struct anomaly *an);

const char *anomaly_kind_name(enum anomaly_kind kind);
const char *anomaly_severity_name(enum anomaly_severity sev);

#endif
