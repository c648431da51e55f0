/* crmctl.h: the commands of crmctl that live in their own files. */
#ifndef CRM_CRMCTL_H
#define CRM_CRMCTL_H

#include <sys/types.h>

#include "conf.h"

/* crmctl keys ...: returns the exit status (0, 1 failure, 2 usage). */
int cmd_keys(struct conf *c, int argc, char *argv[]);

/* crmctl user add-local|remove-local ...: break-glass accounts. */
int cmd_user(struct conf *c, int argc, char *argv[]);
/* crmctl audit ...: same exit statuses (crmctl_audit.c). */
int cmd_audit(struct conf *c, int argc, char *argv[]);

/* crmctl purge-deleted: records past the restore period (crmctl_purge.c). */
int cmd_purge_deleted(struct conf *c, int argc, char *argv[]);

/* crmctl reassign --from USER --to USER [--type TYPE]: a leaver's records
 * to another user (crmctl_reassign.c); 0, 1 failure, 2 usage. */
int cmd_reassign(struct conf *c, int argc, char *argv[]);

/* crmctl_operator.c: the operator's session, shared by the commands. */
/* Loads [keys] keyring as crmctl keys does; 0 or -1 (printed). */
int crmctl_keyring_load(const struct conf *c);
/* The uid (and *gid) of [server] user the key ring belongs to, or -1 when
 * not root or not set (printed when it cannot be looked up). */
uid_t crmctl_service_uid(const struct conf *c, gid_t *gid);
/* 0, or -1 (printed) when [keys] keyring is not set. */
int crmctl_need_keyring_path(const struct conf *c);

struct db;
struct arena;
/* Writes an audit record of crmctl's own action (actor "crmctl", the
 * operator's login name in the detail), inside db's open transaction or
 * in its own; loads the key ring when it is not loaded. 0 or -1. */
int crmctl_audit(struct db *db, struct arena *a, const struct conf *c, const char *action,
    const char *object_type, const char *object_id, const char *outcome, long long items,
    const char *detail_json);
/* crmctl watch ...: scans the audit trail for anomalies (crmctl_watch.c);
 * 0, 1 failure, 2 usage. */
int cmd_watch(struct conf *c, int argc, char *argv[]);

/* crmctl seed --contacts N ...: demo records (crmctl_seed.c); 0, 1
 * failure or stopped early, 2 usage. */
int cmd_seed(struct conf *c, int argc, char *argv[]);

/* crmctl backup ...: dispatches on the word after "backup"
 * (crmctl_backup_cmd.c). Each command below gets the whole argv from
 * "backup" on (argv[1] is "verify", "key-generate" or "prune", or an
 * option of cmd_backup_make); each returns 0, 1 failure, 2 usage. */
int cmd_backup(struct conf *c, int argc, char *argv[]);
/* crmctl backup [--with-keyring]: make a backup (crmctl_backup*.c). */
int cmd_backup_make(struct conf *c, int argc, char *argv[]);
/* crmctl backup verify [--backup NAME]: the restore drill. */
int cmd_backup_verify(struct conf *c, int argc, char *argv[]);
/* crmctl backup key-generate: the backup key file. */
int cmd_backup_key_generate(struct conf *c, int argc, char *argv[]);
/* crmctl backup prune [--dry-run]: retention (crmctl_backup_prune.c). */
int cmd_backup_prune(struct conf *c, int argc, char *argv[]);
/* crmctl restore ...: a backup back into the database (crmctl_restore.c). */
int cmd_restore(struct conf *c, int argc, char *argv[]);
/* Verifies db's audit chains quietly with the loaded key ring's chain
 * key (the restore drill runs it on a restored copy): 0 intact, 1 not. */
int crmctl_audit_verify(struct db *db);

#endif
