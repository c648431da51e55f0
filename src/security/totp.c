/* totp.c: owns one-time passwords and recovery codes. HOTP (RFC 4226)
 * and TOTP (RFC 6238) with the parameters authenticator apps expect,
 * base32 and otpauth:// URIs for enrolment, and recovery codes that are
 * stored only as salted-by-domain SHA-256 hashes. All cryptography goes
 * through OpenSSL 3; secrets are only borrowed from the caller, and every
 * buffer that held key material or a MAC is wiped before returning. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "arena.h"
#include "totp.h"

#define RECOVERY_ALPHABET "23456789abcdefghjkmnpqrstuvwxyz"
#define RECOVERY_ALPHABET_LEN 31
#define RECOVERY_LEN 12		/* characters, without the dashes */
#define RECOVERY_DOMAIN "crm-recovery:"
#define BASE32_ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

/* The digest named by md, or NULL for any other name. */
static const EVP_MD *
hotp_md(const char *md)
{
	if (md == NULL)
		return NULL;
	if (strcmp(md, "SHA1") == 0)
		return EVP_sha1();
	if (strcmp(md, "SHA256") == 0)
		return EVP_sha256();
	if (strcmp(md, "SHA512") == 0)
		return EVP_sha512();
	return NULL;
}

long
hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits, const char *md)
{
	static const long mod[] = { 1000000L, 10000000L, 100000000L };
	const EVP_MD *evp = hotp_md(md);
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	unsigned long bin;
	unsigned off;

	if (key == NULL || evp == NULL || digits < 6 || digits > 8 || keylen > INT_MAX)
		return -1;
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (unsigned char)(counter & 0xff);	/* big-endian */
	if (HMAC(evp, key, (int)keylen, msg, sizeof(msg), mac, &maclen) == NULL || maclen < 20) {
		OPENSSL_cleanse(mac, sizeof(mac));
		return -1;
	}
	off = mac[maclen - 1] & 0x0f;	/* dynamic truncation, RFC 4226 5.3 */
	bin = ((unsigned long)(mac[off] & 0x7f) << 24) | ((unsigned long)mac[off + 1] << 16) |
	    ((unsigned long)mac[off + 2] << 8) | (unsigned long)mac[off + 3];
	OPENSSL_cleanse(mac, sizeof(mac));
	return (long)(bin % (unsigned long)mod[digits - 6]);
}

uint64_t
totp_step(time_t t)
{
	if (t < 0)
		return 0;
	return (uint64_t)t / TOTP_PERIOD;
}

/* Parses a typed code: exactly TOTP_DIGITS ASCII digits, spaces ignored.
 * Returns its value, or -1 when malformed. */
static long
parse_code(const char *code)
{
	long v = 0;
	int n = 0;

	if (code == NULL)
		return -1;
	for (const char *p = code; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == TOTP_DIGITS)
			return -1;
		v = v * 10 + (*p - '0');
		n++;
	}
	return n == TOTP_DIGITS ? v : -1;
}

/* All ones when a == b, else 0, without a data-dependent branch. */
static uint64_t
mask_eq(long a, long b)
{
	unsigned char x[4], y[4];

	for (int i = 0; i < 4; i++) {
		x[i] = (unsigned char)((unsigned long)a >> (8 * i));
		y[i] = (unsigned char)((unsigned long)b >> (8 * i));
	}
	return (uint64_t)0 - (uint64_t)(CRYPTO_memcmp(x, y, sizeof(x)) == 0);
}

uint64_t
totp_verify(const unsigned char secret[TOTP_SECRET_BYTES], const char *code,
    time_t now, uint64_t last_used_step)
{
	long want = parse_code(code);
	uint64_t step = totp_step(now), found = 0;

	if (secret == NULL || want < 0 || step == UINT64_MAX)
		return 0;
	/* Previous, current, next: all evaluated; a later match wins, so a
	 * (vanishingly unlikely) double match burns the later step. */
	for (int d = -1; d <= 1; d++) {
		uint64_t s = step + (uint64_t)(int64_t)d;	/* wraps to UINT64_MAX for 0 - 1 */
		long got = hotp(secret, TOTP_SECRET_BYTES, s, TOTP_DIGITS, "SHA1");
		uint64_t m = mask_eq(got, want);

		m &= (uint64_t)0 - (uint64_t)(got >= 0 && s > last_used_step && s != 0 &&
		    !(d == -1 && step == 0));
		found = (found & ~m) | (s & m);
	}
	return found;
}

int
totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
	if (secret == NULL || RAND_bytes(secret, TOTP_SECRET_BYTES) != 1)
		return -1;
	return 0;
}

const char *
base32_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	uint32_t buf = 0;
	int bits = 0;
	size_t o = 0;

	if (out == NULL || (in == NULL && len > 0) || len > (SIZE_MAX - 5) / 8 ||
	    outsz < (len * 8 + 4) / 5 + 1)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = BASE32_ALPHABET[(buf >> bits) & 0x1f];
		}
	}
	if (bits > 0)
		out[o++] = BASE32_ALPHABET[(buf << (5 - bits)) & 0x1f];
	out[o] = '\0';
	return out;
}

/* s percent-encoded, keeping only RFC 3986 unreserved characters, into
 * the arena. */
static char *
pct_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~')
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0x0f];
		}
	}
	*o = '\0';
	return out;
}

const char *
totp_uri(struct arena *a, const char *issuer, const char *account,
    const unsigned char secret[TOTP_SECRET_BYTES])
{
	char b32[(TOTP_SECRET_BYTES * 8 + 4) / 5 + 1];
	const char *iss, *uri;

	if (a == NULL || issuer == NULL || account == NULL || secret == NULL ||
	    base32_encode(secret, TOTP_SECRET_BYTES, b32, sizeof(b32)) == NULL)
		return NULL;
	iss = pct_encode(a, issuer);
	uri = arena_printf(a, "otpauth://totp/%s:%s?secret=%s&issuer=%s"
	    "&algorithm=SHA1&digits=%d&period=%d",
	    iss, pct_encode(a, account), b32, iss, TOTP_DIGITS, TOTP_PERIOD);
	OPENSSL_cleanse(b32, sizeof(b32));
	return uri;
}

/* One recovery code "xxxx-xxxx-xxxx" into out[15]. Bytes >= 248 (8 * 31)
 * are rejected so every character is equally likely. Returns 0 or -1. */
static int
recovery_code_one(char out[RECOVERY_LEN + 3])
{
	unsigned char rnd[32];
	size_t used = sizeof(rnd);
	int n = 0, o = 0;

	while (n < RECOVERY_LEN) {
		if (used == sizeof(rnd)) {
			if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
				OPENSSL_cleanse(rnd, sizeof(rnd));
				return -1;
			}
			used = 0;
		}
		if (rnd[used] >= 8 * RECOVERY_ALPHABET_LEN) {
			used++;
			continue;
		}
		if (n > 0 && n % 4 == 0)
			out[o++] = '-';
		out[o++] = RECOVERY_ALPHABET[rnd[used++] % RECOVERY_ALPHABET_LEN];
		n++;
	}
	out[o] = '\0';
	OPENSSL_cleanse(rnd, sizeof(rnd));
	return 0;
}

int
recovery_codes_new(struct arena *a, const char *codes[RECOVERY_CODES])
{
	char buf[RECOVERY_LEN + 3];

	if (a == NULL || codes == NULL)
		return -1;
	for (int i = 0; i < RECOVERY_CODES; i++)
		codes[i] = NULL;
	for (int i = 0; i < RECOVERY_CODES; i++) {
		bool dup;

		do {
			if (recovery_code_one(buf) != 0) {
				OPENSSL_cleanse(buf, sizeof(buf));
				for (int k = 0; k < RECOVERY_CODES; k++)
					codes[k] = NULL;
				return -1;
			}
			dup = false;
			for (int k = 0; k < i; k++)
				dup = dup || strcmp(codes[k], buf) == 0;
		} while (dup);
		codes[i] = arena_strdup(a, buf);
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

/* typed normalised into out[13] (lower case, no spaces or dashes).
 * Returns 0, or -1 when it is not RECOVERY_LEN alphabet characters. */
static int
recovery_normalise(const char *typed, char out[RECOVERY_LEN + 1])
{
	int n = 0;

	for (const char *p = typed; *p; p++) {
		char c = *p;

		if (c == ' ' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (n == RECOVERY_LEN || c == '\0' || strchr(RECOVERY_ALPHABET, c) == NULL)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_LEN ? 0 : -1;
}

const char *
recovery_code_hash(struct arena *a, const char *typed)
{
	static const char hex[] = "0123456789abcdef";
	char msg[sizeof(RECOVERY_DOMAIN) - 1 + RECOVERY_LEN + 1];
	unsigned char md[32];
	unsigned int mdlen = 0;
	char *out = NULL;

	if (a == NULL || typed == NULL)
		return NULL;
	memcpy(msg, RECOVERY_DOMAIN, sizeof(RECOVERY_DOMAIN) - 1);
	if (recovery_normalise(typed, msg + sizeof(RECOVERY_DOMAIN) - 1) == 0 &&
	    EVP_Digest(msg, sizeof(msg) - 1, md, &mdlen, EVP_sha256(), NULL) == 1 &&
	    mdlen == sizeof(md)) {
		out = arena_alloc(a, 2 * sizeof(md) + 1);
		for (size_t i = 0; i < sizeof(md); i++) {
			out[2 * i] = hex[md[i] >> 4];
			out[2 * i + 1] = hex[md[i] & 0x0f];
		}
	}
	OPENSSL_cleanse(msg, sizeof(msg));
	OPENSSL_cleanse(md, sizeof(md));
	return out;
}
