/* bench/envelope.c: measures envelope sealing and opening, data-key
 * unwrapping and blind indexes on one core, and prints a markdown table.
 * Built and run by bench/crypto; not part of the build or the tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "envelope.h"

#define ROWS 50
#define FIELDS 3

static const unsigned char kek[KEY_BYTES] = "bench key-encryption key 0123456";
static const unsigned char dkey[KEY_BYTES] = "bench data key 0123456789abcdefg";
static struct arena arena;
static volatile unsigned sink;	/* keeps results alive */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Aborts: a benchmark of failing calls would measure nothing. */
static void
check(int good, const char *what)
{
	if (!good) {
		fprintf(stderr, "bench/envelope: %s failed\n", what);
		exit(1);
	}
}

/* Calls fn(arg) in batches for about a second; returns calls per second.
 * The arena is reset between batches so memory stays flat. */
static double
per_second(void (*fn)(const void *), const void *arg)
{
	double start = now(), t;
	long n = 0;

	do {
		for (int i = 0; i < 256; i++)
			fn(arg);
		n += 256;
		arena_reset(&arena);
	} while ((t = now() - start) < 1.0);
	return (double)n / t;
}

struct sealed {
	const char *aad;
	unsigned char *env;
	size_t len;
};

static void
seal_32(const void *arg)
{
	unsigned char *env;
	size_t len;

	(void)arg;
	check(envelope_seal(dkey, 1, "contacts.email:42", "alice.smith@example.com.........",
	    32, &arena, &env, &len) == ENVELOPE_OK, "seal");
	sink += env[21];
}

static void
seal_256(const void *arg)
{
	static unsigned char pt[256];
	unsigned char *env;
	size_t len;

	(void)arg;
	check(envelope_seal(dkey, 1, "contacts.notes:42", pt, sizeof(pt), &arena, &env, &len) ==
	    ENVELOPE_OK, "seal");
	sink += env[21];
}

static void
open_one(const void *arg)
{
	const struct sealed *s = arg;
	unsigned char *pt;
	size_t len;

	check(envelope_open(dkey, s->aad, s->env, s->len, &arena, &pt, &len) == ENVELOPE_OK,
	    "open");
	sink += pt[0];
}

static void
unwrap(const void *arg)
{
	const struct sealed *s = arg;
	unsigned char *k;
	size_t len;

	check(envelope_open(kek, s->aad, s->env, s->len, &arena, &k, &len) == ENVELOPE_OK &&
	    len == KEY_BYTES, "unwrap");
	sink += k[0];
}

static void
index_one(const void *arg)
{
	unsigned char out[BLIND_INDEX_BYTES];

	(void)arg;
	check(blind_index(dkey, "contacts.email", "alice.smith@example.com", 23, out) == 0,
	    "blind index");
	sink += out[0];
}

/* Seals pt (len bytes, or len zero bytes when pt is NULL) under key with
 * aad into a malloc'd copy, not the arena, which per_second resets. */
static struct sealed
make(const unsigned char *key, const char *aad, const void *pt, size_t len)
{
	struct sealed s = { aad, NULL, 0 };
	unsigned char *zero = calloc(1, len + 1), *env;

	check(zero != NULL && envelope_seal(key, 1, aad, pt ? pt : zero, len, &arena, &env,
	    &s.len) == ENVELOPE_OK, "seal");
	s.env = malloc(s.len);
	check(s.env != NULL, "malloc");
	memcpy(s.env, env, s.len);
	free(zero);
	arena_reset(&arena);
	return s;
}

/* One list page: unwrap the data key, then open 50 rows of 3 fields
 * (email 24 bytes, phone 13, name 20). Returns microseconds, the best
 * of as many runs as fit in about a second. */
static double
page_us(const struct sealed *wrapped, struct sealed f[ROWS][FIELDS])
{
	double best = 1e9, start = now(), t0;

	do {
		unsigned char *k, *pt;
		size_t len;

		t0 = now();
		check(envelope_open(kek, wrapped->aad, wrapped->env, wrapped->len, &arena, &k,
		    &len) == ENVELOPE_OK, "unwrap");
		for (int r = 0; r < ROWS; r++)
			for (int c = 0; c < FIELDS; c++)
				check(envelope_open(k, f[r][c].aad, f[r][c].env, f[r][c].len, &arena,
				    &pt, &len) == ENVELOPE_OK, "open");
		arena_reset(&arena);
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
	} while (now() - start < 1.0);
	return best * 1e6;
}

int
main(void)
{
	static const size_t sizes[FIELDS] = { 24, 13, 20 };
	static const char *const cols[FIELDS] = { "email", "phone", "name" };
	static struct sealed fields[ROWS][FIELDS];
	struct sealed o32, o256, wrapped;

	arena_init(&arena);
	o32 = make(dkey, "contacts.email:42", NULL, 32);
	o256 = make(dkey, "contacts.notes:42", NULL, 256);
	wrapped = make(kek, "data_keys.wrapped:1", dkey, KEY_BYTES);
	for (int r = 0; r < ROWS; r++)
		for (int c = 0; c < FIELDS; c++) {
			char *aad = malloc(32);	/* lives as long as the program */
			check(aad != NULL, "malloc");
			snprintf(aad, 32, "contacts.%s:%d", cols[c], r);
			fields[r][c] = make(dkey, aad, NULL, sizes[c]);
		}

	printf("| operation (one core) | rate |\n|---|---|\n");
	printf("| seal, 32-byte field | %.0f /s |\n", per_second(seal_32, NULL));
	printf("| seal, 256-byte field | %.0f /s |\n", per_second(seal_256, NULL));
	printf("| open, 32-byte field | %.0f /s |\n", per_second(open_one, &o32));
	printf("| open, 256-byte field | %.0f /s |\n", per_second(open_one, &o256));
	printf("| data-key unwrap (open of a 32-byte envelope) | %.0f /s |\n",
	    per_second(unwrap, &wrapped));
	printf("| blind index (HMAC-SHA-256, 23-byte value) | %.0f /s |\n",
	    per_second(index_one, NULL));
	printf("| 50 rows x 3 fields decrypted (1 unwrap + 150 opens) | %.1f us |\n",
	    page_us(&wrapped, fields));
	return 0;
}
