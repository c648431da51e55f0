/* user_store.h: the users as /admin/users reads and changes them (the
 * only code that runs the admin_user statements but the reach check,
 * user_scope.c). Lists are arena arrays; functions return 0 (or the
 * 1 found / 0 missing of a get) and -1 on a database error. Callers
 * hold the transaction and write the audit record in it. */
#ifndef CRM_USER_STORE_H
#define CRM_USER_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;

/* One line of the users list. */
struct user_summary {
	long long id, sessions;	/* sessions: live ones */
	const char *username, *source, *last_login, *roles;
	bool disabled;
};

struct user_info {
	const char *username, *source;
	bool disabled;
	long long team_id;	/* 0: none */
};

/* A role as the user's form offers it. */
struct user_role_choice {
	long long id;
	const char *name;
	bool manual, from_group;
};

struct user_team {
	long long id;
	const char *name;
};

/* One sign-in event of the audit trail. */
struct user_sign_in {
	const char *at, *action, *outcome, *ip, *agent, *reason;
};

/* Up to limit users within the actor's view reach, from offset. */
int user_store_list(struct ctx *ctx, long long limit, long long offset, struct user_summary **out,
    size_t *n);
/* 1 found, 0 no such user, -1 error. */
int user_store_get(struct ctx *ctx, long long id, struct user_info *out);
int user_store_role_choices(struct ctx *ctx, long long id, struct user_role_choice **out, size_t *n);
int user_store_teams(struct ctx *ctx, struct user_team **out, size_t *n);
/* The last 50 sign-in events of username. */
int user_store_sign_ins(struct ctx *ctx, const char *username, struct user_sign_in **out, size_t *n);
/* Active administrators other than id (0: all of them); -1 on error. */
long long user_store_other_admins(struct ctx *ctx, long long id);
/* The user's role names, all sources, sorted. */
int user_store_role_names(struct ctx *ctx, long long id, const char ***out, size_t *n);
/* Sets disabled; *changed is false when no row changed (none, or same). */
int user_store_set_disabled(struct ctx *ctx, long long id, bool disabled, bool *changed);
/* Replaces the roles assigned by hand: clear, then add one by one. */
int user_store_manual_roles_clear(struct ctx *ctx, long long id);
int user_store_manual_role_add(struct ctx *ctx, long long id, long long role_id);
/* team 0: none. */
int user_store_set_team(struct ctx *ctx, long long id, long long team);

#endif
