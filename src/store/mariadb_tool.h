/* mariadb_tool.h: running MariaDB's own client programs (mariadb-dump,
 * mariadb, mariadb-binlog) as the [database] admin account, for backups
 * and restores. The account's connection settings (and password, when it
 * has one) go in a private defaults file, never on a command line. */
#ifndef CRM_MARIADB_TOOL_H
#define CRM_MARIADB_TOOL_H

#include <sys/types.h>

#include "conf.h"

struct mariadb_tool {
	pid_t pid;
	int in;			/* write end of the tool's stdin, or -1 */
	int out;		/* read end of its stdout, or -1 */
	char defaults[4096];	/* the defaults file, removed by mariadb_tool_wait */
};

/* Starts program with args (NULL-terminated, after the defaults file
 * option), connected as the admin account of c, to socket (NULL: c's).
 * with_stdin/with_stdout: pipes; otherwise /dev/null and inherited
 * stdout. stderr is inherited. 0 or -1 with a message in err. */
int mariadb_tool_start(struct mariadb_tool *t, const struct conf *c, const char *socket,
    const char *program, const char *const args[], int with_stdin, int with_stdout,
    char *err, size_t errlen);

/* Closes the pipes still open, waits; the exit status (0 success), or -1
 * when killed by a signal. Removes the defaults file. */
int mariadb_tool_wait(struct mariadb_tool *t);

/* Writes all of buf to fd; 0 or -1 (errno). */
int write_all(int fd, const void *buf, size_t n);

#endif
