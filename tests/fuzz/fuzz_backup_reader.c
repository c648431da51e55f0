/* fuzz_backup_reader.c: fuzzes the backup reader on raw bytes as a file
 * (the seeds, from tests/unit/backup_file_vectors.py, are valid files
 * under this key, so mutations start past the header checks): nothing
 * may crash, a failure must say why, and no call may return more than
 * asked. Then writes the input as plaintext with a chunk size taken from
 * it, reads it back (must match), and flips one bit and cuts the file at
 * places chosen by the input (both must be refused). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backup_file.h"

#define KEY_ID "bk-test-1"
#define LABEL "crm.sql"
#define OUT_MAX (64u << 20)	/* a forged file cannot inflate, but bound it */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[BACKUP_KEY_BYTES] = "0123456789abcdef0123456789abcdef";
static unsigned char *out;

static int
memfd_with(const unsigned char *p, size_t len)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd == -1 || (len > 0 && write(fd, p, len) != (ssize_t)len) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

/* Reads p[0..len) as a backup; returns the plaintext length or -1. The
 * plaintext is in out. */
static ssize_t
read_all(const unsigned char *p, size_t len, size_t step)
{
	char err[300];
	int fd = memfd_with(p, len);
	struct backup_reader *r;
	size_t total = 0;
	ssize_t got = -1;

	err[0] = '\0';
	r = backup_reader_open(fd, key, KEY_ID, LABEL, err, sizeof(err));
	while (r != NULL && total + step <= OUT_MAX) {
		got = backup_reader_read(r, out + total, step, err, sizeof(err));
		if (got < -1 || got > (ssize_t)step)
			abort();
		if (got <= 0)
			break;
		total += (size_t)got;
	}
	if (got > 0) {		/* OUT_MAX reached: only a real file gets there */
		backup_reader_close(r);
		close(fd);
		return -1;
	}
	if (r != NULL && got == -1 && backup_reader_read(r, out, 1, err, sizeof(err)) != -1)
		abort();	/* a failed reader must stay failed */
	backup_reader_close(r);
	close(fd);
	if (got != 0 && (err[0] == '\0' || strlen(err) >= sizeof(err)))
		abort();	/* every failure says why */
	return got == 0 ? (ssize_t)total : -1;
}

/* Writes in[0..size) as a backup; returns the file in a memfd's bytes. */
static unsigned char *
write_all(const unsigned char *in, size_t size, size_t chunk, size_t *len)
{
	char err[300];
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	struct backup_writer *w;
	unsigned char *file;
	off_t end;
	size_t step = size / 3 + 1;

	if (fd == -1 || (w = backup_writer_open_chunked(fd, key, KEY_ID, LABEL, chunk,
	    err, sizeof(err))) == NULL)
		abort();
	for (size_t o = 0; o < size; o += step)
		if (backup_writer_write(w, in + o, size - o < step ? size - o : step,
		    err, sizeof(err)) == -1)
			abort();
	if (backup_writer_finish(w, NULL, err, sizeof(err)) == -1 ||
	    (end = lseek(fd, 0, SEEK_END)) <= 0 || (file = malloc((size_t)end)) == NULL ||
	    pread(fd, file, (size_t)end, 0) != end)
		abort();
	close(fd);
	*len = (size_t)end;
	return file;
}

static void
check_round_trip(const unsigned char *in, size_t size)
{
	size_t chunk = BACKUP_CHUNK_MIN + (size ? in[0] : 0), len, bit, cut;
	unsigned char *file = write_all(in, size, chunk, &len);

	if (read_all(file, len, 1 + (size > 1 ? in[1] : 0) * 37) != (ssize_t)size ||
	    (size > 0 && memcmp(out, in, size) != 0))
		abort();
	bit = size ? (in[size - 1] | (size_t)in[size / 2] << 8 | (size_t)size << 16) % (len * 8) : 0;
	file[bit / 8] ^= (unsigned char)(1u << bit % 8);
	if (read_all(file, len, 4096) != -1)
		abort();
	file[bit / 8] ^= (unsigned char)(1u << bit % 8);
	cut = bit / 8;
	if (read_all(file, cut, 4096) != -1)
		abort();
	free(file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (out == NULL && (out = malloc(OUT_MAX)) == NULL)
		abort();
	read_all(data, size, size ? 1 + data[size - 1] * 61 : 4096);
	check_round_trip(data, size);
	return 0;
}
