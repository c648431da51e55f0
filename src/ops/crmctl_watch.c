/* crmctl_watch.c: owns "crmctl watch": reading every committed audit
 * record once, in batches after its per-chain cursors (audit_fetch_after,
 * consumer "watch"), through the detectors of anomaly.c (warmed up on
 * the last history_days of records already handled, without alerting);
 * storing each batch's alerts and the moved cursors in one transaction; then reporting the alerts that were new:
 * a line on standard output, a syslog line (ident crm-watch, facility
 * authpriv, level warning) and, with [alerts] mail_to, a mail through the
 * local sendmail, run directly (fork and execv, never a shell). After
 * each scan it also judges the backups and restore drills
 * (backup_alerts.h) and raises, stores and reports their alerts alike. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "alert_store.h"
#include "anomaly.h"
#include "audit.h"
#include "backup_store.h"
#include "crmctl.h"
#include "db.h"
#include "log.h"
#include "stmt.h"

#define BATCH 1000
#define MAX_RECIPIENTS 16
#define MAX_MAILS 20		/* per scan; further alerts are only logged */

struct watch {
	const struct conf *c;
	struct anomaly_config cfg;
	struct db *db;
	struct anomaly *an;		/* NULL: warm up before the next scan */
	long long watermark;		/* highest audit seq handled (shown, and kept in
					 * watch_state as a heartbeat; the
					 * per-chain cursors decide what is read) */
	struct anomaly_alert *pending;	/* raised by the current batch */
	size_t npending, cap;
	bool oom;
	unsigned mails;
	char *rcpt[MAX_RECIPIENTS + 1];
	int nrcpt;
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The anomaly callback: keeps a copy until the batch is stored. */
static void
collect(const struct anomaly_alert *al, void *arg)
{
	struct watch *w = arg;

	if (w->npending == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct anomaly_alert *p = realloc(w->pending, cap * sizeof(*p));
		if (p == NULL) {
			w->oom = true;
			return;
		}
		w->pending = p;
		w->cap = cap;
	}
	w->pending[w->npending++] = *al;
}

/* ---- mail ---- */

/* Splits [alerts] mail_to into w->rcpt; -1 when an entry is not a plain
 * address (it becomes a sendmail argument, so nothing else passes). */
static int
parse_recipients(struct watch *w, char *list)
{
	for (char *save = NULL, *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (t[0] == '-' || w->nrcpt == MAX_RECIPIENTS || strlen(t) > 254 ||
		    strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@_%+-") != strlen(t)) {
			fprintf(stderr, "crmctl: [alerts] mail_to: \"%s\" is not a mail address "
			    "(separate several with commas)\n", t);
			return -1;
		}
		w->rcpt[w->nrcpt++] = t;
	}
	return 0;
}

/* Runs sendmail with text on its standard input; 0, or -1 (logged). */
static int
sendmail_run(struct watch *w, const char *text)
{
	const char *argv[MAX_RECIPIENTS + 4] = { "sendmail", "-oi", "--" };
	int fds[2], status;
	size_t len = strlen(text), off = 0;
	pid_t pid;

	if (access(w->c->alert_sendmail, X_OK) == -1) {
		crm_warn("cannot mail the alert: %s", w->c->alert_sendmail);
		return -1;
	}
	for (int i = 0; i < w->nrcpt; i++)
		argv[3 + i] = w->rcpt[i];
	if (pipe2(fds, O_CLOEXEC) == -1 || (pid = fork()) == -1) {
		crm_warn("cannot start %s", w->c->alert_sendmail);
		return -1;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (dup2(fds[0], STDIN_FILENO) == -1)
			_exit(127);
		close_range(3, ~0U, 0);
		execv(w->c->alert_sendmail, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(fds[0]);
	while (off < len) {
		ssize_t n = write(fds[1], text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (off < len || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		crm_warnx("%s failed (status %d): the alert was not mailed", w->c->alert_sendmail,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

static void
mail_alert(struct watch *w, const struct anomaly_alert *al, const char *summary, const char *subject)
{
	char text[4096], to[MAX_RECIPIENTS * 256] = "", when[32];
	struct tm tm;

	if (w->nrcpt == 0 || ++w->mails > MAX_MAILS)
		return;
	for (int i = 0; i < w->nrcpt; i++)
		snprintf(to + strlen(to), sizeof(to) - strlen(to), "%s%s", i ? ", " : "", w->rcpt[i]);
	gmtime_r(&al->window_start, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	snprintf(text, sizeof(text),
	    "To: %s\nSubject: [crm] %s alert: %s\nAuto-Submitted: auto-generated\n"
	    "Content-Type: text/plain; charset=utf-8\n\n"
	    "%s\n\nkind:     %s\nseverity: %s\nsubject:  %s\nwindow:   from %s\n"
	    "audit:    seq %llu to %llu\ndetail:   %s\n\n"
	    "Acknowledge it on /admin/alerts once investigated; see \"Activity monitoring\n"
	    "and alerts\" in the CRM's README.\n",
	    to, anomaly_severity_name(al->severity), anomaly_kind_name(al->kind), summary,
	    anomaly_kind_name(al->kind), anomaly_severity_name(al->severity), subject, when,
	    (unsigned long long)al->first_seq, (unsigned long long)al->last_seq, al->detail);
	sendmail_run(w, text);
}

/* ---- reporting ---- */

/* Reports one stored alert. Names and addresses come from requests
 * (a failed sign-in's username is whatever was typed), so they are
 * escaped: no line or header can be forged. */
static void
report(struct watch *w, const struct anomaly_alert *al)
{
	char summary[400], subject[240];

	log_escape(summary, sizeof(summary), al->summary);
	log_escape(subject, sizeof(subject), al->subject);
	syslog(LOG_AUTHPRIV | LOG_WARNING, "ALERT %s severity=%s: %s",
	    anomaly_kind_name(al->kind), anomaly_severity_name(al->severity), summary);
	printf("alert %s severity=%s: %s\n", anomaly_kind_name(al->kind),
	    anomaly_severity_name(al->severity), summary);
	mail_alert(w, al, summary, subject);
}

/* ---- database ---- */

static enum db_error
store_alert(struct watch *w, struct arena *a, const struct anomaly_alert *al)
{
	return alert_store_insert(w->db, a, al);
}

static void
row_event(const struct trail_watch_learn_row *r, struct anomaly_event *ev)
{
	*ev = (struct anomaly_event){
		.seq = (uint64_t)r->seq,
		.at = (time_t)r->at,
		.actor = r->actor,
		.roles = r->roles,
		.ip = r->ip,
		.action = r->action,
		.object_type = r->object_type,
		.object_id = r->object_id,
		.outcome = r->outcome,
		.items = r->items.type == DBV_TEXT ? (unsigned long)r->items.i : 1,
		.detail = r->detail,
	};
}

#define CONSUMER "watch"

/* Feeds one batch of records already handled (at or below the cursors)
 * and younger than days, with seq > *after, to the detectors to learn
 * from; *after advances. Returns the number fed, or -1. */
static long
learn_batch(struct watch *w, struct arena *a, long long *after, int days)
{
	struct trail_watch_learn_in in = { .after = *after, .days = days, .limit = BATCH };
	struct trail_watch_learn_out rows;
	struct anomaly_event ev;

	if (stmt_trail_watch_learn(w->db, a, &in, &rows) != DB_OK)
		return -1;
	for (size_t r = 0; r < rows.n; r++) {
		row_event(&rows.rows[r], &ev);
		if (anomaly_learn(w->an, &ev) == -1 || w->oom) {
			crm_err("out of memory in the detectors");
			return -1;
		}
		*after = (long long)ev.seq;
	}
	return (long)rows.n;
}

/* Learns the last days of records the watcher has already handled, so
 * baselines survive a restart. */
static int
warm_up(struct watch *w, struct arena *a, int days, long *learned)
{
	long long after = 0;
	long n;

	if ((w->an = anomaly_new(&w->cfg, collect, w)) == NULL)
		return -1;
	*learned = 0;
	while ((n = learn_batch(w, a, &after, days)) > 0) {
		*learned += n;
		arena_reset(a);
	}
	return n < 0 ? -1 : 0;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC) as seconds since the epoch. */
static time_t
parse_at(const char *at)
{
	struct tm tm = { 0 };

	if (at == NULL || sscanf(at, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static void
record_event(const struct audit_record *r, struct anomaly_event *ev)
{
	*ev = (struct anomaly_event){
		.seq = r->seq, .at = parse_at(r->at), .actor = r->actor, .roles = r->roles,
		.ip = r->ip, .action = r->action, .object_type = r->object_type,
		.object_id = r->object_id, .outcome = r->outcome,
		.items = r->items > 0 ? (unsigned long)r->items : 1,
		.detail = r->action && (strcmp(r->action, "user.roles") == 0 ||
		    strcmp(r->action, "grant.create") == 0) ? r->detail : "",
	};
}

/* Evaluates the next batch of unhandled records (per-chain cursors, see
 * audit.h) and stores its alerts and the moved cursors in one
 * transaction, then reports the new alerts. Records older than the
 * history window (a first scan of an old trail) are learned, not
 * evaluated. Returns the number of records handled, or -1 (rolled back). */
static long
eval_batch(struct watch *w, struct arena *a, int days, unsigned *nalerts)
{
	time_t horizon = time(NULL) - (time_t)days * 86400;
	struct audit_record *recs;
	struct anomaly_event ev;
	bool *fresh;
	size_t n = 0;

	w->npending = 0;
	if (db_begin(w->db) != DB_OK)
		return -1;
	if (audit_fetch_after(w->db, a, CONSUMER, BATCH, &recs, &n) == -1 || n == 0) {
		db_rollback(w->db);
		return n == 0 ? 0 : -1;
	}
	for (size_t i = 0; i < n; i++) {
		record_event(&recs[i], &ev);
		if ((ev.at < horizon ? anomaly_learn(w->an, &ev) : anomaly_evaluate(w->an, &ev)) == -1 ||
		    w->oom) {
			crm_err("out of memory in the detectors");
			goto fail;
		}
		if ((long long)ev.seq > w->watermark)
			w->watermark = (long long)ev.seq;
	}
	fresh = arena_alloc(a, sizeof(*fresh) * (w->npending + 1));
	for (size_t i = 0; i < w->npending; i++) {
		enum db_error e = store_alert(w, a, &w->pending[i]);
		if (e != DB_OK && e != DB_ERR_DUPLICATE)
			goto fail;
		fresh[i] = e == DB_OK;
	}
	if (audit_cursor_advance(w->db, a, CONSUMER, recs, n) == -1 ||
	    stmt_trail_watch_state_set(w->db, a, &(struct trail_watch_state_set_in){
	    .last_seq = w->watermark }, NULL) != DB_OK || db_commit(w->db) != DB_OK)
		goto fail;
	for (size_t i = 0; i < w->npending; i++)
		if (fresh[i]) {
			report(w, &w->pending[i]);
			(*nalerts)++;
		}
	return (long)n;
fail:
	db_rollback(w->db);
	return -1;
}

/* ---- backups and restore drills (backup_alerts.h) ---- */

#define DRILLS_PER_SCAN 20

/* Stores al and reports it when its identity is new. 0, or -1. */
static int
raise_alert(struct watch *w, struct arena *a, const struct anomaly_alert *al, unsigned *nalerts)
{
	enum db_error e = store_alert(w, a, al);

	if (e == DB_ERR_DUPLICATE)
		return 0;
	if (e != DB_OK)
		return -1;
	report(w, al);
	(*nalerts)++;
	return 0;
}

/* Overdue backups and drills, and failed drills not alerted yet; each
 * alert is its own statement (the dedup key makes a repeat a no-op).
 * 0, or -1 on a database error. */
static int
backup_checks(struct watch *w, struct arena *a, unsigned *nalerts)
{
	struct backup_limits lim = { w->c->backup_max_age_hours, w->c->backup_drill_max_age_hours };
	struct backup_failed_drill *failed;
	struct anomaly_alert al[2];
	struct backup_status st;
	const char *newest;
	size_t n;

	if (backup_store_status(w->db, a, time(NULL), &st, &newest) == -1)
		return -1;
	n = backup_alerts_overdue(&lim, &st, al);
	for (size_t i = 0; i < n; i++)
		if (raise_alert(w, a, &al[i], nalerts) == -1)
			return -1;
	if (backup_store_failed_drills(w->db, a, DRILLS_PER_SCAN, &failed, &n) == -1)
		return -1;
	for (size_t r = 0; r < n; r++) {
		backup_alert_drill_failed(failed[r].id, failed[r].started, failed[r].backup,
		    failed[r].reason, &al[0]);
		if (raise_alert(w, a, &al[0], nalerts) == -1)
			return -1;
	}
	return 0;
}

/* One scan: warm up when needed, then evaluate every batch after the
 * watermark, then the backup checks. 0; -1 after which the detectors
 * start afresh; -2 when only the backup checks failed. */
static int
scan(struct watch *w, int days, bool verbose)
{
	struct arena a;
	long learned = 0, n = 0, evaluated = 0;
	unsigned nalerts = 0;
	bool backups_failed = false;

	arena_init(&a);
	w->mails = 0;
	if (w->an == NULL && warm_up(w, &a, days, &learned) == -1)
		goto out;
	while (!stopping && (n = eval_batch(w, &a, days, &nalerts)) > 0) {
		evaluated += n;
		arena_reset(&a);
	}
	if (!stopping && n < 0)
		goto out;
	arena_reset(&a);
	if (!stopping && backup_checks(w, &a, &nalerts) == -1) {
		fprintf(stderr, "crmctl: watch: the backup checks failed (see the log line above;"
		    " is migration 021 applied?)\n");
		backups_failed = true;
	}
	if (verbose || evaluated > 0 || nalerts > 0)
		printf("watch: learned %ld records, handled %ld up to seq %lld, %u new alert%s\n",
		    learned, evaluated, w->watermark, nalerts, nalerts == 1 ? "" : "s");
	if (w->mails > MAX_MAILS)
		crm_warnx("%u alerts were not mailed (at most %d a scan): see the alerts table",
		    w->mails - MAX_MAILS, MAX_MAILS);
	fflush(stdout);
	arena_reset(&a);
	return backups_failed ? -2 : 0;
out:
	fprintf(stderr, "crmctl: watch: scan failed (see the log line above)\n");
	anomaly_free(w->an);
	w->an = NULL;
	fflush(stdout);
	arena_reset(&a);
	return -1;
}

/* ---- command ---- */

static int
parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_args(int argc, char *argv[], bool *once, int *interval, int *days)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			*once = true;
		else if (strcmp(argv[i], "--interval") == 0 && parse_int(argv[i + 1], 10, 86400, interval) == 0)
			i++;
		else if (strcmp(argv[i], "--since-days") == 0 && parse_int(argv[i + 1], 1, 365, days) == 0)
			i++;
		else {
			fprintf(stderr, "usage: crmctl watch [--once] [--interval SECONDS (10-86400)] "
			    "[--since-days N (1-365)]\n");
			return -1;
		}
	}
	return 0;
}

int
cmd_watch(struct conf *c, int argc, char *argv[])
{
	struct watch w = { .c = c, .cfg = c->alerts };
	struct sigaction sa = { .sa_handler = on_stop };
	int interval = c->alert_interval, days = c->alert_history_days, rc = 0;
	char *mail_to = NULL;
	bool once = false;

	if (parse_args(argc, argv, &once, &interval, &days) == -1)
		return 2;
	if (c->alert_admin_roles != NULL)
		w.cfg.admin_roles = c->alert_admin_roles;
	if (c->alert_mail_to != NULL && ((mail_to = strdup(c->alert_mail_to)) == NULL ||
	    parse_recipients(&w, mail_to) == -1)) {
		free(mail_to);
		return 1;
	}
	log_open("crm-watch", c->log_level < LOG_LEVEL_NOTICE ? (enum log_level)c->log_level :
	    LOG_LEVEL_WARNING, c->log_syslog);
	openlog("crm-watch", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	w.db = db_new(c, false);
	for (bool first = true; !stopping; first = false) {
		rc = scan(&w, days, first || once) == 0 ? 0 : 1;
		if (once)
			break;
		for (int s = 0; s < interval && !stopping; s++)
			sleep(1);
	}
	anomaly_free(w.an);
	db_free(w.db);
	free(w.pending);
	free(mail_to);
	closelog();
	return rc;
}
