/* totp.h: one-time passwords (RFC 4226 HOTP, RFC 6238 TOTP) and
 * recovery codes for multi-factor sign-in. */
#ifndef CRM_TOTP_H
#define CRM_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "arena.h"

/* The fixed parameters authenticator apps expect: SHA-1, 6 digits, 30 s. */
#define TOTP_SECRET_BYTES 20
#define TOTP_DIGITS 6
#define TOTP_PERIOD 30
#define RECOVERY_CODES 10

/* HOTP value (RFC 4226) of counter under key (keylen bytes) with digits
 * digits (6..8), using SHA-1, SHA-256 or SHA-512 (md "SHA1", "SHA256",
 * "SHA512"). Returns -1 on a bad argument or when OpenSSL fails. */
long hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits, const char *md);

/* Time step for unix time t: t / TOTP_PERIOD; 0 for times before 1970. */
uint64_t totp_step(time_t t);

/* Checks a 6-digit code typed by a person (ASCII digits only, spaces
 * ignored, exactly 6 digits after removing spaces) against secret at time
 * now with one step of drift either way, refusing any step <=
 * last_used_step (replay). Returns the matching step (> 0), or 0 when the
 * code is wrong, malformed (NULL included) or replayed. All three
 * candidate steps are computed and compared in constant time; the caller
 * stores the returned step as the new last_used_step. */
uint64_t totp_verify(const unsigned char secret[TOTP_SECRET_BYTES], const char *code,
    time_t now, uint64_t last_used_step);

/* Fills secret with fresh random bytes (RAND_bytes). Returns 0 or -1. */
int totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);

/* RFC 4648 base32 (A-Z2-7, no padding) of in[0..len) into out, which
 * needs (len * 8 + 4) / 5 + 1 bytes (33 for a secret). Returns out, or
 * NULL when out is NULL or too small. */
const char *base32_encode(const unsigned char *in, size_t len, char *out, size_t outsz);

/* Enrolment URI for authenticator apps:
 * otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
 * with ISSUER and ACCOUNT percent-encoded (only RFC 3986 unreserved
 * characters kept). Returns an arena string (it holds the secret: the
 * arena wipes it at reset), or NULL when an argument is NULL. */
const char *totp_uri(struct arena *a, const char *issuer, const char *account,
    const unsigned char secret[TOTP_SECRET_BYTES]);

/* Ten recovery codes, each "xxxx-xxxx-xxxx" from the alphabet
 * 23456789abcdefghjkmnpqrstuvwxyz (no lookalikes, about 59 bits), drawn
 * with RAND_bytes without modulo bias and distinct from each other.
 * codes[i] get arena strings. Returns 0, or -1 when the RNG fails (codes
 * are then all NULL). */
int recovery_codes_new(struct arena *a, const char *codes[RECOVERY_CODES]);

/* Normalises a typed recovery code (lower-cased; spaces and dashes
 * dropped) and returns the lower-case hex SHA-256 of "crm-recovery:" ||
 * normalised code as an arena string. Codes are stored only as this hash.
 * Returns NULL when the code is NULL, is not 12 characters of the
 * alphabet once normalised, or OpenSSL fails. */
const char *recovery_code_hash(struct arena *a, const char *typed);

#endif
