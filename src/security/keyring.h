/* keyring.h: the key ring: versioned key-encryption keys and the blind
 * index key, held in locked memory that never reaches a core dump. */
#ifndef CRM_KEYRING_H
#define CRM_KEYRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "envelope.h"

#define KEYRING_MAX_KEKS 64

/* Loads path (a secret file: 0600, owned by the service user or root).
 * A sealed ring is opened with unseal_path: a file holding either 64 hex
 * digits (an external key) or a passphrase, as the ring's header says.
 * Replaces the loaded ring only on success. Returns 0, or -1 with err
 * (which never contains key material). service_uid as for secret files. */
int keyring_load(const char *path, const char *unseal_path, uid_t service_uid,
    char *err, size_t errsz);
void keyring_free(void);
/* Loads the same file again (a worker meeting a key version it does not
 * know: crmctl keys rotate has added one). 0 or -1 with err. */
int keyring_reload(char *err, size_t errsz);
bool keyring_loaded(void);

/* The key-encryption key with version id, or NULL when the ring has none. */
const unsigned char *keyring_kek(uint64_t id);
/* The newest key-encryption key's version (the one that wraps); 0 if none. */
uint64_t keyring_newest(void);
/* Versions of all key-encryption keys, oldest first; returns the count. */
size_t keyring_versions(uint64_t *out, size_t max);
/* The blind index key (separate from every encryption key). */
const unsigned char *keyring_index_key(void);
/* Derives a 32-byte key for one purpose (label, e.g. "crm audit chain
 * v1") from the index key with HKDF-SHA-256 (no salt, info = label), so
 * each use has its own key and none can be turned into another. 0, or -1
 * (no ring loaded, or OpenSSL failed; out is wiped). The caller wipes out
 * with OPENSSL_cleanse when done. */
int keyring_derive(const char *label, unsigned char out[32]);

/* File operations for crmctl. Each writes the new ring to a temporary
 * file (0600, same owner), syncs it and renames it over the old one, so
 * a crash leaves either the old or the new ring, never half of one. */

/* Creates a new ring at path with key-encryption key 1 and an index key;
 * refuses to overwrite an existing file. owner: uid/gid to give it, or
 * (uid_t)-1 to keep the caller's. */
int keyring_create(const char *path, uid_t owner, gid_t group, char *err, size_t errsz);
/* Adds a key-encryption key (the new newest) to the ring at path and
 * reloads it; *version gets its number. */
int keyring_add_kek(const char *path, const char *unseal_path, uid_t service_uid,
    uint64_t *version, char *err, size_t errsz);
/* Removes key-encryption key version from the ring (the caller has made
 * sure nothing is wrapped by it); the newest key cannot be removed. */
int keyring_remove_kek(const char *path, const char *unseal_path, uid_t service_uid,
    uint64_t version, char *err, size_t errsz);
/* Seals the ring at path with the external key or passphrase in
 * seal_path ("key" or "passphrase" says which), or unseals it when
 * seal_path is NULL. */
int keyring_seal(const char *path, const char *unseal_path, uid_t service_uid,
    const char *seal_kind, const char *seal_path, char *err, size_t errsz);

/* Parses the plain text form of a ring (for unit tests and fuzzing) into
 * the loaded ring. 0 or -1 with err naming the line. */
int keyring_parse(const char *text, size_t len, char *err, size_t errsz);

#endif
