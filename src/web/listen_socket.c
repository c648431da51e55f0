/* listen_socket.c: owns creating the FastCGI listening socket safely:
 * never unlinking a socket another server still answers on, and never
 * leaving a moment where the socket exists with looser permissions. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "listen_socket.h"

static int
socket_in_use(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), live;

	if (fd == -1)
		return 0;
	live = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return live;
}

static int
set_group(const struct conf *c, char *err, size_t errsz)
{
	struct group *gr;

	if (c->socket_group == NULL)
		return 0;
	if ((gr = getgrnam(c->socket_group)) == NULL) {
		snprintf(err, errsz, "[server] socket_group %s: no such group", c->socket_group);
		return -1;
	}
	if (chown(c->socket_path, (uid_t)-1, gr->gr_gid) == -1) {
		snprintf(err, errsz, "chown %s to group %s: %s", c->socket_path,
		    c->socket_group, strerror(errno));
		return -1;
	}
	return 0;
}

int
listen_socket_open(const struct conf *c, char *err, size_t errsz)
{
	struct sockaddr_un sun;
	struct stat st;
	mode_t old;
	int fd;

	err[0] = '\0';
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", c->socket_path);
	if (lstat(c->socket_path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errsz, "%s exists and is not a socket", c->socket_path);
			return -1;
		}
		if (socket_in_use(&sun)) {
			snprintf(err, errsz, "%s: another server is answering on it", c->socket_path);
			return -1;
		}
		unlink(c->socket_path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		snprintf(err, errsz, "socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0177);	/* born 0600, widened only after chown */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, errsz, "bind %s: %s", c->socket_path, strerror(errno));
		umask(old);
		close(fd);
		return -1;
	}
	umask(old);
	if (set_group(c, err, errsz) == -1 || chmod(c->socket_path, c->socket_mode) == -1 ||
	    listen(fd, c->backlog) == -1) {
		if (err[0] == '\0')
			snprintf(err, errsz, "%s: %s", c->socket_path, strerror(errno));
		close(fd);
		unlink(c->socket_path);
		return -1;
	}
	/* Workers inherit it through fork; exec never happens. */
	fcntl(fd, F_SETFD, 0);
	return fd;
}
