/* envelope.c: owns field encryption. Seals and opens AES-256-GCM
 * envelopes (layout in envelope.h), computes keyed blind indexes with
 * HMAC-SHA-256, and normalises emails and phone numbers before they are
 * indexed. All cryptography goes through OpenSSL 3 EVP; nothing here keeps
 * state between calls, and keys are only ever borrowed from the caller.
 *
 * Authenticated data: GCM authenticates the caller's AAD string preceded
 * by the envelope's own first 9 bytes (version and key id), so the data
 * fed to GCM is header[0..9) || aad. The nonce is authenticated by GCM
 * itself. A flipped bit anywhere in an envelope therefore fails to open,
 * and an envelope cannot be relabelled with another key id (or moved to
 * another table, column or row, since the caller's AAD names those).
 *
 * Nonces are 96 random bits per seal: safe for up to 2^32 seals under one
 * key, which is why fields are sealed under data keys rather than under
 * the key-encryption key. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "arena.h"
#include "envelope.h"
#include "envelope_gcm.h"

#define HEADER_BYTES 9	/* version and key id: authenticated, see above */
#define NONCE_BYTES 12
#define TAG_BYTES 16
#define NONCE_OFF HEADER_BYTES
#define CT_OFF (HEADER_BYTES + NONCE_BYTES)

#define PHONE_MIN_DIGITS 5
#define PHONE_MAX_DIGITS 15	/* E.164, country code included */


const char *
envelope_strerror(enum envelope_status s)
{
	switch (s) {
	case ENVELOPE_OK: return "ok";
	case ENVELOPE_TRUNCATED: return "envelope truncated";
	case ENVELOPE_BAD_VERSION: return "unknown envelope version";
	case ENVELOPE_UNKNOWN_KEY: return "unknown key";
	case ENVELOPE_AUTH_FAILED: return "envelope failed authentication";
	case ENVELOPE_TOO_LARGE: return "value too large to encrypt";
	case ENVELOPE_CRYPTO_ERROR: return "cryptographic library error";
	case ENVELOPE__MAX: break;
	}
	return "unknown envelope status";
}

/* Feeds aad1 || aad2 to an initialised GCM context; 1 or 0 as EVP does. */
static int
gcm_aad(EVP_CIPHER_CTX *ctx, const unsigned char *aad1, size_t aad1len,
    const unsigned char *aad2, size_t aad2len)
{
	int outl;

	if (aad1len > INT_MAX || aad2len > INT_MAX)
		return 0;
	if (aad1len > 0 && EVP_CipherUpdate(ctx, NULL, &outl, aad1, (int)aad1len) != 1)
		return 0;
	if (aad2len > 0 && EVP_CipherUpdate(ctx, NULL, &outl, aad2, (int)aad2len) != 1)
		return 0;
	return 1;
}

/* Sets up ctx for AES-256-GCM with a 96-bit nonce; 1 or 0 as EVP does. */
static int
gcm_init(EVP_CIPHER_CTX *ctx, int enc, const unsigned char *key, const unsigned char *nonce)
{
	return EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_BYTES, NULL) == 1 &&
	    EVP_CipherInit_ex(ctx, NULL, NULL, key, nonce, enc) == 1;
}

/* Encrypts pt into ct (same length; caller's memory) and writes the tag.
 * Returns ENVELOPE_TOO_LARGE or ENVELOPE_CRYPTO_ERROR on error, when ct
 * and tag hold nothing useful. */
enum envelope_status
envelope_gcm_seal(const unsigned char key[KEY_BYTES], const unsigned char nonce[12],
    const unsigned char *aad1, size_t aad1len, const unsigned char *aad2, size_t aad2len,
    const unsigned char *pt, size_t ptlen, unsigned char *ct, unsigned char tag[16])
{
	enum envelope_status st = ENVELOPE_CRYPTO_ERROR;
	EVP_CIPHER_CTX *ctx = NULL;
	int outl;

	if (ptlen > ENVELOPE_MAX_PLAINTEXT) {
		st = ENVELOPE_TOO_LARGE;
		goto out;
	}
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL || !gcm_init(ctx, 1, key, nonce) ||
	    !gcm_aad(ctx, aad1, aad1len, aad2, aad2len))
		goto out;
	if (ptlen > 0 && (EVP_EncryptUpdate(ctx, ct, &outl, pt, (int)ptlen) != 1 ||
	    (size_t)outl != ptlen))
		goto out;
	if (EVP_EncryptFinal_ex(ctx, ct + ptlen, &outl) != 1 || outl != 0 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, tag) != 1)
		goto out;
	st = ENVELOPE_OK;
out:
	EVP_CIPHER_CTX_free(ctx);	/* also wipes the expanded key */
	return st;
}

/* Decrypts ct into pt (same length; caller's memory) and checks the tag.
 * Returns ENVELOPE_AUTH_FAILED when the tag does not verify, or
 * ENVELOPE_TOO_LARGE / ENVELOPE_CRYPTO_ERROR; on every error pt is wiped. */
enum envelope_status
envelope_gcm_open(const unsigned char key[KEY_BYTES], const unsigned char nonce[12],
    const unsigned char *aad1, size_t aad1len, const unsigned char *aad2, size_t aad2len,
    const unsigned char *ct, size_t ctlen, const unsigned char tag[16], unsigned char *pt)
{
	enum envelope_status st = ENVELOPE_CRYPTO_ERROR;
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char want[TAG_BYTES];	/* EVP wants a writable tag buffer */
	int outl;

	if (ctlen > ENVELOPE_MAX_PLAINTEXT)
		return ENVELOPE_TOO_LARGE;
	memcpy(want, tag, TAG_BYTES);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL || !gcm_init(ctx, 0, key, nonce) ||
	    !gcm_aad(ctx, aad1, aad1len, aad2, aad2len))
		goto out;
	if (ctlen > 0 && (EVP_DecryptUpdate(ctx, pt, &outl, ct, (int)ctlen) != 1 ||
	    (size_t)outl != ctlen))
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_BYTES, want) != 1)
		goto out;
	if (EVP_DecryptFinal_ex(ctx, pt + ctlen, &outl) != 1) {
		st = ENVELOPE_AUTH_FAILED;
		goto out;
	}
	st = ENVELOPE_OK;
out:
	if (st != ENVELOPE_OK && ctlen > 0)
		OPENSSL_cleanse(pt, ctlen);
	EVP_CIPHER_CTX_free(ctx);
	return st;
}

/* A NULL key, aad or result pointer is a bug in the caller, not a runtime
 * condition: an envelope sealed without its context would open anywhere.
 * Like arena_alloc on out-of-memory, we abort rather than carry on. */
static void
require(bool cond)
{
	if (!cond)
		abort();
}

/* Returns ENVELOPE_OK, ENVELOPE_TOO_LARGE (ptlen above the maximum) or
 * ENVELOPE_CRYPTO_ERROR (RNG or cipher failure); on error *out and *outlen
 * are untouched and the arena buffer is wiped. */
enum envelope_status
envelope_seal(const unsigned char key[KEY_BYTES], uint64_t key_id, const char *aad,
    const void *pt, size_t ptlen, struct arena *a, unsigned char **out, size_t *outlen)
{
	enum envelope_status st;
	unsigned char *env;
	size_t len = ENVELOPE_OVERHEAD + ptlen;

	require(key != NULL && aad != NULL && a != NULL && out != NULL && outlen != NULL &&
	    (pt != NULL || ptlen == 0));
	if (ptlen > ENVELOPE_MAX_PLAINTEXT)
		return ENVELOPE_TOO_LARGE;
	env = arena_alloc(a, len);
	env[0] = ENVELOPE_V1;
	for (int i = 0; i < 8; i++)
		env[1 + i] = (unsigned char)(key_id >> (56 - 8 * i));
	if (RAND_bytes(env + NONCE_OFF, NONCE_BYTES) != 1) {
		st = ENVELOPE_CRYPTO_ERROR;
		goto out;
	}
	st = envelope_gcm_seal(key, env + NONCE_OFF, env, HEADER_BYTES,
	    (const unsigned char *)aad, strlen(aad), pt, ptlen, env + CT_OFF,
	    env + CT_OFF + ptlen);
out:
	if (st != ENVELOPE_OK) {
		OPENSSL_cleanse(env, len);
		return st;
	}
	*out = env;
	*outlen = len;
	return ENVELOPE_OK;
}

/* Returns ENVELOPE_TRUNCATED or ENVELOPE_BAD_VERSION (*key_id untouched),
 * else ENVELOPE_OK. Says nothing about whether the envelope is genuine. */
enum envelope_status
envelope_key_id(const unsigned char *env, size_t len, uint64_t *key_id)
{
	uint64_t id = 0;

	require(key_id != NULL);
	if (env == NULL || len < ENVELOPE_OVERHEAD)
		return ENVELOPE_TRUNCATED;
	if (env[0] != ENVELOPE_V1)
		return ENVELOPE_BAD_VERSION;
	for (int i = 1; i <= 8; i++)
		id = id << 8 | env[i];
	*key_id = id;
	return ENVELOPE_OK;
}

/* Returns ENVELOPE_TRUNCATED, ENVELOPE_BAD_VERSION, ENVELOPE_TOO_LARGE,
 * ENVELOPE_AUTH_FAILED or ENVELOPE_CRYPTO_ERROR with *pt and *ptlen
 * untouched and any decrypted bytes wiped; else ENVELOPE_OK with *pt in
 * arena memory (NUL-terminated, wiped at arena_reset). */
enum envelope_status
envelope_open(const unsigned char key[KEY_BYTES], const char *aad, const unsigned char *env,
    size_t len, struct arena *a, unsigned char **pt, size_t *ptlen)
{
	enum envelope_status st;
	uint64_t id;
	unsigned char *buf;
	size_t ctlen;

	require(key != NULL && aad != NULL && a != NULL && pt != NULL && ptlen != NULL);
	if ((st = envelope_key_id(env, len, &id)) != ENVELOPE_OK)
		return st;
	ctlen = len - ENVELOPE_OVERHEAD;
	if (ctlen > ENVELOPE_MAX_PLAINTEXT)
		return ENVELOPE_TOO_LARGE;
	buf = arena_alloc(a, ctlen + 1);	/* zeroed: buf[ctlen] is the NUL */
	st = envelope_gcm_open(key, env + NONCE_OFF, env, HEADER_BYTES,
	    (const unsigned char *)aad, strlen(aad), env + CT_OFF, ctlen,
	    env + CT_OFF + ctlen, buf);
	if (st != ENVELOPE_OK)
		return st;	/* envelope_gcm_open wiped buf */
	*pt = buf;
	*ptlen = ctlen;
	return ENVELOPE_OK;
}

/* Returns 0, or -1 when OpenSSL fails (out of memory); out is then zero. */
int
blind_index(const unsigned char key[KEY_BYTES], const char *domain, const char *value,
    size_t len, unsigned char out[BLIND_INDEX_BYTES])
{
	EVP_MAC *mac = NULL;
	EVP_MAC_CTX *ctx = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	size_t mdlen = 0;
	int rc = -1;

	require(key != NULL && domain != NULL && out != NULL && (value != NULL || len == 0));
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (ctx = EVP_MAC_CTX_new(mac)) == NULL ||
	    EVP_MAC_init(ctx, key, KEY_BYTES, params) != 1 ||
	    EVP_MAC_update(ctx, (const unsigned char *)domain, strlen(domain) + 1) != 1 ||
	    (len > 0 && EVP_MAC_update(ctx, (const unsigned char *)value, len) != 1) ||
	    EVP_MAC_final(ctx, md, &mdlen, sizeof(md)) != 1 || mdlen < BLIND_INDEX_BYTES)
		goto out;
	memcpy(out, md, BLIND_INDEX_BYTES);
	rc = 0;
out:
	if (rc != 0)
		memset(out, 0, BLIND_INDEX_BYTES);
	OPENSSL_cleanse(md, sizeof(md));
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

static bool
ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Returns the arena copy of s without surrounding ASCII white space and
 * with A-Z lower-cased (other bytes, UTF-8 included, kept as they are),
 * or NULL when s is NULL, blank, or holds a control character inside. */
const char *
normalise_email(struct arena *a, const char *s)
{
	const unsigned char *b, *e;
	char *r;

	if (s == NULL)
		return NULL;
	b = (const unsigned char *)s;
	e = b + strlen(s);
	while (b < e && ascii_space(*b))
		b++;
	while (e > b && ascii_space(e[-1]))
		e--;
	if (b == e)
		return NULL;
	r = arena_strndup(a, (const char *)b, (size_t)(e - b));
	for (unsigned char *p = (unsigned char *)r; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return NULL;	/* the arena copy is wiped at reset */
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p - 'A' + 'a');
	}
	return r;
}

/* True when cc is a country calling code: 1 to 3 digits, not 0-led. */
static bool
valid_cc(const char *cc)
{
	size_t n = cc ? strlen(cc) : 0;

	if (n < 1 || n > 3 || cc[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (cc[i] < '0' || cc[i] > '9')
			return false;
	return true;
}

/* Collects the digits of s into d (at most max, NUL-terminated), leaving
 * out a "(0)" group, and sets *plus when s starts (after spaces) with '+'.
 * Returns the digit count,
 * or -1 for a character outside [0-9 .()+-], a '+' anywhere but first,
 * or more than max digits. */
static int
phone_digits(const char *s, char *d, int max, bool *plus)
{
	int n = 0;

	*plus = false;
	while (*s == ' ')
		s++;
	if (*s == '+') {
		*plus = true;
		s++;
	}
	for (; *s; s++) {
		if (strncmp(s, "(0)", 3) == 0) {
			s += 2;	/* "+41 (0)44": the trunk 0, dialled only nationally */
		} else if (*s >= '0' && *s <= '9') {
			if (n == max)
				return -1;
			d[n++] = *s;
		} else if (!strchr(" -.()", *s)) {
			return -1;
		}
	}
	d[n] = '\0';
	return n;
}

/* Returns "+" and 5 to 15 digits in the arena, or NULL (see envelope.h and
 * phone_digits). "+CC..." and "00CC..." are international; otherwise the
 * number is national: a single leading 0 (trunk prefix) is dropped and
 * default_cc is put in front, and NULL when default_cc is not a 1-3 digit
 * country code. International numbers cannot start with 0. */
const char *
normalise_phone(struct arena *a, const char *s, const char *default_cc)
{
	char d[PHONE_MAX_DIGITS + 4];	/* room for "00" and a trunk 0 */
	const char *num = d, *cc = "";
	bool plus;
	int n;

	if (s == NULL || (n = phone_digits(s, d, (int)sizeof(d) - 1, &plus)) < 0)
		return NULL;
	if (!plus && n >= 2 && d[0] == '0' && d[1] == '0') {
		num = d + 2;
		plus = true;
	} else if (!plus) {
		if (!valid_cc(default_cc))
			return NULL;
		cc = default_cc;
		if (d[0] == '0')
			num = d + 1;
	}
	if (num[0] == '0')
		return NULL;
	n = (int)(strlen(cc) + strlen(num));
	if (n < PHONE_MIN_DIGITS || n > PHONE_MAX_DIGITS)
		return NULL;
	return arena_printf(a, "+%s%s", cc, num);
}
