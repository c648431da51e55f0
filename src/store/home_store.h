/* home_store.h: the start page's own facts (the pipeline and the
 * activities come from deal.h and timeline.h): the user's previous
 * sign-in and the failed attempts since. */
#ifndef CRM_HOME_STORE_H
#define CRM_HOME_STORE_H

struct ctx;

struct home_sign_in {
	const char *at, *ip;	/* "YYYY-MM-DD HH:MM UTC", the address */
	long long failed_since;	/* failed sign-ins after it; -1 unknown */
};

/* The signed-in user's sign-in before this one: 1 (*out set), 0 when
 * there is none or on a database error (best effort: the page shows
 * nothing then). */
int home_previous_sign_in(struct ctx *ctx, struct home_sign_in *out);

#endif
