/* backup.h: what crmctl's backup, restore and drill commands share: the
 * backup key, backup directories (naming, finishing, finding, removing),
 * checking a backup whole before anything is restored, loading its dump
 * into a server, and comparing a restored database with the manifest. */
#ifndef CRM_BACKUP_H
#define CRM_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "backup_file.h"
#include "backup_manifest.h"
#include "conf.h"

struct db;
struct arena;

struct backup_keyset {
	unsigned char key[BACKUP_KEY_BYTES];	/* wipe with OPENSSL_cleanse */
	char key_id[BACKUP_KEY_ID_MAX + 1];	/* also the installation's id in manifests */
};

/* True when s ([database] name) is a plain identifier, so that it may
 * be quoted into SQL (CREATE/DROP DATABASE, USE). */
bool backup_db_name_ok(const char *s);

/* Loads [backup] key. 0 or -1 (err). */
int backup_keyset_load(const struct conf *c, struct backup_keyset *k, char *err, size_t errlen);

/* The label a backup file is bound to: "<key id>/<backup name>/<what>". */
void backup_label(char *out, size_t outlen, const char *key_id, const char *name, const char *what);

/* mariadb-dump's arguments for database db_name into args (max slots);
 * binlog_position: also the snapshot's binary log position (a server
 * with log_bin: the live one; not a scratch copy). */
int backup_dump_args(const char *db_name, bool binlog_position, const char *args[], size_t max);

/* A progress line on stderr when it is a terminal (at most once a second
 * unless done). */
void backup_progress(const char *what, unsigned long long bytes, const char *table, bool done);

/* Names a new backup (UTC now) in m (format, name, created_at), creates
 * [backup] dir if missing (0700) and dir/.NAME.partial; paths into
 * partial and final (each 4096 bytes). 0 or -1 (err). */
int backup_dirs_prepare(const struct conf *c, struct backup_manifest *m, char *partial,
    char *final, char *err, size_t errlen);

/* Adds file name (at path; its SHA-256 already in m->files[m->nfiles])
 * to m; the _take_scan form also copies the dump's tables and binary log
 * position. 0 or -1 (err). */
int backup_manifest_add_file(struct backup_manifest *m, const char *name, const char *path,
    char *err, size_t errlen);
struct dump_scan;
int backup_manifest_take_scan(struct backup_manifest *m, const struct dump_scan *s,
    const char *name, const char *path, char *err, size_t errlen);

/* Signs and writes m into partial, then renames it to final (synced). */
int backup_finish_dir(struct backup_manifest *m, const struct backup_keyset *k,
    const char *partial, const char *final, char *err, size_t errlen);

/* Removes a backup directory's files (only the names a backup has) and
 * the directory. */
void backup_remove_dir(const char *dir);

/* Inserts m's row into table backups (in db's open transaction). */
int backup_record_row(struct db *db, struct arena *a, const struct backup_manifest *m,
    unsigned long long rows, unsigned long long bytes, bool keyring);

/* The directory of backup name, or with name NULL of the newest backup
 * (with at not NULL: the newest made at or before at, "YYYY-MM-DD
 * HH:MM:SS" UTC), into out (4096 bytes). 0 or -1 (err). */
int backup_find(const struct conf *c, const char *name, const char *at, char *out,
    char *err, size_t errlen);

/* Checks dir whole before anything is touched: the manifest's signature
 * and installation (the backup key's id), its schema not newer than
 * max_schema, and every file: size, SHA-256 and every authentication tag.
 * Fills m. 0 or -1 (err). */
int backup_check(const char *dir, const struct backup_keyset *k, int max_schema,
    struct backup_manifest *m, char *err, size_t errlen);

/* Decrypts dir's dump into database c->db_name of the server at socket
 * (NULL: c's) through the mariadb client. 0 or -1 (err). */
int backup_load(const struct conf *c, const char *socket, const char *dir,
    const struct backup_keyset *k, const struct backup_manifest *m, char *err, size_t errlen);

/* Dumps c->db_name at socket again and compares every table's rows and
 * SHA-256 with m. 0 equal, or -1 (err names the first difference). */
int backup_compare(const struct conf *c, const char *socket, const struct backup_manifest *m,
    char *err, size_t errlen);

/* The newest migration number in c->sql_dir (the code's schema level). */
int backup_code_schema(const struct conf *c);

#endif
