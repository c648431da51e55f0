/* display.c: owns how dates, times and person names are shown to the
 * signed-in user (display.h). Time zones come from the system's tz
 * database: the worker points TZ at the user's zone when it first needs
 * it in a request and leaves it there (glibc re-reads a zone file only
 * when TZ changes, so the common case, the same zone as the request
 * before, costs nothing). Nothing else in a worker uses local time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "display.h"
#include "handler.h"

#define ZONE_MAX 64

static const char *const months_en[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

bool
display_zone_valid(const char *name)
{
	char path[128];
	struct stat st;
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len >= ZONE_MAX || name[0] == '/' || strstr(name, "..") != NULL)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || strchr("_-+/", name[i]) != NULL))
			return false;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Points the process's local time at the user's zone (UTC when none or
 * unknown). */
static void
enter_zone(const struct ctx *ctx)
{
	const char *want = ctx->time_zone != NULL && ctx->time_zone[0] != '\0' ? ctx->time_zone : "UTC";
	const char *now = getenv("TZ");

	if (now != NULL && strcmp(now, want) == 0)
		return;
	if (!display_zone_valid(want))
		want = "UTC";
	setenv("TZ", want, 1);
	tzset();
}

/* "YYYY-MM-DD[ T]HH:MM[:SS...]" into tm (UTC fields). 0 or -1. */
static int
parse_datetime(const char *s, struct tm *tm)
{
	int y, mo, d, h, mi, sec = 0, n = 0;
	char sep;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
	    (sep != ' ' && sep != 'T'))
		return -1;
	if (s[n] == ':' && sscanf(s + n + 1, "%2d", &sec) != 1)
		return -1;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    h < 0 || mi < 0 || sec < 0)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900, tm->tm_mon = mo - 1, tm->tm_mday = d;
	tm->tm_hour = h, tm->tm_min = mi, tm->tm_sec = sec;
	return 0;
}

static const char *
format_date(struct ctx *ctx, int year, int mon, int mday)
{
	if (ctx->lang == LANG_ZH_CN)
		return arena_printf(ctx->req->arena, "%d\u5e74%d\u6708%d\u65e5", year, mon + 1, mday);
	return arena_printf(ctx->req->arena, "%d %s %d", mday, months_en[mon], year);
}

/* The UTC instant s converted into the user's local time. 0 or -1. */
static int
local_of(struct ctx *ctx, const char *s, struct tm *local)
{
	struct tm utc;
	time_t t;

	if (parse_datetime(s, &utc) == -1 || (t = timegm(&utc)) == (time_t)-1)
		return -1;
	enter_zone(ctx);
	return localtime_r(&t, local) != NULL ? 0 : -1;
}

const char *
display_datetime(struct ctx *ctx, const char *utc)
{
	struct tm tm;
	const char *day;

	if (utc == NULL || utc[0] == '\0')
		return "";
	if (local_of(ctx, utc, &tm) == -1)
		return utc;
	day = format_date(ctx, tm.tm_year + 1900, tm.tm_mon, tm.tm_mday);
	return arena_printf(ctx->req->arena, ctx->lang == LANG_ZH_CN ? "%s %02d:%02d" : "%s, %02d:%02d",
	    day, tm.tm_hour, tm.tm_min);
}

const char *
display_date(struct ctx *ctx, const char *ymd)
{
	int y, mo, d;

	if (ymd == NULL || ymd[0] == '\0')
		return "";
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return ymd;
	return format_date(ctx, y, mo - 1, d);
}

const char *
display_datetime_input(struct ctx *ctx, const char *utc)
{
	struct tm tm;

	if (utc == NULL || local_of(ctx, utc, &tm) == -1)
		return "";
	return arena_printf(ctx->req->arena, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

int
display_input_to_utc(struct ctx *ctx, const char *local, char out[20])
{
	struct tm tm, back;
	time_t t;

	if (parse_datetime(local, &tm) == -1)
		return -1;
	enter_zone(ctx);
	tm.tm_isdst = -1;
	back = tm;
	if ((t = mktime(&back)) == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		return -1;
	return strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 19 ? 0 : -1;
}

/* True when s is non-empty and every character is a CJK ideograph
 * (U+3400..U+9FFF, U+F900..U+FAFF: three bytes each in UTF-8). */
static bool
all_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0')
		return false;
	while (*p != '\0') {
		unsigned cp;

		if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return false;
		cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		if (!((cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff)))
			return false;
		p += 3;
	}
	return true;
}

const char *
display_person(struct ctx *ctx, const char *given, const char *family)
{
	bool has_given = given != NULL && given[0] != '\0';
	bool has_family = family != NULL && family[0] != '\0';

	if (!has_given || !has_family)
		return has_given ? given : has_family ? family : "";
	if (ctx->lang == LANG_ZH_CN)
		return arena_printf(ctx->req->arena, all_cjk(given) && all_cjk(family) ? "%s%s" : "%s %s",
		    family, given);
	return arena_printf(ctx->req->arena, "%s %s", given, family);
}

/* The first day (local midnight) of the period holding tm, moved by
 * offset periods, as a time_t. */
static time_t
period_start(struct tm tm, enum display_period p, int offset)
{
	tm.tm_hour = 0, tm.tm_min = 0, tm.tm_sec = 0, tm.tm_isdst = -1;
	switch (p) {
	case PERIOD_DAY:
		tm.tm_mday += offset;
		break;
	case PERIOD_MONTH:
		tm.tm_mday = 1, tm.tm_mon += offset;
		break;
	case PERIOD_QUARTER:
		tm.tm_mday = 1, tm.tm_mon = tm.tm_mon / 3 * 3 + 3 * offset;
		break;
	}
	return mktime(&tm);
}

static void
utc_text(time_t t, char out[20])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) != 19)
		out[0] = '\0';
}

int
display_period_utc(struct ctx *ctx, time_t now, enum display_period p, int offset,
    char start[20], char end[20])
{
	struct tm local;
	time_t a, b;

	enter_zone(ctx);
	if (localtime_r(&now, &local) == NULL)
		return -1;
	if ((a = period_start(local, p, offset)) == (time_t)-1 ||
	    (b = period_start(local, p, offset + 1)) == (time_t)-1)
		return -1;
	utc_text(a, start);
	utc_text(b, end);
	return 0;
}
