/* crmctl.h: the commands of crmctl that live in their own files. */
#ifndef CRM_CRMCTL_H
#define CRM_CRMCTL_H

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

/* Loads [keys] keyring as crmctl keys does; 0 or -1 (printed). */
int crmctl_keyring_load(const struct conf *c);

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

/* Verifies db's audit chains quietly with the loaded key ring's chain
 * key (the restore drill runs it on a restored copy): 0 intact, 1 not. */
int crmctl_audit_verify(struct db *db);

/* crmctl backup ...|restore ...: crmctl_backup*.c, crmctl_restore.c. */
int cmd_backup(struct conf *c, int argc, char *argv[]);
int cmd_backup_make(struct conf *c, int argc, char *argv[]);
int cmd_backup_verify(struct conf *c, int argc, char *argv[]);
int cmd_backup_key_generate(struct conf *c, int argc, char *argv[]);
int cmd_backup_prune(struct conf *c, int argc, char *argv[]);
int cmd_restore(struct conf *c, int argc, char *argv[]);

#endif
