/* envelope.h: AES-256-GCM envelopes and keyed blind indexes. */
#ifndef CRM_ENVELOPE_H
#define CRM_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Envelope layout (all stored as VARBINARY):
 *   byte 0       format version, ENVELOPE_V1
 *   bytes 1..8   key id, unsigned 64-bit big-endian (a key-encryption key
 *                version for wrapped data keys, a data_keys.id for fields)
 *   bytes 9..20  96-bit random nonce
 *   ...          ciphertext, as long as the plaintext
 *   last 16      GCM tag
 * The AAD is never stored: the caller rebuilds it from where the envelope
 * sits (table, column, row id), so a copied envelope fails to open. */
#define ENVELOPE_V1 1
#define ENVELOPE_OVERHEAD (1 + 8 + 12 + 16)
#define ENVELOPE_MAX_PLAINTEXT (1 << 24)
#define KEY_BYTES 32
#define BLIND_INDEX_BYTES 16

enum envelope_status {
	ENVELOPE_OK,
	ENVELOPE_TRUNCATED,	/* shorter than the overhead */
	ENVELOPE_BAD_VERSION,
	ENVELOPE_UNKNOWN_KEY,	/* used by callers that look the key up */
	ENVELOPE_AUTH_FAILED,	/* tag, nonce, AAD or key wrong: tampered or moved */
	ENVELOPE_TOO_LARGE,
	ENVELOPE_CRYPTO_ERROR,	/* OpenSSL failed (out of memory, RNG) */
	ENVELOPE__MAX
};

const char *envelope_strerror(enum envelope_status s);

/* Encrypts pt[0..ptlen) under key with a fresh random nonce and aad;
 * *out (arena memory, ENVELOPE_OVERHEAD + ptlen bytes) gets the envelope. */
enum envelope_status envelope_seal(const unsigned char key[KEY_BYTES], uint64_t key_id,
    const char *aad, const void *pt, size_t ptlen, struct arena *a,
    unsigned char **out, size_t *outlen);

/* Reads the version and key id without decrypting. */
enum envelope_status envelope_key_id(const unsigned char *env, size_t len, uint64_t *key_id);

/* Decrypts env with key and aad; *pt (arena memory, NUL-terminated for
 * convenience, wiped at arena reset) gets the plaintext. Nothing is
 * returned unless the tag verifies. */
enum envelope_status envelope_open(const unsigned char key[KEY_BYTES], const char *aad,
    const unsigned char *env, size_t len, struct arena *a,
    unsigned char **pt, size_t *ptlen);

/* Keyed blind index: HMAC-SHA-256(key, domain || 0x00 || value) truncated
 * to BLIND_INDEX_BYTES. domain names the column ("contacts.email") so equal
 * values in different columns do not match. Returns 0 or -1. */
int blind_index(const unsigned char key[KEY_BYTES], const char *domain,
    const char *value, size_t len, unsigned char out[BLIND_INDEX_BYTES]);

/* Normalisers for blind indexes; arena strings, NULL when the value
 * cannot be normalised. Emails: trimmed and lower-cased (ASCII). Phones:
 * E.164 digits with a leading '+'; numbers without a country code get
 * default_cc ("41"); NULL when fewer than 5 or more than 15 digits. */
const char *normalise_email(struct arena *a, const char *s);
const char *normalise_phone(struct arena *a, const char *s, const char *default_cc);

#endif
