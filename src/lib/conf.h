/* conf.h: the crm.conf settings (see crm.conf(5)) and their loader. */
#ifndef CRM_CONF_H
#define CRM_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "anomaly.h"

struct conf {
	char *path;			/* file the settings came from */

	/* [server] */
	char *socket_path;
	char *socket_group;		/* NULL: leave the group alone */
	unsigned socket_mode;
	int backlog;
	int workers;
	char *user;			/* NULL: keep running as the caller */
	char *pid_file;
	long max_body;
	int drain_timeout;
	int export_row_cap;		/* most rows one CSV export of a list may hold,
					 * for roles without their own cap (rbac.h) */
	int restore_days;		/* deleted records can be restored this long, then purged */
	char *templates_dir;
	char *po_dir;			/* the PO catalogs, po/ */
	int phone_region;		/* country calling code of phone numbers
					 * written without one (41) */

	/* [database] */
	char *db_socket;
	char *db_host;			/* set: TCP with TLS required */
	int db_port;
	char *db_tls_ca;
	char *db_name;
	char *db_user;
	char *db_password_file;
	char *db_admin_user;
	char *db_admin_password_file;
	char *db_account_host;		/* host part of the app account in GRANTs */
	int db_connect_timeout;

	/* [auth] */
	char *pam_service;		/* PAM service name, "crm" */
	char *pam_confdir;		/* NULL: the system's /etc/pam.d */
	char *local_pam_service;	/* PAM service of break-glass accounts, "crm-local" */
	char *local_password_file;	/* their yescrypt hashes (pam_pwdfile), crmctl writes it */
	bool trusted_sso;		/* accept CRM_SSO_USER from nginx (off) */
	int hours_tz_offset;		/* minutes east of UTC of roles' allowed_hours */
	int session_idle;		/* seconds without a request before sign-out */
	int session_max;		/* seconds after sign-in before sign-out */
	int session_limit;		/* sessions per user; a new one ends the oldest (0: none) */
	int reauth_failures;		/* wrong confirmations that end a session */
	int throttle_pair_failures;	/* failures per username and address before their lock */
	int throttle_user_failures;	/* failures per username (any address) before its delay */
	int throttle_user_delay_max;	/* seconds: the longest delay of a username, never a lock */
	int throttle_mfa_failures;	/* wrong second-factor codes per user before the lock */
	int mfa_fresh;			/* seconds a verified second factor counts as fresh */
	int throttle_ip_failures;	/* failures per client address before the lock */
	int throttle_window;		/* seconds over which failures count */
	int throttle_lock;		/* seconds a lock lasts */

	/* [keys] */
	char *keyring;
	char *unseal_file;		/* opens a sealed key ring */

	/* [log] */
	int log_level;
	bool log_syslog;

	/* [audit] */
	bool audit_syslog;		/* send a copy of each record to syslog */
	char *audit_syslog_socket;	/* unix datagram socket, /dev/log */
	int audit_retention_days;	/* crmctl audit purge deletes older records */
	int audit_legal_minimum_days;	/* nothing younger is ever purged */
	/* [alerts]: crmctl watch */
	struct anomaly_config alerts;	/* thresholds; admin_roles is set from alert_admin_roles */
	char *alert_admin_roles;	/* NULL: the detectors' default */
	char *alert_mail_to;		/* NULL: no mail */
	char *alert_sendmail;
	int alert_interval;		/* seconds between scans without --once */
	int alert_history_days;		/* days of audit history learned at start */

	/* [backup]: crmctl backup, restore, backup verify, backup prune */
	char *backup_dir;		/* where backups are written (a directory per backup) */
	char *backup_key;		/* the backup key file (crmctl backup key-generate) */
	int backup_keep_daily;		/* retention: newest backup of each of the last N days */
	int backup_keep_weekly;		/* ... of each of the last M ISO weeks */
	int backup_keep_monthly;	/* ... of each of the last K months */
	int backup_max_age_hours;	/* watch alerts when the newest backup is older */
	int backup_drill_max_age_hours;	/* watch alerts when the last passing drill is older */

	/* [migrate] */
	char *sql_dir;

	/* Secrets read from the files above; wiped by conf_free. */
	char *db_password;
	char *db_admin_password;
};

/* Parses INI text into c (already holding defaults from conf_defaults).
 * Relative paths are resolved against basedir. Returns 0, or -1 with a
 * message naming file:line in err. */
int conf_parse(struct conf *c, const char *text, size_t len,
    const char *filename, const char *basedir, char *err, size_t errsz);

void conf_defaults(struct conf *c);

/* Loads, validates and reads the secret files of path. Returns a new
 * conf the caller frees with conf_free, or NULL with err set. */
struct conf *conf_load(const char *path, char *err, size_t errsz);

/* Checks the settings are complete and coherent; 0 or -1 with err. */
int conf_validate(const struct conf *c, char *err, size_t errsz);

/* Wipes the admin password: the daemon never uses it, so it must not sit
 * in the memory of every worker. */
void conf_forget_admin_secret(struct conf *c);

void conf_free(struct conf *c);

/* The [server] phone_region of the configuration conf_load read last
 * ("41" before any): the country calling code a phone number written
 * without one is normalised with, for its blind index and search. */
const char *conf_phone_region(void);

#endif
