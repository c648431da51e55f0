/* secret_file.c: owns the rule that a secret file must be private to its
 * owner, and reads such files without leaving copies in the heap. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "secret_file.h"

#define SECRET_MAX 4096

static int
check_fd(int fd, const char *path, uid_t service_uid, char *err, size_t errsz)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		snprintf(err, errsz, "secret file %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "secret file %s is not a regular file", path);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errsz, "secret file %s is accessible by group or "
		    "others (mode %04o): refusing it; run chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0 &&
	    !(geteuid() == 0 && st.st_uid == service_uid)) {
		snprintf(err, errsz, "secret file %s is owned by uid %u, "
		    "neither this user (%u), the service user nor root: refusing it",
		    path, (unsigned)st.st_uid, (unsigned)geteuid());
		return -1;
	}
	return 0;
}

static int
open_secret(const char *path, uid_t service_uid, char *err, size_t errsz)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1) {
		snprintf(err, errsz, "secret file %s: %s", path, strerror(errno));
		return -1;
	}
	if (check_fd(fd, path, service_uid, err, errsz) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
secret_file_check(const char *path, uid_t service_uid, char *err, size_t errsz)
{
	int fd = open_secret(path, service_uid, err, errsz);

	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

char *
secret_file_read(const char *path, uid_t service_uid, char *err, size_t errsz)
{
	char *buf;
	ssize_t n;
	size_t len = 0;
	int fd = open_secret(path, service_uid, err, errsz);

	if (fd == -1)
		return NULL;
	buf = calloc(1, SECRET_MAX + 1);
	if (buf == NULL) {
		close(fd);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	while (len < SECRET_MAX &&
	    (n = read(fd, buf + len, SECRET_MAX - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errsz, "secret file %s: %s", path,
			    strerror(errno));
			close(fd);
			secret_free(buf);
			return NULL;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		snprintf(err, errsz, "secret file %s is empty", path);
		secret_free(buf);
		return NULL;
	}
	return buf;
}

char *
secret_file_read_all(const char *path, uid_t service_uid, size_t *len,
    char *err, size_t errsz)
{
	const size_t max = 65536;
	char *buf;
	ssize_t n;
	int fd = open_secret(path, service_uid, err, errsz);

	if (fd == -1)
		return NULL;
	if ((buf = calloc(1, max + 1)) == NULL) {
		close(fd);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	*len = 0;
	while ((n = read(fd, buf + *len, max - *len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || *len + (size_t)n >= max) {
			snprintf(err, errsz, "secret file %s: %s", path,
			    n < 0 ? strerror(errno) : "larger than 64 KiB");
			close(fd);
			secret_free_len(buf, max + 1);
			return NULL;
		}
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

void
secret_free_len(char *secret, size_t len)
{
	if (secret == NULL)
		return;
	OPENSSL_cleanse(secret, len);
	free(secret);
}

void
secret_free(char *secret)
{
	if (secret == NULL)
		return;
	OPENSSL_cleanse(secret, SECRET_MAX + 1);
	free(secret);
}
