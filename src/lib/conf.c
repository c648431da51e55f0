/* conf.c: owns crm.conf: an INI file of [section] and key = value lines,
 * every key declared once in the table below with its type and range.
 * Unknown sections and keys are errors, so a typo cannot silently leave a
 * default in place. */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "secret_file.h"

enum conf_type { CT_STRING, CT_PATH, CT_INT, CT_LONG, CT_OCTAL, CT_BOOL, CT_LEVEL };

struct conf_key {
	const char *section;
	const char *key;
	enum conf_type type;
	size_t offset;
	long min, max;
};

#define F(field) offsetof(struct conf, field)

static const struct conf_key conf_keys[] = {
	{ "server", "socket", CT_PATH, F(socket_path), 0, 0 },
	{ "server", "socket_group", CT_STRING, F(socket_group), 0, 0 },
	{ "server", "socket_mode", CT_OCTAL, F(socket_mode), 0600, 0666 },
	{ "server", "backlog", CT_INT, F(backlog), 1, 65535 },
	{ "server", "workers", CT_INT, F(workers), 1, 256 },
	{ "server", "user", CT_STRING, F(user), 0, 0 },
	{ "server", "pid_file", CT_PATH, F(pid_file), 0, 0 },
	{ "server", "max_body", CT_LONG, F(max_body), 1024, 1L << 30 },
	{ "server", "drain_timeout", CT_INT, F(drain_timeout), 1, 3600 },
	{ "server", "export_row_cap", CT_INT, F(export_row_cap), 1, 1000000 },
	{ "server", "restore_days", CT_INT, F(restore_days), 1, 3650 },
	{ "server", "templates", CT_PATH, F(templates_dir), 0, 0 },
	{ "server", "translations", CT_PATH, F(po_dir), 0, 0 },
	{ "server", "phone_region", CT_INT, F(phone_region), 1, 999 },
	{ "database", "socket", CT_PATH, F(db_socket), 0, 0 },
	{ "database", "host", CT_STRING, F(db_host), 0, 0 },
	{ "database", "port", CT_INT, F(db_port), 1, 65535 },
	{ "database", "tls_ca", CT_PATH, F(db_tls_ca), 0, 0 },
	{ "database", "name", CT_STRING, F(db_name), 0, 0 },
	{ "database", "user", CT_STRING, F(db_user), 0, 0 },
	{ "database", "password_file", CT_PATH, F(db_password_file), 0, 0 },
	{ "database", "admin_user", CT_STRING, F(db_admin_user), 0, 0 },
	{ "database", "admin_password_file", CT_PATH, F(db_admin_password_file), 0, 0 },
	{ "database", "account_host", CT_STRING, F(db_account_host), 0, 0 },
	{ "database", "connect_timeout", CT_INT, F(db_connect_timeout), 1, 300 },
	{ "auth", "pam_service", CT_STRING, F(pam_service), 0, 0 },
	{ "auth", "pam_confdir", CT_PATH, F(pam_confdir), 0, 0 },
	{ "auth", "local_pam_service", CT_STRING, F(local_pam_service), 0, 0 },
	{ "auth", "local_password_file", CT_PATH, F(local_password_file), 0, 0 },
	{ "auth", "trusted_sso", CT_BOOL, F(trusted_sso), 0, 0 },
	{ "auth", "hours_timezone_offset", CT_INT, F(hours_tz_offset), -720, 840 },
	{ "auth", "session_idle", CT_INT, F(session_idle), 60, 86400 },
	{ "auth", "session_max", CT_INT, F(session_max), 300, 30 * 86400 },
	{ "auth", "session_limit", CT_INT, F(session_limit), 0, 1000 },
	{ "auth", "reauth_failures", CT_INT, F(reauth_failures), 1, 100 },
	{ "auth", "throttle_pair_failures", CT_INT, F(throttle_pair_failures), 1, 1000 },
	{ "auth", "mfa_fresh", CT_INT, F(mfa_fresh), 60, 86400 },
	{ "auth", "throttle_user_failures", CT_INT, F(throttle_user_failures), 1, 1000 },
	{ "auth", "throttle_user_delay_max", CT_INT, F(throttle_user_delay_max), 1, 3600 },
	{ "auth", "throttle_mfa_failures", CT_INT, F(throttle_mfa_failures), 1, 1000 },
	{ "auth", "throttle_ip_failures", CT_INT, F(throttle_ip_failures), 1, 100000 },
	{ "auth", "throttle_window", CT_INT, F(throttle_window), 10, 86400 },
	{ "auth", "throttle_lock", CT_INT, F(throttle_lock), 1, 86400 },
	{ "keys", "keyring", CT_PATH, F(keyring), 0, 0 },
	{ "keys", "unseal_file", CT_PATH, F(unseal_file), 0, 0 },
	{ "log", "level", CT_LEVEL, F(log_level), 0, 0 },
	{ "log", "syslog", CT_BOOL, F(log_syslog), 0, 0 },
	{ "audit", "syslog", CT_BOOL, F(audit_syslog), 0, 0 },
	{ "audit", "syslog_socket", CT_PATH, F(audit_syslog_socket), 0, 0 },
	{ "audit", "retention_days", CT_INT, F(audit_retention_days), 1, 36500 },
	{ "audit", "legal_minimum_days", CT_INT, F(audit_legal_minimum_days), 0, 36500 },
	{ "alerts", "mail_to", CT_STRING, F(alert_mail_to), 0, 0 },
	{ "alerts", "sendmail", CT_PATH, F(alert_sendmail), 0, 0 },
	{ "alerts", "interval", CT_INT, F(alert_interval), 10, 86400 },
	{ "alerts", "history_days", CT_INT, F(alert_history_days), 1, 365 },
	{ "alerts", "dedup_window", CT_INT, F(alerts.dedup_window), 60, 86400 },
	{ "alerts", "failed_user_count", CT_INT, F(alerts.fail_user_count), 2, 1000 },
	{ "alerts", "failed_user_window", CT_INT, F(alerts.fail_user_window), 10, 86400 },
	{ "alerts", "failed_ip_count", CT_INT, F(alerts.fail_ip_count), 2, 1000 },
	{ "alerts", "failed_ip_window", CT_INT, F(alerts.fail_ip_window), 10, 86400 },
	{ "alerts", "stuffing_usernames", CT_INT, F(alerts.stuffing_users), 2, 64 },
	{ "alerts", "new_network_min_sign_ins", CT_INT, F(alerts.new_network_min_logins), 1, 10000 },
	{ "alerts", "odd_hour_min_sign_ins", CT_INT, F(alerts.odd_hour_min_logins), 1, 10000 },
	{ "alerts", "odd_hour_max_percent", CT_INT, F(alerts.odd_hour_max_percent), 0, 50 },
	{ "alerts", "timezone_offset", CT_INT, F(alerts.tz_offset), -720, 840 },
	{ "alerts", "read_floor", CT_INT, F(alerts.read_floor), 1, 100000000 },
	{ "alerts", "read_factor", CT_INT, F(alerts.read_factor), 1, 1000 },
	{ "alerts", "read_min_days", CT_INT, F(alerts.read_min_days), 1, 30 },
	{ "alerts", "admin_roles", CT_STRING, F(alert_admin_roles), 0, 0 },
	{ "backup", "dir", CT_PATH, F(backup_dir), 0, 0 },
	{ "backup", "key", CT_PATH, F(backup_key), 0, 0 },
	{ "backup", "keep_daily", CT_INT, F(backup_keep_daily), 0, 3650 },
	{ "backup", "keep_weekly", CT_INT, F(backup_keep_weekly), 0, 520 },
	{ "backup", "keep_monthly", CT_INT, F(backup_keep_monthly), 0, 1200 },
	{ "backup", "max_age_hours", CT_INT, F(backup_max_age_hours), 1, 87600 },
	{ "backup", "drill_max_age_hours", CT_INT, F(backup_drill_max_age_hours), 1, 87600 },
	{ "migrate", "dir", CT_PATH, F(sql_dir), 0, 0 },
};

#define NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

/* The phone region of the configuration in force (conf_phone_region). */
static char phone_region[8] = "41";

const char *
conf_phone_region(void)
{
	return phone_region;
}

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->socket_mode = 0660;
	c->backlog = 128;
	c->workers = 4;
	c->max_body = 1048576;
	c->drain_timeout = 30;
	c->export_row_cap = 10000;
	c->restore_days = 30;
	c->phone_region = 41;
	c->db_port = 3306;
	c->db_name = strdup("crm");
	c->db_account_host = strdup("localhost");
	c->db_connect_timeout = 3;
	c->log_level = LOG_LEVEL_INFO;
	c->pam_service = strdup("crm");
	c->local_pam_service = strdup("crm-local");
	c->session_idle = 1800;
	c->session_max = 12 * 3600;
	c->session_limit = 5;
	c->reauth_failures = 3;
	c->throttle_pair_failures = 5;
	c->throttle_user_failures = 10;
	c->throttle_user_delay_max = 60;
	c->throttle_mfa_failures = 5;
	c->mfa_fresh = 900;
	c->throttle_ip_failures = 50;
	c->throttle_window = 900;
	c->throttle_lock = 900;
	c->audit_syslog = true;
	c->audit_syslog_socket = strdup("/dev/log");
	c->audit_retention_days = 730;
	c->audit_legal_minimum_days = 365;
	anomaly_config_defaults(&c->alerts);
	c->alert_sendmail = strdup("/usr/sbin/sendmail");
	c->alert_interval = 300;
	c->alert_history_days = 30;
	c->backup_keep_daily = 7;
	c->backup_keep_weekly = 4;
	c->backup_keep_monthly = 6;
	c->backup_max_age_hours = 26;
	c->backup_drill_max_age_hours = 8 * 24;
	if (c->db_name == NULL || c->db_account_host == NULL || c->pam_service == NULL ||
	    c->local_pam_service == NULL || c->audit_syslog_socket == NULL ||
	    c->alert_sendmail == NULL)
		abort();
}

static const struct conf_key *
find_key(const char *section, const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(conf_keys[i].section, section) == 0 &&
		    strcmp(conf_keys[i].key, key) == 0)
			return &conf_keys[i];
	return NULL;
}

static bool
section_known(const char *section)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(conf_keys[i].section, section) == 0)
			return true;
	return false;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
parse_number(const char *v, int base, long min, long max, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, base);
	if (errno || end == v || *end != '\0' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
set_string(char **slot, const char *v, bool is_path, const char *basedir)
{
	char *s;

	if (is_path && v[0] != '/' && v[0] != '\0') {
		size_t n = strlen(basedir) + strlen(v) + 2;
		if ((s = malloc(n)) != NULL)
			snprintf(s, n, "%s/%s", basedir, v);
	} else
		s = strdup(v);
	if (s == NULL)
		return -1;
	free(*slot);
	*slot = s[0] ? s : (free(s), NULL);
	return 0;
}

/* Stores v into the field of k; returns a static reason on error. */
static const char *
set_value(struct conf *c, const struct conf_key *k, const char *v,
    const char *basedir)
{
	void *slot = (char *)c + k->offset;
	long n;

	switch (k->type) {
	case CT_STRING:
	case CT_PATH:
		if (set_string(slot, v, k->type == CT_PATH, basedir) == -1)
			return "out of memory";
		return NULL;
	case CT_INT:
		if (parse_number(v, 10, k->min, k->max, &n) == -1)
			return "not a number in the allowed range";
		*(int *)slot = (int)n;
		return NULL;
	case CT_LONG:
		if (parse_number(v, 10, k->min, k->max, &n) == -1)
			return "not a number in the allowed range";
		*(long *)slot = n;
		return NULL;
	case CT_OCTAL:
		if (parse_number(v, 8, k->min, k->max, &n) == -1)
			return "not an octal mode in the allowed range";
		*(unsigned *)slot = (unsigned)n;
		return NULL;
	case CT_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
			*(bool *)slot = true;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
			*(bool *)slot = false;
		else
			return "expected yes or no";
		return NULL;
	case CT_LEVEL:
		if ((n = log_level_from_name(v)) < 0)
			return "expected error, warning, notice, info or debug";
		*(int *)slot = (int)n;
		return NULL;
	}
	return "unknown type";
}

/* Handles one line; returns NULL or the reason it is wrong. *set gets
 * the key the line set, if any. */
static const char *
parse_line(struct conf *c, char *line, char *section, size_t secsz,
    const char *basedir, const struct conf_key **set)
{
	const struct conf_key *k;
	char *eq, *key, *value;

	line = trim(line);
	if (*line == '\0' || *line == '#' || *line == ';')
		return NULL;
	if (*line == '[') {
		char *close = strchr(line, ']');
		if (close == NULL || close[1] != '\0')
			return "malformed section header";
		*close = '\0';
		if (!section_known(line + 1))
			return "unknown section";
		snprintf(section, secsz, "%s", line + 1);
		return NULL;
	}
	if ((eq = strchr(line, '=')) == NULL)
		return "expected key = value";
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (section[0] == '\0')
		return "key outside any [section]";
	if ((k = find_key(section, key)) == NULL)
		return "unknown key in this section";
	*set = k;
	return set_value(c, k, value, basedir);
}

/* Audit records younger than the legal minimum must never be purged;
 * line is the last line that set one of the two keys. 0 or -1 with err. */
static int
check_retention(const struct conf *c, const char *filename, int line, char *err,
    size_t errsz)
{
	if (c->audit_retention_days >= c->audit_legal_minimum_days)
		return 0;
	snprintf(err, errsz, "%s:%d: [audit] retention_days (%d) is shorter than "
	    "legal_minimum_days (%d): audit records must be kept at least that long",
	    filename, line, c->audit_retention_days, c->audit_legal_minimum_days);
	return -1;
}

int
conf_parse(struct conf *c, const char *text, size_t len, const char *filename,
    const char *basedir, char *err, size_t errsz)
{
	char section[32] = "";
	size_t start = 0;
	int lineno = 0, retention_line = 0;

	while (start < len) {
		size_t end = start;
		char line[1024];
		const char *why;

		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (end - start >= sizeof(line)) {
			snprintf(err, errsz, "%s:%d: line too long", filename, lineno);
			return -1;
		}
		if (memchr(text + start, '\0', end - start) != NULL) {
			snprintf(err, errsz, "%s:%d: NUL byte", filename, lineno);
			return -1;
		}
		const struct conf_key *set = NULL;
		memcpy(line, text + start, end - start);
		line[end - start] = '\0';
		why = parse_line(c, line, section, sizeof(section), basedir, &set);
		if (why != NULL) {
			snprintf(err, errsz, "%s:%d: %s", filename, lineno, why);
			return -1;
		}
		if (set != NULL && strcmp(set->section, "audit") == 0 &&
		    strstr(set->key, "days") != NULL)
			retention_line = lineno;
		start = end + 1;
	}
	return check_retention(c, filename, retention_line, err, errsz);
}

int
conf_validate(const struct conf *c, char *err, size_t errsz)
{
	if (c->socket_path == NULL)
		snprintf(err, errsz, "[server] socket is required");
	else if (strlen(c->socket_path) >= 108)
		snprintf(err, errsz, "[server] socket path is longer than a unix socket allows (107)");
	else if (c->db_name == NULL || c->db_user == NULL)
		snprintf(err, errsz, "[database] name and user are required");
	else if (c->db_socket == NULL && c->db_host == NULL)
		snprintf(err, errsz, "[database] needs socket or host");
	else if (c->db_host != NULL && c->db_tls_ca == NULL)
		snprintf(err, errsz, "[database] host (TCP) requires tls_ca: the database is never reached in clear text over a network");
	else if (c->db_account_host == NULL)
		snprintf(err, errsz, "[database] account_host must not be empty");
	else if ((c->socket_mode & 0600) != 0600 || (c->socket_mode & ~0666u) != 0)
		snprintf(err, errsz, "[server] socket_mode must give the owner rw and no execute bits (e.g. 0660)");
	else if (c->pam_service == NULL || c->local_pam_service == NULL)
		snprintf(err, errsz, "[auth] pam_service and local_pam_service must not be empty");
	else if (strcmp(c->pam_service, c->local_pam_service) == 0)
		snprintf(err, errsz, "[auth] local_pam_service must differ from pam_service");
	else if (c->session_idle > c->session_max)
		snprintf(err, errsz, "[auth] session_idle is longer than session_max");
	else if (c->audit_syslog && (c->audit_syslog_socket == NULL ||
	    strlen(c->audit_syslog_socket) >= 108))
		snprintf(err, errsz, "[audit] syslog = yes needs syslog_socket: a unix socket path "
		    "of at most 107 bytes (/dev/log)");
	else if (c->sql_dir == NULL)
		snprintf(err, errsz, "[migrate] dir is required");
	else
		return 0;
	return -1;
}

static char *
read_whole_file(const char *path, size_t *len, char *err, size_t errsz)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	long n;

	if (f == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= 1 << 20 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	} else
		snprintf(err, errsz, "%s: cannot read (over 1 MiB or not a file)", path);
	fclose(f);
	return buf;
}

/* Reads the secret files named by c; 0 or -1 with err. */
static int
conf_read_secrets(struct conf *c, char *err, size_t errsz)
{
	uid_t service_uid = (uid_t)-1;
	struct passwd *pw;

	/* Secrets belong to the service user, who reads them again at reload. */
	if (c->user != NULL && (pw = getpwnam(c->user)) != NULL)
		service_uid = pw->pw_uid;
	if (c->db_password_file != NULL &&
	    (c->db_password = secret_file_read(c->db_password_file, service_uid,
	    err, errsz)) == NULL)
		return -1;
	if (c->db_admin_password_file != NULL &&
	    (c->db_admin_password = secret_file_read(c->db_admin_password_file,
	    service_uid, err, errsz)) == NULL)
		return -1;
	/* A key ring that does not exist yet is for crmctl keys init to make;
	 * crm-fcgi refuses to start without one when it loads it. */
	if (c->keyring != NULL && access(c->keyring, F_OK) == 0 &&
	    secret_file_check(c->keyring, service_uid, err, errsz) == -1)
		return -1;
	if (c->unseal_file != NULL &&
	    secret_file_check(c->unseal_file, service_uid, err, errsz) == -1)
		return -1;
	return 0;
}

struct conf *
conf_load(const char *path, char *err, size_t errsz)
{
	struct conf *c = calloc(1, sizeof(*c));
	char *text = NULL, *dircopy = NULL;
	size_t len = 0;

	if (c == NULL || (dircopy = strdup(path)) == NULL) {
		snprintf(err, errsz, "out of memory");
		goto fail;
	}
	conf_defaults(c);
	if ((c->path = strdup(path)) == NULL ||
	    (text = read_whole_file(path, &len, err, errsz)) == NULL)
		goto fail;
	if (conf_parse(c, text, len, path, dirname(dircopy), err, errsz) == -1 ||
	    conf_validate(c, err, errsz) == -1 ||
	    conf_read_secrets(c, err, errsz) == -1)
		goto fail;
	snprintf(phone_region, sizeof(phone_region), "%d", c->phone_region);
	free(text);
	free(dircopy);
	return c;
fail:
	free(text);
	free(dircopy);
	conf_free(c);
	return NULL;
}

void
conf_forget_admin_secret(struct conf *c)
{
	secret_free(c->db_admin_password);
	c->db_admin_password = NULL;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < NKEYS; i++)
		if (conf_keys[i].type == CT_STRING || conf_keys[i].type == CT_PATH)
			free(*(char **)((char *)c + conf_keys[i].offset));
	free(c->path);
	secret_free(c->db_password);
	secret_free(c->db_admin_password);
	free(c);
}
