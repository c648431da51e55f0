/* privdrop.h: giving up root after the socket is bound. */
#ifndef CRM_PRIVDROP_H
#define CRM_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

/* Looks up user; on success stores its ids. 0 or -1 with err. */
int privdrop_lookup(const char *user, uid_t *uid, gid_t *gid, char *err, size_t errsz);

/* When running as root, becomes user (supplementary groups included) and
 * checks that root cannot be regained; root without a user is an error.
 * Not root: does nothing. Returns 0 or -1 with err. */
int privdrop(const char *user, char *err, size_t errsz);

#endif
