/* home_store.h: the dashboard's own facts (its activity lists come from
 * activity.h): the user's previous sign-in and the failed attempts
 * since; the deals in the user's deal view scope by owner, stage and
 * currency (a maintained summary: sql/036_dashboard.sql), the deals won
 * in a time range, the open deals closing in a date range. Lists go into
 * the request's arena; each returns its count or -1 on a database
 * error. */
#ifndef CRM_HOME_STORE_H
#define CRM_HOME_STORE_H

struct ctx;

struct home_sign_in {
	const char *at, *ip;	/* "YYYY-MM-DD HH:MM:SS" UTC, the address */
	long long failed_since;	/* failed sign-ins after it; -1 unknown */
};

/* The signed-in user's sign-in before this one: 1 (*out set), 0 when
 * there is none or on a database error (best effort: the page shows
 * nothing then). */
int home_previous_sign_in(struct ctx *ctx, struct home_sign_in *out);

/* A sum of deals of one owner (and stage) in one currency. */
struct home_sum {
	long long owner_id, stage_id, count, amount_cents;
	long long weighted;	/* sum of amount_cents * probability percent */
	const char *owner, *currency;
};

/* The deals (open and closed, not deleted) by owner, stage, currency. */
long long home_pipeline(struct ctx *ctx, struct home_sum **out);

/* The deals closed in a won stage in [from, to) (UTC "YYYY-MM-DD
 * HH:MM:SS") by owner and currency (stage_id, weighted, owner: 0/NULL). */
long long home_won(struct ctx *ctx, const char *from, const char *to, struct home_sum **out);

/* An open deal closing soon. */
struct home_deal {
	long long id, account_id, amount_cents, stage_id;
	const char *name, *account, *currency, *close, *owner;	/* account NULL: none or not viewable */
};

/* The open deals with a close date in [from, to) ("YYYY-MM-DD"), soonest
 * first, at most limit. */
long long home_closing(struct ctx *ctx, const char *from, const char *to, long long limit,
    struct home_deal **out);

#endif
