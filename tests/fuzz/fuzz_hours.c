/* fuzz_hours.c: fuzzes restriction_parse_hours on arbitrary text: no
 * crash; accepted windows are well formed; the canonical form parses
 * back to the same windows; restriction_time_allowed agrees with a
 * day-by-day reading of the windows at a few moments and offsets. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "restriction.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same(const struct time_window *a, size_t na, const struct time_window *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].days != b[i].days || a[i].start_min != b[i].start_min ||
		    a[i].end_min != b[i].end_min)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 2024-01-01 00:00 UTC was a Monday. */
	static const long long monday = 1704067200LL;
	static const int offsets[] = { 0, 60, -300, 330, 840, -720, 1440, -1440, 1441, -100000 };
	struct time_window *w = NULL, *w2 = NULL;
	size_t n = 0, n2 = 0;
	struct arena a;
	char err[200], *text;
	const char *canon;

	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	arena_init(&a);
	if (restriction_parse_hours(text, &a, &w, &n, err, sizeof(err)) == 0) {
		if (n > RESTRICTION_WINDOWS_MAX || (n == 0) != (w == NULL))
			abort();
		for (size_t i = 0; i < n; i++)
			if (w[i].days == 0 || w[i].days > 0x7f || w[i].start_min < 0 ||
			    w[i].start_min >= w[i].end_min || w[i].end_min > 1440)
				abort();
		canon = restriction_hours_text(&a, w, n);
		if (restriction_parse_hours(canon, &a, &w2, &n2, err, sizeof(err)) != 0 ||
		    !same(w, n, w2, n2))
			abort();
		/* Every minute of one week against the windows read directly. */
		for (int m = 0; m < 7 * 1440; m += 7) {
			bool want = n == 0;

			for (size_t i = 0; i < n; i++)
				if ((w[i].days & (1u << (m / 1440))) && m % 1440 >= w[i].start_min &&
				    m % 1440 < w[i].end_min)
					want = true;
			if (restriction_time_allowed(w, n, (time_t)(monday + m * 60LL), 0) != want ||
			    restriction_time_allowed(w, n, (time_t)(monday + m * 60LL - 3600), 60) != want ||
			    restriction_time_allowed(w, n, (time_t)(monday + (m + 600) * 60LL), -600) != want)
				abort();
		}
		for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			(void)restriction_time_allowed(w, n, (time_t)INT64_MAX, offsets[i]);
			(void)restriction_time_allowed(w, n, (time_t)INT64_MIN, offsets[i]);
			(void)restriction_time_allowed(w, n, (time_t)-1, offsets[i]);
		}
	} else if (err[0] == '\0' || strlen(err) >= sizeof(err))
		abort();	/* a refusal always says why */
	arena_reset(&a);
	free(text);
	return 0;
}
