/* local_passwd.c: owns the break-glass password file (local_passwd.h):
 * yescrypt hashing through libxcrypt and the atomic rewrite of the file
 * pam_pwdfile reads. Plain passwords are wiped as soon as they are hashed. */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "local_passwd.h"
#include "log.h"

int
local_passwd_hash(const char *password, char *out, size_t outsz)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char salt[32];
	struct crypt_data *cd;
	int rc = -1;

	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    crypt_gensalt_rn("$y$", 0, (const char *)salt, sizeof(salt), setting,
	    sizeof(setting)) == NULL || (cd = calloc(1, sizeof(*cd))) == NULL) {
		crm_err("cannot make a yescrypt salt");
		return -1;
	}
	if (crypt_rn(password, setting, cd, sizeof(*cd)) != NULL && cd->output[0] == '$' &&
	    strlen(cd->output) < outsz) {
		memcpy(out, cd->output, strlen(cd->output) + 1);
		rc = 0;
	} else
		crm_err("yescrypt hashing failed");
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return rc;
}

bool
local_passwd_verify(const char *password, const char *hash)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	size_t n = strlen(hash);
	bool ok = false;

	if (cd == NULL)
		return false;
	if (crypt_rn(password, hash, cd, sizeof(*cd)) != NULL && cd->output[0] == '$' &&
	    strlen(cd->output) == n)
		ok = CRYPTO_memcmp(cd->output, hash, n) == 0;
	OPENSSL_cleanse(cd, sizeof(*cd));
	free(cd);
	return ok;
}

int
local_passwd_generate(char *out, size_t outsz, size_t n)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
	const size_t k = sizeof(alphabet) - 1;	/* 54 */
	size_t i = 0;

	if (n >= outsz)
		return -1;
	while (i < n) {
		unsigned char b;
		if (RAND_priv_bytes(&b, 1) != 1)
			return -1;
		if (b < 256 - 256 % k)	/* rejection sampling: no modulo bias */
			out[i++] = alphabet[b % k];
	}
	out[n] = '\0';
	return 0;
}

/* Appends s (n bytes) to the growing buffer; -1 on allocation failure. */
static int
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap * 2 : 256) + n;
		char *p = realloc(*buf, c);
		if (p == NULL)
			return -1;
		*buf = p;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

char *
local_passwd_edit(const char *text, size_t len, const char *user, const char *hash, bool *found)
{
	size_t ulen = strlen(user), olen = 0, cap = 0;
	const char *p = text, *end = text + len;
	char *out = NULL;
	int err = append(&out, &olen, &cap, "", 0);

	*found = false;
	while (err == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool mine = n > ulen && memcmp(p, user, ulen) == 0 && p[ulen] == ':';
		if (mine)
			*found = true;
		else if (n > 0)
			err = append(&out, &olen, &cap, p, n) | append(&out, &olen, &cap, "\n", 1);
		p += n + (nl ? 1 : 0);
	}
	if (err == 0 && hash != NULL)
		err = append(&out, &olen, &cap, user, ulen) | append(&out, &olen, &cap, ":", 1) |
		    append(&out, &olen, &cap, hash, strlen(hash)) | append(&out, &olen, &cap, "\n", 1);
	if (err != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Reads the whole file (at most 1 MiB); a missing file is empty. */
static char *
read_file(const char *path, size_t *len, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 20);

	*len = 0;
	if (buf == NULL || (f == NULL && errno != ENOENT)) {
		snprintf(err, errsz, "%s: %s", path, buf ? strerror(errno) : "out of memory");
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	if (f != NULL) {
		*len = fread(buf, 1, (1 << 20) - 1, f);
		fclose(f);
	}
	return buf;
}

/* Writes text to a temporary file beside path, syncs it, renames it. */
static int
replace_file(const char *path, const char *text, uid_t uid, gid_t gid, char *err, size_t errsz)
{
	char tmp[4096];
	size_t n = strlen(text);
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1 ||
	    (uid != (uid_t)-1 && fchown(fd, uid, gid) == -1) ||
	    write(fd, text, n) != (ssize_t)n || fsync(fd) == -1) {
		snprintf(err, errsz, "%s: %s", tmp, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		return -1;
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		snprintf(err, errsz, "rename %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int
local_passwd_update(const char *path, const char *user, const char *hash, uid_t uid, gid_t gid,
    bool *found, char *err, size_t errsz)
{
	size_t len;
	char *old = read_file(path, &len, err, errsz), *text;
	int rc = -1;

	if (old == NULL)
		return -1;
	if ((text = local_passwd_edit(old, len, user, hash, found)) == NULL)
		snprintf(err, errsz, "out of memory");
	else
		rc = replace_file(path, text, uid, gid, err, errsz);
	free(old);
	free(text);
	return rc;
}
