/* restriction.c: owns per-role sign-in restrictions: the grammar of the
 * "allowed networks" and "allowed hours" texts an admin types, the checks
 * made at sign-in and on every request, and the canonical text shown back.
 *
 * The input is untrusted admin text, so every loop is bounded by its
 * length (at most RESTRICTION_TEXT_MAX bytes), control characters other
 * than line breaks and tabs are refused, and error messages quote the bad
 * entry only after replacing anything but printable ASCII and truncating
 * it. Addresses are parsed by inet_pton only: it accepts exactly the
 * standard textual forms. Checks fail closed: an address or offset that
 * cannot be understood is never allowed when a restriction exists. */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "restriction.h"

#define QUOTE_MAX	48	/* bytes of a bad entry quoted in a message */
#define ENTRY_MAX	64	/* longest network entry: 45-byte address + "/128" fits */

static const unsigned char v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
static const char *const day_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static void fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail_entry(char *err, size_t errsz, const char *kind, const char *s, size_t l,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errsz == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Writes s[0..l) into q (QUOTE_MAX + 4 bytes) as printable ASCII, with
 * "..." when cut, so a message never carries markup-breaking bytes that
 * the caller did not expect or a whole 4000-byte paste. */
static void
quote(char q[QUOTE_MAX + 4], const char *s, size_t l)
{
	size_t i, m = l > QUOTE_MAX ? QUOTE_MAX : l;

	for (i = 0; i < m; i++) {
		unsigned char c = (unsigned char)s[i];

		q[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (m < l) {
		memcpy(q + i, "...", 3);
		i += 3;
	}
	q[i] = '\0';
}

/* err = <kind> "<entry>": <detail>. */
static void
fail_entry(char *err, size_t errsz, const char *kind, const char *s, size_t l,
    const char *fmt, ...)
{
	char q[QUOTE_MAX + 4], detail[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	quote(q, s, l);
	fail(err, errsz, "%s \"%s\": %s", kind, q, detail);
}

/* Checks the length and the bytes of a whole text; 0 or -1 with err. */
static int
check_text(const char *text, size_t *len, char *err, size_t errsz)
{
	size_t i, l;

	if (text == NULL) {
		*len = 0;
		return 0;
	}
	l = strnlen(text, RESTRICTION_TEXT_MAX + 1);
	if (l > RESTRICTION_TEXT_MAX) {
		fail(err, errsz, "the text is too long (more than %d bytes)", RESTRICTION_TEXT_MAX);
		return -1;
	}
	for (i = 0; i < l; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
			fail(err, errsz, "the text contains a control character (byte %zu)", i + 1);
			return -1;
		}
	}
	*len = l;
	return 0;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A bounded text being built in an arena buffer: appends never write past
 * sz - 1 and a cut shows as a shorter text, never as an overrun. */
struct textbuf {
	char *s;
	size_t sz, off;
};

static void appendf(struct textbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
appendf(struct textbuf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->off + 1 >= b->sz)
		return;
	va_start(ap, fmt);
	r = vsnprintf(b->s + b->off, b->sz - b->off, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	b->off += (size_t)r;
	if (b->off > b->sz - 1)
		b->off = b->sz - 1;
}

/* ---- networks ---- */

static bool
net_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* True when no bit at or beyond prefix is set in addr[0..bytes). */
static bool
host_bits_clear(const unsigned char *addr, int bytes, int prefix)
{
	for (int i = prefix / 8; i < bytes; i++) {
		int keep = prefix - i * 8;	/* leading bits of this byte in the prefix */
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));

		if ((addr[i] & (unsigned char)~mask) != 0)
			return false;
	}
	return true;
}

static void
clear_host_bits(unsigned char *addr, int bytes, int prefix)
{
	for (int i = prefix / 8; i < bytes; i++) {
		int keep = prefix - i * 8;
		unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));

		addr[i] &= mask;
	}
}

/* True when the first prefix bits of a and b agree. */
static bool
prefix_match(const unsigned char *a, const unsigned char *b, int prefix)
{
	int full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ b[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* Parses an address (no prefix) with inet_pton into family and addr[16],
 * an IPv4-mapped IPv6 address becoming IPv4. *mapped tells which. */
static bool
parse_addr(const char *s, int *family, unsigned char addr[16], bool *mapped)
{
	unsigned char b[16];

	memset(addr, 0, 16);
	*mapped = false;
	if (inet_pton(AF_INET, s, b) == 1) {
		*family = AF_INET;
		memcpy(addr, b, 4);
		return true;
	}
	if (inet_pton(AF_INET6, s, b) != 1)
		return false;
	if (memcmp(b, v4_mapped, sizeof(v4_mapped)) == 0) {
		*family = AF_INET;
		memcpy(addr, b + 12, 4);
		*mapped = true;
	} else {
		*family = AF_INET6;
		memcpy(addr, b, 16);
	}
	return true;
}

static int
parse_net(const char *s, size_t l, struct net_rule *r, char *err, size_t errsz)
{
	char buf[ENTRY_MAX + 1], suggest[INET6_ADDRSTRLEN];
	char *slash;
	int prefix = -1, maxp;
	bool mapped;

	if (l > ENTRY_MAX) {
		fail_entry(err, errsz, "network", s, l, "too long to be an address or a CIDR block");
		return -1;
	}
	memcpy(buf, s, l);
	buf[l] = '\0';
	if ((slash = strchr(buf, '/')) != NULL) {
		const char *d = slash + 1;
		size_t nd = strlen(d);

		if (nd == 0 || nd > 3 || strspn(d, "0123456789") != nd) {
			fail_entry(err, errsz, "network", s, l,
			    "the prefix length after '/' must be a number from 0 to 32 (IPv4) or 128 (IPv6)");
			return -1;
		}
		prefix = 0;
		for (size_t i = 0; i < nd; i++)
			prefix = prefix * 10 + (d[i] - '0');
		*slash = '\0';
	}
	memset(r, 0, sizeof(*r));
	if (!parse_addr(buf, &r->family, r->addr, &mapped)) {
		fail_entry(err, errsz, "network", s, l, "not an IPv4 or IPv6 address%s",
		    slash != NULL ? " with a prefix length" : "");
		return -1;
	}
	if (mapped && prefix >= 0) {
		if (prefix < 96 || prefix > 128) {
			fail_entry(err, errsz, "network", s, l,
			    "an IPv4-mapped block needs a prefix length from 96 to 128");
			return -1;
		}
		prefix -= 96;
	}
	maxp = r->family == AF_INET ? 32 : 128;
	if (prefix < 0)
		prefix = maxp;
	if (prefix > maxp) {
		fail_entry(err, errsz, "network", s, l, "the prefix length /%d is longer than %d",
		    prefix, maxp);
		return -1;
	}
	r->prefix = prefix;
	if (!host_bits_clear(r->addr, maxp / 8, prefix)) {
		unsigned char net[16];

		memcpy(net, r->addr, sizeof(net));
		clear_host_bits(net, maxp / 8, prefix);
		if (inet_ntop(r->family, net, suggest, sizeof(suggest)) == NULL)
			suggest[0] = '\0';
		fail_entry(err, errsz, "network", s, l,
		    "has host bits set beyond /%d (the network is %s/%d)", prefix, suggest, prefix);
		return -1;
	}
	return 0;
}

int
restriction_parse_networks(const char *text, struct arena *a, struct net_rule **out,
    size_t *n, char *err, size_t errsz)
{
	struct net_rule tmp[RESTRICTION_NETS_MAX];
	size_t len, i = 0, cnt = 0;

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (check_text(text, &len, err, errsz) < 0)
		return -1;
	while (i < len) {
		size_t j;

		if (net_sep(text[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && !net_sep(text[j]); j++)
			;
		if (cnt == RESTRICTION_NETS_MAX) {
			fail_entry(err, errsz, "network", text + i, j - i,
			    "too many networks (at most %d)", RESTRICTION_NETS_MAX);
			return -1;
		}
		if (parse_net(text + i, j - i, &tmp[cnt], err, errsz) < 0)
			return -1;
		cnt++;
		i = j;
	}
	*n = cnt;
	*out = NULL;
	if (cnt > 0) {
		*out = arena_alloc(a, cnt * sizeof(**out));
		memcpy(*out, tmp, cnt * sizeof(**out));
	}
	return 0;
}

bool
restriction_ip_allowed(const struct net_rule *rules, size_t n, const char *ip)
{
	unsigned char addr[16];
	int family;
	bool mapped;

	if (n == 0)
		return true;
	if (rules == NULL || ip == NULL || strnlen(ip, INET6_ADDRSTRLEN) >= INET6_ADDRSTRLEN)
		return false;
	if (!parse_addr(ip, &family, addr, &mapped))
		return false;
	for (size_t i = 0; i < n; i++) {
		int maxp = rules[i].family == AF_INET ? 32 : 128;

		if (rules[i].family != family || rules[i].prefix < 0 || rules[i].prefix > maxp)
			continue;
		if (prefix_match(rules[i].addr, addr, rules[i].prefix))
			return true;
	}
	return false;
}

const char *
restriction_networks_text(struct arena *a, const struct net_rule *r, size_t n)
{
	/* ", <address>/<prefix>" per rule */
	const size_t per = INET6_ADDRSTRLEN + 8;
	char addr[INET6_ADDRSTRLEN];
	struct textbuf b;

	if (n == 0 || r == NULL)
		return arena_strdup(a, "");
	if (n > RESTRICTION_NETS_MAX)
		n = RESTRICTION_NETS_MAX;
	b.sz = n * per + 1;
	b.s = arena_alloc(a, b.sz);
	b.off = 0;
	for (size_t i = 0; i < n; i++) {
		int maxp = r[i].family == AF_INET ? 32 : 128;

		if ((r[i].family != AF_INET && r[i].family != AF_INET6) ||
		    inet_ntop(r[i].family, r[i].addr, addr, sizeof(addr)) == NULL)
			snprintf(addr, sizeof(addr), "?");
		appendf(&b, "%s%s", i > 0 ? ", " : "", addr);
		if (r[i].prefix != maxp)
			appendf(&b, "/%d", r[i].prefix);
	}
	return b.s;
}

/* ---- hours ---- */

/* Reads a day name (or "daily") at s[*i..l): 0..6 for a day, 7 for daily,
 * -1 when there is no word or it is not a day name. */
static int
read_day(const char *s, size_t l, size_t *i)
{
	char w[8];
	size_t k = 0;

	while (*i < l && is_alpha(s[*i])) {
		if (k == sizeof(w) - 1)
			return -1;
		w[k++] = (char)(s[*i] | 0x20);	/* ASCII letter to lower case */
		(*i)++;
	}
	w[k] = '\0';
	if (k == 0)
		return -1;
	if (strcmp(w, "daily") == 0)
		return 7;
	for (int d = 0; d < 7; d++)
		if (strcmp(w, day_names[d]) == 0)
			return d;
	return -1;
}

static void
skip_blanks(const char *s, size_t l, size_t *i)
{
	while (*i < l && is_blank(s[*i]))
		(*i)++;
}

/* Reads H:MM or HH:MM at s[*i..l) into minutes (24:00 gives 1440);
 * -1 when it is not a valid time. */
static int
read_time(const char *s, size_t l, size_t *i)
{
	int h = 0, m;
	size_t k = 0;

	while (*i < l && is_digit(s[*i])) {
		if (++k > 2)
			return -1;
		h = h * 10 + (s[(*i)++] - '0');
	}
	if (k == 0 || *i >= l || s[*i] != ':')
		return -1;
	(*i)++;
	if (*i + 2 > l || !is_digit(s[*i]) || !is_digit(s[*i + 1]))
		return -1;
	m = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
	*i += 2;
	if (*i < l && is_digit(s[*i]))
		return -1;
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

#define BAD_DAYS "must start with days: mon..sun, a range like mon-fri, a list like mon,wed,fri, or daily"
#define BAD_TIME "the times must be HH:MM-HH:MM (24-hour clock, 00:00 to 24:00)"

static int
parse_window(const char *s, size_t l, struct time_window *w, char *err, size_t errsz)
{
	size_t i = 0, mark;
	int d, e, start, end;

	memset(w, 0, sizeof(*w));
	for (;;) {	/* one day item per turn; each turn consumes input */
		skip_blanks(s, l, &i);
		if ((d = read_day(s, l, &i)) < 0) {
			fail_entry(err, errsz, "window", s, l, BAD_DAYS);
			return -1;
		}
		mark = i;
		skip_blanks(s, l, &i);
		if (i < l && s[i] == '-' && d != 7) {
			size_t j = i + 1;

			skip_blanks(s, l, &j);
			if (j < l && is_alpha(s[j])) {
				i = j;
				if ((e = read_day(s, l, &i)) < 0 || e == 7) {
					fail_entry(err, errsz, "window", s, l, BAD_DAYS);
					return -1;
				}
				if (e == d) {
					fail_entry(err, errsz, "window", s, l,
					    "the day range %s-%s starts and ends on the same day",
					    day_names[d], day_names[e]);
					return -1;
				}
				for (int k = d, steps = 0; steps < 7; k = (k + 1) % 7, steps++) {
					w->days |= (unsigned char)(1u << k);
					if (k == e)
						break;
				}
				mark = i;
				skip_blanks(s, l, &i);
			} else
				w->days |= (unsigned char)(1u << d);
		} else
			w->days |= d == 7 ? 0x7f : (unsigned char)(1u << d);
		if (i < l && s[i] == ',') {
			i++;
			continue;
		}
		i = mark;
		break;
	}
	if (i >= l || !is_blank(s[i])) {
		fail_entry(err, errsz, "window", s, l, "%s", i >= l ?
		    "the days must be followed by a time range such as 09:00-17:00" : BAD_DAYS);
		return -1;
	}
	skip_blanks(s, l, &i);
	start = read_time(s, l, &i);
	skip_blanks(s, l, &i);
	if (start < 0 || i >= l || s[i] != '-') {
		fail_entry(err, errsz, "window", s, l, BAD_TIME);
		return -1;
	}
	i++;
	skip_blanks(s, l, &i);
	end = read_time(s, l, &i);
	skip_blanks(s, l, &i);
	if (end < 0 || i != l) {
		fail_entry(err, errsz, "window", s, l, BAD_TIME);
		return -1;
	}
	if (start == 1440) {
		fail_entry(err, errsz, "window", s, l, "24:00 can only end a window");
		return -1;
	}
	if (end == start) {
		fail_entry(err, errsz, "window", s, l, "the window is empty (it starts when it ends)");
		return -1;
	}
	if (end == 0) {
		fail_entry(err, errsz, "window", s, l, "write 24:00 for midnight at the end of a day");
		return -1;
	}
	if (end < start) {
		fail_entry(err, errsz, "window", s, l,
		    "a window cannot cross midnight; write two windows, e.g. "
		    "\"mon 22:00-24:00; tue 00:00-06:00\"");
		return -1;
	}
	w->start_min = start;
	w->end_min = end;
	return 0;
}

int
restriction_parse_hours(const char *text, struct arena *a, struct time_window **out,
    size_t *n, char *err, size_t errsz)
{
	struct time_window tmp[RESTRICTION_WINDOWS_MAX];
	size_t len, i = 0, cnt = 0;

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	if (check_text(text, &len, err, errsz) < 0)
		return -1;
	while (i < len) {
		size_t j, b, e;

		for (j = i; j < len && text[j] != ';' && text[j] != '\n'; j++)
			;
		for (b = i; b < j && is_blank(text[b]); b++)
			;
		for (e = j; e > b && is_blank(text[e - 1]); e--)
			;
		i = j + 1;	/* past the separator, or past len at the end */
		if (b == e)
			continue;
		if (cnt == RESTRICTION_WINDOWS_MAX) {
			fail_entry(err, errsz, "window", text + b, e - b,
			    "too many windows (at most %d)", RESTRICTION_WINDOWS_MAX);
			return -1;
		}
		if (parse_window(text + b, e - b, &tmp[cnt], err, errsz) < 0)
			return -1;
		cnt++;
	}
	*n = cnt;
	*out = NULL;
	if (cnt > 0) {
		*out = arena_alloc(a, cnt * sizeof(**out));
		memcpy(*out, tmp, cnt * sizeof(**out));
	}
	return 0;
}

bool
restriction_time_allowed(const struct time_window *w, size_t n, time_t now, int tz_offset_min)
{
	long long t = (long long)now, days, sec;
	int wday, minute;

	if (n == 0)
		return true;
	if (w == NULL || tz_offset_min > RESTRICTION_TZ_MAX_MIN ||
	    tz_offset_min < -RESTRICTION_TZ_MAX_MIN)
		return false;
	/* Split before shifting so that no sum can overflow. */
	days = t / 86400;
	sec = t % 86400;
	if (sec < 0) {
		sec += 86400;
		days--;
	}
	sec += (long long)tz_offset_min * 60;
	if (sec < 0) {
		sec += 86400;
		days--;
	} else if (sec >= 86400) {
		sec -= 86400;
		days++;
	}
	wday = (int)((days % 7 + 7 + 3) % 7);	/* 1970-01-01 was a Thursday; 0 = Monday */
	minute = (int)(sec / 60);
	for (size_t i = 0; i < n; i++)
		if ((w[i].days & (1u << wday)) != 0 && minute >= w[i].start_min &&
		    minute < w[i].end_min)
			return true;
	return false;
}

/* Appends the days of mask from Monday on, runs of three or more days as
 * ranges; a run through Sunday and Monday is written first and whole, so
 * it reads "fri-mon" rather than "mon,fri-sun". */
static void
days_text(struct textbuf *b, unsigned char mask)
{
	int first = 0;
	bool any = false;

	mask &= 0x7f;
	if (mask == 0x7f) {
		appendf(b, "daily");
		return;
	}
	if (mask == 0) {
		appendf(b, "?");
		return;
	}
	/* Not all days are set, so this stops within 6 steps. */
	while ((mask & (1u << first)) != 0 && (mask & (1u << ((first + 6) % 7))) != 0)
		first = (first + 6) % 7;
	for (int k = 0; k < 7; k++) {
		int d = (first + k) % 7, len = 0;

		if ((mask & (1u << d)) == 0)
			continue;
		while (k + len < 7 && (mask & (1u << ((d + len) % 7))) != 0)
			len++;
		if (len >= 3)
			appendf(b, "%s%s-%s", any ? "," : "", day_names[d],
			    day_names[(d + len - 1) % 7]);
		else
			for (int j = 0; j < len; j++)
				appendf(b, "%s%s", any || j > 0 ? "," : "", day_names[(d + j) % 7]);
		any = true;
		k += len - 1;
	}
}

const char *
restriction_hours_text(struct arena *a, const struct time_window *w, size_t n)
{
	/* "; " + days (at most 7 * 4 bytes) + " HH:MM-HH:MM" per window */
	const size_t per = 48;
	struct textbuf b;

	if (n == 0 || w == NULL)
		return arena_strdup(a, "");
	if (n > RESTRICTION_WINDOWS_MAX)
		n = RESTRICTION_WINDOWS_MAX;
	b.sz = n * per + 1;
	b.s = arena_alloc(a, b.sz);
	b.off = 0;
	for (size_t i = 0; i < n; i++) {
		int st = w[i].start_min, en = w[i].end_min;

		if (st < 0 || st > 1440 || en < 0 || en > 1440)
			st = en = 0;
		if (i > 0)
			appendf(&b, "; ");
		days_text(&b, w[i].days);
		appendf(&b, " %02d:%02d-%02d:%02d", st / 60, st % 60, en / 60, en % 60);
	}
	return b.s;
}
