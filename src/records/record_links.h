/* record_links.h: the declared links between records (link_sql.h's
 * RECORD_LINKS, one entry per link) and what deleting and restoring a
 * record does with them. record_kind.c's delete and restore call these
 * inside their transaction, so a deleted record never has a live row
 * pointing at it through a link that is unlinked, and restoring it puts
 * back what still makes sense; the audit record of each lists the rows.
 *
 * How a link is settled when the record it points at is deleted:
 *   LINK_SET_NULL   the column is emptied (contacts.account_id), saved in
 *                   record_unlinks, set again on restore when the row
 *                   still exists and the column is still empty;
 *   LINK_DELETE_ROW the link table's row is removed, saved, inserted
 *                   again on restore when the other side still exists and
 *                   the row is not there again;
 *   LINK_KEEP       history (activities, the lead converted into a deal)
 *                   stays pointing at the record, hidden with it, and is
 *                   whole again when it is restored. Only counted. */
#ifndef CRM_RECORD_LINKS_H
#define CRM_RECORD_LINKS_H

#include <stddef.h>

#include "arena.h"
#include "db.h"
#include "sql_statements.h"

enum link_how { LINK_SET_NULL, LINK_DELETE_ROW, LINK_KEEP };

struct record_link {
	const char *name;		/* record_unlinks.link, the audit records */
	const char *table, *column;	/* where the reference is */
	const char *to;			/* the kind it points at: "accounts" */
	const char *label;		/* msgid of the linked rows: "Contacts" */
	enum link_how how;
	enum stmt_id count;		/* link_count */
	/* link_rows, link_save, link_unlink, link_restorable, link_restore:
	 * STMT__MAX for LINK_KEEP */
	enum stmt_id rows, save, unlink, restorable, restore;
};

#define LINK_ONE_(X, ...) + 1
enum { RECORD_LINKS_N = 0 RECORD_LINKS(LINK_ONE_, _) };

extern const struct record_link record_links[RECORD_LINKS_N];

/* A link with rows pointing at a record, and how many. */
struct link_count {
	const struct record_link *link;
	long long n;
};

/* The live rows linked to record id of kind (all of them, also those
 * the user may not view: only the counts may be shown) into
 * out[0..RECORD_LINKS_N), the links with none left out: how many
 * entries, or -1 on an error. *unlinked: how many of the rows an unlink
 * would change (not LINK_KEEP). */
int record_links_count(struct db *db, struct arena *a, const char *kind, long long id,
    struct link_count *out, long long *unlinked);

/* In the caller's transaction: unlinks every row (live or deleted) that
 * points at id of kind through a LINK_SET_NULL or LINK_DELETE_ROW link,
 * each saved in record_unlinks. *detail: a JSON object naming per link
 * how many and which ("contact_account":{"n":2,"ids":[4,9]}), NULL when
 * nothing was unlinked. 0, or -1 on an error. */
int record_links_unlink(struct db *db, struct arena *a, const char *kind, long long id, const char **detail);

/* In the caller's transaction, after id of kind is restored: puts back
 * what its deletion unlinked where that still makes sense, then forgets
 * the saved rows. *detail as record_links_unlink's for what was put
 * back (NULL: nothing). 0, or -1 on an error. */
int record_links_restore(struct db *db, struct arena *a, const char *kind, long long id, const char **detail);

#endif
