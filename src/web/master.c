/* master.c: owns the worker processes. The master binds the socket,
 * drops root, forks [server] workers and then only supervises:
 *   SIGCHLD  a worker died: start a replacement (slower if they crash
 *            straight after start, so a bad build cannot fork-bomb);
 *   SIGHUP   re-read the config; start a new generation of workers on
 *            the same socket, then ask the old one to finish and exit,
 *            so no request is refused during a reload;
 *   SIGTERM  ask every worker to finish its request and exit; after
 *   SIGINT   [server] drain_timeout, kill what is left; remove the socket.
 * Signals are taken synchronously with sigtimedwait, so no handler runs
 * in the master and its state needs no locking. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>

#include "audit_grants.h"
#include "listen_socket.h"
#include "log.h"
#include "master.h"
#include "privdrop.h"
#include "route.h"
#include "keyring.h"
#include "tmpl.h"
#include "worker.h"

#define MAX_WORKERS 512		/* two generations of the 256 allowed */

struct worker_slot {
	pid_t pid;
	unsigned generation;
	time_t started;
};

struct master {
	struct conf *conf;
	char *socket_path;	/* as bound at start: a reload cannot move it */
	char *pid_file;
	int listen_fd;
	unsigned generation;
	struct worker_slot slots[MAX_WORKERS];
	int quick_deaths;	/* consecutive workers that died within 2 s */
	time_t last_quick_death;
	time_t respawn_after;
	time_t stop_deadline;	/* 0: not stopping */
};

static int
count_generation(const struct master *m, unsigned gen)
{
	int n = 0;

	for (int i = 0; i < MAX_WORKERS; i++)
		n += m->slots[i].pid > 0 && m->slots[i].generation == gen;
	return n;
}

static int
count_all(const struct master *m)
{
	int n = 0;

	for (int i = 0; i < MAX_WORKERS; i++)
		n += m->slots[i].pid > 0;
	return n;
}

static void
spawn(struct master *m)
{
	int i;
	pid_t pid;

	for (i = 0; i < MAX_WORKERS && m->slots[i].pid > 0; i++)
		;
	if (i == MAX_WORKERS)
		return;
	if ((pid = fork()) == -1) {
		crm_warn("fork");
		return;
	}
	if (pid == 0)
		worker_main(m->conf, m->listen_fd);
	m->slots[i] = (struct worker_slot){ pid, m->generation, time(NULL) };
	crm_info("started worker %ld (generation %u)", (long)pid, m->generation);
}

static void
fill_generation(struct master *m)
{
	if (m->stop_deadline || time(NULL) < m->respawn_after)
		return;
	while (count_generation(m, m->generation) < m->conf->workers) {
		spawn(m);
		if (m->quick_deaths > 3)
			break;	/* one at a time while workers keep crashing */
	}
}

static void
signal_workers(struct master *m, int sig, bool old_only)
{
	for (int i = 0; i < MAX_WORKERS; i++)
		if (m->slots[i].pid > 0 && (!old_only || m->slots[i].generation != m->generation))
			kill(m->slots[i].pid, sig);
}

static void
reap(struct master *m)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < MAX_WORKERS; i++) {
			struct worker_slot *s = &m->slots[i];
			if (s->pid != pid)
				continue;
			s->pid = 0;
			if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0) {
				crm_warnx("worker %ld died (%s %d)", (long)pid,
				    WIFSIGNALED(status) ? "signal" : "exit status",
				    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
				if (time(NULL) - s->started < 2 && !m->stop_deadline) {
					m->quick_deaths++;
					m->last_quick_death = time(NULL);
					m->respawn_after = time(NULL) + (m->quick_deaths > 3 ? 1 : 0);
				} else
					m->quick_deaths = 0;
			} else
				crm_info("worker %ld exited", (long)pid);
		}
	}
}

static bool
same_string(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* SIGHUP: keep the socket and the user; take everything else anew. */
static void
reload(struct master *m)
{
	char err[512];
	struct conf *c = conf_load(m->conf->path, err, sizeof(err));

	if (c == NULL) {
		crm_err("reload refused, keeping the running config: %s", err);
		return;
	}
	conf_forget_admin_secret(c);
	if (strcmp(c->socket_path, m->socket_path) != 0 ||
	    c->socket_mode != m->conf->socket_mode || c->backlog != m->conf->backlog ||
	    !same_string(c->socket_group, m->conf->socket_group) ||
	    !same_string(c->pid_file, m->pid_file) ||
	    !same_string(c->user, m->conf->user) || c->log_syslog != m->conf->log_syslog)
		crm_warnx("[server] socket, socket_group, socket_mode, backlog, pid_file, "
		    "user and [log] syslog take effect only at restart");
	if (c->templates_dir == NULL || tmpl_load(c->templates_dir, err, sizeof(err)) == -1) {
		crm_err("reload refused, keeping the running templates: %s",
		    c->templates_dir ? err : "[server] templates is not set");
		conf_free(c);
		return;
	}
	if (c->keyring != NULL &&
	    keyring_load(c->keyring, c->unseal_file, getuid(), err, sizeof(err)) == -1) {
		crm_err("reload refused, keeping the running key ring: %s", err);
		conf_free(c);
		return;
	}
	log_set_level((enum log_level)c->log_level);
	conf_free(m->conf);
	m->conf = c;
	m->generation++;
	m->quick_deaths = 0;
	m->respawn_after = 0;
	crm_notice("reloaded %s: starting generation %u", c->path, m->generation);
	fill_generation(m);
	signal_workers(m, SIGTERM, true);
}

static void
begin_stop(struct master *m)
{
	if (m->stop_deadline)
		return;
	crm_notice("stopping: letting %d workers finish their requests", count_all(m));
	m->stop_deadline = time(NULL) + m->conf->drain_timeout;
	signal_workers(m, SIGTERM, false);
}

/* One turn of the loop: handle a signal (or a 1 s tick), then tidy up. */
static void
step(struct master *m, const sigset_t *set)
{
	struct timespec tick = { 1, 0 };
	int sig = sigtimedwait(set, NULL, &tick);

	if (sig == SIGCHLD)
		reap(m);
	else if (sig == SIGHUP && !m->stop_deadline)
		reload(m);
	else if (sig == SIGTERM || sig == SIGINT)
		begin_stop(m);
	reap(m);
	if (m->stop_deadline) {
		/* Re-signal: a worker between its stop check and accept() sleeps
		 * through the first SIGTERM. */
		signal_workers(m, time(NULL) >= m->stop_deadline ? SIGKILL : SIGTERM, false);
	} else {
		if (m->quick_deaths && time(NULL) - m->last_quick_death > 10)
			m->quick_deaths = 0;	/* workers stay up again */
		fill_generation(m);
		if (count_generation(m, m->generation) == m->conf->workers)
			signal_workers(m, SIGTERM, true);	/* stragglers of a reload */
	}
}

static void
write_pid_file(const char *path)
{
	FILE *f;

	if (path == NULL)
		return;
	if ((f = fopen(path, "we")) == NULL) {
		crm_warn("pid file %s", path);
		return;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

/* Refuses to start when the application account could rewrite the audit
 * trail. A database that is down now is checked by each worker when it
 * connects. */
static void
check_grants(const struct conf *c)
{
	char err[512];
	int rc = audit_grants_startup(c, err, sizeof(err));

	if (rc == -1) {
		unlink(c->socket_path);
		if (c->pid_file)
			unlink(c->pid_file);
		fatal("%s", err);
	}
	if (rc == -2)
		crm_warnx("%s; each worker checks when it connects", err);
}

int
master_run(struct conf *c)
{
	struct master m = { .conf = c, .generation = 1 };
	char err[512];
	sigset_t set;

	if (route_table_check() == -1)
		fatal("the route table is incomplete; refusing to start");
	if ((m.listen_fd = listen_socket_open(c, err, sizeof(err))) == -1)
		fatal("%s", err);
	if (privdrop(c->user, err, sizeof(err)) == -1) {
		unlink(c->socket_path);
		fatal("%s", err);
	}
	m.socket_path = strdup(c->socket_path);
	m.pid_file = c->pid_file ? strdup(c->pid_file) : NULL;
	if (m.socket_path == NULL || (c->pid_file && m.pid_file == NULL))
		fatal("out of memory");
	write_pid_file(c->pid_file);
	if (mysql_library_init(0, NULL, NULL))
		fatal("cannot initialise the MariaDB client library");
	check_grants(c);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	crm_notice("listening on %s with %d workers", c->socket_path, c->workers);
	fill_generation(&m);
	while (!m.stop_deadline || count_all(&m) > 0)
		step(&m, &set);
	unlink(m.socket_path);
	if (m.pid_file)
		unlink(m.pid_file);
	free(m.socket_path);
	free(m.pid_file);
	crm_notice("stopped");
	close(m.listen_fd);
	conf_free(m.conf);
	mysql_library_end();
	return 0;
}
