/* bench/anomaly.c: measures the anomaly detectors' throughput on one
 * core over a synthetic stream (2000 users, sign-ins, failures, record
 * views and exports; a warm-up learned first) and prints a markdown
 * table. Built and run by bench/detectors; not part of the build. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "anomaly.h"

#define USERS 2000
#define EVENTS 2000000

static unsigned long alerts;

static void
count(const struct anomaly_alert *al, void *arg)
{
	(void)al;
	(void)arg;
	alerts++;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	static char names[USERS][16], ips[USERS][24];
	static const char *const actions[] = { "record.view", "record.view", "record.view", "auth.login",
	    "auth.login", "export", "auth.logout", "record.view" };
	struct anomaly_config cfg;
	struct anomaly *an;
	unsigned long long x = 88172645463325252ULL;
	double t[2];

	for (int u = 0; u < USERS; u++) {
		snprintf(names[u], sizeof(names[u]), "user%04d", u);
		snprintf(ips[u], sizeof(ips[u]), "10.%d.%d.%d", u / 250, u % 250, 7);
	}
	anomaly_config_defaults(&cfg);
	an = anomaly_new(&cfg, count, NULL);
	for (int pass = 0; pass < 2; pass++) {
		t[pass] = now();
		for (long i = 0; i < EVENTS; i++) {
			int u, a;
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			u = (int)(x % USERS);
			a = (int)((x >> 20) % 8);
			struct anomaly_event ev = { .seq = (uint64_t)(pass * EVENTS + i + 1),
			    .at = 1700000000 + (time_t)(pass * EVENTS + i) / 4, .actor = names[u],
			    .ip = ips[u], .action = actions[a], .roles = "sales-rep",
			    .outcome = a == 4 && (x >> 40) % 10 == 0 ? "failure" : "success",
			    .items = a == 5 ? 50 : 3, .object_type = "contact", .object_id = "1" };
			if ((pass ? anomaly_evaluate(an, &ev) : anomaly_learn(an, &ev)) == -1)
				return 1;
		}
		t[pass] = now() - t[pass];
	}
	printf("| stream (one core) | events/s |\n|---|---|\n");
	printf("| learn (warm-up), %d users, %d events | %.0f |\n", USERS, EVENTS, EVENTS / t[0]);
	printf("| evaluate, same stream continued | %.0f |\n", EVENTS / t[1]);
	printf("\n%lu alerts raised while evaluating (synthetic stream, not realistic).\n", alerts);
	anomaly_free(an);
	return 0;
}
