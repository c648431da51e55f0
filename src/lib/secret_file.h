/* secret_file.h: reading files that hold secrets, refusing unsafe ones. */
#ifndef CRM_SECRET_FILE_H
#define CRM_SECRET_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Checks that path is a regular file unreadable by group and others and
 * owned by the effective user, by root, or (when running as root, before
 * privileges are dropped) by service_uid; pass (uid_t)-1 for none.
 * Returns 0, or -1 with a message that says how to fix it in err. */
int secret_file_check(const char *path, uid_t service_uid, char *err, size_t errsz);

/* Checks path as above and returns its first line (at most 4 KiB, newline
 * stripped) in a malloc'd string the caller wipes and frees with
 * secret_free; NULL with err set on failure. */
char *secret_file_read(const char *path, uid_t service_uid, char *err, size_t errsz);

void secret_free(char *secret);

/* Like secret_file_read, but returns the whole file (at most 64 KiB) in
 * *len bytes, NUL-terminated; free with secret_free_len. */
char *secret_file_read_all(const char *path, uid_t service_uid, size_t *len,
    char *err, size_t errsz);
void secret_free_len(char *secret, size_t len);

#endif
