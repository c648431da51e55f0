/* activity.h: an activity (task, call, meeting or note) as pages use it:
 * loading it within the user's record scope of the activities module,
 * and opening and sealing its body, an envelope under the data key of
 * the record it is attached to (a contact's activity under the contact's
 * key, so erasing the contact erases its notes). Whether the user sees
 * the body is decided by the pages from rbac_field_rule; a hidden body
 * is never decrypted. */
#ifndef CRM_ACTIVITY_H
#define CRM_ACTIVITY_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"
#include "related.h"

struct ctx;

enum activity_kind { AK_TASK, AK_CALL, AK_MEETING, AK_NOTE, AK__MAX };

extern const char *const activity_kind_names[AK__MAX];	/* "task", ... as stored */
extern const char *const activity_kind_labels[AK__MAX];	/* msgids */

struct activity {
	long long id, related_id, owner_id, team_id, version;
	int kind;			/* enum activity_kind */
	int related;			/* enum activity_related */
	const char *subject, *due, *done, *owner, *team, *created, *updated;
	bool overdue;			/* an open task or meeting past its due time */
	struct db_value sealed;		/* the body as stored (DBV_NULL: empty) */
	const char *body;		/* opened, NULL when empty or not opened */
	bool broken;			/* did not decrypt (integrity alert logged) */
};

/* Index of s in names[0..n), or -1 (NULL s too). */
int activity_parse(const char *const *names, int n, const char *s);

/* Loads activity id if it is within the user's scope for action: 1, 0
 * when missing or out of scope (the same answer), -1 on a database
 * error. due and done are "YYYY-MM-DDTHH:MM" or NULL. */
int activity_load(struct ctx *ctx, long long id, enum rbac_action action, struct activity *a);

/* Opens the body unless the user's rule hides it. 0, or -1 (no key ring
 * / database); a body that fails authentication is marked broken. */
int activity_open(struct ctx *ctx, struct activity *a);

/* Seals body (NULL or "" = empty: DBV_NULL) of activity id attached to
 * a record of type related, id related_id, under that record's data key,
 * creating the key when the record has none (inside the caller's
 * transaction, which also locks the key against a concurrent
 * rotation). 0 or -1. */
int activity_seal(struct ctx *ctx, long long id, int related, long long related_id,
    const char *body, struct db_value *out);

/* A masked form of a body for display: its first character, bullets. */
const char *activity_mask(struct arena *a, const char *body);

/* What a user sent for an activity, validated. */
struct activity_input {
	int kind;			/* enum activity_kind */
	const char *subject, *body;	/* body NULL: empty */
	const char *due;		/* "YYYY-MM-DDTHH:MM" or NULL */
};

/* Creates an activity from in attached to record related (enum
 * activity_related) related_id, its body sealed under that record's
 * key, audited (the body masked) in the same transaction. The new id,
 * or -1 (rolled back). */
long long activity_create(struct ctx *ctx, const struct activity_input *in, int related,
    long long related_id);

/* Changes activity a (opened: activity_open) to in if it still has
 * version; the body only when set_body. Audited with before and after
 * (the body masked) in the same transaction. 1 saved, 0 conflict
 * (rolled back, nothing audited), -1 error (rolled back). */
int activity_save(struct ctx *ctx, const struct activity *a, const struct activity_input *in,
    bool set_body, long long version);

/* Marks task a done, audited: 1 done, 0 already done or changed
 * meanwhile, -1 error. */
int activity_complete(struct ctx *ctx, const struct activity *a);

/* An activity of a list (the lists carry no bodies). state: 0 not a
 * task, 1 an open task, 2 an open task past its due time, 3 a task
 * done. related_name is NULL when the user may not view the record. */
struct activity_item {
	long long id, related_id, state;
	int kind, related;		/* -1 when not known */
	const char *subject, *at, *owner, *related_name;
};

/* What an activity list is narrowed to; "" and 0 mean any. state is
 * "open", "overdue" or "done" (tasks only). */
struct activity_filter {
	const char *kind, *state;
	long long owner;
};

/* The lists, into *out (the request's arena); each returns the count, or
 * -1 on a database error. The user's open tasks, overdue (earliest due)
 * first, at most limit (at: the due time): */
long long activity_open_tasks(struct ctx *ctx, long long limit, struct activity_item **out);

/* The dashboard's lists of the user's own activities in their view
 * scope (at: the due time, UTC). from, to and before are UTC times
 * "YYYY-MM-DD HH:MM:SS" (display_period_utc). Open tasks due in
 * [from, to), soonest first: */
long long activity_tasks_due(struct ctx *ctx, const char *from, const char *to, long long limit,
    struct activity_item **out);
/* Open tasks due before before, the latest first: */
long long activity_tasks_overdue(struct ctx *ctx, const char *before, long long limit,
    struct activity_item **out);
/* Meetings and calls due in [from, to), soonest first: */
long long activity_meetings(struct ctx *ctx, const char *from, const char *to, long long limit,
    struct activity_item **out);
/* The user's own latest activities, newest first (at: created): */
long long activity_my_recent(struct ctx *ctx, long long limit, struct activity_item **out);

/* The activities in the user's view scope matching f, newest first,
 * with an id below after (0: from the newest), at most limit (at: the
 * creation time). */
long long activity_recent(struct ctx *ctx, const struct activity_filter *f, long long after,
    long long limit, struct activity_item **out);

/* The activities in the user's view scope attached to record
 * related_type/related_id, newest first, at most limit (no names). */
long long activity_timeline(struct ctx *ctx, const char *related_type, long long related_id,
    long long limit, struct activity_item **out);


#endif
