/* activity_sql.h: the statements about activities (declared as stmt.h
 * says; activity.c runs them): one activity within scope, creating,
 * sealing its body, changing and completing it, the three lists (the
 * user's open tasks, the filtered recent ones, one record's timeline) and
 * the name of the record an activity is attached to. Times cross as
 * "YYYY-MM-DDTHH:MM" (UTC), what datetime-local sends.
 *
 * The lists share their columns (ACTIVITY_ITEM_OUT, activity.h: struct
 * activity_item): id, kind, subject, related type and id, a time, the
 * state (ACTIVITY_STATE_SQL), the owner and the related record's name
 * (NULL when the user may not view it). As in the contact list,
 * activities drive the join (STRAIGHT_JOIN) and the owner's name is a
 * subquery: joining the small users table first sorted every activity
 * (1 s a dashboard at 10,000 activities). The joins to the attached
 * record (RELATED_JOINS_SQL) take four SCOPE fields, the view scopes of
 * contacts, accounts, deals and leads in this order (related.h). */
#ifndef CRM_ACTIVITY_SQL_H
#define CRM_ACTIVITY_SQL_H

#define activity_get_SQL \
	"SELECT a.id, a.kind, a.subject, a.body, a.related_type, a.related_id," \
	" DATE_FORMAT(a.due_at, '%Y-%m-%dT%H:%i'), DATE_FORMAT(a.done_at, '%Y-%m-%d %H:%i UTC')," \
	" a.owner_id, u.username, COALESCE(a.team_id, 0), a.version," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i UTC'), DATE_FORMAT(a.updated_at, '%Y-%m-%d %H:%i UTC')," \
	" COALESCE(t.name, ''), a.done_at IS NULL AND a.due_at < UTC_TIMESTAMP()" \
	" FROM activities a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id" \
	" WHERE a.id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
#define activity_get_IN(X) X(INT, id) X(SCOPE, scope)
#define activity_get_OUT(X) \
	X(INT, id) X(TEXT, kind) X(TEXT, subject) X(VAL, body) X(TEXT, related_type) X(INT, related_id) \
	X(TEXT, due) X(TEXT, done) X(INT, owner_id) X(TEXT, owner) X(INT, team_id) X(INT, version) \
	X(TEXT, created) X(TEXT, updated) X(TEXT, team) X(INT, overdue)

/* A new activity (due NULL: none; team 0: none); its body is sealed
 * once its id is known (activity_set_body). */
#define activity_insert_SQL \
	"INSERT INTO activities (kind, subject, related_type, related_id, due_at, owner_id, team_id," \
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define activity_insert_IN(X) \
	X(TEXT, kind) X(TEXT, subject) X(TEXT, related_type) X(INT, related_id) X(TEXT, due) \
	X(INT, owner_id) X(INT, team_id)
#define activity_insert_OUT(X)

#define activity_set_body_SQL "UPDATE activities SET body = ? WHERE id = ?"
#define activity_set_body_IN(X) X(VAL, body) X(INT, id)
#define activity_set_body_OUT(X)

/* A change at the version the user saw; the body only when set_body is 1. */
#define activity_update_SQL \
	"UPDATE activities a SET a.kind = ?, a.subject = ?, a.due_at = ?, a.body = IF(? = 1, ?, a.body)," \
	" a.version = a.version + 1, a.updated_at = UTC_TIMESTAMP()" \
	" WHERE a.id = ? AND a.version = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
#define activity_update_IN(X) \
	X(TEXT, kind) X(TEXT, subject) X(TEXT, due) X(INT, set_body) X(VAL, body) X(INT, id) \
	X(INT, version) X(SCOPE, scope)
#define activity_update_OUT(X)

#define activity_complete_SQL \
	"UPDATE activities a SET a.done_at = UTC_TIMESTAMP(), a.version = a.version + 1," \
	" a.updated_at = UTC_TIMESTAMP() WHERE a.id = ? AND a.kind = 'task' AND a.done_at IS NULL" \
	" AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities")
#define activity_complete_IN(X) X(INT, id) X(SCOPE, scope)
#define activity_complete_OUT(X)

/* The columns the lists share, and the four scopes of RELATED_JOINS_SQL. */
#define ACTIVITY_ITEM_OUT(X) \
	X(INT, id) X(TEXT, kind) X(TEXT, subject) X(TEXT, related_type) X(INT, related_id) \
	X(TEXT, at) X(INT, state) X(TEXT, owner) X(TEXT, related_name) X(TEXT, related_family)
#define ACTIVITY_RELATED_IN(X) \
	X(SCOPE, contacts) X(SCOPE, accounts) X(SCOPE, deals) X(SCOPE, leads)

/* The user's open tasks, overdue (earliest due) first, undated last. */
#define activity_open_tasks_SQL \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'),"  ACTIVITY_STATE_SQL "," \
	ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL \
	" FROM activities a" RELATED_JOINS_SQL \
	" WHERE a.owner_id = ? AND a.done_at IS NULL AND a.kind = 'task' AND a.deleted_at IS NULL AND" \
	SCOPE_SQL("a", "activities") " ORDER BY a.due_at IS NULL, a.due_at, a.id LIMIT ?"
#define activity_open_tasks_IN(X) \
	ACTIVITY_RELATED_IN(X) X(INT, owner_id) X(SCOPE, scope) X(INT, limit)
#define activity_open_tasks_OUT(X) ACTIVITY_ITEM_OUT(X)

/* The dashboard's lists of one user's activities (page_home.c), each
 * read in its index's order so that a user with thousands of open tasks
 * costs no sort: open tasks due in [from, to) soonest first
 * (activities_my_open), open tasks due before a time latest first (the
 * most recently overdue), and meetings and calls due in [from, to)
 * (activities_my_schedule, sql/036_dashboard.sql; the two kinds' rows of
 * one day are merged). */
#define ACTIVITY_DASH_SELECT \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.due_at, '%Y-%m-%d %H:%i'),"  ACTIVITY_STATE_SQL "," \
	ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL
#define activity_tasks_due_SQL \
	ACTIVITY_DASH_SELECT " FROM activities a FORCE INDEX (activities_my_open)" RELATED_JOINS_SQL \
	" WHERE a.owner_id = ? AND a.done_at IS NULL AND a.due_at >= ? AND a.due_at < ?" \
	" AND a.kind = 'task' AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" ORDER BY a.due_at, a.id LIMIT ?"
#define activity_tasks_due_IN(X) \
	ACTIVITY_RELATED_IN(X) X(INT, owner_id) X(TEXT, from) X(TEXT, to) X(SCOPE, scope) X(INT, limit)
#define activity_tasks_due_OUT(X) ACTIVITY_ITEM_OUT(X)
#define activity_tasks_overdue_SQL \
	ACTIVITY_DASH_SELECT " FROM activities a FORCE INDEX (activities_my_open)" RELATED_JOINS_SQL \
	" WHERE a.owner_id = ? AND a.done_at IS NULL AND a.due_at < ?" \
	" AND a.kind = 'task' AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" ORDER BY a.due_at DESC, a.id DESC LIMIT ?"
#define activity_tasks_overdue_IN(X) \
	ACTIVITY_RELATED_IN(X) X(INT, owner_id) X(TEXT, before) X(SCOPE, scope) X(INT, limit)
#define activity_tasks_overdue_OUT(X) ACTIVITY_ITEM_OUT(X)
#define activity_meetings_SQL \
	ACTIVITY_DASH_SELECT " FROM activities a FORCE INDEX (activities_my_schedule)" RELATED_JOINS_SQL \
	" WHERE a.owner_id = ? AND a.kind IN ('meeting', 'call') AND a.due_at >= ? AND a.due_at < ?" \
	" AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" ORDER BY a.due_at, a.id LIMIT ?"
#define activity_meetings_IN(X) \
	ACTIVITY_RELATED_IN(X) X(INT, owner_id) X(TEXT, from) X(TEXT, to) X(SCOPE, scope) X(INT, limit)
#define activity_meetings_OUT(X) ACTIVITY_ITEM_OUT(X)
/* The user's own latest activities, newest first: activities_owner_list
 * (owner, deleted, id) read backwards up to the limit (at: created). */
#define activity_my_recent_SQL \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i'),"  ACTIVITY_STATE_SQL "," \
	ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL \
	" FROM activities a FORCE INDEX (activities_owner_list)" RELATED_JOINS_SQL \
	" WHERE a.owner_id = ? AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" ORDER BY a.id DESC LIMIT ?"
#define activity_my_recent_IN(X) ACTIVITY_RELATED_IN(X) X(INT, owner_id) X(SCOPE, scope) X(INT, limit)
#define activity_my_recent_OUT(X) ACTIVITY_ITEM_OUT(X)

/* Newest first, keyset on id (ids grow with creation time). Filters:
 * kind ('' any); state '' any, 'open', 'overdue' or 'done', which
 * concern tasks only; owner id (0 any); after (0: from the newest). */
#define activity_recent_SQL \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL "," \
	ACTIVITY_OWNER_SQL "," RELATED_NAME_SQL \
	" FROM activities a FORCE INDEX (PRIMARY)" RELATED_JOINS_SQL \
	" WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" AND (? = '' OR a.kind = ?)" \
	" AND (? = '' OR (a.kind = 'task' AND (a.done_at IS NOT NULL) = (? = 'done')" \
	"  AND (? <> 'overdue' OR a.due_at < UTC_TIMESTAMP())))" \
	" AND (? = 0 OR a.owner_id = ?)" \
	" AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?"
#define activity_recent_IN(X) \
	ACTIVITY_RELATED_IN(X) X(SCOPE, scope) X(TEXT, kind) X(TEXT, kind_again) \
	X(TEXT, state) X(TEXT, state_again) X(TEXT, state_third) X(INT, owner) X(INT, owner_again) \
	X(INT, after) X(INT, after_again) X(INT, limit)
#define activity_recent_OUT(X) ACTIVITY_ITEM_OUT(X)

/* One record's activities: the record is the page's, so no name. */
#define activity_timeline_SQL \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL "," \
	ACTIVITY_OWNER_SQL ", NULL, NULL" \
	" FROM activities a" \
	" WHERE a.related_type = ? AND a.related_id = ? AND a.deleted_at IS NULL AND" \
	SCOPE_SQL("a", "activities") " ORDER BY a.created_at DESC, a.id DESC LIMIT ?"
#define activity_timeline_IN(X) \
	X(TEXT, related_type) X(INT, related_id) X(SCOPE, scope) X(INT, limit)
#define activity_timeline_OUT(X) ACTIVITY_ITEM_OUT(X)

/* The name of one record an activity may be attached to, when the user
 * may view it: NULL otherwise (and no row never happens). */
#define activity_related_name_SQL \
	"SELECT" RELATED_NAME_SQL " FROM (SELECT ? AS related_type, ? AS related_id) a" \
	RELATED_JOINS_SQL
#define activity_related_name_IN(X) X(TEXT, related_type) X(INT, related_id) ACTIVITY_RELATED_IN(X)
#define activity_related_name_OUT(X) X(TEXT, name) X(TEXT, family)

#define ACTIVITY_SHAPES(T) \
	T(activity_get) T(activity_insert) T(activity_set_body) T(activity_update) \
	T(activity_complete) T(activity_open_tasks) T(activity_recent) T(activity_timeline) \
	T(activity_tasks_due) T(activity_tasks_overdue) T(activity_meetings) T(activity_my_recent) \
	T(activity_related_name)
#define ACTIVITY_STMTS(S) \
	S(activity_get, RO, activity_get) \
	S(activity_insert, RW, activity_insert) \
	S(activity_set_body, RW, activity_set_body) \
	S(activity_update, RW, activity_update) \
	S(activity_complete, RW, activity_complete) \
	S(activity_open_tasks, RO, activity_open_tasks) \
	S(activity_recent, RO, activity_recent) \
	S(activity_tasks_due, RO, activity_tasks_due) \
	S(activity_tasks_overdue, RO, activity_tasks_overdue) \
	S(activity_meetings, RO, activity_meetings) \
	S(activity_my_recent, RO, activity_my_recent) \
	S(activity_timeline, RO, activity_timeline) \
	S(activity_related_name, RO, activity_related_name)

#endif
