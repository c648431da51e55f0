/* backup_key.c: owns the backup key file (format in backup_key.h):
 * loading it under the secret file rules, parsing it, and creating a new
 * one. Keys pass through buffers that are wiped before they are freed;
 * no message here ever contains key bytes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "backup_key.h"
#include "secret_file.h"

#define FIRST_LINE "crm-backup-key 1"
#define LINE_MAX_BYTES 200

/* Lower-case hex only, as the key ring writes it; 0 or -1. */
static int
unhex(const char *hex, size_t hexlen, unsigned char *out, size_t outlen)
{
	if (hexlen != outlen * 2)
		return -1;
	for (size_t i = 0; i < hexlen; i++) {
		char c = hex[i];
		unsigned v;
		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else
			return -1;
		out[i / 2] = (unsigned char)(i % 2 ? out[i / 2] | v : v << 4);
	}
	return 0;
}

/* One "id X" or "key HEX" line; NULL or the reason it is refused. */
static const char *
parse_line(const char *line, size_t len, unsigned char key[BACKUP_KEY_BYTES],
    char key_id[BACKUP_KEY_ID_MAX + 1], int *seen)
{
	char id[BACKUP_KEY_ID_MAX + 1];

	if (len > 3 && memcmp(line, "id ", 3) == 0) {
		if (*seen & 1)
			return "more than one id line";
		if (len - 3 > BACKUP_KEY_ID_MAX)
			return "the key id is too long";
		memcpy(id, line + 3, len - 3);
		id[len - 3] = '\0';
		if (!backup_name_valid(id, BACKUP_KEY_ID_MAX))
			return "a key id is characters A-Z a-z 0-9 . _ : @ / + = -";
		memcpy(key_id, id, len - 2);
		*seen |= 1;
		return NULL;
	}
	if (len > 4 && memcmp(line, "key ", 4) == 0) {
		if (*seen & 2)
			return "more than one key line";
		if (unhex(line + 4, len - 4, key, BACKUP_KEY_BYTES) == -1)
			return "a key is 64 lower-case hex digits (256 bits)";
		*seen |= 2;
		return NULL;
	}
	return "expected \"id ID\" or \"key HEX\"";
}

static int
all_zero(const unsigned char *p, size_t n)
{
	unsigned char acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

int
backup_key_parse(const char *text, size_t len, unsigned char key[BACKUP_KEY_BYTES],
    char key_id[BACKUP_KEY_ID_MAX + 1], char *err, size_t errlen)
{
	size_t start = 0;
	int lineno = 0, seen = 0;
	const char *why = NULL;

	while (start < len && why == NULL) {
		size_t end = start;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		if (memchr(text + start, '\0', end - start) != NULL)
			why = "NUL byte";
		else if (end - start > LINE_MAX_BYTES)
			why = "line too long";
		else if (lineno == 1)
			why = end - start == strlen(FIRST_LINE) &&
			    memcmp(text, FIRST_LINE, strlen(FIRST_LINE)) == 0 ? NULL :
			    "not a backup key file (first line must be \"" FIRST_LINE "\")";
		else if (end > start && text[start] != '#')
			why = parse_line(text + start, end - start, key, key_id, &seen);
		start = end + 1;
	}
	if (why == NULL && seen != 3) {
		lineno = 0;
		why = "needs one id line and one key line";
	}
	if (why == NULL && all_zero(key, BACKUP_KEY_BYTES))
		why = "the key is all zeros";
	if (why == NULL)
		return 0;
	OPENSSL_cleanse(key, BACKUP_KEY_BYTES);
	if (lineno > 0)
		snprintf(err, errlen, "backup key file line %d: %s", lineno, why);
	else
		snprintf(err, errlen, "backup key file: %s", why);
	return -1;
}

int
backup_key_load(const char *path, uid_t service_uid, unsigned char key[BACKUP_KEY_BYTES],
    char key_id[BACKUP_KEY_ID_MAX + 1], char *err, size_t errlen)
{
	size_t len = 0;
	char sub[300];
	char *text = secret_file_read_all(path, service_uid, &len, err, errlen);
	int rc;

	if (text == NULL) {
		OPENSSL_cleanse(key, BACKUP_KEY_BYTES);
		return -1;
	}
	rc = backup_key_parse(text, len, key, key_id, sub, sizeof(sub));
	if (rc == -1)
		snprintf(err, errlen, "%s: %s", path, sub);
	secret_free_len(text, len);
	return rc;
}

/* Writes text to path.new (0600, new), syncs it and links it to path,
 * which must not exist; the .new name is always removed. */
static int
write_new(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
	char tmp[4096], dircopy[4096];
	int fd, dfd, rc = -1;
	size_t done = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "backup key file path too long");
		return -1;
	}
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	while (done < len) {
		ssize_t k = write(fd, text + done, len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	if (done < len || fsync(fd) == -1)
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
	else if (link(tmp, path) == -1)
		snprintf(err, errlen, errno == EEXIST ? "%s exists: refusing to replace a backup "
		    "key (backups written under it would become unreadable)" : "%s: %s",
		    path, strerror(errno));
	else
		rc = 0;
	close(fd);
	unlink(tmp);
	snprintf(dircopy, sizeof(dircopy), "%s", path);
	if (rc == 0 && (dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return rc;
}

int
backup_key_generate(const char *path, char key_id_out[BACKUP_KEY_ID_MAX + 1],
    char *err, size_t errlen)
{
	unsigned char key[BACKUP_KEY_BYTES], tag[4];
	char text[256], hex[2 * BACKUP_KEY_BYTES + 1], id[BACKUP_KEY_ID_MAX + 1];
	time_t now = time(NULL);
	struct tm tm;
	int len, rc;

	if (gmtime_r(&now, &tm) == NULL ||
	    RAND_priv_bytes(key, sizeof(key)) != 1 || RAND_bytes(tag, sizeof(tag)) != 1) {
		snprintf(err, errlen, "the random generator failed");
		return -1;
	}
	snprintf(id, sizeof(id), "bk-%04d%02d%02d-%02x%02x%02x%02x", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tag[0], tag[1], tag[2], tag[3]);
	for (size_t i = 0; i < sizeof(key); i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	len = snprintf(text, sizeof(text), FIRST_LINE "\n"
	    "# Backup key: keep a copy away from the backups and from the key ring.\n"
	    "id %s\nkey %s\n", id, hex);
	rc = write_new(path, text, (size_t)len, err, errlen);
	if (rc == 0 && key_id_out != NULL)
		memcpy(key_id_out, id, sizeof(id));
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(hex, sizeof(hex));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}
