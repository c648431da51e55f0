/* test_totp.c: tests HOTP and TOTP against the RFC 4226 and RFC 6238
 * vectors, totp_verify's drift, replay and input rules, base32 against
 * RFC 4648, the otpauth:// URI, and recovery codes; cross-checks with the
 * oathtool CLI when it is installed. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tap.h"
#include "totp.h"

#define SEED20 "12345678901234567890"
#define SEED32 SEED20 "123456789012"
#define SEED64 SEED20 SEED20 SEED20 "1234"

static const unsigned char *
key(const char *s)
{
	return (const unsigned char *)s;
}

static void
test_hotp(void)
{
	static const long want[] = { 755224, 287082, 359152, 969429, 338314,
	    254676, 287922, 162583, 399871, 520489 };

	for (uint64_t c = 0; c < 10; c++)
		ok(hotp(key(SEED20), 20, c, 6, "SHA1") == want[c],
		    "RFC 4226 HOTP counter %d is %06ld", (int)c, want[c]);
	ok(hotp(key(SEED20), 20, 0, 6, "MD5") == -1, "hotp refuses an unknown digest");
	ok(hotp(key(SEED20), 20, 0, 5, "SHA1") == -1, "hotp refuses 5 digits");
	ok(hotp(key(SEED20), 20, 0, 9, "SHA1") == -1, "hotp refuses 9 digits");
	ok(hotp(NULL, 20, 0, 6, "SHA1") == -1, "hotp refuses a NULL key");
}

static void
test_rfc6238(void)
{
	static const struct {
		long long t;
		long sha1, sha256, sha512;
	} v[] = {
		{ 59LL, 94287082, 46119246, 90693936 },
		{ 1111111109LL, 7081804, 68084774, 25091201 },
		{ 1111111111LL, 14050471, 67062674, 99943326 },
		{ 1234567890LL, 89005924, 91819424, 93441116 },
		{ 2000000000LL, 69279037, 90698825, 38618901 },
		{ 20000000000LL, 65353130, 77737706, 47863826 },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t s = totp_step((time_t)v[i].t);

		ok(hotp(key(SEED20), 20, s, 8, "SHA1") == v[i].sha1,
		    "RFC 6238 SHA1 at %lld is %08ld", v[i].t, v[i].sha1);
		ok(hotp(key(SEED32), 32, s, 8, "SHA256") == v[i].sha256,
		    "RFC 6238 SHA256 at %lld is %08ld", v[i].t, v[i].sha256);
		ok(hotp(key(SEED64), 64, s, 8, "SHA512") == v[i].sha512,
		    "RFC 6238 SHA512 at %lld is %08ld", v[i].t, v[i].sha512);
	}
	ok(totp_step(59) == 1 && totp_step(60) == 2 && totp_step(0) == 0, "totp_step divides by 30");
	ok(totp_step(-1) == 0, "totp_step is 0 before 1970");
}

/* The 6-digit code for step s under the RFC seed, into buf[7]. */
static const char *
code_at(uint64_t s, char buf[16])
{
	snprintf(buf, 16, "%06ld", hotp(key(SEED20), 20, s, 6, "SHA1"));
	return buf;
}

static void
test_verify(void)
{
	const unsigned char *sec = key(SEED20);
	const time_t now = 1111111111;
	const uint64_t s = totp_step(now);
	char c[16], spaced[40];

	ok(totp_verify(sec, code_at(s, c), now, 0) == s, "current step accepted");
	ok(totp_verify(sec, code_at(s - 1, c), now, 0) == s - 1, "previous step accepted");
	ok(totp_verify(sec, code_at(s + 1, c), now, 0) == s + 1, "next step accepted");
	ok(totp_verify(sec, code_at(s - 2, c), now, 0) == 0, "two steps back refused");
	ok(totp_verify(sec, code_at(s + 2, c), now, 0) == 0, "two steps ahead refused");
	ok(totp_verify(sec, code_at(s, c), now, s) == 0, "replay refused (last used = step)");
	ok(totp_verify(sec, code_at(s - 1, c), now, s) == 0, "replay refused (last used after step)");
	ok(totp_verify(sec, code_at(s + 1, c), now, s) == s + 1, "a later step after a used one accepted");
	ok(totp_verify(sec, code_at(s, c), now, s - 1) == s, "last used just before step: accepted");
	ok(totp_verify(sec, "", now, 0) == 0, "empty code refused");
	ok(totp_verify(sec, "12345", now, 0) == 0, "5 digits refused");
	ok(totp_verify(sec, "1234567", now, 0) == 0, "7 digits refused");
	ok(totp_verify(sec, "12a456", now, 0) == 0, "letter refused");
	ok(totp_verify(sec, "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96",
	    now, 0) == 0, "fullwidth digits refused");
	ok(totp_verify(sec, NULL, now, 0) == 0, "NULL code refused");
	code_at(s, c);
	snprintf(spaced, sizeof(spaced), "%.3s %.3s", c, c + 3);
	ok(totp_verify(sec, spaced, now, 0) == s, "\"123 456\" with a space accepted");
	snprintf(spaced, sizeof(spaced), " %s ", c);
	ok(totp_verify(sec, spaced, now, 0) == s, "leading and trailing spaces accepted");
	snprintf(spaced, sizeof(spaced), "%s\t", c);
	ok(totp_verify(sec, spaced, now, 0) == 0, "tab refused");
	snprintf(spaced, sizeof(spaced), "-%s", c);
	ok(totp_verify(sec, spaced, now, 0) == 0, "sign refused");
	ok(totp_verify(sec, code_at(0, c), 10, 0) == 0, "step 0 never accepted");
	ok(totp_verify(sec, code_at(1, c), 10, 0) == 1, "next step from step 0 accepted");
}

static void
test_base32(void)
{
	static const char *const v[][2] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
	};
	char out[64];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const char *r = base32_encode(key(v[i][0]), strlen(v[i][0]), out, sizeof(out));

		ok(r == out && strcmp(out, v[i][1]) == 0, "base32 \"%s\" is \"%s\"", v[i][0], v[i][1]);
	}
	ok(base32_encode(key("foobar"), 6, out, 10) == NULL, "base32 refuses a short buffer");
	ok(base32_encode(key(SEED20), 20, out, 33) != NULL &&
	    strcmp(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == 0, "base32 of the 20-byte seed fits 33 bytes");
}

static void
test_uri(struct arena *a)
{
	const char *u = totp_uri(a, "ACME Corp", "sam@example.com", key(SEED20));

	ok(u != NULL && strcmp(u, "otpauth://totp/ACME%20Corp:sam%40example.com"
	    "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Corp"
	    "&algorithm=SHA1&digits=6&period=30") == 0, "totp_uri escapes issuer and account");
	u = totp_uri(a, "a:b/c?d&e", "x~y_z.w-v", key(SEED20));
	ok(u != NULL && strncmp(u, "otpauth://totp/a%3Ab%2Fc%3Fd%26e:x~y_z.w-v?", 43) == 0,
	    "totp_uri escapes reserved characters and keeps unreserved ones");
	ok(totp_uri(a, NULL, "x", key(SEED20)) == NULL, "totp_uri refuses a NULL issuer");
}

/* True when c is "xxxx-xxxx-xxxx" over the recovery alphabet. */
static bool
well_formed(const char *c)
{
	if (c == NULL || strlen(c) != 14)
		return false;
	for (int i = 0; i < 14; i++) {
		if (i == 4 || i == 9) {
			if (c[i] != '-')
				return false;
		} else if (c[i] == '\0' || strchr("23456789abcdefghjkmnpqrstuvwxyz", c[i]) == NULL)
			return false;
	}
	return true;
}

static void
test_recovery(struct arena *a)
{
	const char *codes[RECOVERY_CODES];
	const char *h;
	bool all = true, distinct = true;

	ok(recovery_codes_new(a, codes) == 0, "recovery_codes_new succeeds");
	for (int i = 0; i < RECOVERY_CODES; i++) {
		all = all && well_formed(codes[i]);
		for (int k = 0; k < i; k++)
			distinct = distinct && strcmp(codes[i], codes[k]) != 0;
	}
	ok(all, "ten codes, each xxxx-xxxx-xxxx over the alphabet");
	ok(distinct, "the ten codes are distinct");
	h = recovery_code_hash(a, "abcd-efgh-2345");
	ok(h != NULL && strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64,
	    "hash is 64 lower-case hex digits");
	ok(h != NULL && strcmp(h, "47baa10b170b92400c7f8df9b1a7bf942f0652dec2980e0cdf44b5bbadac3571") == 0,
	    "hash is SHA-256 of \"crm-recovery:abcdefgh2345\"");
	ok(h != NULL && recovery_code_hash(a, "ABCD-efgh-2345") != NULL &&
	    strcmp(h, recovery_code_hash(a, "ABCD-efgh-2345")) == 0, "upper case hashes the same");
	ok(h != NULL && strcmp(h, recovery_code_hash(a, " abcd efgh 2345 ")) == 0,
	    "spaces instead of dashes hash the same");
	ok(h != NULL && strcmp(h, recovery_code_hash(a, "ABCDEFGH2345")) == 0,
	    "no separators hash the same");
	ok(h != NULL && strcmp(h, recovery_code_hash(a, "abcd-efgh-2346")) != 0,
	    "a different code hashes differently");
	ok(recovery_code_hash(a, codes[0]) != NULL && recovery_code_hash(a, codes[1]) != NULL &&
	    strcmp(recovery_code_hash(a, codes[0]), recovery_code_hash(a, codes[1])) != 0,
	    "two generated codes hash differently");
	ok(recovery_code_hash(a, "") == NULL, "empty code refused");
	ok(recovery_code_hash(a, "abcd-efgh-234") == NULL, "11 characters refused");
	ok(recovery_code_hash(a, "abcd-efgh-23456") == NULL, "13 characters refused");
	ok(recovery_code_hash(a, "abcd-efgh-234l") == NULL, "lookalike l refused");
	ok(recovery_code_hash(a, "abcd-efgh-2340") == NULL, "lookalike 0 refused");
	ok(recovery_code_hash(a, "abcd_efgh_2345") == NULL, "underscore refused");
	ok(recovery_code_hash(a, NULL) == NULL, "NULL refused");
}

static void
test_secret(void)
{
	unsigned char s1[TOTP_SECRET_BYTES], s2[TOTP_SECRET_BYTES];

	ok(totp_new_secret(s1) == 0 && totp_new_secret(s2) == 0, "totp_new_secret succeeds");
	ok(memcmp(s1, s2, sizeof(s1)) != 0, "two new secrets differ");
}

/* Cross-check with oathtool when installed; no line at all otherwise. */
static void
test_oathtool(void)
{
	char line[64];
	FILE *p;
	long want = hotp(key(SEED20), 20, totp_step(1577836800), 6, "SHA1");

	if (system("command -v oathtool >/dev/null 2>&1") != 0)
		return;
	p = popen("oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	    " --now '2020-01-01 00:00:00 UTC' 2>/dev/null", "r");
	if (p == NULL)
		return;
	if (fgets(line, sizeof(line), p) == NULL)
		line[0] = '\0';
	pclose(p);
	ok(strlen(line) >= 6 && strtol(line, NULL, 10) == want,
	    "oathtool agrees at 2020-01-01 00:00:00 UTC (%06ld)", want);
}

int
main(void)
{
	struct arena a;

	arena_init(&a);
	test_hotp();
	test_rfc6238();
	test_verify();
	test_base32();
	test_uri(&a);
	test_recovery(&a);
	test_secret();
	test_oathtool();
	arena_reset(&a);
	return tap_done();
}
