/* audit_store.h: the audit trail as the auditors' page reads it
 * (/admin/audit and its CSV export; trail_sql.h). */
#ifndef CRM_AUDIT_STORE_H
#define CRM_AUDIT_STORE_H

#include <stddef.h>

#include "db.h"
#include "stmt.h"

/* A search: "" matches any; action also matches its dotted children
 * ("auth" finds auth.login); from and to are dates, to inclusive. */
struct audit_filter {
	const char *user, *action, *otype, *oid, *ip, *from, *to;
};

/* One audit_log row, newest first; at in seconds, UTC. */
struct audit_entry {
	long long seq, items;
	const char *at, *actor, *roles, *ip, *agent, *request_id, *action, *object_type,
	    *object_id, *outcome, *detail;
};

/* The names of entries' objects as one viewer may see them:
 * given/family for a contact or lead, name for the others, NULL when the
 * record is gone or out of the viewer's scope. */
struct audit_name {
	const char *given, *family, *name;
};

/* The viewer's view scope of the record modules, one per module. */
struct audit_name_scopes {
	struct record_scope contacts, leads, accounts, deals, activities;
};

/* Fills names[i] for entries[i], i < n <= 50. 0 or -1. */
int audit_store_names(struct db *db, struct arena *a, const struct audit_name_scopes *s,
    const struct audit_entry *entries, size_t n, struct audit_name *names);

/* Up to limit rows matching f after skipping offset. 0 or -1. */
int audit_store_search(struct db *db, struct arena *a, const struct audit_filter *f,
    long long limit, long long offset, struct audit_entry **out, size_t *n);

#endif
