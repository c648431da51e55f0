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

struct ctx;

enum activity_kind { AK_TASK, AK_CALL, AK_MEETING, AK_NOTE, AK__MAX };
enum activity_related { AR_CONTACT, AR_ACCOUNT, AR_DEAL, AR_LEAD, AR__MAX };

extern const char *const activity_kind_names[AK__MAX];	/* "task", ... as stored */
extern const char *const activity_kind_labels[AK__MAX];	/* msgids */
extern const char *const activity_related_names[AR__MAX];	/* "contact", ... = subject type */
extern const char *const activity_related_labels[AR__MAX];	/* msgids */

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

#endif
