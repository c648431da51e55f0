/* login_store.h: the user rows signing in reads and writes (login_store.c):
 * finding a user by name, provisioning a directory user, their roles from
 * directory groups and the sign-in time. Page files call these; only
 * login_store.c runs their SQL. */
#ifndef CRM_LOGIN_STORE_H
#define CRM_LOGIN_STORE_H

#include <stdbool.h>

struct ctx;

/* A user as sign-in sees them. */
struct login_user {
	long long id;
	bool disabled;		/* NULL reads as disabled */
	bool local;		/* a break-glass account kept by crmctl */
};

/* The user named username: 1 found (*out), 0 none, -1 database. */
int login_user_find(struct ctx *ctx, const char *username, struct login_user *out);

/* Inserts a directory user; their id into *id. 0 or -1. */
int login_user_create(struct ctx *ctx, const char *username, long long *id);

/* Replaces a directory user's group roles by those the groups map to. 0 or -1. */
int login_roles_from_groups(struct ctx *ctx, long long uid, const char *const *groups,
    int ngroups);

/* The role names uid holds, sorted, comma-separated ("" for none; arena),
 * or NULL on a database error. */
const char *login_role_names(struct ctx *ctx, long long uid);

/* Sets uid's last sign-in time to now. 0 or -1. */
int login_touch(struct ctx *ctx, long long uid);

#endif
