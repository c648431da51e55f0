/* fuzz_envelope.c: fuzzes envelope_key_id and envelope_open on raw bytes
 * (nothing the fuzzer makes may open: the seed corpus is sealed under
 * another key), seals and reopens the input, and runs the email and phone
 * normalisers on it as a string. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "envelope.h"

#define AAD "contacts.email:42"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[KEY_BYTES] = {
	0x6b, 0x21, 0x9e, 0x04, 0xd7, 0x3a, 0x58, 0xc2, 0x11, 0xfe, 0x80, 0x4d, 0x95, 0x27, 0xb3, 0x6e,
	0x0c, 0x72, 0xe9, 0x5f, 0xa6, 0x38, 0x14, 0xdb, 0x47, 0x8a, 0xc0, 0x63, 0x1d, 0xf2, 0x59, 0xb7,
};

/* Aborts unless env[0..len) opens only as far as its form allows. */
static void
check_open(struct arena *a, const unsigned char *env, size_t len)
{
	enum envelope_status st, kst;
	unsigned char *pt = NULL;
	size_t ptlen = 0;
	uint64_t id = 0, want = 0;

	kst = envelope_key_id(env, len, &id);
	if ((unsigned)kst >= ENVELOPE__MAX ||
	    (kst == ENVELOPE_OK) != (len >= ENVELOPE_OVERHEAD && env[0] == ENVELOPE_V1))
		abort();
	if (kst == ENVELOPE_OK) {
		for (int i = 1; i <= 8; i++)
			want = want << 8 | env[i];
		if (id != want)
			abort();
	}
	st = envelope_open(key, AAD, env, len, a, &pt, &ptlen);
	if (st == ENVELOPE_OK || pt != NULL || ptlen != 0)
		abort();	/* a forged tag, or output on failure */
	if (kst != ENVELOPE_OK ? st != kst : st != ENVELOPE_AUTH_FAILED)
		abort();
}

/* Seals the input, opens it again, then flips one bit chosen by the input:
 * aborts unless the first opens to the input and the second fails. */
static void
check_round_trip(struct arena *a, const unsigned char *in, size_t size)
{
	unsigned char *env = NULL, *pt = NULL;
	size_t envlen = 0, ptlen = 0, bit;

	if (envelope_seal(key, size, AAD, in, size, a, &env, &envlen) != ENVELOPE_OK ||
	    envelope_open(key, AAD, env, envlen, a, &pt, &ptlen) != ENVELOPE_OK ||
	    ptlen != size || memcmp(pt, in, size) != 0 || pt[size] != '\0')
		abort();
	bit = size ? (in[0] | (size_t)in[size - 1] << 8) % (envlen * 8) : 0;
	env[bit / 8] ^= (unsigned char)(1u << bit % 8);
	pt = NULL;
	if (envelope_open(key, AAD, env, envlen, a, &pt, &ptlen) == ENVELOPE_OK || pt != NULL)
		abort();
}

/* Aborts unless a normalised phone is '+' and 5 to 15 digits, and a
 * normalised email is no longer than s, trimmed and without A-Z. */
static void
check_normalisers(struct arena *a, const char *s)
{
	const char *p = normalise_phone(a, s, "41"), *e;
	size_t n;

	if (p != NULL) {
		n = strlen(p);
		if (p[0] != '+' || n < 6 || n > 16 || strspn(p + 1, "0123456789") != n - 1)
			abort();
	}
	e = normalise_email(a, s);
	if (e != NULL) {
		n = strlen(e);
		if (n == 0 || n > strlen(s) || e[0] == ' ' || e[n - 1] == ' ' ||
		    strpbrk(e, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r") != NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena arena;
	static int init;
	unsigned char *in;
	char *s;

	if (!init) {
		arena_init(&arena);
		init = 1;
	}
	/* Exact-size heap copies so ASan sees any read past the end. */
	in = malloc(size ? size : 1);
	s = malloc(size + 1);
	if (in == NULL || s == NULL)
		abort();
	memcpy(in, data, size);
	memcpy(s, data, size);
	s[size] = '\0';

	check_open(&arena, in, size);
	check_round_trip(&arena, in, size);
	check_normalisers(&arena, s);

	free(in);
	free(s);
	arena_reset(&arena);
	return 0;
}
