/* log.c: owns the log sink. Lines go to stderr (and syslog when asked),
 * prefixed with level, function and the current request's context; values
 * that came from a request are escaped with log_escape() by the caller. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *const level_names[LOG_LEVEL__MAX] = {
	"error", "warning", "notice", "info", "debug"
};
static const int level_syslog[LOG_LEVEL__MAX] = {
	LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG
};

static enum log_level current_level = LOG_LEVEL_INFO;
static bool use_syslog;
static char ident_buf[32] = "crm";
static char context[256];

int
log_level_from_name(const char *name)
{
	for (int i = 0; i < LOG_LEVEL__MAX; i++)
		if (strcmp(name, level_names[i]) == 0)
			return i;
	return -1;
}

const char *
log_level_name(enum log_level level)
{
	return level < LOG_LEVEL__MAX ? level_names[level] : "?";
}

void
log_open(const char *ident, enum log_level level, bool to_syslog)
{
	snprintf(ident_buf, sizeof(ident_buf), "%s", ident);
	current_level = level;
	if (use_syslog && !to_syslog)
		closelog();
	use_syslog = to_syslog;
	if (use_syslog)
		openlog(ident_buf, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_set_level(enum log_level level)
{
	current_level = level;
}

void
log_set_context(const char *request_id, const char *client, const char *user)
{
	char c[96], u[96];

	snprintf(context, sizeof(context), " [req=%s client=%s user=%s]",
	    request_id ? request_id : "-",
	    client ? log_escape(c, sizeof(c), client) : "-",
	    user ? log_escape(u, sizeof(u), user) : "-");
}

void
log_clear_context(void)
{
	context[0] = '\0';
}

static void log_vemit(enum log_level, const char *, const char *,
    const char *, va_list) __attribute__((format(printf, 4, 0)));

static void
log_vemit(enum log_level level, const char *func, const char *suffix,
    const char *fmt, va_list ap)
{
	char msg[2048];
	char stamp[32];
	struct timespec ts;
	struct tm tm;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ %s[%ld] %s: %s: %s%s%s\n", stamp,
	    ts.tv_nsec / 1000000L, ident_buf, (long)getpid(),
	    level_names[level], func, msg, suffix, context);
	if (use_syslog)
		syslog(level_syslog[level], "%s: %s: %s%s%s", level_names[level],
		    func, msg, suffix, context);
}

void
log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	va_list ap;

	if (level > current_level)
		return;
	va_start(ap, fmt);
	log_vemit(level, func, "", fmt, ap);
	va_end(ap);
}

void
log_warn_errno(const char *func, const char *fmt, ...)
{
	char suffix[160];
	va_list ap;
	int saved = errno;

	if (LOG_LEVEL_WARNING > current_level)
		return;
	snprintf(suffix, sizeof(suffix), ": %s", strerror(saved));
	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_WARNING, func, suffix, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_fatal(const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vemit(LOG_LEVEL_ERROR, func, "", fmt, ap);
	va_end(ap);
	exit(1);
}

const char *
log_escape(char *out, unsigned outsz, const char *in)
{
	static const char hex[] = "0123456789abcdef";
	unsigned o = 0;

	if (outsz == 0)
		return out;
	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		unsigned need = (*p < 0x20 || *p >= 0x7f || *p == '\\') ? 4 : 1;
		if (o + need + 4 > outsz) {
			if (o + 4 <= outsz)
				memcpy(out + o, "...", 3), o += 3;
			break;
		}
		if (need == 1) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	return out;
}
