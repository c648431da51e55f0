/* test_envelope.c: tests envelope sealing and opening (known answers,
 * round trips, tampering, truncation, limits), blind indexes, the
 * email and phone normalisers, and where subject_key notes integrity
 * failures (the bound per-request list, never a process-wide one). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "envelope.h"
#include "envelope_gcm.h"
#include "subject_key.h"
#include "tap.h"


static struct arena arena;

/* Decodes the hex string h into out (at most max bytes); returns the
 * length, or aborts on a malformed literal in this file. */
static size_t
unhex(const char *h, unsigned char *out, size_t max)
{
	size_t n = strlen(h) / 2;

	if (strlen(h) % 2 || n > max)
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++) {
			char c = h[2 * i + (size_t)j];
			v = v << 4 | (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		out[i] = (unsigned char)v;
	}
	return n;
}

/* McGrew-Viega GCM specification, test case 16 (AES-256, 96-bit IV, AAD). */
#define TC16_KEY "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
#define TC16_IV "cafebabefacedbaddecaf888"
#define TC16_AAD "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define TC16_PT "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define TC16_CT "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" \
	"8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
#define TC16_TAG "76fc6ece0f4e1768cddf8853bb2d551b"

/* An envelope made independently (Python cryptography's AESGCM) with the
 * test case 16 key and nonce, key id 0x0102030405060708 and AAD
 * 01 0102030405060708 || "contacts.email:42": checks the layout and that
 * the header is authenticated ahead of the caller's AAD. */
#define ENV_KAT "010102030405060708cafebabefacedbaddecaf888ea709ab604921e9a304b4e" \
	"0ae05f07888fbfc218f2c59ab29e93ee873e19438d34"

static void
test_known_answers(void)
{
	unsigned char key[32], iv[12], aad[20], pt[60], ct[60], tag[16], out[60], got[16];
	unsigned char env[ENVELOPE_OVERHEAD + 60], *p = NULL;
	size_t ptlen = 0, n;
	uint64_t id = 0;
	char aadstr[21];

	unhex(TC16_KEY, key, sizeof(key));
	unhex(TC16_IV, iv, sizeof(iv));
	unhex(TC16_AAD, aad, sizeof(aad));
	unhex(TC16_PT, pt, sizeof(pt));
	unhex(TC16_CT, ct, sizeof(ct));
	unhex(TC16_TAG, tag, sizeof(tag));

	ok(envelope_gcm_seal(key, iv, NULL, 0, aad, sizeof(aad), pt, sizeof(pt), out, got) ==
	    ENVELOPE_OK && memcmp(out, ct, sizeof(ct)) == 0, "GCM test case 16: ciphertext");
	ok(memcmp(got, tag, sizeof(tag)) == 0, "GCM test case 16: tag");
	memset(out, 0, sizeof(out));
	ok(envelope_gcm_open(key, iv, NULL, 0, aad, sizeof(aad), ct, sizeof(ct), tag, out) ==
	    ENVELOPE_OK && memcmp(out, pt, sizeof(pt)) == 0, "GCM test case 16: decrypts");
	ok(envelope_gcm_open(key, iv, aad, 7, aad + 7, sizeof(aad) - 7, ct, sizeof(ct), tag,
	    out) == ENVELOPE_OK && memcmp(out, pt, sizeof(pt)) == 0,
	    "GCM test case 16: AAD split in two parts is the same AAD");
	tag[15] ^= 1;
	memset(out, 0xaa, sizeof(out));
	ok(envelope_gcm_open(key, iv, NULL, 0, aad, sizeof(aad), ct, sizeof(ct), tag, out) ==
	    ENVELOPE_AUTH_FAILED && out[0] == 0 && out[59] == 0 && memcmp(out, out + 1, 59) == 0,
	    "GCM test case 16: bad tag fails and the output is wiped");
	tag[15] ^= 1;

	/* The vector wrapped as an envelope: its tag does not cover the
	 * header, so it must not open (the header is authenticated). */
	env[0] = ENVELOPE_V1;
	memset(env + 1, 0, 8);
	memcpy(env + 9, iv, 12);
	memcpy(env + 21, ct, sizeof(ct));
	memcpy(env + 21 + sizeof(ct), tag, 16);
	memcpy(aadstr, aad, sizeof(aad));
	aadstr[20] = '\0';
	ok(strlen(aadstr) == 20 && envelope_open(key, aadstr, env, sizeof(env), &arena, &p,
	    &ptlen) == ENVELOPE_AUTH_FAILED && p == NULL,
	    "test case 16 as an envelope fails: the header is authenticated data");

	n = unhex(ENV_KAT, env, sizeof(env));
	ok(envelope_open(key, "contacts.email:42", env, n, &arena, &p, &ptlen) == ENVELOPE_OK &&
	    ptlen == 17 && memcmp(p, "alice@example.com", 18) == 0,
	    "independent envelope known answer opens, NUL-terminated");
	ok(envelope_key_id(env, n, &id) == ENVELOPE_OK && id == 0x0102030405060708u,
	    "independent envelope: key id read big-endian");
	p = NULL;
	ok(envelope_open(key, "contacts.email:43", env, n, &arena, &p, &ptlen) ==
	    ENVELOPE_AUTH_FAILED && p == NULL, "independent envelope: other row id fails");
	arena_reset(&arena);
}

static const unsigned char key1[KEY_BYTES] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[KEY_BYTES] = "0123456789abcdef0123456789abcdeF";

/* Seals and opens pt under key1; true when everything matches. */
static bool
round_trip(const void *pt, size_t len, uint64_t key_id)
{
	unsigned char *env = NULL, *back = NULL;
	size_t envlen = 0, backlen = 1;
	uint64_t id = ~key_id;
	bool good;

	good = envelope_seal(key1, key_id, "contacts.note:7", pt, len, &arena, &env, &envlen) ==
	    ENVELOPE_OK && envlen == ENVELOPE_OVERHEAD + len && env[0] == ENVELOPE_V1 &&
	    envelope_key_id(env, envlen, &id) == ENVELOPE_OK && id == key_id &&
	    envelope_open(key1, "contacts.note:7", env, envlen, &arena, &back, &backlen) ==
	    ENVELOPE_OK && backlen == len && (len == 0 || memcmp(back, pt, len) == 0) &&
	    back[len] == '\0';
	arena_reset(&arena);
	return good;
}

static void
test_round_trips(void)
{
	static const char chinese[] = "\xe5\xbc\xa0\xe4\xbc\x9f\xef\xbc\x8c\xe5\x8c\x97"
	    "\xe4\xba\xac\xe5\xb8\x82\xe6\x9c\x9d\xe9\x98\xb3\xe5\x8c\xba";	/* 张伟，北京市朝阳区 */
	static const char binary[] = "\0\x01\xff\0abc\0\0\x80";
	unsigned char *big;

	ok(round_trip("", 0, 1), "round trip: empty plaintext");
	ok(round_trip(NULL, 0, 2), "round trip: empty plaintext from NULL");
	ok(round_trip("x", 1, 3), "round trip: 1 byte");
	ok(round_trip(binary, sizeof(binary) - 1, 4), "round trip: binary with NUL bytes");
	ok(round_trip(chinese, sizeof(chinese) - 1, 5), "round trip: UTF-8 Chinese");
	ok(round_trip("alice@example.com", 17, 0), "round trip: key id 0");
	ok(round_trip("alice@example.com", 17, UINT64_MAX), "round trip: key id 2^64-1");
	big = malloc(ENVELOPE_MAX_PLAINTEXT + 1);
	if (big == NULL)
		abort();
	for (size_t i = 0; i <= ENVELOPE_MAX_PLAINTEXT; i++)
		big[i] = (unsigned char)(i * 131 + (i >> 9));
	ok(round_trip(big, 1 << 20, 6), "round trip: 1 MiB");
	ok(round_trip(big, ENVELOPE_MAX_PLAINTEXT, 7), "round trip: exactly the maximum");
	{
		static unsigned char sentinel[1];
		unsigned char *env = sentinel;
		size_t envlen = 42;
		ok(envelope_seal(key1, 1, "", big, ENVELOPE_MAX_PLAINTEXT + 1, &arena, &env,
		    &envlen) == ENVELOPE_TOO_LARGE && envlen == 42 && env == sentinel,
		    "seal of maximum + 1 bytes: too large, nothing returned");
	}
	free(big);
	{
		size_t len = ENVELOPE_OVERHEAD + ENVELOPE_MAX_PLAINTEXT + 1;
		unsigned char *env = calloc(1, len), *p = NULL;
		size_t plen = 0;
		if (env == NULL)
			abort();
		env[0] = ENVELOPE_V1;
		ok(envelope_open(key1, "", env, len, &arena, &p, &plen) == ENVELOPE_TOO_LARGE &&
		    p == NULL, "open of an envelope holding maximum + 1 bytes: too large");
		free(env);
	}
	arena_reset(&arena);
}

static void
test_fresh_nonces(void)
{
	unsigned char *e1 = NULL, *e2 = NULL, *p = NULL;
	size_t l1 = 0, l2 = 0, plen;
	uint64_t id = 0;

	envelope_seal(key1, 9, "a", "same", 4, &arena, &e1, &l1);
	envelope_seal(key1, 9, "a", "same", 4, &arena, &e2, &l2);
	ok(e1 && e2 && l1 == l2 && memcmp(e1, e2, l1) != 0, "two seals of one plaintext differ");
	ok(e1 && e2 && memcmp(e1 + 9, e2 + 9, 12) != 0, "two seals use different nonces");
	ok(e1 && memcmp(e1 + 1, "\0\0\0\0\0\0\0\x09", 8) == 0, "key id stored big-endian");
	ok(e1 && memcmp(e1 + 21, "same", 4) != 0, "ciphertext is not the plaintext");
	ok(envelope_key_id(e1, l1, &id) == ENVELOPE_OK && id == 9, "envelope_key_id reads it");
	ok(envelope_open(key1, "a", e1, l1, &arena, &p, &plen) == ENVELOPE_OK &&
	    envelope_open(key1, "a", e2, l2, &arena, &p, &plen) == ENVELOPE_OK,
	    "both open");
	arena_reset(&arena);
}

/* Flips every bit of env[from..to) in turn; returns how many flips did
 * not fail with want, or changed *pt / *ptlen. */
static int
flips(const unsigned char *env, size_t len, size_t from, size_t to, enum envelope_status want)
{
	unsigned char *copy = malloc(len), *p;
	size_t plen;
	int wrong = 0;

	if (copy == NULL)
		abort();
	for (size_t i = from; i < to; i++)
		for (int b = 0; b < 8; b++) {
			memcpy(copy, env, len);
			copy[i] ^= (unsigned char)(1u << b);
			p = NULL;
			plen = 12345;
			if (envelope_open(key1, "contacts.email:42", copy, len, &arena, &p, &plen) !=
			    want || p != NULL || plen != 12345)
				wrong++;
		}
	free(copy);
	return wrong;
}

static void
test_tampering(void)
{
	unsigned char *env = NULL, *p = NULL;
	size_t len = 0, plen = 0, ctend;
	int w;

	envelope_seal(key1, 0x1122334455667788u, "contacts.email:42", "alice@example.com", 17,
	    &arena, &env, &len);
	ctend = len - 16;
	ok(env != NULL && envelope_open(key1, "contacts.email:42", env, len, &arena, &p, &plen) ==
	    ENVELOPE_OK, "untampered envelope opens");
	w = flips(env, len, 0, 1, ENVELOPE_BAD_VERSION);
	ok(w == 0, "every bit flip in the version: bad version (%d wrong)", w);
	w = flips(env, len, 1, 9, ENVELOPE_AUTH_FAILED);
	ok(w == 0, "every bit flip in the key id: auth failed (%d wrong)", w);
	w = flips(env, len, 9, 21, ENVELOPE_AUTH_FAILED);
	ok(w == 0, "every bit flip in the nonce: auth failed (%d wrong)", w);
	w = flips(env, len, 21, ctend, ENVELOPE_AUTH_FAILED);
	ok(w == 0, "every bit flip in the ciphertext: auth failed (%d wrong)", w);
	w = flips(env, len, ctend, len, ENVELOPE_AUTH_FAILED);
	ok(w == 0, "every bit flip in the tag: auth failed (%d wrong)", w);

#define FAILS(k, aad, what) do { \
	p = NULL; \
	ok(envelope_open(k, aad, env, len, &arena, &p, &plen) == ENVELOPE_AUTH_FAILED && \
	    p == NULL, "%s: auth failed", what); \
} while (0)
	FAILS(key1, "contacts.email:43", "other row id");
	FAILS(key1, "contacts.email:4", "row id prefix");
	FAILS(key1, "contacts.email:420", "row id with a digit more");
	FAILS(key1, "contacts.phone:42", "other column");
	FAILS(key1, "companies.email:42", "other table");
	FAILS(key1, "", "empty AAD");
	FAILS(key2, "contacts.email:42", "key differing in one byte");
#undef FAILS
	{
		unsigned char k[KEY_BYTES];
		memcpy(k, key1, sizeof(k));
		k[31] ^= 0x80;
		p = NULL;
		ok(envelope_open(k, "contacts.email:42", env, len, &arena, &p, &plen) ==
		    ENVELOPE_AUTH_FAILED && p == NULL, "key differing in one bit: auth failed");
	}
	{
		unsigned char *e2 = NULL;
		size_t l2 = 0;
		envelope_seal(key1, 1, "", "x", 1, &arena, &e2, &l2);
		p = NULL;
		ok(envelope_open(key1, "x", e2, l2, &arena, &p, &plen) == ENVELOPE_AUTH_FAILED &&
		    envelope_open(key1, "", e2, l2, &arena, &p, &plen) == ENVELOPE_OK,
		    "sealed with empty AAD: opens only with empty AAD");
	}
	arena_reset(&arena);
}

static void
test_truncation(void)
{
	unsigned char *env = NULL, *p;
	size_t len = 0, plen;
	uint64_t id;
	int bad = 0;

	envelope_seal(key1, 5, "t", "", 0, &arena, &env, &len);
	for (size_t n = 0; n < ENVELOPE_OVERHEAD; n++) {
		p = NULL;
		ok(envelope_open(key1, "t", env, n, &arena, &p, &plen) == ENVELOPE_TRUNCATED &&
		    p == NULL, "envelope of %zu bytes: truncated", n);
		id = 77;
		if (envelope_key_id(env, n, &id) != ENVELOPE_TRUNCATED || id != 77)
			bad++;
	}
	ok(bad == 0, "envelope_key_id: truncated for 0..%d bytes (%d wrong)",
	    ENVELOPE_OVERHEAD - 1, bad);
	p = NULL;
	ok(envelope_open(key1, "t", NULL, 0, &arena, &p, &plen) == ENVELOPE_TRUNCATED &&
	    envelope_key_id(NULL, 0, &id) == ENVELOPE_TRUNCATED, "NULL envelope: truncated");
	ok(envelope_open(key1, "t", env, len, &arena, &p, &plen) == ENVELOPE_OK && plen == 0 &&
	    p[0] == '\0', "the full 37 bytes open to an empty string");
	{
		/* a ciphertext byte cut off: the tag is read from the wrong place */
		unsigned char *e2 = NULL;
		size_t l2 = 0;
		envelope_seal(key1, 5, "t", "ab", 2, &arena, &e2, &l2);
		p = NULL;
		ok(envelope_open(key1, "t", e2, l2 - 1, &arena, &p, &plen) ==
		    ENVELOPE_AUTH_FAILED && p == NULL, "one byte short of a sealed value: auth failed");
	}
	arena_reset(&arena);
}

static void
test_versions(void)
{
	static const unsigned char versions[] = { 0, 2, 0x81, 255 };
	unsigned char *env = NULL, *p;
	size_t len = 0, plen;
	uint64_t id;

	envelope_seal(key1, 5, "v", "value", 5, &arena, &env, &len);
	for (size_t i = 0; i < sizeof(versions); i++) {
		env[0] = versions[i];
		p = NULL;
		id = 77;
		ok(envelope_open(key1, "v", env, len, &arena, &p, &plen) == ENVELOPE_BAD_VERSION &&
		    p == NULL && envelope_key_id(env, len, &id) == ENVELOPE_BAD_VERSION && id == 77,
		    "version %u: bad version", versions[i]);
	}
	arena_reset(&arena);
}

static void
test_strerror(void)
{
	int distinct = 1;

	for (int i = 0; i < ENVELOPE__MAX; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(envelope_strerror((enum envelope_status)i),
			    envelope_strerror((enum envelope_status)j)) == 0)
				distinct = 0;
	ok(distinct, "envelope_strerror: a distinct message per status");
	ok(strcmp(envelope_strerror(ENVELOPE__MAX), "unknown envelope status") == 0,
	    "envelope_strerror: out of range");
}

/* Returns true when blind_index(key, domain, value) equals hex. */
static bool
index_is(const unsigned char *key, const char *domain, const char *value, size_t len,
    const char *hex)
{
	unsigned char want[BLIND_INDEX_BYTES], got[BLIND_INDEX_BYTES];

	unhex(hex, want, sizeof(want));
	return blind_index(key, domain, value, len, got) == 0 &&
	    memcmp(got, want, sizeof(got)) == 0;
}

static void
test_blind_index(void)
{
	unsigned char k[KEY_BYTES], a[BLIND_INDEX_BYTES], b[BLIND_INDEX_BYTES];

	for (int i = 0; i < KEY_BYTES; i++)
		k[i] = (unsigned char)i;
	/* expected values: hmac.new(key, domain + b"\0" + value, sha256)[:16] */
	ok(index_is(k, "contacts.email", "alice@example.com", 17,
	    "d0bfaecc9cafa718617d8453976553cb"), "blind index: known answer");
	ok(index_is(k, "contacts.email", "", 0, "b4a1228f8294bdea6870c1ab1f684821"),
	    "blind index: known answer, empty value");
	ok(index_is(k, "contacts.email", NULL, 0, "b4a1228f8294bdea6870c1ab1f684821"),
	    "blind index: NULL value of length 0");
	ok(index_is(k, "contacts.phone", "+41446681800", 12, "6ce8889da88095392d8ea7dcde5c243b"),
	    "blind index: known answer, phone");
	blind_index(k, "contacts.email", "bob@example.org", 15, a);
	blind_index(k, "contacts.email", "bob@example.org", 15, b);
	ok(memcmp(a, b, sizeof(a)) == 0, "blind index: same value, same index");
	blind_index(k, "users.email", "bob@example.org", 15, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "blind index: other domain, other index");
	blind_index(key1, "contacts.email", "bob@example.org", 15, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "blind index: other key, other index");
	blind_index(k, "contacts.email", "bob@example.org", 14, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "blind index: length is honoured");
	blind_index(k, "ab", "c", 1, a);
	blind_index(k, "a", "bc", 2, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "blind index: domain/value boundary is unambiguous");
	blind_index(k, "x", "a\0b", 3, a);
	blind_index(k, "x", "a", 1, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "blind index: bytes after a NUL in the value count");
}

struct norm_case {
	const char *in, *cc, *want;	/* want NULL: refused */
};

static const struct norm_case emails[] = {
	{ "alice@example.com", NULL, "alice@example.com" },
	{ "Alice@Example.COM", NULL, "alice@example.com" },
	{ "  bob@example.org\t\r\n", NULL, "bob@example.org" },
	{ "MiXeD.Case+Tag@Sub.Example.CH", NULL, "mixed.case+tag@sub.example.ch" },
	{ "\xc3\x9c" "ber@Example.de", NULL, "\xc3\x9c" "ber@example.de" },	/* Ü kept */
	{ "\xe5\xbc\xa0\xe4\xbc\x9f@\xe4\xbe\x8b\xe5\xad\x90.CN", NULL,
	    "\xe5\xbc\xa0\xe4\xbc\x9f@\xe4\xbe\x8b\xe5\xad\x90.cn" },	/* 张伟@例子.cn */
	{ "a b@example.com", NULL, "a b@example.com" },
	{ "", NULL, NULL },
	{ " \t\n ", NULL, NULL },
	{ "a\x01" "b@example.com", NULL, NULL },
	{ "ab@example.com\x7f", NULL, NULL },
	{ "a\nb@example.com", NULL, NULL },
};

static const struct norm_case phones[] = {
	{ "+41 44 668 18 00", "41", "+41446681800" },
	{ "044 668 18 00", "41", "+41446681800" },
	{ "0041 44 668 18 00", "41", "+41446681800" },
	{ "0041 44 668 18 00", "1", "+41446681800" },
	{ "+41 44 668 18 00", NULL, "+41446681800" },
	{ "+41446681800", "49", "+41446681800" },
	{ "44 668 18 00", "41", "+41446681800" },
	{ "  +41 (0)44 668.18.00  ", "41", "+41446681800" },	/* "(0)": trunk 0 */
	{ "(0)44 668 18 00", "41", "+41446681800" },
	{ "+41 (0) 44 668 18 00", "41", "+41446681800" },
	{ "+41 (00)44 668 18 00", "41", "+4100446681800" },	/* only "(0)" */
	{ "(555) 123-4567", "1", "+15551234567" },
	{ "555.123.4567", "1", "+15551234567" },
	{ "+1 (555) 123-4567", "41", "+15551234567" },
	{ "+86 138 0013 8000", "41", "+8613800138000" },
	{ "0086 138 0013 8000", "41", "+8613800138000" },
	{ "138-0013-8000", "86", "+8613800138000" },
	{ "  +41 44 668 18 00  ", "41", "+41446681800" },
	{ "+12345", "41", "+12345" },
	{ "123", "41", "+41123" },
	{ "+1234", "41", NULL },	/* too short */
	{ "0", "41", NULL },
	{ "+123456789012345", "41", "+123456789012345" },
	{ "+1234567890123456", "41", NULL },	/* too long */
	{ "0041 1234 5678 9012 3456", "41", NULL },
	{ "012 3456 7890 1234", "41", NULL },	/* 16 with the country code */
	{ "1234567890123456789012345678901234567890", "41", NULL },
	{ "+41 44 668 18 00 ext 12", "41", NULL },	/* letters */
	{ "1-800-FLOWERS", "1", NULL },
	{ "call me", "41", NULL },
	{ "41+44668", "41", NULL },	/* embedded '+' */
	{ "++41446681800", "41", NULL },
	{ "+41 +44 668", "41", NULL },
	{ "", "41", NULL },
	{ "   ", "41", NULL },
	{ "+", "41", NULL },
	{ "00", "41", NULL },
	{ "+041 44 668", "41", NULL },	/* country codes never start with 0 */
	{ "000041446681800", "41", NULL },
	{ "044\t668 18 00", "41", NULL },	/* only spaces separate */
	{ "\xef\xbc\x8b\xef\xbc\x98\xef\xbc\x96 138", "41", NULL },	/* full-width ＋８６ */
	{ "\xe7\x94\xb5\xe8\xaf\x9d 138 0013 8000", "86", NULL },	/* 电话 */
	{ "044 668 18 00", NULL, NULL },	/* national, no default */
	{ "044 668 18 00", "", NULL },
	{ "044 668 18 00", "041", NULL },
	{ "044 668 18 00", "4a", NULL },
	{ "044 668 18 00", "4100", NULL },
};

/* Returns s with control characters as \xNN, for test names; the result
 * lives in the arena. */
static const char *
shown(const char *s)
{
	char *r = arena_alloc(&arena, 4 * strlen(s) + 1), *q = r;

	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			q += sprintf(q, "\\x%02x", (unsigned)(unsigned char)*s);
		else
			*q++ = *s;
	return r;
}

static void
test_normalisers(void)
{
	const char *r;

	for (size_t i = 0; i < sizeof(emails) / sizeof(emails[0]); i++) {
		r = normalise_email(&arena, emails[i].in);
		ok(emails[i].want ? r != NULL && strcmp(r, emails[i].want) == 0 : r == NULL,
		    "normalise_email(\"%s\") = %s", shown(emails[i].in),
		    emails[i].want ? emails[i].want : "NULL");
	}
	ok(normalise_email(&arena, NULL) == NULL, "normalise_email(NULL) = NULL");
	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++) {
		r = normalise_phone(&arena, phones[i].in, phones[i].cc);
		ok(phones[i].want ? r != NULL && strcmp(r, phones[i].want) == 0 : r == NULL,
		    "normalise_phone(\"%s\", %s) = %s", shown(phones[i].in),
		    phones[i].cc ? phones[i].cc : "NULL", phones[i].want ? phones[i].want : "NULL");
	}
	ok(normalise_phone(&arena, NULL, "41") == NULL, "normalise_phone(NULL) = NULL");
	arena_reset(&arena);
}

/* A field that does not open, noted as table.column of row_id. */
static int
fail_open(long long row_id)
{
	static const struct subject_key k = { .id = 1 };
	const struct db_value garbage = { .type = DBV_BLOB, .s = "xx", .len = 2 };
	const char *pt;
	size_t len;

	return field_open(&k, &arena, "contacts", "email", row_id, &garbage, &pt, &len);
}

static void
test_failure_lists(void)
{
	struct integrity_failures a = { 0 }, b = { 0 };

	subject_key_bind_failures(NULL);
	ok(fail_open(1) == -1, "failure with no list bound: refused");
	subject_key_bind_failures(&a);
	ok(fail_open(7) == -1 && a.n == 1 && a.lost == 0, "noted in the bound list");
	ok(strcmp(a.f[0].object_type, "contacts.email") == 0 &&
	    strcmp(a.f[0].object_id, "7") == 0, "names table.column and row");
	subject_key_bind_failures(&b);
	fail_open(8);
	ok(a.n == 1 && b.n == 1 && strcmp(b.f[0].object_id, "8") == 0,
	    "another request's list: the first one is untouched");
	subject_key_bind_failures(NULL);
	fail_open(9);
	ok(a.n == 1 && b.n == 1, "unbound: noted nowhere (not carried into the next request)");
	subject_key_bind_failures(&a);
	for (int i = 0; i < INTEGRITY_FAILURES_MAX + 2; i++)
		fail_open(100 + i);
	ok(a.n == INTEGRITY_FAILURES_MAX && a.lost == 3, "beyond the list: counted as lost");
	subject_key_bind_failures(NULL);
}

int
main(void)
{
	arena_init(&arena);
	test_known_answers();
	test_round_trips();
	test_fresh_nonces();
	test_tampering();
	test_truncation();
	test_versions();
	test_strerror();
	test_blind_index();
	test_normalisers();
	test_failure_lists();
	arena_reset(&arena);
	return tap_done();
}
