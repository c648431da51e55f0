/* backup_file.c: owns the backup container format (laid out in
 * backup_file.h): the streaming writer (zlib deflate, then AES-256-GCM
 * per chunk) and the streaming reader that returns nothing it has not
 * authenticated. Memory is constant: one chunk of payload and one chunk
 * record per direction, plus zlib's state.
 *
 * Keys: the caller's backup key only feeds HKDF; the file key, the nonce
 * base and the key check come from HKDF-SHA-256 with the file's random
 * salt and are wiped (OPENSSL_cleanse) when the writer or reader is
 * freed. zlib allocates through z_alloc/z_free below so its window (which
 * holds plaintext) is wiped too. GCM runs through envelope_gcm.h (EVP). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <zlib.h>

#include "backup_file.h"
#include "hkdf.h"
#include "envelope_gcm.h"

#define MAGIC "\x89" "CRMBAK\n"
#define MAGIC_BYTES 8
#define COMPRESSION_ZLIB 1
#define SALT_BYTES 32
#define CHECK_BYTES 32
#define NONCE_BYTES 12
#define TAG_BYTES 16
#define FIXED_HEADER 79		/* magic .. key id length */
#define HEADER_MAX (FIXED_HEADER + BACKUP_KEY_ID_MAX + 1 + BACKUP_LABEL_MAX)
#define CHUNK_HEAD 5		/* flag, payload length */
#define AAD_TAIL 9		/* chunk index, flag */
#define FLAG_MORE 0
#define FLAG_FINAL 1
#define ZLIB_STEP (1u << 30)	/* zlib counts in uInt */

/* Keys derived for one file; wiped with the writer or reader. */
struct file_keys {
	unsigned char key[BACKUP_KEY_BYTES];
	unsigned char nonce[NONCE_BYTES];
	unsigned char check[CHECK_BYTES];
};

struct backup_writer {
	int fd;
	bool failed;
	bool z_ready;
	size_t chunk;		/* payload bytes per chunk */
	size_t fill;		/* payload bytes in buf */
	uint64_t index;		/* of the next chunk */
	struct file_keys k;
	unsigned char hhash[BACKUP_SHA256_BYTES];
	z_stream z;
	EVP_MD_CTX *sha;	/* of every byte written */
	unsigned char *buf;	/* compressed plaintext of the next chunk */
	unsigned char *rec;	/* one chunk record as written */
};

struct backup_reader {
	int fd;
	bool failed;
	bool z_ready;
	bool final_seen;	/* the final chunk has been read and verified */
	bool done;		/* ... and the compressed stream ended in it */
	size_t chunk;
	uint64_t index;		/* of the next chunk */
	struct file_keys k;
	unsigned char hhash[BACKUP_SHA256_BYTES];
	z_stream z;
	EVP_MD_CTX *sha;	/* of every byte read */
	unsigned char *pt;	/* the current chunk's payload, authenticated */
	unsigned char *rec;	/* the current chunk's ciphertext and tag */
	char key_id[BACKUP_KEY_ID_MAX + 1];
	char label[BACKUP_LABEL_MAX + 1];
};

/* ---- shared ---- */

/* zlib's allocator: remembers each block's size so z_free can wipe it. */
static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
	unsigned char *p;
	size_t n;

	(void)opaque;
	if (size != 0 && items > (SIZE_MAX - 16) / size)
		return Z_NULL;
	n = (size_t)items * size;
	if ((p = malloc(n + 16)) == NULL)
		return Z_NULL;
	memcpy(p, &n, sizeof(n));
	return p + 16;
}

static void
z_free(voidpf opaque, voidpf address)
{
	unsigned char *p = (unsigned char *)address - 16;
	size_t n;

	(void)opaque;
	if (address == Z_NULL)
		return;
	memcpy(&n, p, sizeof(n));
	OPENSSL_cleanse(address, n);
	free(p);
}

/* True when s is 1..max characters of [A-Za-z0-9._:@/+=-]. */
static bool
name_ok(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("._:@/+=-", c) != NULL) || c == '\0')
			return false;
	}
	return true;
}

bool
backup_name_valid(const char *s, size_t max)
{
	return s != NULL && name_ok(s, strlen(s), max);
}

/* v big-endian into p[0..4). */
static void
put32(unsigned char *p, uint32_t v)
{
	for (int shift = 24; shift >= 0; shift -= 8)
		*p++ = (unsigned char)(v >> shift);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
derive_keys(const unsigned char master[BACKUP_KEY_BYTES], const unsigned char salt[SALT_BYTES],
    struct file_keys *k)
{
	if (hkdf_sha256(master, BACKUP_KEY_BYTES, salt, SALT_BYTES, "crm-backup v1 key", k->key, sizeof(k->key)) == 0 &&
	    hkdf_sha256(master, BACKUP_KEY_BYTES, salt, SALT_BYTES, "crm-backup v1 nonce", k->nonce, sizeof(k->nonce)) == 0 &&
	    hkdf_sha256(master, BACKUP_KEY_BYTES, salt, SALT_BYTES, "crm-backup v1 check", k->check, sizeof(k->check)) == 0)
		return 0;
	OPENSSL_cleanse(k, sizeof(*k));
	return -1;
}

/* Nonce and AAD tail of chunk i (layout in backup_file.h). */
static void
chunk_params(const struct file_keys *k, uint64_t i, int flag,
    unsigned char nonce[NONCE_BYTES], unsigned char aad[AAD_TAIL])
{
	memcpy(nonce, k->nonce, NONCE_BYTES);
	for (int b = 0; b < 8; b++) {
		unsigned char byte = (unsigned char)(i >> (56 - 8 * b));
		nonce[4 + b] ^= byte;
		aad[b] = byte;
	}
	aad[8] = (unsigned char)flag;
}

/* ---- writing ---- */

static void
writer_free(struct backup_writer *w)
{
	if (w == NULL)
		return;
	if (w->z_ready)
		deflateEnd(&w->z);
	if (w->buf != NULL)
		OPENSSL_cleanse(w->buf, w->chunk);
	free(w->buf);
	free(w->rec);
	EVP_MD_CTX_free(w->sha);
	OPENSSL_cleanse(w, sizeof(*w));
	free(w);
}

/* Writes all of p[0..n) to w->fd and hashes it; 0, or -1 with err and
 * the writer marked failed. */
static int
write_all(struct backup_writer *w, const unsigned char *p, size_t n, char *err, size_t errlen)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = write(w->fd, p + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			snprintf(err, errlen, "writing the backup: %s",
			    k < 0 ? strerror(errno) : "nothing written");
			w->failed = true;
			return -1;
		}
		done += (size_t)k;
	}
	if (EVP_DigestUpdate(w->sha, p, n) != 1) {
		snprintf(err, errlen, "SHA-256 of the backup failed");
		w->failed = true;
		return -1;
	}
	return 0;
}

/* Lays out the header in h; returns its length. */
static size_t
header_build(unsigned char h[HEADER_MAX], size_t chunk, const unsigned char salt[SALT_BYTES],
    const unsigned char check[CHECK_BYTES], const char *key_id, const char *label)
{
	size_t o = 0, klen = strlen(key_id), llen = strlen(label);

	memcpy(h, MAGIC, MAGIC_BYTES);
	o = MAGIC_BYTES;
	h[o++] = BACKUP_FORMAT_V1;
	h[o++] = COMPRESSION_ZLIB;
	put32(h + o, (uint32_t)chunk);
	o += 4;
	memcpy(h + o, salt, SALT_BYTES);
	o += SALT_BYTES;
	memcpy(h + o, check, CHECK_BYTES);
	o += CHECK_BYTES;
	h[o++] = (unsigned char)klen;
	memcpy(h + o, key_id, klen);
	o += klen;
	h[o++] = (unsigned char)llen;
	memcpy(h + o, label, llen);
	return o + llen;
}

/* Validates the arguments and sets up w up to the header. */
static int
writer_setup(struct backup_writer *w, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, unsigned char h[HEADER_MAX], size_t *hlen,
    char *err, size_t errlen)
{
	unsigned char salt[SALT_BYTES];

	if (key_id == NULL || !name_ok(key_id, strlen(key_id), BACKUP_KEY_ID_MAX) ||
	    label == NULL || !name_ok(label, strlen(label), BACKUP_LABEL_MAX)) {
		snprintf(err, errlen, "a backup key id (1..%d) and label (1..%d) are characters "
		    "A-Z a-z 0-9 . _ : @ / + = -", BACKUP_KEY_ID_MAX, BACKUP_LABEL_MAX);
		return -1;
	}
	if (w->chunk < BACKUP_CHUNK_MIN || w->chunk > BACKUP_CHUNK_MAX) {
		snprintf(err, errlen, "backup chunk size %zu out of range", w->chunk);
		return -1;
	}
	w->buf = malloc(w->chunk);
	w->rec = malloc(CHUNK_HEAD + w->chunk + TAG_BYTES);
	w->z.zalloc = z_alloc;
	w->z.zfree = z_free;
	if (w->buf == NULL || w->rec == NULL || (w->sha = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(w->sha, EVP_sha256(), NULL) != 1 ||
	    deflateInit(&w->z, Z_DEFAULT_COMPRESSION) != Z_OK) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	w->z_ready = true;
	if (RAND_bytes(salt, sizeof(salt)) != 1 || derive_keys(key, salt, &w->k) == -1) {
		snprintf(err, errlen, "the random generator or key derivation failed");
		return -1;
	}
	*hlen = header_build(h, w->chunk, salt, w->k.check, key_id, label);
	if (EVP_Digest(h, *hlen, w->hhash, NULL, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "SHA-256 failed");
		return -1;
	}
	return 0;
}

struct backup_writer *
backup_writer_open_chunked(int fd, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, size_t chunk_size, char *err, size_t errlen)
{
	struct backup_writer *w = calloc(1, sizeof(*w));
	unsigned char h[HEADER_MAX];
	size_t hlen = 0;

	if (w == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->fd = fd;
	w->chunk = chunk_size;
	if (writer_setup(w, key, key_id, label, h, &hlen, err, errlen) == -1 ||
	    write_all(w, h, hlen, err, errlen) == -1) {
		writer_free(w);
		return NULL;
	}
	return w;
}

struct backup_writer *
backup_writer_open(int fd, const unsigned char key[BACKUP_KEY_BYTES], const char *key_id,
    const char *label, char *err, size_t errlen)
{
	return backup_writer_open_chunked(fd, key, key_id, label, BACKUP_CHUNK_DEFAULT,
	    err, errlen);
}

/* Encrypts the payload in w->buf as the next chunk and writes it. */
static int
emit_chunk(struct backup_writer *w, int flag, char *err, size_t errlen)
{
	unsigned char nonce[NONCE_BYTES], aad[AAD_TAIL];

	if (w->index >= BACKUP_MAX_CHUNKS) {
		snprintf(err, errlen, "the backup is too large for its chunk size");
		w->failed = true;
		return -1;
	}
	chunk_params(&w->k, w->index, flag, nonce, aad);
	w->rec[0] = (unsigned char)flag;
	put32(w->rec + 1, (uint32_t)w->fill);
	if (envelope_gcm_seal(w->k.key, nonce, w->hhash, sizeof(w->hhash), aad, sizeof(aad),
	    w->buf, w->fill, w->rec + CHUNK_HEAD, w->rec + CHUNK_HEAD + w->fill) != ENVELOPE_OK) {
		snprintf(err, errlen, "encrypting a backup chunk failed");
		w->failed = true;
		return -1;
	}
	if (write_all(w, w->rec, CHUNK_HEAD + w->fill + TAG_BYTES, err, errlen) == -1)
		return -1;
	w->index++;
	w->fill = 0;
	return 0;
}

/* One deflate call into the chunk buffer, first writing the buffer out as
 * a non-final chunk when it is full (more output always follows: at least
 * the zlib trailer at finish). Returns zlib's Z_OK or Z_STREAM_END, or -1
 * with err. */
static int
deflate_step(struct backup_writer *w, int flush, char *err, size_t errlen)
{
	int zr;

	if (w->fill == w->chunk && emit_chunk(w, FLAG_MORE, err, errlen) == -1)
		return -1;
	w->z.next_out = w->buf + w->fill;
	w->z.avail_out = (uInt)(w->chunk - w->fill);
	zr = deflate(&w->z, flush);
	w->fill = w->chunk - w->z.avail_out;
	if (zr != Z_OK && zr != Z_STREAM_END) {
		snprintf(err, errlen, "compressing the backup failed (zlib %d)", zr);
		w->failed = true;
		return -1;
	}
	return zr;
}

int
backup_writer_write(struct backup_writer *w, const void *buf, size_t n, char *err, size_t errlen)
{
	const unsigned char *p = buf;

	if (w->failed) {
		snprintf(err, errlen, "the backup writer failed earlier");
		return -1;
	}
	while (n > 0) {
		uInt step = n > ZLIB_STEP ? ZLIB_STEP : (uInt)n;
		w->z.next_in = (Bytef *)(uintptr_t)p;
		w->z.avail_in = step;
		while (w->z.avail_in > 0)
			if (deflate_step(w, Z_NO_FLUSH, err, errlen) == -1)
				return -1;
		p += step;
		n -= step;
	}
	w->z.next_in = NULL;
	return 0;
}

/* fsync, except where fd cannot be synced (a pipe, a socket). */
static int
sync_fd(int fd, char *err, size_t errlen)
{
	if (fsync(fd) == 0 || errno == EINVAL || errno == EROFS || errno == ENOTSUP)
		return 0;
	snprintf(err, errlen, "syncing the backup: %s", strerror(errno));
	return -1;
}

int
backup_writer_finish(struct backup_writer *w, unsigned char sha256_out[BACKUP_SHA256_BYTES],
    char *err, size_t errlen)
{
	unsigned char md[BACKUP_SHA256_BYTES];
	int rc = -1, zr = Z_OK;

	if (w->failed) {
		snprintf(err, errlen, "the backup writer failed earlier");
		goto out;
	}
	while (zr != Z_STREAM_END)
		if ((zr = deflate_step(w, Z_FINISH, err, errlen)) == -1)
			goto out;
	if (emit_chunk(w, FLAG_FINAL, err, errlen) == -1 || sync_fd(w->fd, err, errlen) == -1)
		goto out;
	if (EVP_DigestFinal_ex(w->sha, md, NULL) != 1) {
		snprintf(err, errlen, "SHA-256 of the backup failed");
		goto out;
	}
	if (sha256_out != NULL)
		memcpy(sha256_out, md, sizeof(md));
	rc = 0;
out:
	writer_free(w);
	return rc;
}

void
backup_writer_abort(struct backup_writer *w)
{
	writer_free(w);
}

/* ---- reading ---- */

void
backup_reader_close(struct backup_reader *r)
{
	if (r == NULL)
		return;
	if (r->z_ready)
		inflateEnd(&r->z);
	if (r->pt != NULL)
		OPENSSL_cleanse(r->pt, r->chunk);
	free(r->pt);
	free(r->rec);
	EVP_MD_CTX_free(r->sha);
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
}

/* Reads up to n bytes (fewer only at end of file) and hashes them.
 * Returns the count, or -1 with errno. */
static ssize_t
read_full(struct backup_reader *r, unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(r->fd, p + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	if (got > 0 && EVP_DigestUpdate(r->sha, p, got) != 1) {
		errno = ENOMEM;
		return -1;
	}
	return (ssize_t)got;
}

/* Reads exactly n header bytes into h at *off; 0, or -1 with err. */
static int
read_header_part(struct backup_reader *r, unsigned char *h, size_t *off, size_t n,
    char *err, size_t errlen)
{
	ssize_t got = read_full(r, h + *off, n);

	if (got < 0) {
		snprintf(err, errlen, "reading the backup: %s", strerror(errno));
		return -1;
	}
	if ((size_t)got < n) {
		if (*off + (size_t)got < MAGIC_BYTES ||
		    memcmp(h, MAGIC, MAGIC_BYTES) != 0)
			snprintf(err, errlen, "not a CRM backup file");
		else
			snprintf(err, errlen, "truncated: the file ends inside its header");
		return -1;
	}
	*off += n;
	return 0;
}

/* Checks the fixed part of the header (magic .. key id length). */
static int
check_fixed_header(struct backup_reader *r, const unsigned char *h, char *err, size_t errlen)
{
	if (memcmp(h, MAGIC, MAGIC_BYTES) != 0) {
		snprintf(err, errlen, "not a CRM backup file");
		return -1;
	}
	if (h[8] != BACKUP_FORMAT_V1) {
		snprintf(err, errlen, "backup format version %u is not supported "
		    "(this build reads version %d)", h[8], BACKUP_FORMAT_V1);
		return -1;
	}
	r->chunk = get32(h + 10);
	if (h[9] != COMPRESSION_ZLIB || r->chunk < BACKUP_CHUNK_MIN ||
	    r->chunk > BACKUP_CHUNK_MAX || h[78] == 0 || h[78] > BACKUP_KEY_ID_MAX) {
		snprintf(err, errlen, "damaged header (compression, chunk size or key id length)");
		return -1;
	}
	return 0;
}

/* Reads and checks the header, then derives the keys: checks the key id,
 * label and key check against the caller's key. */
static int
read_header(struct backup_reader *r, const unsigned char key[BACKUP_KEY_BYTES],
    const char *want_id, const char *want_label, char *err, size_t errlen)
{
	unsigned char h[HEADER_MAX];
	size_t off = 0, klen, llen;

	if (read_header_part(r, h, &off, FIXED_HEADER, err, errlen) == -1 ||
	    check_fixed_header(r, h, err, errlen) == -1)
		return -1;
	klen = h[78];
	if (read_header_part(r, h, &off, klen + 1, err, errlen) == -1)
		return -1;
	llen = h[off - 1];
	if (llen == 0 || llen > BACKUP_LABEL_MAX) {
		snprintf(err, errlen, "damaged header (label length)");
		return -1;
	}
	if (read_header_part(r, h, &off, llen, err, errlen) == -1)
		return -1;
	if (!name_ok((const char *)h + FIXED_HEADER, klen, BACKUP_KEY_ID_MAX) ||
	    !name_ok((const char *)h + off - llen, llen, BACKUP_LABEL_MAX)) {
		snprintf(err, errlen, "damaged header (key id or label)");
		return -1;
	}
	memcpy(r->key_id, h + FIXED_HEADER, klen);
	memcpy(r->label, h + off - llen, llen);
	if (want_id != NULL && strcmp(want_id, r->key_id) != 0) {
		snprintf(err, errlen, "this backup was written with backup key \"%s\", "
		    "not with the loaded key \"%s\"", r->key_id, want_id);
		return -1;
	}
	if (want_label != NULL && strcmp(want_label, r->label) != 0) {
		snprintf(err, errlen, "this backup holds \"%s\", not \"%s\"", r->label, want_label);
		return -1;
	}
	if (derive_keys(key, h + 14, &r->k) == -1 ||
	    EVP_Digest(h, off, r->hhash, NULL, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "key derivation failed");
		return -1;
	}
	if (CRYPTO_memcmp(r->k.check, h + 46, CHECK_BYTES) != 0) {
		snprintf(err, errlen, "the backup key does not fit this file: a different key "
		    "under the same id \"%s\", or a damaged header", r->key_id);
		return -1;
	}
	return 0;
}

/* After the final chunk: refuses any further byte. */
static int
expect_eof(struct backup_reader *r, char *err, size_t errlen)
{
	unsigned char c;
	ssize_t got = read_full(r, &c, 1);

	if (got < 0)
		snprintf(err, errlen, "reading the backup: %s", strerror(errno));
	else if (got > 0)
		snprintf(err, errlen, "data after the final chunk: the file was altered");
	return got == 0 ? 0 : -1;
}

/* Reads the record of the next chunk (its payload length is n) and
 * authenticates it into r->pt. */
static int
open_chunk(struct backup_reader *r, int flag, size_t n, char *err, size_t errlen)
{
	unsigned char nonce[NONCE_BYTES], aad[AAD_TAIL];
	ssize_t got = read_full(r, r->rec, n + TAG_BYTES);
	enum envelope_status st;

	if (got < 0) {
		snprintf(err, errlen, "reading the backup: %s", strerror(errno));
		return -1;
	}
	if ((size_t)got < n + TAG_BYTES) {
		snprintf(err, errlen, "truncated: the file ends inside chunk %llu",
		    (unsigned long long)r->index);
		return -1;
	}
	chunk_params(&r->k, r->index, flag, nonce, aad);
	st = envelope_gcm_open(r->k.key, nonce, r->hhash, sizeof(r->hhash), aad, sizeof(aad),
	    r->rec, n, r->rec + n, r->pt);
	if (st != ENVELOPE_OK) {
		snprintf(err, errlen, st == ENVELOPE_AUTH_FAILED ?
		    "chunk %llu failed authentication: the file was altered or damaged, or "
		    "chunks were reordered, dropped or taken from another file" :
		    "decrypting chunk %llu failed", (unsigned long long)r->index);
		return -1;
	}
	return 0;
}

/* Reads, checks and authenticates the next chunk; its payload becomes
 * zlib's input. The final chunk's payload is released only once the file
 * is known to end right after it. */
static int
read_chunk(struct backup_reader *r, char *err, size_t errlen)
{
	unsigned char head[CHUNK_HEAD];
	ssize_t got;
	size_t n;

	if (r->index >= BACKUP_MAX_CHUNKS) {
		snprintf(err, errlen, "too many chunks: the file was altered");
		return -1;
	}
	if ((got = read_full(r, head, sizeof(head))) < 0) {
		snprintf(err, errlen, "reading the backup: %s", strerror(errno));
		return -1;
	}
	if (got == 0 && r->index == 0) {
		snprintf(err, errlen, "truncated: the file ends after its header");
		return -1;
	}
	if (got == 0 || (size_t)got < sizeof(head)) {
		snprintf(err, errlen, got == 0 ?
		    "truncated: the file ends after chunk %llu, before its final chunk" :
		    "truncated: the file ends inside chunk %llu",
		    (unsigned long long)(got == 0 ? r->index - 1 : r->index));
		return -1;
	}
	n = get32(head + 1);
	if (head[0] > FLAG_FINAL || n > r->chunk || (head[0] == FLAG_MORE && n != r->chunk)) {
		snprintf(err, errlen, "chunk %llu is damaged (flag or length)",
		    (unsigned long long)r->index);
		return -1;
	}
	if (open_chunk(r, head[0], n, err, errlen) == -1)
		return -1;
	if (head[0] == FLAG_FINAL && expect_eof(r, err, errlen) == -1) {
		OPENSSL_cleanse(r->pt, n);
		return -1;
	}
	r->final_seen = head[0] == FLAG_FINAL;
	r->index++;
	r->z.next_in = r->pt;
	r->z.avail_in = (uInt)n;
	return 0;
}

struct backup_reader *
backup_reader_open(int fd, const unsigned char key[BACKUP_KEY_BYTES],
    const char *expected_key_id, const char *expected_label, char *err, size_t errlen)
{
	struct backup_reader *r = calloc(1, sizeof(*r));

	if (r == NULL || (r->sha = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(r->sha, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	r->fd = fd;
	if (read_header(r, key, expected_key_id, expected_label, err, errlen) == -1)
		goto fail;
	r->pt = malloc(r->chunk);
	r->rec = malloc(r->chunk + TAG_BYTES);
	r->z.zalloc = z_alloc;
	r->z.zfree = z_free;
	if (r->pt == NULL || r->rec == NULL || inflateInit(&r->z) != Z_OK) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	r->z_ready = true;
	/* The first chunk now: a changed header fails here, before any use. */
	if (read_chunk(r, err, errlen) == -1)
		goto fail;
	return r;
fail:
	backup_reader_close(r);
	return NULL;
}

/* The compressed stream ended: it must end exactly at the end of the
 * payload, and only an empty final chunk may follow. */
static int
stream_ended(struct backup_reader *r, char *err, size_t errlen)
{
	for (;;) {
		if (r->z.avail_in != 0) {
			snprintf(err, errlen, "data after the end of the compressed stream");
			return -1;
		}
		if (r->final_seen)
			break;
		if (read_chunk(r, err, errlen) == -1)
			return -1;
	}
	r->done = true;
	return 0;
}

/* One inflate step into r->z's output; 0, or -1 with err. */
static int
inflate_step(struct backup_reader *r, char *err, size_t errlen)
{
	int zr;

	if (r->z.avail_in == 0) {
		if (r->final_seen) {
			snprintf(err, errlen, "the compressed stream is incomplete at the final chunk");
			return -1;
		}
		if (read_chunk(r, err, errlen) == -1)
			return -1;
	}
	zr = inflate(&r->z, Z_NO_FLUSH);
	if (zr == Z_STREAM_END)
		return stream_ended(r, err, errlen);
	if (zr == Z_OK || (zr == Z_BUF_ERROR && r->z.avail_in == 0))
		return 0;
	snprintf(err, errlen, "decompressing chunk %llu failed: %s",
	    (unsigned long long)(r->index - 1), r->z.msg != NULL ? r->z.msg : "zlib error");
	return -1;
}

ssize_t
backup_reader_read(struct backup_reader *r, void *buf, size_t n, char *err, size_t errlen)
{
	uInt want = n > ZLIB_STEP ? ZLIB_STEP : (uInt)n;

	if (r->failed) {
		snprintf(err, errlen, "the backup reader failed earlier");
		return -1;
	}
	if (r->done || n == 0)
		return 0;
	r->z.next_out = buf;
	r->z.avail_out = want;
	while (r->z.avail_out == want && !r->done) {
		if (inflate_step(r, err, errlen) == -1) {
			r->failed = true;
			OPENSSL_cleanse(r->pt, r->chunk);
			r->z.avail_in = 0;
			return -1;
		}
	}
	r->z.next_out = NULL;
	return (ssize_t)(want - r->z.avail_out);
}

const char *
backup_reader_label(const struct backup_reader *r)
{
	return r->label;
}

const char *
backup_reader_key_id(const struct backup_reader *r)
{
	return r->key_id;
}

/* Opens path for reading, refusing anything but a regular file. */
static int
open_regular(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

int
backup_file_check(const char *path, const unsigned char key[BACKUP_KEY_BYTES],
    const char *key_id, const char *label, unsigned char sha256_out[BACKUP_SHA256_BYTES],
    char *err, size_t errlen)
{
	struct backup_reader *r;
	unsigned char *buf = NULL, md[BACKUP_SHA256_BYTES];
	char sub[300];
	ssize_t got = -1;
	int fd = open_regular(path, err, errlen);

	if (fd == -1)
		return -1;
	snprintf(sub, sizeof(sub), "out of memory");
	if ((r = backup_reader_open(fd, key, key_id, label, sub, sizeof(sub))) != NULL &&
	    (buf = malloc(BACKUP_CHUNK_DEFAULT)) != NULL)
		while ((got = backup_reader_read(r, buf, BACKUP_CHUNK_DEFAULT, sub, sizeof(sub))) > 0)
			;
	if (got == 0 && EVP_DigestFinal_ex(r->sha, md, NULL) != 1) {
		snprintf(sub, sizeof(sub), "SHA-256 failed");
		got = -1;
	}
	if (got == 0 && sha256_out != NULL)
		memcpy(sha256_out, md, sizeof(md));
	if (got != 0)
		snprintf(err, errlen, "%s: %s", path, sub);
	if (buf != NULL)
		OPENSSL_cleanse(buf, BACKUP_CHUNK_DEFAULT);
	free(buf);
	backup_reader_close(r);
	close(fd);
	return got == 0 ? 0 : -1;
}
