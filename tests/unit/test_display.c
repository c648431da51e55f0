/* test_display.c: dates in the user's zone and language, names in the
 * language's order, periods of the user's calendar (display.h). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "display.h"
#include "handler.h"
#include "tap.h"

static struct arena a;
static struct request req;
static struct ctx ctx;

static void
as(enum lang l, const char *zone)
{
	ctx.lang = l;
	ctx.time_zone = zone;
}

static void
dates(void)
{
	char utc[20];

	as(LANG_EN, NULL);
	ok(strcmp(display_datetime(&ctx, "2026-12-10 10:00:00"), "10 Dec 2026, 10:00") == 0, "en, UTC");
	as(LANG_ZH_CN, "Asia/Shanghai");
	ok(strcmp(display_datetime(&ctx, "2026-12-10T10:00"), "2026\u5e7412\u670810\u65e5 18:00") == 0,
	    "zh-CN in Shanghai: %s", display_datetime(&ctx, "2026-12-10T10:00"));
	as(LANG_EN, "America/New_York");
	ok(strcmp(display_datetime(&ctx, "2026-07-01 03:30:00"), "30 Jun 2026, 23:30") == 0,
	    "summer time crosses the day: %s", display_datetime(&ctx, "2026-07-01 03:30:00"));
	ok(strcmp(display_datetime_input(&ctx, "2026-12-10 10:00:00"), "2026-12-10T05:00") == 0, "input value");
	ok(display_input_to_utc(&ctx, "2026-12-10T05:00", utc) == 0 && strcmp(utc, "2026-12-10 10:00:00") == 0,
	    "input back to UTC: %s", utc);
	ok(display_input_to_utc(&ctx, "tomorrow", utc) == -1, "not a time");
	ok(strcmp(display_datetime(&ctx, "soon"), "soon") == 0, "other text as given");
	ok(strcmp(display_datetime(&ctx, NULL), "") == 0, "none");
	as(LANG_EN, "../../etc/passwd");
	ok(strcmp(display_datetime(&ctx, "2026-12-10 10:00"), "10 Dec 2026, 10:00") == 0, "a bad zone is UTC");
	ok(!display_zone_valid("../etc") && !display_zone_valid("") && display_zone_valid("Europe/Berlin"),
	    "zone names");
	as(LANG_ZH_CN, NULL);
	ok(strcmp(display_date(&ctx, "2027-01-31"), "2027\u5e741\u670831\u65e5") == 0, "a date in zh-CN");
}

static void
names(void)
{
	as(LANG_ZH_CN, NULL);
	ok(strcmp(display_person(&ctx, "\u5c0f\u660e", "\u738b"), "\u738b\u5c0f\u660e") == 0, "family first, no space");
	ok(strcmp(display_person(&ctx, "Ada", "Lovelace"), "Lovelace Ada") == 0, "latin in zh-CN: a space");
	as(LANG_EN, NULL);
	ok(strcmp(display_person(&ctx, "\u5c0f\u660e", "\u738b"), "\u5c0f\u660e \u738b") == 0, "en: given first");
	ok(strcmp(display_person(&ctx, NULL, "Lovelace"), "Lovelace") == 0, "one part");
}

static void
periods(void)
{
	char s[20], e[20];
	time_t now = 1796904000;	/* 2026-12-10 12:00:00 UTC */

	as(LANG_EN, "Asia/Shanghai");
	ok(display_period_utc(&ctx, now, PERIOD_DAY, 0, s, e) == 0 && strcmp(s, "2026-12-09 16:00:00") == 0 &&
	    strcmp(e, "2026-12-10 16:00:00") == 0, "today in Shanghai: %s..%s", s, e);
	ok(display_period_utc(&ctx, now, PERIOD_QUARTER, -1, s, e) == 0 && strcmp(s, "2026-06-30 16:00:00") == 0 &&
	    strcmp(e, "2026-09-30 16:00:00") == 0, "last quarter: %s..%s", s, e);
	as(LANG_EN, NULL);
	ok(display_period_utc(&ctx, now, PERIOD_MONTH, 1, s, e) == 0 && strcmp(s, "2027-01-01 00:00:00") == 0 &&
	    strcmp(e, "2027-02-01 00:00:00") == 0, "next month: %s..%s", s, e);
}

int
main(void)
{
	arena_init(&a);
	req.arena = &a;
	ctx.req = &req;
	dates();
	names();
	periods();
	arena_reset(&a);
	return tap_done();
}
