/* backup_file.h: the encrypted, compressed backup container: a streaming
 * writer and reader over a file descriptor, in constant memory. */
#ifndef CRM_BACKUP_FILE_H
#define CRM_BACKUP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* File layout, version 1 (integers unsigned, big-endian):
 *   header
 *     0   8  magic "\x89CRMBAK\n" (the high byte and the newline catch
 *            text-mode and 7-bit mangling)
 *     8   1  format version, BACKUP_FORMAT_V1
 *     9   1  compression, 1 = zlib (RFC 1950) deflate
 *    10   4  chunk size C: the most payload one chunk carries
 *            (BACKUP_CHUNK_MIN..BACKUP_CHUNK_MAX; the writer uses
 *            BACKUP_CHUNK_DEFAULT, 64 KiB)
 *    14  32  file salt, random per file
 *    46  32  key check: HKDF-SHA-256(backup key, salt, "crm-backup v1 check")
 *    78   1  key id length k (1..BACKUP_KEY_ID_MAX), then k bytes of key id
 *  79+k   1  label length l (1..BACKUP_LABEL_MAX), then l bytes of label
 *   chunks, one after another, the last one flagged final
 *     0   1  flag: 0 = more chunks follow, 1 = final chunk
 *     1   4  payload length n: exactly C when not final, 0..C when final
 *     5   n  ciphertext
 *   5+n  16  GCM tag
 *   nothing after the final chunk.
 *
 * The payload is the plaintext compressed as one zlib stream, cut into
 * chunks of C bytes; the stream ends in the final chunk. Each chunk is
 * AES-256-GCM under the file key, HKDF-SHA-256(backup key, salt,
 * "crm-backup v1 key"): the backup key itself never encrypts anything.
 * The 96-bit nonce of chunk i is HKDF-SHA-256(backup key, salt,
 * "crm-backup v1 nonce") XOR i (i in the low 64 bits), so no nonce repeats
 * within a file, and file keys differ between files. The AAD of chunk i is
 *   SHA-256(header bytes) || i (8 bytes) || flag (1 byte)
 * so a changed header (label, key id, chunk size, salt), reordered,
 * dropped or duplicated chunks, a chunk from another file, a non-final
 * chunk passed off as the final one, or a file cut after any chunk all
 * fail to authenticate. Key ids and labels are [A-Za-z0-9._:@/+=-]
 * ASCII, so they are safe to print in messages.
 *
 * Compression before encryption lets the file size say how compressible
 * the data was; backups are whole database dumps written by the operator,
 * not something an outsider can mix chosen text into and watch, so we
 * accept that for the space it saves.
 *
 * No message from this module ever contains key bytes or plaintext.
 */

#define BACKUP_FORMAT_V1 1
#define BACKUP_KEY_BYTES 32
#define BACKUP_SHA256_BYTES 32
#define BACKUP_KEY_ID_MAX 64
#define BACKUP_LABEL_MAX 128
#define BACKUP_CHUNK_MIN 64
#define BACKUP_CHUNK_DEFAULT 65536
#define BACKUP_CHUNK_MAX (1 << 20)
/* A file has at most this many chunks (256 TiB at the default size). */
#define BACKUP_MAX_CHUNKS 0xffffffffu

struct backup_writer;
struct backup_reader;

/* True when s is 1..max characters of [A-Za-z0-9._:@/+=-]: the rule for
 * key ids (max BACKUP_KEY_ID_MAX) and labels (max BACKUP_LABEL_MAX), so a
 * caller can check a label before a long dump starts. */
bool backup_name_valid(const char *s, size_t max);

/* ---- writing ----
 *
 * Contract on errors: every write error (ENOSPC, EIO, EFBIG, EPIPE...) is
 * reported once, in err, with strerror. From then on the writer refuses
 * further writes. The CALLER removes the partial file (it knows the path;
 * the writer only knows the descriptor) and says so to the operator. A
 * partial file never reads as a whole one: it lacks its final chunk.
 * The writer never closes fd: after a successful finish the caller still
 * checks close(fd) (NFS reports some write errors only there). */

/* Starts a backup on fd (a new, empty file or a pipe) under the 32-byte
 * backup key key (the caller keeps and wipes it; the writer keeps only
 * keys derived from it) and writes the header. key_id names that key
 * (from the key file); label is what the file holds ("crm.sql", an
 * installation id) and must be given again to read it. Returns the
 * writer, or NULL with err (bad key id or label, random generator or
 * write error). */
struct backup_writer *backup_writer_open(int fd, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, char *err, size_t errlen);
/* As backup_writer_open with another chunk size (BACKUP_CHUNK_MIN ..
 * BACKUP_CHUNK_MAX); the tests use small chunks to get many of them. */
struct backup_writer *backup_writer_open_chunked(int fd, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, size_t chunk_size, char *err, size_t errlen);
/* Compresses, encrypts and writes buf[0..n) (complete chunks go to fd as
 * they fill). Returns 0, or -1 with err. */
int backup_writer_write(struct backup_writer *w, const void *buf, size_t n,
    char *err, size_t errlen);
/* Writes the rest and the final chunk, then fsyncs fd (ignored where fd
 * cannot be synced: a pipe). sha256_out (may be NULL) gets the SHA-256 of
 * every byte written, for the manifest. Frees w whatever the result.
 * Returns 0, or -1 with err: then the file is not a backup. */
int backup_writer_finish(struct backup_writer *w, unsigned char sha256_out[BACKUP_SHA256_BYTES],
    char *err, size_t errlen);
/* Frees w without writing a final chunk (the caller gives up: the dump
 * failed, a write failed). NULL is allowed. The caller removes the file. */
void backup_writer_abort(struct backup_writer *w);

/* ---- reading ----
 *
 * The reader returns plaintext only from chunks whose tag verified, but it
 * streams: a file cut short or altered in chunk 7 is only found when chunk
 * 7 is reached, after chunks 0..6 were returned. Run backup_file_check on
 * every file before a restore touches anything. */

/* Reads and checks the header of the backup on fd and authenticates its
 * first chunk. expected_key_id (from the key file; NULL: any) must match
 * the header; expected_label must match the file's label (NULL accepts
 * any, for listing files only: a restore always passes it). Returns the
 * reader, or NULL with err saying what is wrong: not a backup file,
 * unsupported version, other key id or label, wrong key, damaged. */
struct backup_reader *backup_reader_open(int fd, const unsigned char key[BACKUP_KEY_BYTES],
    const char *expected_key_id, const char *expected_label, char *err, size_t errlen);
/* Reads up to n bytes of plaintext into buf. Returns the count (> 0),
 * 0 at the authenticated end of the file (the final chunk verified, the
 * compressed stream complete, nothing after it), or -1 with err on any
 * authentication failure, truncation, trailing data, decompression error
 * or read error; after -1 every call returns -1. */
ssize_t backup_reader_read(struct backup_reader *r, void *buf, size_t n,
    char *err, size_t errlen);
/* The label and key id from the header (valid until close). */
const char *backup_reader_label(const struct backup_reader *r);
const char *backup_reader_key_id(const struct backup_reader *r);
/* Frees r (wiping its keys and buffers); does not close fd. NULL is
 * allowed. */
void backup_reader_close(struct backup_reader *r);

/* Reads the whole backup at path without output: 0 when every chunk
 * authenticates, the stream decompresses and ends exactly at the end of
 * the file; -1 with err otherwise (the message starts with path).
 * sha256_out (may be NULL) gets the SHA-256 of the file's bytes, to
 * compare with the manifest. key_id and label as for backup_reader_open. */
int backup_file_check(const char *path, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, unsigned char sha256_out[BACKUP_SHA256_BYTES],
    char *err, size_t errlen);

#endif
