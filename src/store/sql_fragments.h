/* sql_fragments.h: SQL text shared by statements of several families:
 * the record scope and user scope conditions and the record lifecycle.
 * Macros only (string literals). */
#ifndef CRM_SQL_FRAGMENTS_H
#define CRM_SQL_FRAGMENTS_H

/* Record scope (one SCOPE field of a statement's IN list: struct
 * record_scope, record_scope.h fills it): all records, the team's, one's
 * own, or a record opened by an unexpired temporary grant. */
#define SCOPE_SQL(alias, module) \
	" (? = 3 OR (? = 2 AND " alias ".team_id = ?) OR (? >= 1 AND " alias ".owner_id = ?)" \
	" OR EXISTS (SELECT 1 FROM temp_grants g WHERE g.user_id = ? AND g.module = '" module "'" \
	" AND g.action = ? AND g.record_id = " alias ".id AND g.revoked_at IS NULL" \
	" AND g.expires_at > UTC_TIMESTAMP())) "

/* The users an admin.users grant reaches (one USCOPE field: struct
 * user_scope, user_scope.h fills it): all, the actor's team, or only the
 * actor. */
#define USER_SCOPE_SQL " (? = 3 OR (? = 2 AND u.team_id = ?) OR (? >= 1 AND u.id = ?)) "

/* The contact list's columns, joins and common conditions: record scope
 * and an optional owner filter (contact_list.c binds them). */
#define CONTACT_LIST_SELECT \
	"SELECT STRAIGHT_JOIN c.id, c.first_name, c.last_name, c.email, c.phone," \
	" (SELECT u.username FROM users u WHERE u.id = c.owner_id)," \
	" k.id, k.kek_version, k.wrapped, DATE_FORMAT(c.updated_at, '%Y-%m-%d %H:%i:%s')," \
	" COALESCE(c.account_id, 0)"
#define CONTACT_LIST_JOINS \
	" LEFT JOIN data_keys k ON k.subject_type = 'contact' AND k.subject_id = c.id"
#define CONTACT_LIST_FROM(index) \
	CONTACT_LIST_SELECT " FROM contacts c FORCE INDEX (" index ")" CONTACT_LIST_JOINS
#define CONTACT_LIST_WHERE \
	" WHERE c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts") "AND (? = 0 OR c.owner_id = ?)"

/* The lead search (lead_search_bind binds its 7 parameters): the
 * beginning of a last name, first name or company, or an exact email or
 * phone through its blind index (the exact flag, then the two indexes;
 * the one not searched is NULL and matches nothing). */
#define LEAD_SEARCH_SQL \
	" AND (? = '' OR l.last_name LIKE CONCAT(?, '%') OR l.first_name LIKE CONCAT(?, '%')" \
	" OR l.company LIKE CONCAT(?, '%')) AND (? = 0 OR l.email_bidx = ? OR l.phone_bidx = ?)"

/* A failed drill's short reason: backup_drills.detail's "reason", else
 * its "error" (NULL when the detail is not JSON), at most 160 characters. */
#define DRILL_REASON \
	"LEFT(COALESCE(JSON_VALUE(d.detail, '$.reason'), JSON_VALUE(d.detail, '$.error'), ''), 160)"

/* The record lifecycle, the same for the five record tables (each table
 * is also its module's name, and x its alias): soft delete (the version
 * checked when the form sent one, 0 otherwise), the deleted ones of the
 * restore period with a label, restoring, the owner (with the label), and reassignment
 * (the team follows the new owner; by a user, or for crmctl reassign
 * every row of one owner, deleted ones too). */
#define LC_DELETE(t) \
	"UPDATE " t " x SET x.deleted_at = UTC_TIMESTAMP(), x.version = x.version + 1" \
	" WHERE x.id = ? AND (? = 0 OR x.version = ?) AND x.deleted_at IS NULL AND" SCOPE_SQL("x", t)
#define LC_DELETED(t, label) \
	"SELECT x.id, " label ", DATE_FORMAT(x.deleted_at, '%Y-%m-%d %H:%i') FROM " t " x" \
	" WHERE x.deleted_at > UTC_TIMESTAMP() - INTERVAL ? DAY AND" SCOPE_SQL("x", t) \
	" ORDER BY x.deleted_at DESC, x.id DESC LIMIT 200"
#define LC_RESTORE(t) \
	"UPDATE " t " x SET x.deleted_at = NULL, x.version = x.version + 1 WHERE x.id = ?" \
	" AND x.deleted_at > UTC_TIMESTAMP() - INTERVAL ? DAY AND" SCOPE_SQL("x", t)
#define LC_OWNER(t, label) \
	"SELECT x.owner_id, u.username, x.version, " label " FROM " t " x JOIN users u ON u.id = x.owner_id" \
	" WHERE x.id = ? AND x.deleted_at IS NULL AND" SCOPE_SQL("x", t)
#define LC_REASSIGN(t) \
	"UPDATE " t " x SET x.owner_id = ?, x.team_id = ?, x.version = x.version + 1," \
	" x.updated_at = UTC_TIMESTAMP() WHERE x.id = ? AND x.version = ? AND x.deleted_at IS NULL AND" \
	SCOPE_SQL("x", t)
#define LC_REASSIGN_ALL(t) \
	"UPDATE " t " SET owner_id = ?, team_id = ?, version = version + 1, updated_at = UTC_TIMESTAMP()" \
	" WHERE owner_id = ?"
/* The record an activity (alias a: related_type, related_id) is
 * attached to, joined only when the user may view it: each join carries
 * its module's SCOPE_SQL (related.h binds the 28 parameters, contacts,
 * accounts, deals, leads in this order), so RELATED_NAME_SQL is NULL
 * for a record that is out of scope, deleted or missing alike. The
 * joins are on primary keys: one row each at most. */
#define RELATED_JOINS_SQL \
	" LEFT JOIN contacts rc ON a.related_type = 'contact' AND rc.id = a.related_id" \
	" AND rc.deleted_at IS NULL AND" SCOPE_SQL("rc", "contacts") \
	" LEFT JOIN accounts ra ON a.related_type = 'account' AND ra.id = a.related_id" \
	" AND ra.deleted_at IS NULL AND" SCOPE_SQL("ra", "accounts") \
	" LEFT JOIN deals rd ON a.related_type = 'deal' AND rd.id = a.related_id" \
	" AND rd.deleted_at IS NULL AND" SCOPE_SQL("rd", "deals") \
	" LEFT JOIN leads rl ON a.related_type = 'lead' AND rl.id = a.related_id" \
	" AND rl.deleted_at IS NULL AND" SCOPE_SQL("rl", "leads")
#define RELATED_NAME_SQL \
	" COALESCE(rc.first_name, ra.name, rd.name, rl.first_name)," \
	" COALESCE(rc.last_name, rl.last_name)"

/* An activity's state in lists (timeline.h): 0 not a task, 1 an open
 * task, 2 an open task past its due time, 3 a task done. */
/* The owner's name of activity a (a subquery, see the activity lists). */
#define ACTIVITY_OWNER_SQL " (SELECT u.username FROM users u WHERE u.id = a.owner_id)"

#define ACTIVITY_STATE_SQL \
	" CASE WHEN a.kind <> 'task' THEN 0 WHEN a.done_at IS NOT NULL THEN 3" \
	" WHEN a.due_at < UTC_TIMESTAMP() THEN 2 ELSE 1 END"

/* The name of deal stage s in the user's language (the first parameter
 * of the statement: the language code, "zh-CN"), else its default name
 * (sql/037_user_locale.sql: deal_stage_names). */
#define STAGE_NAME_SQL " COALESCE((SELECT sn.name FROM deal_stage_names sn" \
	" WHERE sn.stage_id = s.id AND sn.lang = ?), s.name)"

/* The columns of an audit_log row l, in the order audit_read_row (audit.h)
 * reads them; at exactly as it was MACed: microseconds, no time zone
 * conversion. */
#define AUDIT_COLUMNS "l.seq, l.chain, l.chain_seq, DATE_FORMAT(l.at, '%Y-%m-%d %H:%i:%s.%f')," \
	" l.actor_id, l.actor, l.roles, l.ip, l.user_agent, l.request_id, l.action," \
	" l.object_type, l.object_id, l.outcome, l.items, l.detail, l.prev_mac, l.mac"

#endif
