/* backup_manifest.c: owns writing, signing, checking and parsing a
 * backup's manifest (backup_manifest.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

#define SIG_INFO "crm backup manifest"

void
hex32(const unsigned char in[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", in[i]);
}

static int
unhex32(const char *s, unsigned char out[32])
{
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64 ? 0 : -1;
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
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM p[4];
	int rc = -1;

	EVP_KDF_free(kdf);
	p[0] = OSSL_PARAM_construct_utf8_string("digest", (char *)(uintptr_t)"SHA256", 0);
	p[1] = OSSL_PARAM_construct_octet_string("key", (void *)(uintptr_t)backup_key, 32);
	p[2] = OSSL_PARAM_construct_octet_string("info", (void *)(uintptr_t)SIG_INFO, strlen(SIG_INFO));
	p[3] = OSSL_PARAM_construct_end();
	if (kctx != NULL && EVP_KDF_derive(kctx, k, sizeof(k), p) == 1 &&
	    HMAC(EVP_sha256(), k, sizeof(k), (const unsigned char *)text, len, mac, &maclen) != NULL)
		rc = 0;
	OPENSSL_cleanse(k, sizeof(k));
	EVP_KDF_CTX_free(kctx);
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
		say(err, errlen, "cannot write %s: %s", path, w >= 0 ? strerror(errno) : "short write");
		if (fd != -1)
			close(fd);
		return -1;
	}
	return close(fd);
}

/* The manifest's text into buf (cap bytes); its length, or -1. */
static int
render(const struct backup_manifest *m, char *buf, size_t cap)
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
	char *text = malloc(MANIFEST_MAX_BYTES), sig[66];
	unsigned char mac[32];
	int len = text ? render(m, text, MANIFEST_MAX_BYTES) : -1, rc = -1;

	if (len < 0)
		say(err, errlen, "the manifest does not fit in %d bytes", MANIFEST_MAX_BYTES);
	else if (sign(backup_key, text, (size_t)len, mac) == -1)
		say(err, errlen, "cannot sign the manifest (OpenSSL)");
	else {
		hex32(mac, sig);
		strcat(sig, "\n");
		rc = write_file(dir, "manifest.txt", text, (size_t)len, err, errlen) == 0 &&
		    write_file(dir, "manifest.sig", sig, 65, err, errlen) == 0 ? 0 : -1;
	}
	free(text);
	return rc;
}

/* One "key rest" line of the manifest into m. 0 or -1. */
static int
parse_line(char *line, struct backup_manifest *m)
{
	char name[DUMP_NAME_MAX + 2], hex[66], extra;
	unsigned long long num;

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
	    m->created_at[0] == '\0' || m->schema_version <= 0 || m->nfiles == 0) {
		say(err, errlen, "the manifest misses its version, installation, name, time, schema or files");
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
	else if (slen < 64 || (sig[64] = '\0', unhex32(sig, want) == -1))
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

const struct dump_table *
backup_manifest_table(const struct backup_manifest *m, const char *name)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (strcmp(m->tables[i].name, name) == 0)
			return &m->tables[i];
	return NULL;
}
