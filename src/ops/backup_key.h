/* backup_key.h: the backup key file: one 256-bit key and its id, kept
 * apart from the field key ring by design (a stolen backup and a stolen
 * key ring must not open each other). */
#ifndef CRM_BACKUP_KEY_H
#define CRM_BACKUP_KEY_H

#include <stddef.h>
#include <sys/types.h>

#include "backup_file.h"

/* The file is text, mode 0600, owner-only (the secret_file.h rules, as
 * for the key ring):
 *     crm-backup-key 1
 *     id bk-20261129-3fa2c1d0      1..BACKUP_KEY_ID_MAX of [A-Za-z0-9._:@/+=-]
 *     key <64 lower-case hex digits>
 * Lines starting with '#' are comments. */

/* Loads path (refused unless private to its owner: see secret_file_check;
 * service_uid as there, (uid_t)-1 for none) into key and key_id. Returns
 * 0, or -1 with err (never containing key bytes); key is wiped on error.
 * The caller wipes key with OPENSSL_cleanse when done. */
int backup_key_load(const char *path, uid_t service_uid, unsigned char key[BACKUP_KEY_BYTES],
    char key_id[BACKUP_KEY_ID_MAX + 1], char *err, size_t errlen);

/* Parses the text of a key file (for backup_key_load and the tests).
 * 0, or -1 with err naming the line. */
int backup_key_parse(const char *text, size_t len, unsigned char key[BACKUP_KEY_BYTES],
    char key_id[BACKUP_KEY_ID_MAX + 1], char *err, size_t errlen);

/* Creates a new key file at path with a random key and the id
 * "bk-YYYYMMDD-<8 hex>" (UTC date), mode 0600, owned by the caller.
 * Refuses to replace an existing file (backups written under its key
 * would become unreadable). Written to path.new, synced, then linked to
 * path, so a crash never leaves half a key file at path. key_id_out (may
 * be NULL) gets the new id. Returns 0, or -1 with err. */
int backup_key_generate(const char *path, char key_id_out[BACKUP_KEY_ID_MAX + 1],
    char *err, size_t errlen);

#endif
