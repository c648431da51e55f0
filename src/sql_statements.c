/* sql_statements.c: owns the text of every statement the application
 * prepares. SQL lives only here (and in sql/ migrations), always with
 * placeholders, so a reviewer can read every query in one file. */
#include "config.h"

#include "sql_statements.h"

const struct stmt_def stmt_defs[STMT__MAX] = {
	/* Backups (crmctl, admin account). */
	/* The audit trail (src/audit.c, src/crmctl_audit.c). A writer locks
	 * the first head row no one else holds, and only when all are held
	 * waits on one; a chain's records are thus written one at a time. */
	/* The first record of a chain young enough to keep: purges delete
	 * only below it, so what is left is always a contiguous tail of
	 * each chain. */
	/* crmctl watch: the watermark, the audit stream and the alerts it
	 * raises. Times cross as seconds since the epoch in UTC, computed
	 * without the session time zone. */
	/* Records the watcher handled (at or below its cursors) in the last
	 * ? days, to learn baselines from after a restart. */
	/* A consumer's unread records: per chain, those past its cursor
	 * (audit.h says why per chain). Driven from the 16 head rows so each
	 * chain is a range of the (chain, chain_seq) key. */
	/* The contact list (contact_list.c): one statement per sort and per
	 * kind of search, each with a single index path. STRAIGHT_JOIN keeps
	 * contacts the driving table and FORCE INDEX makes the browse
	 * statements read the index in list order and stop after a page. The
	 * owner's name is a subquery, not a join: from a prepared statement's
	 * second execution on, MariaDB joined the (small) users table through
	 * a join buffer, which loses the index order and sorted every contact
	 * (100 ms at 10,000, seconds at a million). Each row carries its
	 * contact's wrapped data key (one statement instead of one a row). */
	/* Last names, then first names, beginning with the search: two
	 * ranges on their own indexes, each cut at a page. */
	[STMT_CONTACTS_EXPORT] = { "contacts_export",
	    "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.address, c.birth_date"
	    " FROM contacts c WHERE c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts")
	    " AND (? = '' OR c.last_name LIKE CONCAT(?, '%') OR c.first_name LIKE CONCAT(?, '%'))"
	    " AND (? = 0 OR c.email_bidx = ? OR c.phone_bidx = ?)"
	    " ORDER BY c.last_name, c.id LIMIT ?", true },
	/* Filters (page_deals.c): stage id, owner id (0: any), currency and
	 * outcome ('': any); keyset on id, newest first. */
	/* Activities (src/activity.c, src/page_activit*.c, src/timeline.c):
	 * times cross as "YYYY-MM-DDTHH:MM" (UTC), what datetime-local sends. */
	/* The activity lists share their columns (timeline_row): id, kind,
	 * subject, related type and id, a time, the state, the owner and the
	 * related record's name (NULL when the user may not view it). As in
	 * the contact list, activities drive the join (STRAIGHT_JOIN) and the
	 * owner's name is a subquery: joining the small users table first
	 * sorted every activity (1 s a dashboard at 10,000 activities). */
	/* The user's open tasks, overdue (earliest due) first, undated last. */
	/* Newest first, keyset on id (ids grow with creation time). Filters
	 * (page_activities.c): kind ('' any); state '' any, 'open', 'overdue'
	 * or 'done', which concern tasks only; owner id (0 any). */
	/* One record's activities: the record is the page's, so no name. */
	/* The name of one record an activity may be attached to, when the
	 * user may view it (related.h): NULL otherwise. */
	/* The lead a deal was converted from, when the user may view it. */
	/* The owners a list can be filtered by (list_filter.h): the users the
	 * actor's scope of the list's module reaches, bound like
	 * USER_SCOPE_SQL with that scope. */
	/* crmctl seed (src/crmctl_seed.c): the owner of the demo records,
	 * and contacts inserted with their account in one statement. */
	/* CSV export of the lists (src/export.c, src/page_exports.c): the
	 * rows of the export scope matching the search, at most ? (the cap
	 * plus one); cell 0 is the id. */
	[STMT_ACCOUNTS_EXPORT] = { "accounts_export",
	    "SELECT a.id, a.name, a.tax_id, a.bank_account FROM accounts a"
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts")
	    " AND (? = '' OR a.name LIKE CONCAT(?, '%')) ORDER BY a.name, a.id LIMIT ?", true },
	[STMT_LEADS_EXPORT] = { "leads_export",
	    "SELECT l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.status FROM leads l"
	    " WHERE l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
	    LEAD_SEARCH_SQL " ORDER BY l.id LIMIT ?", true },
	[STMT_DEALS_EXPORT] = { "deals_export",
	    "SELECT d.id, d.name, a.name, s.name, d.amount_cents, d.currency, d.probability,"
	    " DATE_FORMAT(d.expected_close, '%Y-%m-%d')"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id LEFT JOIN accounts a ON a.id = d.account_id"
	    " WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " AND (? = '' OR d.name LIKE CONCAT(?, '%')) ORDER BY d.id LIMIT ?", true },
	[STMT_ACTIVITIES_EXPORT] = { "activities_export",
	    "SELECT a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i'),"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i'), a.body FROM activities a"
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
	    " AND (? = '' OR a.subject LIKE CONCAT(?, '%')) ORDER BY a.id LIMIT ?", true },
	/* Backups (sql/021_backups.sql). crmctl backup prune marks what it
	 * removed (admin account). */
	/* What crmctl watch and /admin/backups judge (backup_alerts.h), times
	 * as seconds since the epoch: when the first migration was applied,
	 * the newest backup not pruned (time, name), the newest passing
	 * drill, and the newest drill's outcome. */
	/* Failed drills without their backup.drill_failed alert yet (its
	 * subject is "drill ID", backup_alerts.h), with a short reason from
	 * the detail's "reason" (or "error"). */
	/* /admin/backups: the newest backups and drills, and the open backup
	 * alerts. */

	/* The typed statements (stmt.h), from their families' declarations. */
#define STMT_DEF_NONE(shape)
#define STMT_DEF(name, mode, shape) \
	[STMT_##name] = { #name, name##_SQL, STMT_MODE_##mode, true, \
	    0 shape##_IN(STMT_DEF_WIDTH), 0 shape##_OUT(STMT_DEF_ONE) },
#define STMT_MODE_RO true
#define STMT_MODE_RW false
#define STMT_DEF_WIDTH(t, name) + STMT_DEF_W_##t
#define STMT_DEF_ONE(t, name) + 1
#define STMT_DEF_W_INT 1
#define STMT_DEF_W_TEXT 1
#define STMT_DEF_W_VAL 1
#define STMT_DEF_W_SCOPE 7
#define STMT_DEF_W_USCOPE 5
	STMT_FAMILIES(STMT_DEF_NONE, STMT_DEF)
};
