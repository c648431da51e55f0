/* tap.h: a minimal TAP producer for the unit test programs. */
#ifndef CRM_TAP_H
#define CRM_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

/* cond is evaluated exactly once: it may call the code under test. */
#define ok(cond, ...) do { \
	int tap_ok_ = (cond) ? 1 : 0; \
	tap_n++; \
	if (tap_ok_) { printf("ok %d - ", tap_n); } \
	else { tap_failed++; printf("not ok %d - ", tap_n); } \
	printf(__VA_ARGS__); printf("\n"); \
	if (!tap_ok_) printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
	fflush(stdout);	/* a sanitizer that ends the process keeps the lines */ \
} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
