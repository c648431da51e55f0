/* test_throttle.c: tests the waits of the sign-in throttle (throttle.h)
 * per key and failure count: the pair backs off then locks, the username
 * alone only ever waits up to throttle_user_delay_max (never the lock),
 * the address locks at its limit without back-off, and the second factor
 * backs off then locks; extreme counts do not overflow. */
#include "config.h"

#include <stdio.h>

#include "conf.h"
#include "tap.h"
#include "throttle.h"

static const char *const names[THROTTLE__MAX] = { "pair", "user", "ip", "mfa" };

int
main(void)
{
	struct conf c = {
		.throttle_pair_failures = 5, .throttle_user_failures = 10, .throttle_user_delay_max = 60,
		.throttle_mfa_failures = 5, .throttle_ip_failures = 50, .throttle_window = 900,
		.throttle_lock = 900,
	};
	static const struct { enum throttle_key key; int n, secs; } cases[] = {
		{ THROTTLE_PAIR, 1, 0 }, { THROTTLE_PAIR, 2, 0 }, { THROTTLE_PAIR, 3, 2 },
		{ THROTTLE_PAIR, 4, 4 }, { THROTTLE_PAIR, 5, 900 }, { THROTTLE_PAIR, 6, 900 },
		{ THROTTLE_USER, 1, 0 }, { THROTTLE_USER, 9, 0 }, { THROTTLE_USER, 10, 2 },
		{ THROTTLE_USER, 11, 4 }, { THROTTLE_USER, 14, 32 }, { THROTTLE_USER, 15, 60 },
		{ THROTTLE_USER, 1000, 60 }, { THROTTLE_USER, 2147483647, 60 },
		{ THROTTLE_IP, 3, 0 }, { THROTTLE_IP, 49, 0 }, { THROTTLE_IP, 50, 900 },
		{ THROTTLE_MFA, 2, 0 }, { THROTTLE_MFA, 3, 2 }, { THROTTLE_MFA, 4, 4 },
		{ THROTTLE_MFA, 5, 900 }, { THROTTLE_MFA, 99, 900 },
		{ THROTTLE__MAX, 5, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = throttle_secs(cases[i].key, cases[i].n, &c);
		ok(got == cases[i].secs, "%s after %d failures: %d s (got %d)",
		    cases[i].key < THROTTLE__MAX ? names[cases[i].key] : "none", cases[i].n,
		    cases[i].secs, got);
	}
	/* A pair's back-off never outgrows a short lock (the test instance's). */
	c.throttle_lock = 6;
	ok(throttle_secs(THROTTLE_PAIR, 4, &c) == 4 && throttle_secs(THROTTLE_PAIR, 5, &c) == 6,
	    "pair with a 6 s lock: 4 s, then 6 s");
	c.throttle_pair_failures = 20;
	ok(throttle_secs(THROTTLE_PAIR, 10, &c) == 6, "pair back-off capped by the lock");
	/* The username's delay ignores throttle_lock altogether. */
	c.throttle_user_delay_max = 4;
	ok(throttle_secs(THROTTLE_USER, 12, &c) == 4 && throttle_secs(THROTTLE_USER, 10, &c) == 2,
	    "username delay capped by throttle_user_delay_max, not the lock");
	return tap_done();
}
