/* privdrop.c: owns the switch from root to the service user. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "privdrop.h"

int
privdrop_lookup(const char *user, uid_t *uid, gid_t *gid, char *err, size_t errsz)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errsz, "user %s: %s", user,
		    errno ? strerror(errno) : "no such user");
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int
privdrop(const char *user, char *err, size_t errsz)
{
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0)
		return 0;
	if (user == NULL) {
		snprintf(err, errsz, "started as root without [server] user: refusing to serve as root");
		return -1;
	}
	if (privdrop_lookup(user, &uid, &gid, err, errsz) == -1)
		return -1;
	if (uid == 0) {
		snprintf(err, errsz, "[server] user %s is root: refusing to serve as root", user);
		return -1;
	}
	if (initgroups(user, gid) == -1 || setgid(gid) == -1 || setuid(uid) == -1) {
		snprintf(err, errsz, "cannot become %s: %s", user, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		snprintf(err, errsz, "could regain root after becoming %s", user);
		return -1;
	}
	return 0;
}
