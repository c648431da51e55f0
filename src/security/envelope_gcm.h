/* envelope_gcm.h: the raw AES-256-GCM under envelope_seal/envelope_open
 * and the backup file chunks (backup_file.c). Internal to those two
 * modules; the unit tests include it to run the published
 * GCM known-answer vector, which has no envelope header in its AAD. The
 * AAD is aad1 || aad2; either may be empty (NULL, 0). */
#ifndef CRM_ENVELOPE_GCM_H
#define CRM_ENVELOPE_GCM_H

#include "envelope.h"

enum envelope_status envelope_gcm_seal(const unsigned char key[KEY_BYTES],
    const unsigned char nonce[12], const unsigned char *aad1, size_t aad1len,
    const unsigned char *aad2, size_t aad2len, const unsigned char *pt, size_t ptlen,
    unsigned char *ct, unsigned char tag[16]);
enum envelope_status envelope_gcm_open(const unsigned char key[KEY_BYTES],
    const unsigned char nonce[12], const unsigned char *aad1, size_t aad1len,
    const unsigned char *aad2, size_t aad2len, const unsigned char *ct, size_t ctlen,
    const unsigned char tag[16], unsigned char *pt);

#endif
