/* test_backup_file.c: tests the backup container (backup_file.h): round
 * trips of every size class, refusal of every flipped bit, every
 * truncation, appended, swapped, dropped and spliced chunks, wrong keys
 * and labels, no plaintext in the file, write errors (full disk, closed
 * pipe, file size limit), files made by an independent implementation,
 * and the backup key file (backup_key.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "backup_file.h"
#include "backup_key.h"
#include "tap.h"

#define KEY_ID "bk-test-1"
#define LABEL "crm.sql"
#define MARKER "PLAINTEXT-MARKER-7f3a9c"

static const unsigned char key1[BACKUP_KEY_BYTES] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[BACKUP_KEY_BYTES] = "0123456789abcdef0123456789abcdeF";

/* A file's bytes in memory. */
struct blob {
	unsigned char *p;
	size_t len;
};

/* Chunk records of a file: offsets, flags and payload lengths. */
struct layout {
	size_t header;
	size_t n;
	size_t off[4096];
	unsigned flag[4096];
	size_t payload[4096];
};

static int
memfd_with(const unsigned char *p, size_t len)
{
	int fd = memfd_create("bkf", MFD_CLOEXEC);

	if (fd == -1 || (len > 0 && write(fd, p, len) != (ssize_t)len) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

static struct blob
fd_contents(int fd)
{
	struct blob b;
	off_t end = lseek(fd, 0, SEEK_END);

	b.len = (size_t)end;
	b.p = malloc(b.len + 1);
	if (end < 0 || b.p == NULL || pread(fd, b.p, b.len, 0) != (ssize_t)b.len)
		abort();
	return b;
}

/* Deterministic incompressible bytes. */
static void
fill_random(unsigned char *p, size_t n, uint32_t seed)
{
	uint64_t x = 0x9e3779b97f4a7c15u ^ seed;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)(x >> 32);
	}
}

/* Writes pt under key1 in pieces of step bytes; the file's bytes, or
 * p == NULL when the writer failed. sha gets the writer's digest. */
static struct blob
write_backup(const unsigned char *pt, size_t n, size_t chunk, size_t step, const char *label,
    unsigned char sha[BACKUP_SHA256_BYTES])
{
	char err[300];
	struct blob b = { NULL, 0 };
	int fd = memfd_create("bkf", MFD_CLOEXEC);
	struct backup_writer *w = backup_writer_open_chunked(fd, key1, KEY_ID, label, chunk,
	    err, sizeof(err));

	if (w == NULL)
		goto out;
	for (size_t o = 0; o < n; o += step)
		if (backup_writer_write(w, pt + o, n - o < step ? n - o : step, err, sizeof(err)) == -1) {
			backup_writer_abort(w);
			goto out;
		}
	if (backup_writer_finish(w, sha, err, sizeof(err)) == 0)
		b = fd_contents(fd);
out:
	if (b.p == NULL)
		printf("# writer: %s\n", err);
	close(fd);
	return b;
}

/* Reads file bytes b with key, reading step bytes at a time. Returns 0
 * with the plaintext in *out (malloc'd), or -1 with err. */
static int
read_backup(const struct blob *b, const unsigned char *key, const char *id, const char *label,
    size_t step, struct blob *out, char *err, size_t errlen)
{
	int fd = memfd_with(b->p, b->len);
	struct backup_reader *r = backup_reader_open(fd, key, id, label, err, errlen);
	size_t cap = 1 << 16;
	ssize_t got = -1;

	out->p = malloc(cap);
	out->len = 0;
	if (out->p == NULL)
		abort();
	while (r != NULL) {
		if (out->len + step > cap && (out->p = realloc(out->p, cap *= 2)) == NULL)
			abort();
		got = backup_reader_read(r, out->p + out->len, step, err, errlen);
		if (got <= 0)
			break;
		if ((size_t)got > step)
			abort();
		out->len += (size_t)got;
	}
	backup_reader_close(r);
	close(fd);
	if (got == 0)
		return 0;
	free(out->p);
	out->p = NULL;
	return -1;
}

/* True when the reader refuses b (key1, KEY_ID, LABEL); err gets why. */
static bool
refused(const struct blob *b, char *err, size_t errlen)
{
	struct blob out;

	err[0] = '\0';
	if (read_backup(b, key1, KEY_ID, LABEL, 4096, &out, err, errlen) == 0) {
		free(out.p);
		return false;
	}
	return err[0] != '\0';
}

static bool
round_trip(const unsigned char *pt, size_t n, size_t chunk, size_t wstep, size_t rstep)
{
	unsigned char sha[BACKUP_SHA256_BYTES], want[BACKUP_SHA256_BYTES];
	struct blob b = write_backup(pt, n, chunk, wstep, LABEL, sha), out = { NULL, 0 };
	char err[300];
	bool good;

	if (b.p == NULL)
		return false;
	good = read_backup(&b, key1, KEY_ID, LABEL, rstep, &out, err, sizeof(err)) == 0 &&
	    out.len == n && (n == 0 || memcmp(out.p, pt, n) == 0) &&
	    EVP_Digest(b.p, b.len, want, NULL, EVP_sha256(), NULL) == 1 &&
	    memcmp(sha, want, sizeof(sha)) == 0;
	if (out.p == NULL)
		printf("# reader: %s\n", err);
	free(out.p);
	free(b.p);
	return good;
}

/* Walks the chunk records of a well-formed file. */
static void
parse_layout(const struct blob *b, struct layout *l)
{
	size_t o = 79 + b->p[78];

	o += 1 + b->p[o];
	l->header = o;
	l->n = 0;
	while (o < b->len) {
		size_t n = (size_t)b->p[o + 1] << 24 | (size_t)b->p[o + 2] << 16 |
		    (size_t)b->p[o + 3] << 8 | b->p[o + 4];
		if (l->n == 4096)
			abort();
		l->off[l->n] = o;
		l->flag[l->n] = b->p[o];
		l->payload[l->n++] = n;
		o += 5 + n + 16;
	}
	if (o != b->len)
		abort();
}

static void
test_round_trips(void)
{
	size_t big = 4u << 20;
	unsigned char *rnd = malloc(big), *sql = malloc(big);
	const char *row = "INSERT INTO contacts VALUES (42,'Alice','alice@example.com');\n";

	if (rnd == NULL || sql == NULL)
		abort();
	fill_random(rnd, big, 1);
	for (size_t i = 0; i < big; i++)
		sql[i] = (unsigned char)row[i % strlen(row)];
	ok(round_trip(NULL, 0, BACKUP_CHUNK_DEFAULT, 1, 4096), "round trip: empty");
	ok(round_trip(rnd, 1, BACKUP_CHUNK_DEFAULT, 1, 1), "round trip: 1 byte");
	ok(round_trip(rnd, BACKUP_CHUNK_DEFAULT, BACKUP_CHUNK_DEFAULT, 1000, 4096),
	    "round trip: exactly one chunk size of incompressible plaintext");
	ok(round_trip(rnd, BACKUP_CHUNK_DEFAULT - 20, BACKUP_CHUNK_DEFAULT, 65536, 65536),
	    "round trip: just under one chunk");
	ok(round_trip(rnd, 3u << 20, BACKUP_CHUNK_DEFAULT, 70001, 65536),
	    "round trip: 3 MiB incompressible, 49 chunks");
	ok(round_trip(sql, big, BACKUP_CHUNK_DEFAULT, 1 << 20, 100000),
	    "round trip: 4 MiB compressible");
	ok(round_trip(sql, big, BACKUP_CHUNK_DEFAULT, big, 7),
	    "round trip: 4 MiB compressible in one write, read 7 bytes at a time");
	ok(round_trip(rnd, 5000, BACKUP_CHUNK_MIN, 3, 1),
	    "round trip: smallest chunks, 3-byte writes, 1-byte reads");
	ok(round_trip(rnd, 20000, BACKUP_CHUNK_MAX, 20000, 1 << 20), "round trip: largest chunks");
	free(rnd);
	free(sql);
}

/* Files whose compressed stream ends exactly at a chunk boundary: the
 * final chunk is full, or (when zlib flushed everything before finish)
 * empty. Scans plaintext lengths to find them. */
static void
test_chunk_boundaries(void)
{
	unsigned char pt[2000], sha[BACKUP_SHA256_BYTES];
	int full = 0, one = 0, all_ok = 1;

	fill_random(pt, sizeof(pt), 2);
	for (size_t n = 0; n < sizeof(pt); n++) {
		struct blob b = write_backup(pt, n, BACKUP_CHUNK_MIN, 97, LABEL, sha), out;
		struct layout *l = malloc(sizeof(*l));
		char err[300];
		if (b.p == NULL || l == NULL)
			abort();
		parse_layout(&b, l);
		if (l->payload[l->n - 1] == BACKUP_CHUNK_MIN) {
			full++;
			if (l->n == 1)
				one++;
			if (read_backup(&b, key1, KEY_ID, LABEL, 5, &out, err, sizeof(err)) != 0 ||
			    out.len != n || memcmp(out.p, pt, n) != 0)
				all_ok = 0;
			else
				free(out.p);
		}
		for (size_t i = 0; i + 1 < l->n; i++)
			if (l->flag[i] != 0 || l->payload[i] != BACKUP_CHUNK_MIN)
				all_ok = 0;
		if (l->flag[l->n - 1] != 1)
			all_ok = 0;
		free(l);
		free(b.p);
	}
	ok(full > 0 && one > 0 && all_ok, "payload exactly filling the final chunk "
	    "(%d files, %d with one chunk) reads back; non-final chunks are full", full, one);
}

/* Every single-bit change anywhere in a multi-chunk file is refused. */
static void
test_bit_flips(void)
{
	unsigned char pt[300], sha[BACKUP_SHA256_BYTES];
	struct blob b;
	struct layout l;
	size_t missed[4] = { 0 }, tried[4] = { 0 };
	char err[300];

	fill_random(pt, sizeof(pt), 3);
	b = write_backup(pt, sizeof(pt), BACKUP_CHUNK_MIN, 50, LABEL, sha);
	parse_layout(&b, &l);
	ok(l.n >= 5, "small file has %zu chunks of %d bytes", l.n, BACKUP_CHUNK_MIN);
	for (size_t pos = 0; pos < b.len; pos++) {
		/* 0 header, 1 chunk flag/length, 2 ciphertext, 3 tag */
		int region = 0;
		for (size_t c = 0; c < l.n; c++)
			if (pos >= l.off[c])
				region = pos < l.off[c] + 5 ? 1 :
				    pos < l.off[c] + 5 + l.payload[c] ? 2 : 3;
		for (int bit = 0; bit < 8; bit++) {
			b.p[pos] ^= (unsigned char)(1u << bit);
			tried[region]++;
			if (!refused(&b, err, sizeof(err))) {
				missed[region]++;
				printf("# byte %zu bit %d was not refused\n", pos, bit);
			}
			b.p[pos] ^= (unsigned char)(1u << bit);
		}
	}
	ok(missed[0] == 0 && tried[0] > 0, "%zu flipped header bits refused", tried[0]);
	ok(missed[1] == 0 && tried[1] > 0, "%zu flipped chunk flag and length bits refused", tried[1]);
	ok(missed[2] == 0 && tried[2] > 0, "%zu flipped ciphertext bits refused", tried[2]);
	ok(missed[3] == 0 && tried[3] > 0, "%zu flipped tag bits refused", tried[3]);
	ok(!refused(&b, err, sizeof(err)), "the unflipped file still reads");
	b.p[8] = 2;
	ok(refused(&b, err, sizeof(err)) && strstr(err, "version 2 is not supported") != NULL,
	    "another format version: %s", err);
	b.p[8] = 1;
	b.p[0] = 'X';
	ok(refused(&b, err, sizeof(err)) && strcmp(err, "not a CRM backup file") == 0,
	    "wrong magic: %s", err);
	b.p[0] = 0x89;
	b.p[20] ^= 1;
	ok(refused(&b, err, sizeof(err)) && strstr(err, "does not fit") != NULL,
	    "changed salt: %s", err);
	b.p[20] ^= 1;
	b.p[l.off[2] + 10] ^= 1;
	ok(refused(&b, err, sizeof(err)) && strstr(err, "chunk 2 failed authentication") != NULL,
	    "changed ciphertext: %s", err);
	b.p[l.off[2] + 10] ^= 1;
	free(b.p);
}

/* A file cut at any length is refused, with "truncated" at and between
 * chunk boundaries. */
static void
test_truncation(void)
{
	unsigned char pt[300], sha[BACKUP_SHA256_BYTES];
	struct blob b, cut;
	struct layout l;
	size_t missed = 0, boundary_ok = 0;
	char err[300];

	fill_random(pt, sizeof(pt), 4);
	b = write_backup(pt, sizeof(pt), BACKUP_CHUNK_MIN, 300, LABEL, sha);
	parse_layout(&b, &l);
	for (cut.len = 0; cut.len < b.len; cut.len++) {
		cut.p = b.p;
		if (!refused(&cut, err, sizeof(err)))
			missed++;
		for (size_t c = 0; c < l.n; c++)
			if (cut.len == l.off[c] && strstr(err, "truncated") != NULL)
				boundary_ok++;
	}
	ok(missed == 0, "all %zu truncations refused", b.len);
	ok(boundary_ok == l.n, "a cut at each of the %zu chunk boundaries says truncated", l.n);
	cut.len = l.off[l.n - 1];
	ok(refused(&cut, err, sizeof(err)) && strstr(err, "before its final chunk") != NULL,
	    "cut before the final chunk: %s", err);
	cut.len = l.off[2] + 30;
	ok(refused(&cut, err, sizeof(err)) && strstr(err, "inside chunk 2") != NULL,
	    "cut inside a chunk: %s", err);
	cut.len = l.header;
	ok(refused(&cut, err, sizeof(err)) && strstr(err, "after its header") != NULL,
	    "cut after the header: %s", err);
	cut.len = 40;
	ok(refused(&cut, err, sizeof(err)) && strstr(err, "inside its header") != NULL,
	    "cut inside the header: %s", err);
	cut.len = 0;
	ok(refused(&cut, err, sizeof(err)) && strcmp(err, "not a CRM backup file") == 0,
	    "empty file: %s", err);
	free(b.p);
}

/* Copies the chunk records of b in the order given by idx into a new
 * file with b's header (records from other when idx >= 1000). */
static struct blob
rearranged(const struct blob *b, const struct layout *l, const struct blob *other,
    const struct layout *lo, const size_t *idx, size_t n)
{
	struct blob r = { malloc(b->len * 2 + other->len), l->header };

	if (r.p == NULL)
		abort();
	memcpy(r.p, b->p, l->header);
	for (size_t i = 0; i < n; i++) {
		const struct blob *src = idx[i] >= 1000 ? other : b;
		const struct layout *sl = idx[i] >= 1000 ? lo : l;
		size_t c = idx[i] % 1000, len = 5 + sl->payload[c] + 16;
		memcpy(r.p + r.len, src->p + sl->off[c], len);
		r.len += len;
	}
	return r;
}

/* Builds idx (the chunks 0..n-1 of b, or k + 1000 for other's chunk k)
 * from a pattern; see test_rearranged. */
static size_t
pattern(const char *what, size_t n, size_t *idx)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(what, "swap") == 0 && (i == 1 || i == 2))
			idx[m++] = 3 - i;
		else if (strcmp(what, "drop") == 0 && i == 2)
			continue;
		else if (strcmp(what, "dup") == 0 && i == 1)
			idx[m++] = 1, idx[m++] = 1;
		else if (strcmp(what, "splice") == 0 && i == 2)
			idx[m++] = 1002;
		else if (strcmp(what, "other") == 0)
			idx[m++] = 1000 + i;
		else if (strcmp(what, "otherfinal") == 0 && i == n - 1)
			idx[m++] = 1000 + i;
		else if (strcmp(what, "cut") == 0 && i == n - 1)
			continue;
		else
			idx[m++] = i;
	}
	if (strcmp(what, "again") == 0)
		idx[m++] = n - 1;
	return m;
}

static void
test_rearranged(void)
{
	static const char *const cases[][2] = {
		{ "swap", "chunk 1 failed authentication" },
		{ "drop", "chunk 2 failed authentication" },
		{ "dup", "chunk 2 failed authentication" },
		{ "splice", "chunk 2 failed authentication" },
		{ "other", "chunk 0 failed authentication" },
		{ "otherfinal", "failed authentication" },
		{ "again", "data after the final chunk" },
	};
	static const char *const names[] = {
		"chunks 1 and 2 swapped", "chunk 2 dropped", "chunk 1 duplicated",
		"chunk 2 from another file of the same key and label",
		"another file's chunks under this header", "final chunk from another file",
		"the final chunk appended again",
	};
	unsigned char pt[300], pt2[300], sha[BACKUP_SHA256_BYTES];
	size_t idx[20], m;
	struct blob b, o, r;
	struct layout l, lo;
	char err[300];

	fill_random(pt, sizeof(pt), 5);
	fill_random(pt2, sizeof(pt2), 6);
	b = write_backup(pt, sizeof(pt), BACKUP_CHUNK_MIN, 300, LABEL, sha);
	o = write_backup(pt2, sizeof(pt2), BACKUP_CHUNK_MIN, 300, LABEL, sha);
	parse_layout(&b, &l);
	parse_layout(&o, &lo);
	if (l.n < 4 || l.n != lo.n || l.n > 16)
		abort();
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		m = pattern(cases[c][0], l.n, idx);
		r = rearranged(&b, &l, &o, &lo, idx, m);
		ok(refused(&r, err, sizeof(err)) && strstr(err, cases[c][1]) != NULL,
		    "%s: %s", names[c], err);
		free(r.p);
	}
	m = pattern("cut", l.n, idx);
	r = rearranged(&b, &l, &o, &lo, idx, m);
	r.p[l.off[m - 1]] = 1;
	ok(refused(&r, err, sizeof(err)) && strstr(err, "failed authentication") != NULL,
	    "the last non-final chunk flagged final, the final one dropped: %s", err);
	free(r.p);
	r.p = malloc(b.len + 1);
	memcpy(r.p, b.p, b.len);
	r.p[b.len] = '\n';
	r.len = b.len + 1;
	ok(refused(&r, err, sizeof(err)) && strstr(err, "after the final chunk") != NULL,
	    "one garbage byte appended: %s", err);
	free(r.p);
	free(b.p);
	free(o.p);
}

static void
test_keys_and_labels(void)
{
	unsigned char pt[1000], sha[BACKUP_SHA256_BYTES];
	struct blob b, out, b2;
	char err[300];
	int fd;
	struct backup_reader *r;

	fill_random(pt, sizeof(pt), 7);
	b = write_backup(pt, sizeof(pt), BACKUP_CHUNK_DEFAULT, 1000, LABEL, sha);
	ok(read_backup(&b, key2, KEY_ID, LABEL, 4096, &out, err, sizeof(err)) == -1 &&
	    strstr(err, "does not fit") != NULL, "wrong key refused: %s", err);
	ok(read_backup(&b, key1, "bk-other", LABEL, 4096, &out, err, sizeof(err)) == -1 &&
	    strstr(err, "\"bk-test-1\", not with the loaded key \"bk-other\"") != NULL,
	    "other key id refused: %s", err);
	ok(read_backup(&b, key1, KEY_ID, "inst-2", 4096, &out, err, sizeof(err)) == -1 &&
	    strstr(err, "holds \"crm.sql\", not \"inst-2\"") != NULL, "other label refused: %s", err);
	ok(read_backup(&b, key1, NULL, NULL, 4096, &out, err, sizeof(err)) == 0 &&
	    out.len == sizeof(pt), "NULL key id and label accept any");
	free(out.p);
	fd = memfd_with(b.p, b.len);
	r = backup_reader_open(fd, key1, NULL, NULL, err, sizeof(err));
	ok(r != NULL && strcmp(backup_reader_label(r), LABEL) == 0 &&
	    strcmp(backup_reader_key_id(r), KEY_ID) == 0, "label and key id readable");
	backup_reader_close(r);
	close(fd);
	b2 = write_backup(pt, sizeof(pt), BACKUP_CHUNK_DEFAULT, 1000, LABEL, sha);
	ok(b.len == b2.len && memcmp(b.p, b2.p, b.len) != 0 &&
	    memcmp(b.p + 14, b2.p + 14, 32) != 0, "the same plaintext twice: other salt, other bytes");
	free(b.p);
	free(b2.p);
	ok(write_backup(pt, 1, BACKUP_CHUNK_DEFAULT, 1, "bad label", sha).p == NULL,
	    "a label with a space is refused");
	ok(backup_name_valid("0b7c1e2a-inst.example.org", BACKUP_LABEL_MAX) &&
	    !backup_name_valid("", BACKUP_LABEL_MAX) && !backup_name_valid("a\"b", BACKUP_LABEL_MAX),
	    "backup_name_valid");
}

/* No plaintext marker, whether the data compresses or not. */
static void
test_no_plaintext(void)
{
	size_t n = 200000;
	unsigned char *pt = malloc(n), sha[BACKUP_SHA256_BYTES];
	struct blob b;

	if (pt == NULL)
		abort();
	fill_random(pt, n, 8);
	for (size_t o = 0; o + sizeof(MARKER) < n; o += 5000)
		memcpy(pt + o, MARKER, strlen(MARKER));
	b = write_backup(pt, n, BACKUP_CHUNK_DEFAULT, 4096, LABEL, sha);
	ok(b.p != NULL && memmem(b.p, b.len, MARKER, strlen(MARKER)) == NULL &&
	    memmem(b.p, b.len, &MARKER[10], 8) == NULL, "incompressible data: no marker in the file");
	free(b.p);
	for (size_t o = 0; o + sizeof(MARKER) < n; o += strlen(MARKER))
		memcpy(pt + o, MARKER, strlen(MARKER));
	b = write_backup(pt, n, BACKUP_CHUNK_DEFAULT, 4096, LABEL, sha);
	ok(b.p != NULL && b.len < n / 20 && memmem(b.p, b.len, MARKER, strlen(MARKER)) == NULL &&
	    memmem(b.p, b.len, "MARKER", 6) == NULL, "repetitive data: compressed to %zu bytes, "
	    "no marker", b.p ? b.len : 0);
	free(b.p);
	free(pt);
}

#include "backup_file_vectors.h"

/* Decodes a vector from backup_file_vectors.h. */
static struct blob
unhex(const char *hex)
{
	struct blob b = { malloc(strlen(hex) / 2 + 1), strlen(hex) / 2 };

	if (b.p == NULL)
		abort();
	for (size_t i = 0; i < b.len; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			abort();
		b.p[i] = (unsigned char)v;
	}
	return b;
}

/* Files made by an independent implementation of the format
 * (backup_file_vectors.py): the good ones read back, the ones that are
 * well encrypted but wrong inside are refused. */
static void
test_vectors(void)
{
	static const char *const bad[][3] = {
		{ VECTOR_INCOMPLETE, "incomplete", "zlib stream cut short" },
		{ VECTOR_TRAILING, "after the end of the compressed stream", "junk after the stream" },
		{ VECTOR_TWO_STREAMS, "after the end of the compressed stream", "two zlib streams" },
		{ VECTOR_BAD_DEFLATE, "decompressing chunk 0 failed", "bad deflate data" },
		{ VECTOR_NO_PAYLOAD, "incomplete", "no payload at all" },
	};
	struct blob b = unhex(VECTOR_OK), out;
	unsigned char noise[64];
	char err[300];
	bool good;

	good = read_backup(&b, key1, KEY_ID, LABEL, 4096, &out, err, sizeof(err)) == 0;
	EVP_Digest("kat 0", 5, noise, NULL, EVP_sha256(), NULL);
	EVP_Digest("kat 1", 5, noise + 32, NULL, EVP_sha256(), NULL);
	ok(good && out.len == 400 && memcmp(out.p, "SELECT 1;\nSELECT 1;\n", 20) == 0 &&
	    memcmp(out.p + 190, "SELECT 1;\n", 10) == 0 && memcmp(out.p + 200, noise, 32) == 0,
	    "independent vector: a 4-chunk file reads back%s%s", good ? "" : ": ", good ? "" : err);
	if (good)
		free(out.p);
	free(b.p);
	b = unhex(VECTOR_EMPTY_FINAL);
	good = read_backup(&b, key1, KEY_ID, LABEL, 4096, &out, err, sizeof(err)) == 0;
	ok(good && out.len == VECTOR_EMPTY_FINAL_PLAIN && memcmp(out.p, noise, out.len) == 0 &&
	    b.p[b.len - 21] == 1 && b.p[b.len - 17] == 0, "independent vector: stream ending "
	    "at a chunk boundary, empty final chunk%s%s", good ? "" : ": ", good ? "" : err);
	if (good)
		free(out.p);
	free(b.p);
	b = unhex(VECTOR_EMPTY_PLAIN);
	good = read_backup(&b, key1, KEY_ID, LABEL, 4096, &out, err, sizeof(err)) == 0;
	ok(good && out.len == 0, "independent vector: empty plaintext");
	if (good)
		free(out.p);
	free(b.p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = unhex(bad[i][0]);
		ok(refused(&b, err, sizeof(err)) && strstr(err, bad[i][1]) != NULL,
		    "independent vector, %s: %s", bad[i][2], err);
		free(b.p);
	}
}

/* The writer's error path: full disk at the header, a closed pipe, and a
 * file size limit hit in the middle; a partial file never reads. */
static void
test_write_errors(void)
{
	char err[300] = "", path[] = "/tmp/test_backup_file.XXXXXX";
	unsigned char *pt = malloc(1 << 20);
	struct backup_writer *w;
	struct rlimit old, lim;
	int fd, p[2], rc = 0;

	if (pt == NULL)
		abort();
	fill_random(pt, 1 << 20, 9);
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	w = backup_writer_open(fd, key1, KEY_ID, LABEL, err, sizeof(err));
	ok(fd != -1 && w == NULL && strcmp(err, "writing the backup: No space left on device") == 0,
	    "/dev/full: %s", err);
	close(fd);

	signal(SIGPIPE, SIG_IGN);
	if (pipe(p) == -1)
		abort();
	w = backup_writer_open(p[1], key1, KEY_ID, LABEL, err, sizeof(err));
	close(p[0]);
	for (int i = 0; w != NULL && i < 4 && rc == 0; i++)
		rc = backup_writer_write(w, pt, 1 << 20, err, sizeof(err));
	ok(w != NULL && rc == -1 && strstr(err, "Broken pipe") != NULL, "closed pipe: %s", err);
	backup_writer_abort(w);
	close(p[1]);

	signal(SIGXFSZ, SIG_IGN);
	if ((fd = mkstemp(path)) == -1 || getrlimit(RLIMIT_FSIZE, &old) == -1)
		abort();
	lim = old;
	lim.rlim_cur = 300000;
	if (setrlimit(RLIMIT_FSIZE, &lim) == -1)
		abort();
	w = backup_writer_open(fd, key1, KEY_ID, LABEL, err, sizeof(err));
	rc = backup_writer_write(w, pt, 1 << 20, err, sizeof(err));
	ok(w != NULL && rc == -1 && strcmp(err, "writing the backup: File too large") == 0,
	    "file size limit in the middle: %s", err);
	ok(backup_writer_write(w, pt, 10, err, sizeof(err)) == -1 &&
	    strstr(err, "failed earlier") != NULL, "later writes refused: %s", err);
	ok(backup_writer_finish(w, NULL, err, sizeof(err)) == -1 && strstr(err, "failed earlier"),
	    "finish refused: %s", err);
	setrlimit(RLIMIT_FSIZE, &old);
	ok(backup_file_check(path, key1, KEY_ID, LABEL, NULL, err, sizeof(err)) == -1 &&
	    strstr(err, "truncated") != NULL && strncmp(err, path, strlen(path)) == 0,
	    "the partial file is refused: %s", err);
	close(fd);
	unlink(path);
	free(pt);
}

/* backup_file_check on a real file, and its digest. */
static void
test_check(void)
{
	char err[300], path[] = "/tmp/test_backup_file.XXXXXX";
	unsigned char pt[100000], sha_w[BACKUP_SHA256_BYTES], sha_c[BACKUP_SHA256_BYTES];
	struct backup_writer *w;
	int fd = mkstemp(path);

	fill_random(pt, sizeof(pt), 10);
	w = backup_writer_open(fd, key1, KEY_ID, LABEL, err, sizeof(err));
	ok(w != NULL && backup_writer_write(w, pt, sizeof(pt), err, sizeof(err)) == 0 &&
	    backup_writer_finish(w, sha_w, err, sizeof(err)) == 0, "written to a file");
	ok(backup_file_check(path, key1, KEY_ID, LABEL, sha_c, err, sizeof(err)) == 0 &&
	    memcmp(sha_w, sha_c, sizeof(sha_w)) == 0, "backup_file_check: whole file "
	    "authenticates, its SHA-256 matches the writer's");
	ok(backup_file_check(path, key2, KEY_ID, LABEL, sha_c, err, sizeof(err)) == -1 &&
	    strstr(err, "does not fit") != NULL, "backup_file_check: wrong key: %s", err);
	if (pwrite(fd, "x", 1, 5000) != 1)
		abort();
	ok(backup_file_check(path, key1, KEY_ID, LABEL, sha_c, err, sizeof(err)) == -1 &&
	    strstr(err, "chunk 0 failed authentication") != NULL, "one changed byte: %s", err);
	close(fd);
	unlink(path);
	ok(backup_file_check(path, key1, KEY_ID, LABEL, sha_c, err, sizeof(err)) == -1 &&
	    strstr(err, "No such file") != NULL, "missing file: %s", err);
	ok(backup_file_check("/dev/null", key1, KEY_ID, LABEL, sha_c, err, sizeof(err)) == -1 &&
	    strstr(err, "not a regular file") != NULL, "a device: %s", err);
}

static void
test_key_file(void)
{
	char dir[] = "/tmp/test_backup_key.XXXXXX", path[300], id[BACKUP_KEY_ID_MAX + 1],
	    id2[BACKUP_KEY_ID_MAX + 1], err[400];
	unsigned char k[BACKUP_KEY_BYTES], k2[BACKUP_KEY_BYTES];
	struct stat st;
	static const char *const bad[][2] = {
		{ "crm-keyring 1\nid a\nkey 00\n", "line 1: not a backup key file" },
		{ "crm-backup-key 1\nid a\n", "needs one id line and one key line" },
		{ "crm-backup-key 1\nid a\nkey 0123456789ABCDEF0123456789abcdef"
		  "0123456789abcdef0123456789abcdef\n", "line 3: a key is 64 lower-case hex" },
		{ "crm-backup-key 1\nid a b\nkey 0123456789abcdef0123456789abcdef"
		  "0123456789abcdef0123456789abcdef\n", "line 2: a key id is characters" },
		{ "crm-backup-key 1\nid a\nid b\n", "line 3: more than one id line" },
		{ "crm-backup-key 1\nid a\nkey 00000000000000000000000000000000"
		  "00000000000000000000000000000000\n", "the key is all zeros" },
		{ "crm-backup-key 1\nsecret x\n", "line 2: expected" },
	};
	bool all = true;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/backup.key", dir);
	ok(backup_key_generate(path, id, err, sizeof(err)) == 0 && strncmp(id, "bk-", 3) == 0 &&
	    strlen(id) == 20, "key file generated with id %s", id);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "key file mode 0600");
	ok(backup_key_load(path, (uid_t)-1, k, id2, err, sizeof(err)) == 0 &&
	    strcmp(id, id2) == 0, "key file loads with the same id");
	ok(backup_key_generate(path, NULL, err, sizeof(err)) == -1 &&
	    strstr(err, "exists: refusing to replace") != NULL, "no overwrite: %s", err);
	ok(backup_key_load(path, (uid_t)-1, k2, id2, err, sizeof(err)) == 0 &&
	    memcmp(k, k2, sizeof(k)) == 0, "the refused generate left the key as it was");
	chmod(path, 0640);
	ok(backup_key_load(path, (uid_t)-1, k2, id2, err, sizeof(err)) == -1 &&
	    strstr(err, "accessible by group or others") != NULL, "group-readable refused: %s", err);
	chmod(path, 0604);
	ok(backup_key_load(path, (uid_t)-1, k2, id2, err, sizeof(err)) == -1,
	    "world-readable refused");
	unlink(path);
	rmdir(dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (backup_key_parse(bad[i][0], strlen(bad[i][0]), k2, id2, err, sizeof(err)) == 0 ||
		    strstr(err, bad[i][1]) == NULL) {
			printf("# case %zu: %s\n", i, err);
			all = false;
		}
		if (strstr(err, "0123456789") != NULL)
			all = false;
	}
	ok(all, "%zu malformed key files refused with their line, no key bytes in messages",
	    sizeof(bad) / sizeof(bad[0]));
}

int
main(void)
{
	test_round_trips();
	test_chunk_boundaries();
	test_bit_flips();
	test_truncation();
	test_rearranged();
	test_keys_and_labels();
	test_no_plaintext();
	test_vectors();
	test_write_errors();
	test_check();
	test_key_file();
	return tap_done();
}
