/* backup_manifest.h: a backup's manifest: what it holds and how to know
 * it is whole. manifest.txt is plain text, one fact a line, readable by
 * an operator:
 *
 *   crm-backup-manifest 1
 *   installation <backup key id>
 *   name 20261129T154500Z
 *   created_at 2026-11-29 15:45:00          (UTC: the dump's snapshot)
 *   finished_at 2026-11-29 15:45:03
 *   schema_version 21
 *   server 10.11.19-MariaDB-0+deb12u1-log
 *   binlog mariadb-bin.000003 5247852
 *   table <name> <rows> <sha256 hex>        (one per table, dump order)
 *   file <name> <bytes> <sha256 hex>        (one per file of the backup)
 *
 * manifest.sig holds the hex HMAC-SHA-256 of manifest.txt's bytes under
 * a key derived (HKDF-SHA-256, info "crm backup manifest") from the
 * backup key: a manifest from another installation, or edited, does not
 * verify. No personal data is in it: table names, counts and digests. */
#ifndef CRM_BACKUP_MANIFEST_H
#define CRM_BACKUP_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "dump_scan.h"

#define MANIFEST_FILES_MAX 4
#define MANIFEST_MAX_BYTES (64 * 1024)

struct backup_manifest_file {
	char name[DUMP_NAME_MAX + 1];
	unsigned long long bytes;
	unsigned char sha256[32];
};

struct backup_manifest {
	int format;				/* 1 */
	char installation[65];
	char name[32];
	char created_at[20], finished_at[20];	/* "YYYY-MM-DD HH:MM:SS" UTC */
	int schema_version;
	char server[96];
	char binlog_file[DUMP_NAME_MAX + 1];
	unsigned long long binlog_pos;
	struct dump_table tables[DUMP_TABLES_MAX];
	size_t ntables;
	struct backup_manifest_file files[MANIFEST_FILES_MAX];
	size_t nfiles;
};

/* The manifest's text (what manifest.txt holds) into buf, cap bytes: its
 * length, or -1 when it does not fit. */
int backup_manifest_render(const struct backup_manifest *m, char *buf, size_t cap);

/* Writes dir/manifest.txt and dir/manifest.sig (mode 0600, fsynced),
 * after checking that the text parses back (-1 when m holds a value the
 * format cannot, such as a name with a space or an empty time).
 * 0 or -1 with a message in err. */
int backup_manifest_write(const char *dir, const struct backup_manifest *m,
    const unsigned char backup_key[32], char *err, size_t errlen);

/* Parses manifest text (len bytes, NUL not required). Each line must be
 * one of the above, its key followed by one space; all lines before the
 * tables must be there but server and binlog (a later one of a key
 * replaces an earlier one), and one file line at least. 0 or -1 with the
 * line that is wrong in err. No signature check: backup_manifest_read. */
int backup_manifest_parse(const char *text, size_t len, struct backup_manifest *m,
    char *err, size_t errlen);

/* Reads dir's manifest, checks its signature under backup_key (constant
 * time; manifest.sig must be exactly what write writes: 64 hex digits
 * and a newline) and parses it. 0 or -1 with a message in err. */
int backup_manifest_read(const char *dir, const unsigned char backup_key[32],
    struct backup_manifest *m, char *err, size_t errlen);

/* Whether a and b hold the same facts (strings compared up to their NUL). */
bool backup_manifest_equal(const struct backup_manifest *a, const struct backup_manifest *b);

/* The table named name in m, or NULL. */
const struct dump_table *backup_manifest_table(const struct backup_manifest *m, const char *name);

/* Lowercase hex of 32 bytes into out[65]. */
void hex32(const unsigned char in[32], char out[65]);

#endif
