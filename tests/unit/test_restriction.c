/* test_restriction.c: tests the per-role sign-in restrictions: the
 * network list (IPv4, IPv6, IPv4-mapped, prefix edges, host bits,
 * garbage, limits), the hours grammar (ranges, wrapping ranges, lists,
 * daily, 24:00, bad times, overnight windows, limits), the checks at
 * window edges and across time-zone offsets, and that the canonical text
 * parses back to the same rules.
 *
 * Decided here: "7:00" is accepted (one-digit hours), "07:5" and "007:00"
 * are not; "mon-mon" is refused as ambiguous; "22:00-00:00" is refused
 * with a hint to write 24:00. */
#include "config.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "arena.h"
#include "restriction.h"
#include "tap.h"

/* 2024-01-01 00:00:00 UTC, a Monday. */
#define MONDAY 1704067200LL
#define AT(day, hh, mm) ((time_t)(MONDAY + (day) * 86400LL + (hh) * 3600LL + (mm) * 60LL))

static struct arena A;

static bool
nets_ok(const char *text, size_t want_n)
{
	struct net_rule *r = NULL;
	size_t n = 99;
	char err[200];

	return restriction_parse_networks(text, &A, &r, &n, err, sizeof(err)) == 0 && n == want_n;
}

/* Parses text expecting failure, with err containing want. */
static bool
nets_bad(const char *text, const char *want)
{
	struct net_rule *r = NULL;
	size_t n = 99;
	char err[200] = "";
	int rc = restriction_parse_networks(text, &A, &r, &n, err, sizeof(err));

	if (rc == 0 || n != 99 || strstr(err, want) == NULL) {
		printf("# networks %s: rc %d, err \"%s\"\n", text, rc, err);
		return false;
	}
	return true;
}

static bool
ip_in(const char *nets, const char *ip)
{
	struct net_rule *r;
	size_t n;
	char err[200];

	if (restriction_parse_networks(nets, &A, &r, &n, err, sizeof(err)) != 0) {
		printf("# unexpected error: %s\n", err);
		return false;
	}
	return restriction_ip_allowed(r, n, ip);
}

static bool
nets_same(const struct net_rule *a, size_t na, const struct net_rule *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].family != b[i].family || a[i].prefix != b[i].prefix ||
		    memcmp(a[i].addr, b[i].addr, 16) != 0)
			return false;
	return true;
}

/* The canonical text of text is want, and parses back to the same rules. */
static bool
nets_text(const char *text, const char *want)
{
	struct net_rule *r, *r2;
	size_t n, n2;
	char err[200];
	const char *t;

	if (restriction_parse_networks(text, &A, &r, &n, err, sizeof(err)) != 0)
		return false;
	t = restriction_networks_text(&A, r, n);
	if (strcmp(t, want) != 0) {
		printf("# got \"%s\"\n", t);
		return false;
	}
	return restriction_parse_networks(t, &A, &r2, &n2, err, sizeof(err)) == 0 &&
	    nets_same(r, n, r2, n2);
}

static void
test_networks_parse(void)
{
	struct net_rule *r = NULL;
	size_t n = 99;
	char err[200], big[5000];

	ok(nets_ok("", 0), "empty network list is no restriction");
	ok(nets_ok(" \t\r\n , ,\n", 0), "blank network list is no restriction");
	ok(restriction_parse_networks(NULL, &A, &r, &n, err, sizeof(err)) == 0 && n == 0 && r == NULL,
	    "NULL network list is no restriction");
	ok(nets_ok("10.0.0.0/8, 192.168.1.7 2001:db8::/32", 3), "the example parses to 3 rules");
	ok(nets_ok("10.0.0.0/8,10.0.0.0/8\n10.0.0.0/8", 3), "duplicates are kept");
	ok(nets_ok("0.0.0.0/0", 1) && nets_ok("::/0", 1), "/0 for both families");
	ok(nets_ok("1.2.3.4/32", 1) && nets_ok("2001:db8::1/128", 1), "/32 and /128");
	ok(nets_ok("10.0.0.0/08", 1), "a prefix with a leading zero is read as decimal");

	restriction_parse_networks("::ffff:10.0.0.1", &A, &r, &n, err, sizeof(err));
	ok(n == 1 && r[0].family == AF_INET && r[0].prefix == 32 && r[0].addr[0] == 10 &&
	    r[0].addr[3] == 1 && r[0].addr[4] == 0, "an IPv4-mapped address is taken as IPv4 /32");
	restriction_parse_networks("::ffff:10.0.0.0/104", &A, &r, &n, err, sizeof(err));
	ok(n == 1 && r[0].family == AF_INET && r[0].prefix == 8, "::ffff:10.0.0.0/104 is 10.0.0.0/8");
	restriction_parse_networks("2001:db8::/32", &A, &r, &n, err, sizeof(err));
	ok(n == 1 && r[0].family == AF_INET6 && r[0].prefix == 32 && r[0].addr[0] == 0x20 &&
	    r[0].addr[1] == 0x01 && r[0].addr[2] == 0x0d && r[0].addr[3] == 0xb8, "IPv6 bytes and prefix");

	ok(nets_bad("10.1.2.3/8", "\"10.1.2.3/8\"") && nets_bad("10.1.2.3/8", "10.0.0.0/8"),
	    "host bits are refused, naming the entry and the network");
	ok(nets_bad("10.0.0.0/8, 2001:db8::1/32", "\"2001:db8::1/32\": has host bits set"),
	    "IPv6 host bits are refused, naming the second entry");
	ok(nets_bad("0.0.0.1/0", "host bits set beyond /0"), "host bits with /0");
	ok(nets_bad("1.2.3.4/33", "/33 is longer than 32"), "/33 refused");
	ok(nets_bad("::/129", "/129 is longer than 128"), "/129 refused");
	ok(nets_bad("::ffff:10.0.0.0/95", "IPv4-mapped"), "a mapped block shorter than /96 is refused");
	ok(nets_bad("10.0.0.0/", "prefix length"), "empty prefix refused");
	ok(nets_bad("10.0.0.0/-8", "prefix length"), "negative prefix refused");
	ok(nets_bad("10.0.0.0/+8", "prefix length"), "signed prefix refused");
	ok(nets_bad("10.0.0.0/8/8", "prefix length"), "two prefixes refused");
	ok(nets_bad("10.0.0.0/0008", "prefix length"), "four-digit prefix refused");
	ok(nets_bad("/8", "not an IPv4 or IPv6 address"), "prefix without address refused");
	ok(nets_bad("10.0.0", "\"10.0.0\": not an IPv4"), "short dotted quad refused");
	ok(nets_bad("10.0.0.256", "not an IPv4"), "octet 256 refused");
	ok(nets_bad("0x0a.0.0.1", "not an IPv4"), "hex octet refused");
	ok(nets_bad("10.0.0.0;8", "not an IPv4"), "semicolon is not a separator");
	ok(nets_bad("fe80::1%eth0", "not an IPv4"), "zone refused");
	ok(nets_bad("example.com", "\"example.com\""), "host name refused");
	ok(nets_bad("1.2.3.4, garbage, 5.6.7.8", "\"garbage\""), "the bad entry is the one named");
	ok(nets_bad("10.0.0.0/8\x01", "control character"), "control character refused");
	ok(nets_bad("10.0.0.0/8\x7f", "control character"), "DEL refused");
	ok(nets_bad("caf\xc3\xa9", "\"caf??\""), "non-ASCII bytes are not echoed");
	memset(big, 'a', 300);
	big[300] = '\0';
	ok(nets_bad(big, "too long") && nets_bad(big, "aaa...\""), "an overlong entry is quoted truncated");

	{
		char list[2000] = "";
		size_t off = 0;

		for (int i = 0; i < 64; i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "10.0.%d.0/24 ", i);
		ok(nets_ok(list, 64), "64 networks are accepted");
		snprintf(list + off, sizeof(list) - off, "10.1.0.0/16");
		ok(nets_bad(list, "at most 64"), "65 networks are refused");
	}
	memset(big, ' ', 4000);
	big[4000] = '\0';
	ok(nets_ok(big, 0), "4000 blanks are accepted");
	big[4000] = ' ';
	big[4001] = '\0';
	ok(nets_bad(big, "too long"), "4001 bytes are refused");

	{
		char tiny[12];

		ok(restriction_parse_networks("nonsense-entry", &A, &r, &n, tiny, sizeof(tiny)) == -1 &&
		    strlen(tiny) == sizeof(tiny) - 1, "the message is cut to errsz");
		ok(restriction_parse_networks("nonsense", &A, &r, &n, NULL, 0) == -1,
		    "a NULL err buffer is allowed");
	}
}

static void
test_networks_match(void)
{
	ok(ip_in("", "10.0.0.1") && ip_in("", "garbage") && ip_in("", ""),
	    "no rules allow everything, even garbage");
	ok(restriction_ip_allowed(NULL, 0, NULL), "no rules allow a missing address");
	ok(ip_in("10.0.0.0/8", "10.255.255.255") && ip_in("10.0.0.0/8", "10.0.0.0"),
	    "10.0.0.0/8 edges are inside");
	ok(!ip_in("10.0.0.0/8", "11.0.0.0") && !ip_in("10.0.0.0/8", "9.255.255.255"),
	    "10.0.0.0/8 neighbours are outside");
	ok(ip_in("192.168.1.7", "192.168.1.7") && !ip_in("192.168.1.7", "192.168.1.8"),
	    "a single address is a /32");
	ok(ip_in("192.168.1.0/25", "192.168.1.127") && !ip_in("192.168.1.0/25", "192.168.1.128"),
	    "a prefix not on a byte boundary");
	ok(ip_in("0.0.0.0/0", "1.2.3.4") && ip_in("0.0.0.0/0", "255.255.255.255"), "/0 allows all IPv4");
	ok(!ip_in("0.0.0.0/0", "::1"), "an IPv4 /0 does not allow IPv6");
	ok(ip_in("::/0", "2001:db8::1") && !ip_in("::/0", "10.0.0.1"), "::/0 allows IPv6 only");
	ok(ip_in("10.0.0.0/8", "::ffff:10.1.2.3"), "a mapped client matches an IPv4 rule");
	ok(ip_in("::ffff:10.0.0.0/104", "10.9.9.9"), "an IPv4 client matches a mapped rule");
	ok(ip_in("2001:db8::/32", "2001:db8:ffff::1") && !ip_in("2001:db8::/32", "2001:db9::1"),
	    "IPv6 /32");
	ok(ip_in("2001:db8::1", "2001:0db8:0:0::1") && !ip_in("2001:db8::1", "2001:db8::2"),
	    "a single IPv6 address is a /128, in any spelling");
	ok(ip_in("2001:db8::/33", "2001:db8:7fff::1") && !ip_in("2001:db8::/33", "2001:db8:8000::1"),
	    "IPv6 prefix not on a byte boundary");
	ok(ip_in("1.1.1.1, 10.0.0.0/8", "10.2.3.4"), "any rule may match");
	ok(!ip_in("10.0.0.0/8", "") && !ip_in("10.0.0.0/8", "garbage") &&
	    !ip_in("10.0.0.0/8", "10.0.0.1:443") && !ip_in("10.0.0.0/8", " 10.0.0.1") &&
	    !ip_in("10.0.0.0/8", "10.0.0.1/32") && !ip_in("0.0.0.0/0", "fe80::1%eth0"),
	    "unparsable client addresses are never allowed");
	ok(!restriction_ip_allowed(NULL, 1, "10.0.0.1"), "NULL rules with n > 0 refuse");
	{
		struct net_rule *r;
		size_t n;
		char err[200];

		restriction_parse_networks("10.0.0.0/8", &A, &r, &n, err, sizeof(err));
		ok(!restriction_ip_allowed(r, n, NULL), "a NULL client address is refused");
		ok(!restriction_ip_allowed(r, n,
		    "0000:0000:0000:0000:0000:ffff:10.0.0.1.......................................") &&
		    restriction_ip_allowed(r, n, "0000:0000:0000:0000:0000:ffff:10.0.0.1"),
		    "the longest address form is read, longer text is not");
	}
}

static void
test_networks_text(void)
{
	ok(nets_text("", ""), "no rules: empty text");
	ok(nets_text("10.0.0.0/8, 2001:db8::/32", "10.0.0.0/8, 2001:db8::/32"), "the example is canonical");
	ok(nets_text("  10.0.0.0/8\r\n2001:0DB8:0000::/32,,192.168.1.7/32",
	    "10.0.0.0/8, 2001:db8::/32, 192.168.1.7"), "blanks, case, zeros and /32 are normalised");
	ok(nets_text("::ffff:10.0.0.1, ::ffff:10.0.0.0/104, 2001:db8::1/128",
	    "10.0.0.1, 10.0.0.0/8, 2001:db8::1"), "mapped entries are written as IPv4");
	ok(nets_text("0.0.0.0/0 ::/0", "0.0.0.0/0, ::/0"), "/0 round trip");
	ok(nets_text("1.2.3.4 1.2.3.4", "1.2.3.4, 1.2.3.4"), "duplicates round trip");
}

static bool
hours_ok(const char *text, size_t want_n)
{
	struct time_window *w = NULL;
	size_t n = 99;
	char err[200];
	int rc = restriction_parse_hours(text, &A, &w, &n, err, sizeof(err));

	if (rc != 0 || n != want_n) {
		printf("# hours \"%s\": rc %d n %zu err \"%s\"\n", text, rc, n, err);
		return false;
	}
	return true;
}

static bool
hours_bad(const char *text, const char *want)
{
	struct time_window *w = NULL;
	size_t n = 99;
	char err[300] = "";
	int rc = restriction_parse_hours(text, &A, &w, &n, err, sizeof(err));

	if (rc == 0 || n != 99 || strstr(err, want) == NULL) {
		printf("# hours \"%s\": rc %d, err \"%s\"\n", text, rc, err);
		return false;
	}
	return true;
}

/* text parses to one window with these days and minutes. */
static bool
hours_one(const char *text, unsigned char days, int start, int end)
{
	struct time_window *w;
	size_t n;
	char err[200];

	if (restriction_parse_hours(text, &A, &w, &n, err, sizeof(err)) != 0 || n != 1) {
		printf("# hours \"%s\": %s\n", text, err);
		return false;
	}
	if (w[0].days != days || w[0].start_min != start || w[0].end_min != end) {
		printf("# hours \"%s\": days %#x %d-%d\n", text, w[0].days, w[0].start_min, w[0].end_min);
		return false;
	}
	return true;
}

static void
test_hours_parse(void)
{
	ok(hours_ok("", 0) && hours_ok(" ; \n\r\n;;\t", 0), "empty or blank hours are no restriction");
	ok(hours_ok("mon-fri 07:00-19:00; sat 09:00-13:00", 2), "the example parses to 2 windows");
	ok(hours_ok("mon-fri 07:00-19:00\r\nsat 09:00-13:00\n", 2), "windows on lines (CRLF)");
	ok(hours_one("mon-fri 07:00-19:00", 0x1f, 420, 1140), "mon-fri");
	ok(hours_one("fri-mon 08:00-09:00", 0x71, 480, 540), "fri-mon wraps");
	ok(hours_one("sun-mon 08:00-09:00", 0x41, 480, 540), "sun-mon wraps");
	ok(hours_one("tue-mon 08:00-09:00", 0x7f, 480, 540), "tue-mon is the whole week");
	ok(hours_one("mon,wed,fri 08:00-09:00", 0x15, 480, 540), "a list");
	ok(hours_one("Mon , WED,Fri 08:00-09:00", 0x15, 480, 540), "any case, blanks around commas");
	ok(hours_one("mon-wed,sat 08:00-09:00", 0x27, 480, 540), "a list with a range");
	ok(hours_one("mon - fri 08:00 - 09:00", 0x1f, 480, 540), "blanks around dashes");
	ok(hours_one("daily 00:00-24:00", 0x7f, 0, 1440), "daily, the whole day");
	ok(hours_one("DAILY 23:59-24:00", 0x7f, 1439, 1440), "the last minute");
	ok(hours_one("sun 7:00-9:30", 0x40, 420, 570), "one-digit hours are accepted");
	ok(hours_one("mon,mon 08:00-09:00", 0x01, 480, 540), "a repeated day is harmless");
	ok(hours_ok("mon 08:00-09:00; mon 08:00-09:00", 2), "duplicate windows are kept");

	ok(hours_bad("mon 25:00-26:00", "\"mon 25:00-26:00\": the times must be HH:MM"), "25:00 refused");
	ok(hours_bad("mon 07:60-08:00", "HH:MM"), "07:60 refused");
	ok(hours_bad("mon 07:5-08:00", "HH:MM"), "one-digit minutes refused");
	ok(hours_bad("mon 007:00-08:00", "HH:MM"), "three-digit hours refused");
	ok(hours_bad("mon 24:01-24:00", "HH:MM"), "24:01 refused");
	ok(hours_bad("mon 24:00-24:00", "24:00 can only end"), "24:00 as a start refused");
	ok(hours_bad("mon 08:00", "HH:MM"), "a single time refused");
	ok(hours_bad("mon 08:00-", "HH:MM"), "a missing end refused");
	ok(hours_bad("mon 8-9", "HH:MM"), "hours without minutes refused");
	ok(hours_bad("mon 08:00-09:00 10:00-11:00", "HH:MM"), "two ranges in one window refused");
	ok(hours_bad("mon 08h00-09:00", "HH:MM"), "08h00 refused");
	ok(hours_bad("mon 22:00-06:00", "write two windows"), "an overnight window is refused");
	ok(hours_bad("mon 22:00-00:00", "write 24:00"), "00:00 as an end is refused with a hint");
	ok(hours_bad("mon 09:00-09:00", "empty"), "an empty window is refused");
	ok(hours_bad("08:00-09:00", "must start with days"), "a window without days is refused");
	ok(hours_bad("monday 08:00-09:00", "\"monday 08:00-09:00\": must start with days"),
	    "full day names are refused");
	ok(hours_bad("mon-mon 08:00-09:00", "same day"), "mon-mon refused as ambiguous");
	ok(hours_bad("daily-fri 08:00-09:00", "must start with days"), "daily in a range refused");
	ok(hours_bad("mon-daily 08:00-09:00", "must start with days"), "daily ending a range refused");
	ok(hours_bad("mon, 08:00-09:00", "must start with days"), "a trailing comma refused");
	ok(hours_bad("mon-", "must start with days"), "a dangling dash refused");
	ok(hours_bad("mon", "followed by a time range"), "days without times refused");
	ok(hours_bad("mon09:00-10:00", "must start with days"), "days glued to times refused");
	ok(hours_bad("mon 08:00-09:00; xyz 08:00-09:00", "\"xyz 08:00-09:00\""),
	    "the bad window is the one named");
	ok(hours_bad("mon 08:00-09:00\x1b", "control character"), "control character refused");
	ok(hours_bad("mon,\xe2\x80\x8bwed 08:00-09:00", "?"), "non-ASCII refused");
	{
		char list[2000] = "";
		size_t off = 0;

		for (int i = 0; i < 32; i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "mon %02d:00-%02d:30; ",
			    i % 24, i % 24);
		ok(hours_ok(list, 32), "32 windows are accepted");
		snprintf(list + off, sizeof(list) - off, "tue 01:00-02:00");
		ok(hours_bad(list, "at most 32"), "33 windows are refused");
	}
	{
		char big[4100];

		memset(big, ';', 4001);
		big[4001] = '\0';
		ok(hours_bad(big, "too long"), "4001 bytes are refused");
		big[4000] = '\0';
		ok(hours_ok(big, 0), "4000 separators are accepted");
	}
}

static bool
at(const char *text, time_t t, int tz)
{
	struct time_window *w;
	size_t n;
	char err[200];

	if (restriction_parse_hours(text, &A, &w, &n, err, sizeof(err)) != 0) {
		printf("# unexpected error: %s\n", err);
		return false;
	}
	return restriction_time_allowed(w, n, t, tz);
}

static void
test_hours_match(void)
{
	const char *office = "mon-fri 07:00-19:00; sat 09:00-13:00";

	ok(at("", AT(0, 3, 0), 0) && at("", 0, 99999), "no windows allow any time, any offset");
	ok(at(office, AT(0, 7, 0), 0), "exactly at the start is allowed");
	ok(!at(office, AT(0, 6, 59), 0) && !at(office, AT(0, 7, 0) - 1, 0), "just before the start is refused");
	ok(at(office, AT(0, 18, 59), 0) && at(office, AT(0, 19, 0) - 1, 0), "the last second is allowed");
	ok(!at(office, AT(0, 19, 0), 0), "exactly at the end is refused");
	ok(at(office, AT(4, 12, 0), 0), "friday noon");
	ok(at(office, AT(5, 9, 0), 0) && !at(office, AT(5, 13, 0), 0), "saturday window edges");
	ok(!at(office, AT(6, 12, 0), 0), "sunday is refused");
	ok(at("sun 00:00-24:00", AT(6, 23, 59) + 59, 0) && !at("sun 00:00-24:00", AT(7, 0, 0), 0),
	    "24:00 ends at midnight; monday is not sunday");
	ok(at("fri-mon 10:00-11:00", AT(0, 10, 30), 0) && at("fri-mon 10:00-11:00", AT(6, 10, 30), 0) &&
	    !at("fri-mon 10:00-11:00", AT(2, 10, 30), 0), "a wrapping range on both ends, not midweek");
	ok(at("daily 10:00-11:00", AT(3, 10, 0), 0) && at("daily 10:00-11:00", AT(6, 10, 0), 0),
	    "daily");

	/* Offsets: the window is local time; now is UTC. */
	ok(at("mon 07:00-08:00", AT(0, 6, 0), 60), "UTC+1: 06:00 UTC is 07:00 local");
	ok(!at("mon 07:00-08:00", AT(0, 7, 0), 60), "UTC+1: 07:00 UTC is 08:00 local, the end");
	ok(at("mon 07:00-08:00", AT(0, 12, 0), -300), "UTC-5: 12:00 UTC is 07:00 local");
	ok(at("mon 05:30-06:00", AT(0, 0, 0), 330), "UTC+5:30 half-hour offset");
	ok(at("tue 01:00-02:00", AT(0, 23, 30), 120) && !at("mon 01:00-02:00", AT(0, 23, 30), 120),
	    "a positive offset moves into the next day");
	ok(at("sun 20:00-21:00", AT(0, 1, 0), -300) && !at("mon 20:00-21:00", AT(0, 1, 0), -300),
	    "a negative offset moves back to the previous day (across the week)");
	ok(at("mon 00:00-01:00", AT(6, 10, 0), 840), "UTC+14 from sunday to monday");
	ok(at("sun 12:00-13:00", AT(0, 0, 0), -720), "UTC-12 from monday to sunday");
	ok(!at("daily 00:00-24:00", AT(0, 0, 0), 1441) && !at("daily 00:00-24:00", AT(0, 0, 0), -1441),
	    "an offset beyond a day is refused");
	ok(at("daily 00:00-24:00", AT(0, 0, 0), 1440) && at("daily 00:00-24:00", AT(0, 0, 0), -1440),
	    "an offset of exactly a day is accepted");
	ok(at("thu 00:00-00:01", 0, 0) && at("wed 23:59-24:00", -1, 0),
	    "the epoch was a thursday; one second before, wednesday");
	ok(at("daily 00:00-24:00", (time_t)INT64_MAX, 1440) &&
	    at("daily 00:00-24:00", (time_t)INT64_MIN, -1440), "extreme times do not overflow");
	ok(!restriction_time_allowed(NULL, 1, AT(0, 0, 0), 0), "NULL windows with n > 0 refuse");
}

static bool
hours_same(const struct time_window *a, size_t na, const struct time_window *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].days != b[i].days || a[i].start_min != b[i].start_min ||
		    a[i].end_min != b[i].end_min)
			return false;
	return true;
}

static bool
hours_text(const char *text, const char *want)
{
	struct time_window *w, *w2;
	size_t n, n2;
	char err[200];
	const char *t;

	if (restriction_parse_hours(text, &A, &w, &n, err, sizeof(err)) != 0)
		return false;
	t = restriction_hours_text(&A, w, n);
	if (strcmp(t, want) != 0) {
		printf("# got \"%s\"\n", t);
		return false;
	}
	return restriction_parse_hours(t, &A, &w2, &n2, err, sizeof(err)) == 0 &&
	    hours_same(w, n, w2, n2);
}

static void
test_hours_text(void)
{
	ok(hours_text("", ""), "no windows: empty text");
	ok(hours_text("mon-fri 07:00-19:00; sat 09:00-13:00", "mon-fri 07:00-19:00; sat 09:00-13:00"),
	    "the example is canonical");
	ok(hours_text("MON - FRI 7:00 - 19:00\nsat 9:00-13:00;", "mon-fri 07:00-19:00; sat 09:00-13:00"),
	    "blanks, case, one-digit hours and separators are normalised");
	ok(hours_text("fri-mon 00:00-24:00", "fri-mon 00:00-24:00"), "a wrapping range stays one range");
	ok(hours_text("sat,sun 10:00-11:00", "sat,sun 10:00-11:00"), "two days stay a list");
	ok(hours_text("sun,mon 10:00-11:00", "sun,mon 10:00-11:00"), "two days across the week");
	ok(hours_text("mon,tue,wed 10:00-11:00", "mon-wed 10:00-11:00"), "three days become a range");
	ok(hours_text("mon-sun 10:00-11:00", "daily 10:00-11:00"), "the whole week is daily");
	ok(hours_text("wed,fri-mon 10:00-11:00", "fri-mon,wed 10:00-11:00"), "a wrapping range is written first");
	ok(hours_text("sat,sun,wed 10:00-11:00", "wed,sat,sun 10:00-11:00"), "days in week order from monday");
	ok(hours_text("mon,wed,fri,sun 10:00-11:00", "sun,mon,wed,fri 10:00-11:00"),
	    "sun and mon are adjacent");
	/* Every day set round-trips. */
	{
		int bad = 0;

		for (int m = 1; m < 128; m++) {
			struct time_window w = { (unsigned char)m, 60, 120 }, *w2;
			size_t n2;
			char err[200];
			const char *t = restriction_hours_text(&A, &w, 1);

			if (restriction_parse_hours(t, &A, &w2, &n2, err, sizeof(err)) != 0 ||
			    !hours_same(&w, 1, w2, n2)) {
				printf("# mask %#x: \"%s\" %s\n", m, t, err);
				bad++;
			}
		}
		ok(bad == 0, "all 127 day sets round-trip through text");
	}
}

int
main(void)
{
	arena_init(&A);
	test_networks_parse();
	test_networks_match();
	test_networks_text();
	test_hours_parse();
	test_hours_match();
	test_hours_text();
	arena_reset(&A);
	return tap_done();
}
