/* audit_syslog.c: owns the syslog copy of the audit trail: one line per
 * committed record, facility authpriv, level info, ident crm-audit, in
 * the RFC 3164 form glibc's syslog() sends, written to a unix datagram
 * socket ([audit] syslog_socket). libc's syslog() cannot be pointed at
 * another socket and is the [log] copy's already. Lines wait in a
 * per-process queue until the transaction commits; a rollback drops them.
 * Sending never blocks: when the socket is missing or full the line is
 * counted as dropped and the first failure is logged once. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit_syslog.h"
#include "log.h"

#define QUEUE_MAX 64		/* records in one transaction worth a copy */
#define LINE_MAX_BYTES 4096

static bool enabled;
static char sock_path[108];
static int fd = -1;
static char *queue[QUEUE_MAX];
static size_t queued;
static unsigned long dropped;
static bool warned;

void
audit_syslog_configure(bool on, const char *path)
{
	enabled = on && path != NULL && strlen(path) < sizeof(sock_path);
	if (enabled && strcmp(sock_path, path) != 0) {
		snprintf(sock_path, sizeof(sock_path), "%s", path);
		if (fd != -1)
			close(fd);
		fd = -1;
	}
}

unsigned long
audit_syslog_dropped(void)
{
	return dropped;
}

/* Appends key="value" with value escaped; returns the new length. */
static size_t
put_pair(char *out, size_t o, size_t sz, const char *key, const char *v)
{
	o += (size_t)snprintf(out + o, o < sz ? sz - o : 0, "%s%s=\"", o ? " " : "", key);
	for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p && o + 6 < sz; p++) {
		if (*p == '"' || *p == '\\') {
			out[o++] = '\\';
			out[o++] = (char)*p;
		} else if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(out + o, sz - o, "\\x%02x", *p);
		else
			out[o++] = (char)*p;
	}
	if (o + 2 < sz)
		out[o++] = '"';
	out[o < sz ? o : sz - 1] = '\0';
	return o < sz ? o : sz - 1;
}

char *
audit_syslog_format(const struct audit_record *r, char *out, size_t outsz)
{
	char num[32], mac[2 * AUDIT_MAC_BYTES + 1];
	size_t o = 0;

	out[0] = '\0';
	snprintf(num, sizeof(num), "%llu", r->seq);
	o = put_pair(out, o, outsz, "seq", num);
	snprintf(num, sizeof(num), "%u", r->chain);
	o = put_pair(out, o, outsz, "chain", num);
	snprintf(num, sizeof(num), "%llu", r->chain_seq);
	o = put_pair(out, o, outsz, "chain_seq", num);
	o = put_pair(out, o, outsz, "at", r->at);
	snprintf(num, sizeof(num), "%lld", r->actor_id);
	o = put_pair(out, o, outsz, "actor_id", r->actor_id > 0 ? num : "");
	o = put_pair(out, o, outsz, "actor", r->actor);
	o = put_pair(out, o, outsz, "roles", r->roles);
	o = put_pair(out, o, outsz, "ip", r->ip);
	o = put_pair(out, o, outsz, "request_id", r->request_id);
	o = put_pair(out, o, outsz, "action", r->action);
	o = put_pair(out, o, outsz, "object_type", r->object_type);
	o = put_pair(out, o, outsz, "object_id", r->object_id);
	o = put_pair(out, o, outsz, "outcome", r->outcome);
	snprintf(num, sizeof(num), "%lld", r->items);
	o = put_pair(out, o, outsz, "items", num);
	o = put_pair(out, o, outsz, "user_agent", r->user_agent);
	for (int i = 0; i < AUDIT_MAC_BYTES; i++)
		snprintf(mac + 2 * i, 3, "%02x", r->mac[i]);
	put_pair(out, o, outsz, "mac", mac);
	return out;
}

void
audit_syslog_queue(const struct audit_record *r)
{
	char line[LINE_MAX_BYTES];

	if (!enabled)
		return;
	if (queued == QUEUE_MAX) {
		dropped++;
		return;
	}
	if ((queue[queued] = strdup(audit_syslog_format(r, line, sizeof(line)))) != NULL)
		queued++;
}

static void
discard(void)
{
	for (size_t i = 0; i < queued; i++)
		free(queue[i]);
	queued = 0;
}

static int
open_socket(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memcpy(sun.sun_path, sock_path, strlen(sock_path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int e = errno;
		close(fd);
		fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

/* Sends one datagram; reconnects once (syslogd restarted). 0 or -1. */
static int
send_line(const char *msg)
{
	char head[64], buf[LINE_MAX_BYTES + 128];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	/* UTC, not local time: a worker switches its TZ to the signed-in
	 * user's zone to show dates (display.c), which must not move the
	 * stamps of the audit copies. */
	gmtime_r(&now, &tm);
	strftime(head, sizeof(head), "%b %e %H:%M:%S", &tm);
	n = snprintf(buf, sizeof(buf), "<%d>%s crm-audit[%ld]: %s", LOG_AUTHPRIV | LOG_INFO,
	    head, (long)getpid(), msg);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (fd == -1 && open_socket() == -1)
			return -1;
		if (send(fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL) == n)
			return 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			return -1;	/* full: never block a request */
		close(fd);
		fd = -1;
	}
	return -1;
}

static void
flush(void)
{
	for (size_t i = 0; i < queued; i++) {
		if (send_line(queue[i]) == 0)
			continue;
		dropped++;
		if (!warned) {
			crm_warnx("audit syslog copy: cannot send to %s (%s); the records are in "
			    "the database, further failures are only counted", sock_path, strerror(errno));
			warned = true;
		}
	}
	discard();
}

void
audit_syslog_tx(enum db_tx_event ev)
{
	if (ev == DB_TX_COMMIT)
		flush();
	else
		discard();
}
