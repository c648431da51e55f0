/* mariadb_tool.c: owns starting MariaDB's client programs for crmctl's
 * backup and restore commands (mariadb_tool.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mariadb_tool.h"

extern char **environ;

int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The private defaults file (mode 0600): [client] with the admin account
 * and where to reach the server (socket, or TCP with TLS verified). */
static int
write_defaults(struct mariadb_tool *t, const struct conf *c, const char *socket)
{
	char text[2048];
	int fd, n, rc;
	bool tcp = c->db_host != NULL && socket == NULL;

	snprintf(t->defaults, sizeof(t->defaults), "/tmp/crmctl-client.XXXXXX");
	if ((fd = mkstemp(t->defaults)) == -1)
		return -1;
	if (tcp)
		n = snprintf(text, sizeof(text), "[client]\nuser=%s\nhost=%s\nport=%d\nprotocol=TCP\n"
		    "ssl-ca=%s\nssl-verify-server-cert\n", c->db_admin_user ? c->db_admin_user : "root",
		    c->db_host, c->db_port, c->db_tls_ca ? c->db_tls_ca : "");
	else
		n = snprintf(text, sizeof(text), "[client]\nuser=%s\nsocket=%s\n",
		    c->db_admin_user ? c->db_admin_user : "root", socket ? socket : c->db_socket ? c->db_socket : "");
	rc = n > 0 && (size_t)n < sizeof(text) ? write_all(fd, text, (size_t)n) : -1;
	if (rc == 0 && c->db_admin_password != NULL) {
		n = snprintf(text, sizeof(text), "password=%s\n", c->db_admin_password);
		rc = n > 0 && (size_t)n < sizeof(text) ? write_all(fd, text, (size_t)n) : -1;
	}
	explicit_bzero(text, sizeof(text));
	return close(fd) == 0 && rc == 0 ? 0 : -1;
}

int
mariadb_tool_start(struct mariadb_tool *t, const struct conf *c, const char *socket,
    const char *program, const char *const args[], int with_stdin, int with_stdout,
    char *err, size_t errlen)
{
	const char *argv[64];
	char opt[4200];
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, n = 0;
	posix_spawn_file_actions_t fa;

	memset(t, 0, sizeof(*t));
	t->in = t->out = -1;
	if (write_defaults(t, c, socket) == -1) {
		snprintf(err, errlen, "cannot write a client defaults file: %s", strerror(errno));
		return -1;
	}
	snprintf(opt, sizeof(opt), "--defaults-file=%s", t->defaults);
	argv[n++] = program;
	argv[n++] = opt;
	for (int i = 0; args[i] != NULL && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if ((with_stdin && pipe2(in, O_CLOEXEC) == -1) || (with_stdout && pipe2(out, O_CLOEXEC) == -1)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		unlink(t->defaults);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	if (with_stdin)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (with_stdout)
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	errno = posix_spawnp(&t->pid, program, &fa, NULL, (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (in[0] != -1)
		close(in[0]);
	if (out[1] != -1)
		close(out[1]);
	t->in = in[1];
	t->out = out[0];
	if (errno != 0) {
		snprintf(err, errlen, "cannot run %s: %s (is the MariaDB client installed?)", program,
		    strerror(errno));
		mariadb_tool_wait(t);
		return -1;
	}
	return 0;
}

int
mariadb_tool_wait(struct mariadb_tool *t)
{
	int status = 0;

	if (t->in != -1)
		close(t->in);
	if (t->out != -1)
		close(t->out);
	t->in = t->out = -1;
	if (t->pid > 0)
		while (waitpid(t->pid, &status, 0) == -1 && errno == EINTR)
			;
	if (t->defaults[0])
		unlink(t->defaults);
	t->defaults[0] = '\0';
	if (t->pid <= 0)
		return -1;
	t->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
