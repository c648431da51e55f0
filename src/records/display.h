/* display.h: how values are shown to the signed-in user. Dates and times
 * are stored in UTC; a page shows them in the user's time zone
 * (ctx->time_zone, an IANA name such as "Asia/Shanghai"; NULL or "" means
 * UTC) and in the format of the page's language (ctx->lang). Person names
 * are stored as given and family name and shown in the language's order.
 * Every page and part shows dates, times and names only through these
 * functions, so a user's choice reaches all of them. The strings returned
 * live in the request arena. */
#ifndef CRM_DISPLAY_H
#define CRM_DISPLAY_H

#include <stdbool.h>
#include <time.h>

struct ctx;

/* A UTC date and time ("YYYY-MM-DD HH:MM[:SS]" or with 'T') in the user's
 * zone and format: "10 Dec 2026, 18:00" (en), "2026年12月10日 18:00"
 * (zh-CN). NULL or "" gives ""; text that is not such a time is returned
 * as given. */
const char *display_datetime(struct ctx *ctx, const char *utc);

/* A calendar date ("YYYY-MM-DD", no zone: a close date, a birthday) in
 * the language's format: "10 Dec 2026", "2026年12月10日". A date and time
 * is cut to its date without zone conversion. Other text as given. */
const char *display_date(struct ctx *ctx, const char *ymd);

/* A UTC date and time as the value of an <input type="datetime-local">
 * in the user's zone: "YYYY-MM-DDTHH:MM". "" for NULL or unparsable. */
const char *display_datetime_input(struct ctx *ctx, const char *utc);

/* The reverse: a local "YYYY-MM-DDTHH:MM" typed by the user, in their
 * zone, as UTC "YYYY-MM-DD HH:MM:00" into out. 0, or -1 when it is not
 * such a time. */
int display_input_to_utc(struct ctx *ctx, const char *local, char out[20]);

/* A person's name in the language's order: "Xiaoming Wang" (en),
 * "王小明" (zh-CN: family name first, no space when both parts are
 * written in CJK characters, else a space). A missing part is left out. */
const char *display_person(struct ctx *ctx, const char *given, const char *family);

enum display_period { PERIOD_DAY, PERIOD_MONTH, PERIOD_QUARTER };

/* The period of the user's calendar that holds now, moved by offset
 * periods (-1: the one before), as UTC bounds [start, end) in
 * "YYYY-MM-DD HH:MM:SS" form, for queries such as "due today" or "won
 * this quarter". 0 or -1. */
int display_period_utc(struct ctx *ctx, time_t now, enum display_period p, int offset,
    char start[20], char end[20]);

/* True when name is a time zone this machine knows (a file under
 * /usr/share/zoneinfo named with letters, digits, '_', '-', '+', '/'
 * and no "..") */
bool display_zone_valid(const char *name);

#endif
