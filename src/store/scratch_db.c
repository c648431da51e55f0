/* scratch_db.c: owns the restore drill's throwaway MariaDB server
 * (scratch_db.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "mariadb_tool.h"
#include "scratch_db.h"

extern char **environ;

/* Writes text to dir/name with mode. */
static int
put(const struct scratch_db *s, const char *name, const char *text, mode_t mode)
{
	char path[512];
	int fd, rc;

	snprintf(path, sizeof(path), "%.3900s/%s", s->dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) == -1)
		return -1;
	rc = write_all(fd, text, strlen(text));
	return close(fd) == 0 ? rc : -1;
}

/* my.cnf and a random data-at-rest key (plain key file: it lives and
 * dies with the scratch directory). */
static int
write_config(const struct scratch_db *s, const char *user)
{
	unsigned char key[32];
	char cnf[4096], keyline[80];
	int rc;

	if (RAND_priv_bytes(key, sizeof(key)) != 1)
		return -1;
	strcpy(keyline, "1;");
	for (int i = 0; i < 32; i++)
		snprintf(keyline + 2 + 2 * i, 3, "%02x", key[i]);
	strcat(keyline, "\n");
	OPENSSL_cleanse(key, sizeof(key));
	snprintf(cnf, sizeof(cnf), "[mariadbd]\nuser = %s\ndatadir = %s/data\nsocket = %s\n"
	    "pid-file = %s/mariadb.pid\ntmpdir = %s/tmp\nlog-error = %s/error.log\nskip-networking\n"
	    "character-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci\n"
	    "innodb_buffer_pool_size = 64M\nplugin_load_add = file_key_management\n"
	    "file_key_management_filename = %s/keyfile\nfile_key_management_encryption_algorithm = AES_CTR\n"
	    "innodb_encrypt_tables = FORCE\ninnodb_encrypt_log = ON\ninnodb_encrypt_temporary_tables = ON\n"
	    "encrypt_tmp_files = ON\nencrypt_tmp_disk_tables = ON\naria_encrypt_tables = ON\n"
	    "enforce_storage_engine = InnoDB\n", user, s->dir, s->socket, s->dir, s->dir, s->dir, s->dir);
	rc = put(s, "keyfile", keyline, 0600) == 0 && put(s, "my.cnf", cnf, 0644) == 0 ? 0 : -1;
	OPENSSL_cleanse(keyline, sizeof(keyline));
	return rc;
}

/* Runs argv with stdout and stderr appended to dir/log; waits when wait. */
static pid_t
run(const struct scratch_db *s, const char *const argv[], const char *log, int wait)
{
	posix_spawn_file_actions_t fa;
	char path[512];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%.3900s/%s", s->dir, log);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	errno = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno != 0)
		return -1;
	if (!wait)
		return pid;
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
answers(const char *socket_path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), ok;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", socket_path);
	ok = fd != -1 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	if (fd != -1)
		close(fd);
	return ok;
}

/* Makes dir and its subdirectories, owned by the server's user. */
static int
make_dirs(struct scratch_db *s, const struct passwd *pw)
{
	char sub[300];

	snprintf(s->dir, sizeof(s->dir), "/tmp/crm-drill.XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->socket, sizeof(s->socket), "%s/mariadb.sock", s->dir);
	for (int i = 0; i < 2; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", s->dir, i ? "tmp" : "data");
		if (mkdir(sub, 0700) == -1 || (pw && chown(sub, pw->pw_uid, pw->pw_gid) == -1))
			return -1;
	}
	return pw && chown(s->dir, pw->pw_uid, pw->pw_gid) == -1 ? -1 : 0;
}

int
scratch_db_start(struct scratch_db *s, char *err, size_t errlen)
{
	const struct passwd *pw = geteuid() == 0 ? getpwnam("mysql") : NULL;
	char cnf[320], keyfile[320];
	const char *install[] = { "mariadb-install-db", cnf, "--auth-root-authentication-method=socket", NULL };
	const char *server[] = { "mariadbd", cnf, NULL };

	memset(s, 0, sizeof(*s));
	if (make_dirs(s, pw) == -1 || write_config(s, pw ? "mysql" : getpwuid(geteuid())->pw_name) == -1) {
		snprintf(err, errlen, "cannot prepare a scratch server in %.150s: %.150s", s->dir, strerror(errno));
		return -1;
	}
	snprintf(cnf, sizeof(cnf), "--defaults-file=%s/my.cnf", s->dir);
	snprintf(keyfile, sizeof(keyfile), "%s/keyfile", s->dir);
	if (pw != NULL && chown(keyfile, pw->pw_uid, pw->pw_gid) == -1) {
		snprintf(err, errlen, "cannot hand the scratch key to mysql: %.150s", strerror(errno));
		return -1;
	}
	if (run(s, install, "install.log", 1) != 0) {
		snprintf(err, errlen, "mariadb-install-db failed for the scratch server (%.150s/install.log)", s->dir);
		return -1;
	}
	if ((s->pid = run(s, server, "server.log", 0)) <= 0) {
		snprintf(err, errlen, "cannot start mariadbd: %.150s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < 600 && !answers(s->socket); i++) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			break;
		}
		nanosleep(&ts, NULL);
	}
	if (s->pid <= 0 || !answers(s->socket)) {
		snprintf(err, errlen, "the scratch server did not start (%.150s/error.log)", s->dir);
		return -1;
	}
	return 0;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	return remove(path);
}

void
scratch_db_stop(struct scratch_db *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		while (waitpid(s->pid, NULL, 0) == -1 && errno == EINTR)
			;
		s->pid = 0;
	}
	if (s->dir[0] != '\0' && strncmp(s->dir, "/tmp/crm-drill.", 15) == 0)
		nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	s->dir[0] = '\0';
}
