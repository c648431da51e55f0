/* audit_store.c: owns the auditors' search of the audit trail
 * (trail_search in trail_sql.h): the filter bound as the statement wants
 * it, the rows returned as entries; and the names of a page's objects
 * as the viewer may see them (trail_names). Nothing here writes audit_log. */
#include "config.h"

#include <string.h>

#include "audit_store.h"
#include "stmt.h"

int
audit_store_search(struct db *db, struct arena *a, const struct audit_filter *f,
    long long limit, long long offset, struct audit_entry **out, size_t *n)
{
	struct trail_search_in in = {
		.user = f->user, .user_again = f->user, .action = f->action,
		.action_again = f->action, .action_prefix = f->action, .otype = f->otype,
		.otype_again = f->otype, .oid = f->oid, .oid_again = f->oid, .ip = f->ip,
		.ip_again = f->ip, .from = f->from, .to = f->to, .limit = limit, .offset = offset,
	};
	struct trail_search_out rows;

	if (stmt_trail_search(db, a, &in, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct trail_search_row *r = &rows.rows[i];
		(*out)[i] = (struct audit_entry){ .seq = r->seq, .items = r->items, .at = r->at,
		    .actor = r->actor, .roles = r->roles, .ip = r->ip, .agent = r->agent,
		    .request_id = r->request_id, .action = r->action, .object_type = r->object_type,
		    .object_id = r->object_id, .outcome = r->outcome, .detail = r->detail };
	}
	*n = rows.n;
	return 0;
}

int
audit_store_names(struct db *db, struct arena *a, const struct audit_name_scopes *s,
    const struct audit_entry *entries, size_t n, struct audit_name *names)
{
	struct trail_names_in in = { .contacts = s->contacts, .leads = s->leads,
	    .contacts_again = s->contacts, .leads_again = s->leads, .accounts = s->accounts,
	    .deals = s->deals, .activities = s->activities };
#define SLOT(t, f) &in.f,
	long long *slot[50] = { TRAIL_S10(SLOT, a) TRAIL_S10(SLOT, b) TRAIL_S10(SLOT, c)
	    TRAIL_S10(SLOT, d) TRAIL_S10(SLOT, e) };
#undef SLOT
	struct trail_names_out rows;

	memset(names, 0, n * sizeof(*names));
	for (size_t i = 0; i < n && i < 50; i++)
		*slot[i] = entries[i].seq;
	if (n == 0)
		return 0;
	if (stmt_trail_names(db, a, &in, &rows) != DB_OK)
		return -1;
	for (size_t r = 0; r < rows.n; r++)
		for (size_t i = 0; i < n && i < 50; i++)
			if (entries[i].seq == rows.rows[r].seq)
				names[i] = (struct audit_name){ rows.rows[r].given, rows.rows[r].family,
				    rows.rows[r].name };
	return 0;
}
