/* secret_file.h: reading files that hold secrets, refusing unsafe ones. */
#ifndef CRM_SECRET_FILE_H
#define CRM_SECRET_FILE_H

#include <stddef.h>

/* Checks that path is a regular file owned by the effective user or root
 * and unreadable by group and others. Returns 0, or -1 with a message
 * that says how to fix it in err. */
int secret_file_check(const char *path, char *err, size_t errsz);

/* Checks path as above and returns its first line (at most 4 KiB, newline
 * stripped) in a malloc'd string the caller wipes and frees with
 * secret_free; NULL with err set on failure. */
char *secret_file_read(const char *path, char *err, size_t errsz);

void secret_free(char *secret);

#endif
