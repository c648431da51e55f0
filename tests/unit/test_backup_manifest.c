/* test_backup_manifest.c: tests the backup manifest (backup_manifest.h):
 * write and read back equal, the exact text written, every changed byte
 * of manifest.txt or manifest.sig refused, another backup key refused,
 * the parser's refusals (unknown lines, another format, missing lines,
 * bad digests, limits, NUL bytes) and a manifest that would not read back
 * refused at write time. */
#include "config.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup_manifest.h"
#include "tap.h"

static const unsigned char key1[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[32] = "0123456789abcdef0123456789abcdeF";

static void
sample(struct backup_manifest *m)
{
	static const char *const tables[] = { "contacts", "rbac_generation", "roles", "temp_grants" };
	static const unsigned long long rows[] = { 3, 1, 18446744073709551615ULL, 0 };

	memset(m, 0, sizeof(*m));
	m->format = 1;
	strcpy(m->installation, "bk-3f9a0c2e71d4b865");
	strcpy(m->name, "20261129T154500Z");
	strcpy(m->created_at, "2026-11-29 15:45:00");
	strcpy(m->finished_at, "2026-11-29 15:45:03");
	m->schema_version = 21;
	strcpy(m->server, "10.11.6-MariaDB-0+deb12u1-log");
	strcpy(m->binlog_file, "mariadb-bin.000003");
	m->binlog_pos = 5247852;
	for (size_t i = 0; i < 4; i++) {
		strcpy(m->tables[i].name, tables[i]);
		m->tables[i].rows = rows[i];
		for (int k = 0; k < 32; k++)
			m->tables[i].sha256[k] = (unsigned char)(i * 32 + (size_t)k * 7);
	}
	m->ntables = 4;
	strcpy(m->files[0].name, "crm.sql.crmbk");
	m->files[0].bytes = 1234567;
	strcpy(m->files[1].name, "keyring.crmbk");
	m->files[1].bytes = 0;
	for (int k = 0; k < 32; k++) {
		m->files[0].sha256[k] = (unsigned char)(0xf0 ^ k);
		m->files[1].sha256[k] = (unsigned char)(255 - k);
	}
	m->nfiles = 2;
}

static char *
read_file(const char *dir, const char *name, size_t *len)
{
	char path[512], *buf = malloc(1 << 20);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (buf == NULL || (f = fopen(path, "r")) == NULL)
		abort();
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void
write_raw(const char *dir, const char *name, const char *p, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0)
		abort();
}

static const char sample_text[] =
	"crm-backup-manifest 1\n"
	"installation bk-3f9a0c2e71d4b865\n"
	"name 20261129T154500Z\n"
	"created_at 2026-11-29 15:45:00\n"
	"finished_at 2026-11-29 15:45:03\n"
	"schema_version 21\n"
	"server 10.11.6-MariaDB-0+deb12u1-log\n"
	"binlog mariadb-bin.000003 5247852\n";

static void
test_round_trip(const char *dir, const struct backup_manifest *m, struct backup_manifest *back)
{
	char err[300], path[512];
	char *txt, *sig;
	size_t tlen, slen;
	struct stat st;

	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == 0, "write (%s)", err);
	ok(backup_manifest_read(dir, key1, back, err, sizeof(err)) == 0 && backup_manifest_equal(m, back),
	    "read back: every field equal (%s)", err);
	ok(backup_manifest_table(back, "roles") == &back->tables[2] &&
	    backup_manifest_table(back, "role") == NULL, "backup_manifest_table finds by exact name");
	txt = read_file(dir, "manifest.txt", &tlen);
	sig = read_file(dir, "manifest.sig", &slen);
	ok(strncmp(txt, sample_text, strlen(sample_text)) == 0 &&
	    strstr(txt, "\ntable roles 18446744073709551615 40474e555c636a71") != NULL &&
	    strstr(txt, "\nfile keyring.crmbk 0 fffefdfc") != NULL && txt[tlen - 1] == '\n',
	    "manifest.txt is the documented text");
	ok(slen == 65 && strspn(sig, "0123456789abcdef") == 64 && sig[64] == '\n',
	    "manifest.sig: 64 hex digits and a newline");
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "manifest.txt is mode 0600");
	free(txt);
	free(sig);
}

/* Writes byte v at offset i of dir/name in place (no truncation, which
 * on some file systems forces a flush each time). */
static void
put_byte(const char *dir, const char *name, size_t i, char v)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1 || pwrite(fd, &v, 1, (off_t)i) != 1 || close(fd) != 0)
		abort();
}

/* Every byte of name changed (to each of vals, or to every other value
 * when vals is NULL), and one byte appended and one cut: all refused. */
static void
test_tamper(const char *dir, const char *name, const unsigned char *vals, size_t nvals,
    struct backup_manifest *back)
{
	char err[300];
	size_t len;
	char *orig = read_file(dir, name, &len), *p = malloc(len + 2);
	size_t tried = 0, accepted = 0;

	if (p == NULL)
		abort();
	for (size_t i = 0; i < len; i++) {
		for (unsigned v = 0; v < (vals ? nvals : 256); v++) {
			char b = (char)(vals ? (unsigned char)orig[i] ^ vals[v] : v);
			if (b == orig[i])
				continue;
			put_byte(dir, name, i, b);
			tried++;
			if (backup_manifest_read(dir, key1, back, err, sizeof(err)) == 0)
				accepted++;
		}
		put_byte(dir, name, i, orig[i]);
	}
	ok(tried > 0 && accepted == 0, "%s: %zu single-byte changes, none accepted", name, tried);
	memcpy(p, orig, len);
	p[len] = '\n';
	write_raw(dir, name, p, len + 1);
	ok(backup_manifest_read(dir, key1, back, err, sizeof(err)) == -1, "%s: a byte appended is refused (%s)",
	    name, err);
	write_raw(dir, name, p, len - 1);
	ok(backup_manifest_read(dir, key1, back, err, sizeof(err)) == -1, "%s: its last byte cut is refused (%s)",
	    name, err);
	write_raw(dir, name, orig, len);
	ok(backup_manifest_read(dir, key1, back, err, sizeof(err)) == 0, "%s restored: read again", name);
	free(orig);
	free(p);
}

static void
test_signature(const char *dir, struct backup_manifest *back)
{
	static const unsigned char flips[] = { 0x01, 0x20, 0x80, 0xff };
	char err[300];

	test_tamper(dir, "manifest.txt", flips, sizeof(flips), back);
	test_tamper(dir, "manifest.sig", NULL, 0, back);
	ok(backup_manifest_read(dir, key2, back, err, sizeof(err)) == -1 && strstr(err, "does not verify") != NULL,
	    "another backup key is refused: %s", err);
}

/* The sample's text with line `drop` (1-based, 0: none) left out and
 * `extra` (when not NULL) appended. */
static size_t
variant(const char *good, int drop, const char *extra, char *out, size_t cap)
{
	size_t o = 0;
	int line = 1;

	for (const char *p = good; *p != '\0'; line++) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p) + 1;
		if (line != drop) {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	if (extra != NULL) {
		size_t n = strlen(extra);
		if (o + n > cap)
			abort();
		memcpy(out + o, extra, n);
		o += n;
	}
	return o;
}

#define HEX64 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

struct parse_case {
	const char *name;
	int drop;		/* line of the good text left out */
	const char *extra;	/* appended */
	int rc;
};

static const struct parse_case parse_cases[] = {
	{ "the written text", 0, NULL, 0 },
	{ "no final line end", 0, "table t 1 " HEX64, 0 },
	{ "no server line", 7, NULL, 0 },
	{ "no binlog line", 8, NULL, 0 },
	{ "an unknown line", 0, "colour blue\n", -1 },
	{ "an empty line", 0, "\n", -1 },
	{ "a key glued to its value", 0, "installationbk-1\n", -1 },
	{ "a key glued to a binlog", 0, "binlogX 5\n", -1 },
	{ "a key in capitals", 0, "Name x\n", -1 },
	{ "a line starting with a space", 0, " name x\n", -1 },
	{ "a value with a space", 0, "name a b\n", -1 },
	{ "format 2", 0, "crm-backup-manifest 2\n", -1 },
	{ "no format line", 1, NULL, -1 },
	{ "no installation", 2, NULL, -1 },
	{ "no name", 3, NULL, -1 },
	{ "no created_at", 4, NULL, -1 },
	{ "no finished_at", 5, NULL, -1 },
	{ "no schema_version", 6, NULL, -1 },
	{ "schema_version 0", 0, "schema_version 0\n", -1 },
	{ "a short created_at", 0, "created_at 2026-11-29 15:45\n", -1 },
	{ "a table digest in capitals", 0, "table t 1 00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff\n", -1 },
	{ "a table digest of 63 digits", 0, "table t 1 00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n", -1 },
	{ "a table digest of 65 digits", 0, "table t 1 " HEX64 "0\n", -1 },
	{ "a table digest with a non-hex digit", 0, "table t 1 g0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", -1 },
	{ "a table digest with 0x", 0, "table t 1 0x112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", -1 },
	{ "a table digest with a sign", 0, "table t 1 -0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", -1 },
	{ "a table line without digest", 0, "table t 1\n", -1 },
	{ "a table line with more after it", 0, "table t 1 " HEX64 " x\n", -1 },
	{ "a table rows count that is not a number", 0, "table t many " HEX64 "\n", -1 },
	{ "a table name of 64 bytes", 0, "table aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1 " HEX64 "\n", 0 },
	{ "a table name of 65 bytes", 0, "table aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1 " HEX64 "\n", -1 },
	{ "a file digest of 63 digits", 0, "file f 1 00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n", -1 },
	{ "4 files", 0, "file c 1 " HEX64 "\nfile d 1 " HEX64 "\n", 0 },
	{ "5 files", 0, "file c 1 " HEX64 "\nfile d 1 " HEX64 "\nfile e 1 " HEX64 "\n", -1 },
	{ "a server line of 95 bytes", 0, "server 12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345\n", 0 },
	{ "a server line of 96 bytes", 0, "server 123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456\n", -1 },
};

static void
test_parse(const char *good)
{
	static char buf[128 * 1024];
	struct backup_manifest *m = malloc(sizeof(*m));
	char err[300];
	size_t len, goodlen = strlen(good);

	if (m == NULL)
		abort();
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		err[0] = '\0';
		len = variant(good, c->drop, c->extra, buf, sizeof(buf));
		ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == c->rc &&
		    (c->rc == 0 || err[0] != '\0'), "parse: %s: %s%s", c->name, c->rc ? "refused: " : "read", err);
	}
	len = (size_t)(strstr(good, "\nfile ") + 1 - good);
	memcpy(buf, good, len);
	ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == -1 && strstr(err, "files") != NULL,
	    "parse: no file line is refused: %s", err);

	len = variant(good, 0, NULL, buf, sizeof(buf));
	buf[40] = '\0';
	ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == -1 && strstr(err, "not text") != NULL,
	    "parse: a NUL byte is refused: %s", err);

	len = variant(good, 0, NULL, buf, sizeof(buf));
	buf[len++] = 's';
	buf[len++] = 'e';
	buf[len++] = 'r';
	buf[len++] = 'v';
	buf[len++] = 'e';
	buf[len++] = 'r';
	for (int k = 0; k < 506; k++)
		buf[len++] = ' ';
	buf[len++] = '\n';
	ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == -1 && strstr(err, "line 15 ") != NULL &&
	    strstr(err, "too long") != NULL, "parse: a line of 512 bytes is refused: %s", err);

	len = variant(good, 0, NULL, buf, sizeof(buf));
	for (int k = 0; k < DUMP_TABLES_MAX - 4; k++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "table x%d 1 %s\n", k, HEX64);
	err[0] = '\0';
	ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == 0 && m->ntables == DUMP_TABLES_MAX,
	    "parse: %d tables are read (%s)", DUMP_TABLES_MAX, err);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "table one_more 1 %s\n", HEX64);
	ok(backup_manifest_parse(buf, len, m, err, sizeof(err)) == -1, "parse: %d tables are refused: %s",
	    DUMP_TABLES_MAX + 1, err);
	ok(goodlen > 0, "the written text has %zu bytes", goodlen);
	free(m);
}

/* A manifest the format cannot hold is refused before anything is
 * written. */
static void
test_write_refusals(const char *dir, const struct backup_manifest *good)
{
	struct backup_manifest *m = malloc(sizeof(*m));
	char err[300], path[512];
	char buf[16];

	if (m == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	unlink(path);
	*m = *good;
	strcpy(m->tables[1].name, "my table");
	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == -1 && strstr(err, "would not read back") &&
	    access(path, F_OK) == -1, "write: a table name with a space is refused, nothing written: %s", err);
	*m = *good;
	m->finished_at[0] = '\0';
	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == -1 && access(path, F_OK) == -1,
	    "write: an empty finished_at is refused: %s", err);
	*m = *good;
	strcpy(m->server, "10.11\ntable x 1 " HEX64);
	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == -1 && access(path, F_OK) == -1,
	    "write: a server holding a line end (a table line) is refused: %s", err);
	*m = *good;
	strcpy(m->binlog_file, "-");
	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == -1 && access(path, F_OK) == -1,
	    "write: a binary log file named \"-\" (read as none) is refused: %s", err);
	*m = *good;
	m->format = 2;
	ok(backup_manifest_write(dir, m, key1, err, sizeof(err)) == -1 && access(path, F_OK) == -1,
	    "write: format 2 is refused: %s", err);
	ok(backup_manifest_render(good, buf, sizeof(buf)) == -1, "render: -1 when it does not fit");
	ok(backup_manifest_write("/nonexistent/dir", good, key1, err, sizeof(err)) == -1 &&
	    strstr(err, "/nonexistent/dir/manifest.txt") != NULL, "write: an unwritable directory: %s", err);
	ok(backup_manifest_read("/nonexistent/dir", key1, m, err, sizeof(err)) == -1 && err[0] != '\0',
	    "read: a missing manifest: %s", err);
	free(m);
}

int
main(void)
{
	char dir[] = "/tmp/test_backup_manifest.XXXXXX", path[512], text[MANIFEST_MAX_BYTES];
	struct backup_manifest *m = malloc(sizeof(*m)), *back = malloc(sizeof(*back));
	int len;

	if (m == NULL || back == NULL || mkdtemp(dir) == NULL)
		abort();
	sample(m);
	test_round_trip(dir, m, back);
	test_signature(dir, back);
	len = backup_manifest_render(m, text, sizeof(text));
	ok(len > 0 && (size_t)len == strlen(text), "render: %d bytes", len);
	test_parse(text);
	test_write_refusals(dir, m);
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/manifest.sig", dir);
	unlink(path);
	rmdir(dir);
	free(m);
	free(back);
	return tap_done();
}
