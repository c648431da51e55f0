/* hkdf.h: HKDF-SHA-256 (RFC 5869) through OpenSSL's EVP_KDF, the one key
 * derivation the key ring (keyring_derive), the backup files and their
 * manifests use. */
#ifndef CRM_HKDF_H
#define CRM_HKDF_H

#include <stddef.h>

/* Derives n bytes from ikm (ikm_len bytes), salt (salt_len bytes; NULL:
 * no salt, which HKDF reads as HashLen zero bytes) and info into out: 0,
 * or -1 with out wiped. */
int hkdf_sha256(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len,
    const char *info, unsigned char *out, size_t n);

#endif
