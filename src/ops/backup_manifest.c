/* backup_manifest.c: owns writing, signing, checking and parsing a
 * backup's manifest (backup_manifest.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

#include "backup_manifest.h"
#include "hkdf.h"

#define SIG_INFO "crm backup manifest"

void
hex32(const unsigned char in[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", in[i]);
}

/* 64 lowercase hex digits into out. 0 or -1. The form is checked first:
 * sscanf alone takes signs and "0x", and would read past a short s. */
static int
unhex32(const char *s, unsigned char out[32])
{
	if (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static void say(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* HMAC-SHA-256 of text under HKDF(backup_key, SIG_INFO). 0 or -1. */
static int
sign(const unsigned char backup_key[32], const char *text, size_t len, unsigned char mac[32])
{
	unsigned char k[32];
	unsigned maclen = 0;
	int rc = -1;

	if (hkdf_sha256(backup_key, 32, NULL, 0, SIG_INFO, k, sizeof(k)) == 0 &&
	    HMAC(EVP_sha256(), k, sizeof(k), (const unsigned char *)text, len, mac, &maclen) != NULL)
		rc = 0;
	OPENSSL_cleanse(k, sizeof(k));
	return rc;
}

/* Writes len bytes to dir/name, mode 0600, fsynced. 0 or -1. */
static int
write_file(const char *dir, const char *name, const char *data, size_t len, char *err, size_t errlen)
{
	char path[4096];
	int fd;
	ssize_t w = 0;

	snprintf(path, sizeof(path), "%.3900s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1 ||
	    (w = write(fd, data, len)) != (ssize_t)len || fsync(fd) == -1) {
		say(err, errlen, "cannot write %s: %s", path,
		    fd != -1 && w >= 0 && (size_t)w < len ? "short write" : strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		say(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
backup_manifest_render(const struct backup_manifest *m, char *buf, size_t cap)
{
	size_t o = 0;
	char hex[65];
	int n;

#define PUT(...) do { \
		n = snprintf(buf + o, cap - o, __VA_ARGS__); \
		if (n < 0 || (size_t)n >= cap - o) \
			return -1; \
		o += (size_t)n; \
	} while (0)
	PUT("crm-backup-manifest %d\ninstallation %s\nname %s\ncreated_at %s\nfinished_at %s\n",
	    m->format, m->installation, m->name, m->created_at, m->finished_at);
	PUT("schema_version %d\nserver %s\nbinlog %s %llu\n", m->schema_version, m->server,
	    m->binlog_file[0] ? m->binlog_file : "-", m->binlog_pos);
	for (size_t i = 0; i < m->ntables; i++) {
		hex32(m->tables[i].sha256, hex);
		PUT("table %s %llu %s\n", m->tables[i].name, m->tables[i].rows, hex);
	}
	for (size_t i = 0; i < m->nfiles; i++) {
		hex32(m->files[i].sha256, hex);
		PUT("file %s %llu %s\n", m->files[i].name, m->files[i].bytes, hex);
	}
#undef PUT
	return (int)o;
}

int
backup_manifest_write(const char *dir, const struct backup_manifest *m,
    const unsigned char backup_key[32], char *err, size_t errlen)
{
	char *text = malloc(MANIFEST_MAX_BYTES), sig[66], why[160];
	struct backup_manifest *back = malloc(sizeof(*back));
	unsigned char mac[32];
	int len = text && back ? backup_manifest_render(m, text, MANIFEST_MAX_BYTES) : -1, rc = -1;

	/* Parsed back before it is signed: a value the format cannot hold (a
	 * name with a space, an empty time, a line end) fails the backup now,
	 * not its restore. */
	if (len < 0)
		say(err, errlen, "the manifest does not fit in %d bytes", MANIFEST_MAX_BYTES);
	else if (backup_manifest_parse(text, (size_t)len, back, why, sizeof(why)) == -1)
		say(err, errlen, "the manifest would not read back: %s", why);
	else if (!backup_manifest_equal(m, back))
		say(err, errlen, "the manifest would not read back as written (a value holding a line "
		    "end, or a binary log file named \"-\")");
	else if (sign(backup_key, text, (size_t)len, mac) == -1)
		say(err, errlen, "cannot sign the manifest (OpenSSL)");
	else {
		hex32(mac, sig);
		strcat(sig, "\n");
		rc = write_file(dir, "manifest.txt", text, (size_t)len, err, errlen) == 0 &&
		    write_file(dir, "manifest.sig", sig, 65, err, errlen) == 0 ? 0 : -1;
	}
	free(text);
	free(back);
	return rc;
}

/* Whether line starts with one of the manifest's keys and one space: the
 * sscanf patterns below would also take "installationX" or "binlogX 5"
 * (a space in a pattern matches no space too). */
static bool
known_key(const char *line)
{
	static const char *const keys[] = { "crm-backup-manifest", "installation", "name",
		"created_at", "finished_at", "schema_version", "server", "binlog", "table", "file", NULL };
	size_t klen = strcspn(line, " ");

	for (int i = 0; keys[i] != NULL; i++)
		if (strlen(keys[i]) == klen && strncmp(line, keys[i], klen) == 0)
			return line[klen] == ' ';
	return false;
}

/* One "key rest" line of the manifest into m. 0 or -1. */
static int
parse_line(char *line, struct backup_manifest *m)
{
	char name[DUMP_NAME_MAX + 2], hex[66], extra;
	unsigned long long num;

	if (!known_key(line))
		return -1;
	if (sscanf(line, "crm-backup-manifest %d %c", &m->format, &extra) == 1)
		return m->format == 1 ? 0 : -1;
	if (sscanf(line, "installation %64s %c", m->installation, &extra) == 1 ||
	    sscanf(line, "name %31s %c", m->name, &extra) == 1 ||
	    sscanf(line, "schema_version %d %c", &m->schema_version, &extra) == 1)
		return 0;
	if (strncmp(line, "created_at ", 11) == 0 && strlen(line + 11) == 19)
		return (memcpy(m->created_at, line + 11, 20), 0);
	if (strncmp(line, "finished_at ", 12) == 0 && strlen(line + 12) == 19)
		return (memcpy(m->finished_at, line + 12, 20), 0);
	if (strncmp(line, "server ", 7) == 0 && strlen(line + 7) < sizeof(m->server))
		return (strcpy(m->server, line + 7), 0);
	if (sscanf(line, "binlog %64s %llu %c", m->binlog_file, &m->binlog_pos, &extra) == 2)
		return (strcmp(m->binlog_file, "-") == 0 ? (m->binlog_file[0] = '\0') : 0, 0);
	if (sscanf(line, "table %65s %llu %65s %c", name, &num, hex, &extra) == 3 &&
	    strlen(name) <= DUMP_NAME_MAX && m->ntables < DUMP_TABLES_MAX) {
		struct dump_table *t = &m->tables[m->ntables++];
		strcpy(t->name, name);
		t->rows = num;
		return unhex32(hex, t->sha256);
	}
	if (sscanf(line, "file %65s %llu %65s %c", name, &num, hex, &extra) == 3 &&
	    strlen(name) <= DUMP_NAME_MAX && m->nfiles < MANIFEST_FILES_MAX) {
		struct backup_manifest_file *f = &m->files[m->nfiles++];
		strcpy(f->name, name);
		f->bytes = num;
		return unhex32(hex, f->sha256);
	}
	return -1;
}

int
backup_manifest_parse(const char *text, size_t len, struct backup_manifest *m, char *err, size_t errlen)
{
	char line[512];
	size_t start = 0;
	int lineno = 0;

	memset(m, 0, sizeof(*m));
	while (start < len) {
		size_t end = start;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (end - start >= sizeof(line) || memchr(text + start, '\0', end - start) != NULL) {
			say(err, errlen, "manifest line %d is too long or not text", lineno);
			return -1;
		}
		memcpy(line, text + start, end - start);
		line[end - start] = '\0';
		if (parse_line(line, m) == -1) {
			say(err, errlen, "manifest line %d is not understood", lineno);
			return -1;
		}
		start = end + 1;
	}
	if (m->format != 1 || m->installation[0] == '\0' || m->name[0] == '\0' ||
	    m->created_at[0] == '\0' || m->finished_at[0] == '\0' || m->schema_version <= 0 ||
	    m->nfiles == 0) {
		say(err, errlen, "the manifest misses its version, installation, name, times, schema or files");
		return -1;
	}
	return 0;
}

/* Reads at most max bytes of dir/name into a malloc'd buffer. */
static char *
slurp(const char *dir, const char *name, size_t max, size_t *len)
{
	char path[4096], *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%.3900s/%s", dir, name);
	if ((f = fopen(path, "re")) == NULL || (buf = malloc(max + 1)) == NULL) {
		if (f)
			fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, max + 1, f);
	fclose(f);
	if (*len > max) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

int
backup_manifest_read(const char *dir, const unsigned char backup_key[32],
    struct backup_manifest *m, char *err, size_t errlen)
{
	size_t len = 0, slen = 0;
	char *text = slurp(dir, "manifest.txt", MANIFEST_MAX_BYTES, &len);
	char *sig = slurp(dir, "manifest.sig", 200, &slen);
	unsigned char mac[32], want[32];
	int rc = -1;

	if (text == NULL || sig == NULL)
		say(err, errlen, "%s has no readable manifest.txt and manifest.sig", dir);
	else if (slen != 65 || sig[64] != '\n' || (sig[64] = '\0', unhex32(sig, want) == -1))
		say(err, errlen, "%s/manifest.sig is malformed", dir);
	else if (sign(backup_key, text, len, mac) == -1)
		say(err, errlen, "cannot check the manifest (OpenSSL)");
	else if (CRYPTO_memcmp(mac, want, 32) != 0)
		say(err, errlen, "the manifest of %s does not verify: altered, or made with another "
		    "installation's backup key", dir);
	else
		rc = backup_manifest_parse(text, len, m, err, errlen);
	free(text);
	free(sig);
	return rc;
}

bool
backup_manifest_equal(const struct backup_manifest *a, const struct backup_manifest *b)
{
	if (a->format != b->format || strcmp(a->installation, b->installation) != 0 ||
	    strcmp(a->name, b->name) != 0 || strcmp(a->created_at, b->created_at) != 0 ||
	    strcmp(a->finished_at, b->finished_at) != 0 || a->schema_version != b->schema_version ||
	    strcmp(a->server, b->server) != 0 || strcmp(a->binlog_file, b->binlog_file) != 0 ||
	    a->binlog_pos != b->binlog_pos || a->ntables != b->ntables || a->nfiles != b->nfiles)
		return false;
	for (size_t i = 0; i < a->ntables; i++)
		if (strcmp(a->tables[i].name, b->tables[i].name) != 0 || a->tables[i].rows != b->tables[i].rows ||
		    memcmp(a->tables[i].sha256, b->tables[i].sha256, 32) != 0)
			return false;
	for (size_t i = 0; i < a->nfiles; i++)
		if (strcmp(a->files[i].name, b->files[i].name) != 0 || a->files[i].bytes != b->files[i].bytes ||
		    memcmp(a->files[i].sha256, b->files[i].sha256, 32) != 0)
			return false;
	return true;
}

const struct dump_table *
backup_manifest_table(const struct backup_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (strcmp(m->tables[i].name, name) == 0)
			return &m->tables[i];
	return NULL;
}
