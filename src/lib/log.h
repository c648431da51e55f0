/* log.h: the process-wide log API (levels, syslog or stderr, request context). */
#ifndef CRM_LOG_H
#define CRM_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_NOTICE,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL__MAX
};

/* Returns the level named by name, or -1 when the name is unknown. */
int log_level_from_name(const char *name);
const char *log_level_name(enum log_level level);

/* Opens the log for program ident; to_syslog adds a syslog copy of
 * every line (stderr is always written). */
void log_open(const char *ident, enum log_level level, bool to_syslog);
void log_set_level(enum log_level level);

/* Request context added to every line until cleared: request id,
 * client address and user (any may be NULL). Strings are copied. */
void log_set_context(const char *request_id, const char *client, const char *user);
void log_clear_context(void);

void log_msg(enum log_level level, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Escapes control characters and non-UTF-8 bytes of untrusted input into
 * out (size outsz, always terminated), truncating with "..." so a value
 * from a request can neither forge a log line nor flood the log. */
const char *log_escape(char *out, unsigned outsz, const char *in);

#define crm_err(...)    log_msg(LOG_LEVEL_ERROR, __func__, __VA_ARGS__)
#define crm_warnx(...)  log_msg(LOG_LEVEL_WARNING, __func__, __VA_ARGS__)
#define crm_notice(...) log_msg(LOG_LEVEL_NOTICE, __func__, __VA_ARGS__)
#define crm_info(...)   log_msg(LOG_LEVEL_INFO, __func__, __VA_ARGS__)
#define crm_debug(...)  log_msg(LOG_LEVEL_DEBUG, __func__, __VA_ARGS__)
/* crm_warn appends strerror(errno). */
void log_warn_errno(const char *func, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define crm_warn(...)   log_warn_errno(__func__, __VA_ARGS__)
/* fatal logs at error level and exits with status 1. */
void log_fatal(const char *func, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
#define fatal(...)      log_fatal(__func__, __VA_ARGS__)

#endif
