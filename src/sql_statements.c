/* sql_statements.c: owns the text of every statement the application
 * prepares. SQL lives only here (and in sql/ migrations), always with
 * placeholders, so a reviewer can read every query in one file. */
#include "config.h"

#include "sql_statements.h"

const struct stmt_def stmt_defs[STMT__MAX] = {
	/* Backups (crmctl, admin account). */
	[STMT_USER_BY_NAME] = { "user_by_name",
	    "SELECT id, disabled, source FROM users WHERE username = ?", true },
	[STMT_USER_ROLE_NAMES] = { "user_role_names",
	    "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
	    " WHERE ur.user_id = ? ORDER BY r.name", true },
	[STMT_ROLE_GET] = { "role_get",
	    "SELECT name, mfa_required FROM roles WHERE id = ?", true },
	[STMT_USER_SET_DISABLED] = { "user_set_disabled",
	    "UPDATE users SET disabled = ? WHERE id = ?", false },
	/* The audit trail (src/audit.c, src/crmctl_audit.c). A writer locks
	 * the first head row no one else holds, and only when all are held
	 * waits on one; a chain's records are thus written one at a time. */
	/* The first record of a chain young enough to keep: purges delete
	 * only below it, so what is left is always a contiguous tail of
	 * each chain. */
	[STMT_LAST_SIGN_INS] = { "last_sign_ins",
	    "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i UTC'), ip, at FROM audit_log"
	    " WHERE actor = ? AND action = 'auth.login' AND outcome = 'success'"
	    " ORDER BY at DESC LIMIT 2", true },
	[STMT_FAILED_SIGN_INS_SINCE] = { "failed_sign_ins_since",
	    "SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'auth.login'"
	    " AND outcome = 'failure' AND at > ?", true },
	/* crmctl watch: the watermark, the audit stream and the alerts it
	 * raises. Times cross as seconds since the epoch in UTC, computed
	 * without the session time zone. */
	/* Records the watcher handled (at or below its cursors) in the last
	 * ? days, to learn baselines from after a restart. */
	/* A consumer's unread records: per chain, those past its cursor
	 * (audit.h says why per chain). Driven from the 16 head rows so each
	 * chain is a range of the (chain, chain_seq) key. */
	[STMT_ROLE_PERMS_CLEAR] = { "role_perms_clear",
	    "DELETE FROM role_permissions WHERE role_id = ?", false },
	[STMT_ROLE_RULES_CLEAR] = { "role_rules_clear",
	    "DELETE FROM role_field_rules WHERE role_id = ?", false },
	/* The contact list (contact_list.c): one statement per sort and per
	 * kind of search, each with a single index path. STRAIGHT_JOIN keeps
	 * contacts the driving table and FORCE INDEX makes the browse
	 * statements read the index in list order and stop after a page. The
	 * owner's name is a subquery, not a join: from a prepared statement's
	 * second execution on, MariaDB joined the (small) users table through
	 * a join buffer, which loses the index order and sorted every contact
	 * (100 ms at 10,000, seconds at a million). Each row carries its
	 * contact's wrapped data key (one statement instead of one a row). */
	[STMT_CONTACTS_BY_NAME] = { "contacts_by_name",
	    CONTACT_LIST_FROM("contacts_list") CONTACT_LIST_WHERE
	    " AND (c.last_name > ? OR (c.last_name = ? AND c.id > ?))"
	    " ORDER BY c.last_name, c.id LIMIT ?", true },
	[STMT_CONTACTS_BY_NEWEST] = { "contacts_by_newest",
	    CONTACT_LIST_FROM("PRIMARY") CONTACT_LIST_WHERE
	    " AND c.id < ? ORDER BY c.id DESC LIMIT ?", true },
	[STMT_CONTACTS_BY_UPDATED] = { "contacts_by_updated",
	    CONTACT_LIST_FROM("contacts_updated") CONTACT_LIST_WHERE
	    " AND (c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))"
	    " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?", true },
	/* Last names, then first names, beginning with the search: two
	 * ranges on their own indexes, each cut at a page. */
	[STMT_CONTACTS_NAME_SEARCH] = { "contacts_name_search",
	    "(" CONTACT_LIST_FROM("contacts_list") CONTACT_LIST_WHERE
	    " AND c.last_name LIKE CONCAT(?, '%')"
	    " AND (c.last_name > ? OR (c.last_name = ? AND c.id > ?))"
	    " ORDER BY c.last_name, c.id LIMIT ?) UNION ("
	    CONTACT_LIST_FROM("contacts_first_name") CONTACT_LIST_WHERE
	    " AND c.first_name LIKE CONCAT(?, '%')"
	    " AND (c.last_name > ? OR (c.last_name = ? AND c.id > ?))"
	    " ORDER BY c.last_name, c.id LIMIT ?) ORDER BY 3, 1 LIMIT ?", true },
	[STMT_CONTACTS_EXACT_SEARCH] = { "contacts_exact_search",
	    CONTACT_LIST_SELECT " FROM contacts c" CONTACT_LIST_JOINS CONTACT_LIST_WHERE
	    " AND (c.email_bidx = ? OR c.phone_bidx = ?)"
	    " AND (c.last_name > ? OR (c.last_name = ? AND c.id > ?))"
	    " ORDER BY c.last_name, c.id LIMIT ?", true },
	[STMT_CONTACT_GET] = { "contact_get",
	    "SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.address, c.birth_date,"
	    " c.owner_id, u.username, COALESCE(c.team_id, 0), c.version,"
	    " DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i UTC'), COALESCE(t.name, ''),"
	    " k.id, k.kek_version, k.wrapped"
	    " FROM contacts c JOIN users u ON u.id = c.owner_id LEFT JOIN teams t ON t.id = c.team_id"
	    " LEFT JOIN data_keys k ON k.subject_type = 'contact' AND k.subject_id = c.id"
	    " WHERE c.id = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts"), true },
	[STMT_CONTACT_INSERT] = { "contact_insert",
	    "INSERT INTO contacts (first_name, last_name, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_CONTACT_SET_SECRETS] = { "contact_set_secrets",
	    "UPDATE contacts SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ?, address = ?,"
	    " birth_date = ? WHERE id = ?", false },
	[STMT_CONTACT_UPDATE] = { "contact_update",
	    "UPDATE contacts c SET c.first_name = ?, c.last_name = ?,"
	    " c.email = IF(? = 1, ?, c.email), c.email_bidx = IF(? = 1, ?, c.email_bidx),"
	    " c.phone = IF(? = 1, ?, c.phone), c.phone_bidx = IF(? = 1, ?, c.phone_bidx),"
	    " c.address = IF(? = 1, ?, c.address), c.birth_date = IF(? = 1, ?, c.birth_date),"
	    " c.version = c.version + 1, c.updated_at = UTC_TIMESTAMP()"
	    " WHERE c.id = ? AND c.version = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts"), false },
	[STMT_DEAL_STAGES] = { "deal_stages",
	    "SELECT id, name, probability, outcome FROM deal_stages ORDER BY position", true },
	[STMT_DEAL_GET] = { "deal_get",
	    "SELECT d.id, d.name, COALESCE(d.account_id, 0), COALESCE(a.name, ''), d.amount_cents,"
	    " d.currency, d.stage_id, s.name, d.probability, COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''),"
	    " d.owner_id, u.username, COALESCE(d.team_id, 0), COALESCE(t.name, ''), d.version,"
	    " DATE_FORMAT(d.updated_at, '%Y-%m-%d %H:%i UTC')"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id"
	    " LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted_at IS NULL LEFT JOIN teams t ON t.id = d.team_id"
	    " WHERE d.id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals"), true },
	/* Filters (page_deals.c): stage id, owner id (0: any), currency and
	 * outcome ('': any); keyset on id, newest first. */
	[STMT_DEALS_LIST] = { "deals_list",
	    "SELECT d.id, d.name, d.amount_cents, d.currency, d.stage_id, s.name, u.username,"
	    " COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''), s.outcome"
	    " FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id"
	    " WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " AND (? = 0 OR d.stage_id = ?) AND (? = 0 OR d.owner_id = ?) AND (? = '' OR d.currency = ?)"
	    " AND (? = '' OR s.outcome = ?) AND d.id < ? ORDER BY d.id DESC LIMIT ?", true },
	[STMT_DEALS_BY_STAGE] = { "deals_by_stage",
	    "SELECT d.stage_id, COUNT(*), COALESCE(SUM(d.amount_cents), 0), MIN(d.currency), MAX(d.currency)"
	    " FROM deals d WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
	    " GROUP BY d.stage_id", true },
	[STMT_DEAL_INSERT] = { "deal_insert",
	    "INSERT INTO deals (name, account_id, contact_id, amount_cents, currency, stage_id, probability,"
	    " expected_close, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_DEAL_UPDATE] = { "deal_update",
	    "UPDATE deals d SET d.name = ?, d.amount_cents = IF(? = 1, ?, d.amount_cents), d.currency = ?,"
	    " d.stage_id = ?, d.probability = ?, d.expected_close = ?, d.version = d.version + 1,"
	    " d.updated_at = UTC_TIMESTAMP(),"
	    " d.closed_at = IF((SELECT outcome FROM deal_stages WHERE id = d.stage_id) = 'open', NULL,"
	    "  COALESCE(d.closed_at, UTC_TIMESTAMP()))"
	    " WHERE d.id = ? AND d.version = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals"), false },
	[STMT_ACCOUNT_INSERT] = { "account_insert",
	    "INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_LEAD_SET_SECRETS] = { "lead_set_secrets",
	    "UPDATE leads SET email = ?, email_bidx = ?, phone = ?, phone_bidx = ? WHERE id = ?", false },
	/* Activities (src/activity.c, src/page_activit*.c, src/timeline.c):
	 * times cross as "YYYY-MM-DDTHH:MM" (UTC), what datetime-local sends. */
	[STMT_ACTIVITY_GET] = { "activity_get",
	    "SELECT a.id, a.kind, a.subject, a.body, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%dT%H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i UTC'),"
	    " a.owner_id, u.username, COALESCE(a.team_id, 0), a.version,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i UTC'), DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i UTC'),"
	    " COALESCE(t.name, ''), a.done_at IS NULL AND a.due_at < UTC_TIMESTAMP()"
	    " FROM activities a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id"
	    " WHERE a.id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), true },
	[STMT_ACTIVITY_INSERT] = { "activity_insert",
	    "INSERT INTO activities (kind, subject, related_type, related_id, due_at, owner_id, team_id,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
	[STMT_ACTIVITY_SET_BODY] = { "activity_set_body",
	    "UPDATE activities SET body = ? WHERE id = ?", false },
	[STMT_ACTIVITY_UPDATE] = { "activity_update",
	    "UPDATE activities a SET a.kind = ?, a.subject = ?, a.due_at = ?, a.body = IF(? = 1, ?, a.body),"
	    " a.version = a.version + 1, a.updated_at = UTC_TIMESTAMP()"
	    " WHERE a.id = ? AND a.version = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), false },
	[STMT_ACTIVITY_COMPLETE] = { "activity_complete",
	    "UPDATE activities a SET a.done_at = UTC_TIMESTAMP(), a.version = a.version + 1,"
	    " a.updated_at = UTC_TIMESTAMP() WHERE a.id = ? AND a.kind = 'task' AND a.done_at IS NULL"
	    " AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities"), false },
	/* The activity lists share their columns (timeline_row): id, kind,
	 * subject, related type and id, a time, the state, the owner and the
	 * related record's name (NULL when the user may not view it). As in
	 * the contact list, activities drive the join (STRAIGHT_JOIN) and the
	 * owner's name is a subquery: joining the small users table first
	 * sorted every activity (1 s a dashboard at 10,000 activities). */
	/* The user's open tasks, overdue (earliest due) first, undated last. */
	[STMT_ACTIVITIES_OPEN_TASKS] = { "activities_open_tasks",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'),"  ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL
	    " FROM activities a" RELATED_JOINS_SQL
	    " WHERE a.owner_id = ? AND a.done_at IS NULL AND a.kind = 'task' AND a.deleted_at IS NULL AND"
	    SCOPE_SQL("a", "activities") " ORDER BY a.due_at IS NULL, a.due_at, a.id LIMIT ?", true },
	/* Newest first, keyset on id (ids grow with creation time). Filters
	 * (page_activities.c): kind ('' any); state '' any, 'open', 'overdue'
	 * or 'done', which concern tasks only; owner id (0 any). */
	[STMT_ACTIVITIES_RECENT] = { "activities_recent",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL
	    " FROM activities a FORCE INDEX (PRIMARY)" RELATED_JOINS_SQL
	    " WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
	    " AND (? = '' OR a.kind = ?)"
	    " AND (? = '' OR (a.kind = 'task' AND (a.done_at IS NOT NULL) = (? = 'done')"
	    "  AND (? <> 'overdue' OR a.due_at < UTC_TIMESTAMP())))"
	    " AND (? = 0 OR a.owner_id = ?)"
	    " AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?", true },
	/* One record's activities: the record is the page's, so no name. */
	[STMT_ACTIVITIES_TIMELINE] = { "activities_timeline",
	    "SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id,"
	    " DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL ","
	    ACTIVITY_OWNER_SQL ", NULL"
	    " FROM activities a"
	    " WHERE a.related_type = ? AND a.related_id = ? AND a.deleted_at IS NULL AND"
	    SCOPE_SQL("a", "activities") " ORDER BY a.created_at DESC, a.id DESC LIMIT ?", true },
	/* The name of one record an activity may be attached to, when the
	 * user may view it (related.h): NULL otherwise. */
	[STMT_RELATED_NAME] = { "related_name",
	    "SELECT" RELATED_NAME_SQL " FROM (SELECT ? AS related_type, ? AS related_id) a"
	    RELATED_JOINS_SQL, true },
	/* The lead a deal was converted from, when the user may view it. */
	[STMT_LEAD_OF_DEAL] = { "lead_of_deal",
	    "SELECT l.id, CONCAT(l.first_name, ' ', l.last_name) FROM leads l"
	    " WHERE l.converted_deal_id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads")
	    " ORDER BY l.id LIMIT 1", true },
	/* The owners a list can be filtered by (list_filter.h): the users the
	 * actor's scope of the list's module reaches, bound like
	 * USER_SCOPE_SQL with that scope. */
	[STMT_CONTACT_DUPLICATE] = { "contact_duplicate",
	    "SELECT c.id FROM contacts c WHERE c.id <> ? AND c.deleted_at IS NULL"
	    " AND (c.email_bidx = ? OR c.phone_bidx = ?) AND" SCOPE_SQL("c", "contacts") " LIMIT 1", true },
	/* crmctl seed (src/crmctl_seed.c): the owner of the demo records,
	 * and contacts inserted with their account in one statement. */
	[STMT_SEED_OWNER] = { "seed_owner",
	    "SELECT id, COALESCE(team_id, 0), last_login_at IS NOT NULL, disabled FROM users"
	    " WHERE username = ?", true },
	[STMT_SEED_FIRST_ADMIN] = { "seed_first_admin",
	    "SELECT u.username FROM users u JOIN user_roles ur ON ur.user_id = u.id"
	    " JOIN roles r ON r.id = ur.role_id WHERE r.name = 'administrator' AND u.disabled = 0"
	    " ORDER BY u.id LIMIT 1", true },
	[STMT_SEED_CONTACT_INSERT] = { "seed_contact_insert",
	    "INSERT INTO contacts (account_id, first_name, last_name, owner_id, team_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())", false },
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
