/* hkdf.c: owns HKDF-SHA-256 (hkdf.h). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "hkdf.h"

int
hkdf_sha256(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len,
    const char *info, unsigned char *out, size_t n)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string("digest", (char *)(uintptr_t)"SHA256", 0),
		OSSL_PARAM_construct_octet_string("key", (void *)(uintptr_t)ikm, ikm_len),
		OSSL_PARAM_construct_octet_string("info", (void *)(uintptr_t)info, strlen(info)),
		/* the salt when there is one, else the end twice */
		salt != NULL ? OSSL_PARAM_construct_octet_string("salt", (void *)(uintptr_t)salt, salt_len)
		    : OSSL_PARAM_construct_end(),
		OSSL_PARAM_construct_end(),
	};
	int rc = -1;

	EVP_KDF_free(kdf);
	if (kctx != NULL && EVP_KDF_derive(kctx, out, n, params) == 1)
		rc = 0;
	else
		OPENSSL_cleanse(out, n);
	EVP_KDF_CTX_free(kctx);
	return rc;
}
