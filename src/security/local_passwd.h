/* local_passwd.h: the password file of break-glass accounts, read by
 * pam_pwdfile(8) in the crm-local PAM service: one "username:hash" a
 * line, hashes yescrypt ($y$) from libxcrypt. */
#ifndef CRM_LOCAL_PASSWD_H
#define CRM_LOCAL_PASSWD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LOCAL_PASSWORD_MIN 16
#define LOCAL_PASSWORD_MAX 256

/* Hashes password with yescrypt and a fresh random salt into out.
 * 0, or -1 (logged). */
int local_passwd_hash(const char *password, char *out, size_t outsz);

/* True when password matches hash (libxcrypt, constant-time compare). */
bool local_passwd_verify(const char *password, const char *hash);

/* Makes a random password of n characters (n < outsz) from an alphabet
 * without look-alikes, for an operator to keep in a safe. 0 or -1. */
int local_passwd_generate(char *out, size_t outsz, size_t n);

/* Sets (hash != NULL) or removes (hash == NULL) the line of user in the
 * file at path, written atomically (temporary file, fsync, rename) with
 * mode 0600 and owner uid/gid ((uid_t)-1 keeps the caller's). A missing
 * file counts as empty. *found tells whether user had a line. Lines it
 * does not understand are kept as they are. 0, or -1 with err. */
int local_passwd_update(const char *path, const char *user, const char *hash, uid_t uid,
    gid_t gid, bool *found, char *err, size_t errsz);

/* Replaces or removes user's line in text (len bytes), returning the new
 * text in a malloc'd string (the pure part of local_passwd_update, for
 * unit tests). NULL on allocation failure. */
char *local_passwd_edit(const char *text, size_t len, const char *user, const char *hash,
    bool *found);

#endif
