/* restriction.h: per-role sign-in restrictions (allowed client networks,
 * allowed hours and weekdays): parsing the admin's text, checking a client
 * address or a moment against them, and the canonical text to show.
 * Pure: no clock, no I/O, memory only from the caller's arena. */
#ifndef CRM_RESTRICTION_H
#define CRM_RESTRICTION_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "arena.h"

#define RESTRICTION_TEXT_MAX	4000	/* bytes of admin text accepted */
#define RESTRICTION_NETS_MAX	64
#define RESTRICTION_WINDOWS_MAX	32
#define RESTRICTION_TZ_MAX_MIN	(24 * 60)	/* |tz_offset_min| beyond this is refused */

/* One allowed network. An IPv4-mapped IPv6 entry is stored as AF_INET.
 * addr holds 4 (AF_INET) or 16 (AF_INET6) bytes, the rest zero, and no
 * bit is set beyond prefix. */
struct net_rule {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix;		/* 0..32 or 0..128 */
};

/* One allowed window of local time: the days it applies to and a span of
 * minutes within each of those days. It never crosses midnight. */
struct time_window {
	unsigned char days;	/* bit 0 = Monday ... bit 6 = Sunday, never 0 */
	int start_min, end_min;	/* 0 <= start_min < end_min <= 1440 */
};

/* Parses CIDR blocks or single addresses separated by commas, blanks or
 * newlines, e.g. "10.0.0.0/8, 192.168.1.7 2001:db8::/32". A single address
 * is a /32 or /128. Empty or blank text means "no restriction" (*n = 0,
 * *out = NULL). Duplicates are kept. At most RESTRICTION_NETS_MAX entries.
 * Returns 0, or -1 with an English message in err (naming the bad entry,
 * quoted and truncated, always NUL-terminated within errsz) and *out,
 * *n untouched. *out is allocated from a. */
int restriction_parse_networks(const char *text, struct arena *a,
    struct net_rule **out, size_t *n, char *err, size_t errsz);

/* Parses windows separated by ';' or newlines, each "<days> HH:MM-HH:MM":
 * "mon-fri 07:00-19:00; sat 09:00-13:00". Days are mon..sun (any case),
 * ranges ("mon-fri", or wrapping "fri-mon"), lists ("mon,wed,fri", items
 * may be ranges) or "daily". Hours may have one or two digits ("7:00" is
 * "07:00"), minutes exactly two; "24:00" is allowed as an end only. A
 * window crossing midnight is refused (write two windows). Empty text
 * means "no restriction". At most RESTRICTION_WINDOWS_MAX windows.
 * Returns 0, or -1 with err as for restriction_parse_networks. */
int restriction_parse_hours(const char *text, struct arena *a,
    struct time_window **out, size_t *n, char *err, size_t errsz);

/* True when n == 0 or ip (REMOTE_ADDR text: dotted IPv4, IPv6 or
 * IPv4-mapped IPv6, no port, no zone) lies in one of the rules. An
 * unparsable ip (or NULL) is allowed only when n == 0. An IPv4 client is
 * matched against IPv4 rules only, an IPv6 client against IPv6 rules. */
bool restriction_ip_allowed(const struct net_rule *rules, size_t n, const char *ip);

/* True when n == 0 or the local time (now shifted by tz_offset_min
 * minutes east of UTC) lies in one window: start inclusive, end
 * exclusive. An offset beyond RESTRICTION_TZ_MAX_MIN is refused (false
 * unless n == 0). */
bool restriction_time_allowed(const struct time_window *w, size_t n, time_t now,
    int tz_offset_min);

/* Canonical text, allocated from a, that the parsers read back to the
 * same rules: "10.0.0.0/8, 192.168.1.7, 2001:db8::/32" (single hosts
 * without a prefix) and "mon-fri 07:00-19:00; sat,sun 09:00-13:00"; ""
 * when n == 0. */
const char *restriction_networks_text(struct arena *a, const struct net_rule *r, size_t n);
const char *restriction_hours_text(struct arena *a, const struct time_window *w, size_t n);

#endif
