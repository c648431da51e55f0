/* trail_sql.h: the statements that read or maintain the audit trail
 * outside the writing path (audit.c): the auditors' search
 * (/admin/audit), crmctl audit verify and purge (heads, batches,
 * checkpoints) and crmctl watch's learning pass and watermark (stmt.h). */
#ifndef CRM_TRAIL_SQL_H
#define CRM_TRAIL_SQL_H

#define trail_search_SQL \
	"SELECT seq, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), actor, roles, ip, user_agent," \
	" request_id, action, object_type, object_id, outcome, items, detail FROM audit_log" \
	" WHERE (? = '' OR actor = ?) AND (? = '' OR action = ? OR action LIKE CONCAT(?, '.%'))" \
	" AND (? = '' OR object_type = ?) AND (? = '' OR object_id = ?) AND (? = '' OR ip = ?)" \
	" AND at >= ? AND at < ? + INTERVAL 1 DAY ORDER BY seq DESC LIMIT ? OFFSET ?"
#define trail_search_IN(X) X(TEXT, user) X(TEXT, user_again) X(TEXT, action) \
	X(TEXT, action_again) X(TEXT, action_prefix) X(TEXT, otype) X(TEXT, otype_again) \
	X(TEXT, oid) X(TEXT, oid_again) X(TEXT, ip) X(TEXT, ip_again) X(TEXT, from) X(TEXT, to) \
	X(INT, limit) X(INT, offset)
#define trail_search_OUT(X) X(INT, seq) X(TEXT, at) X(TEXT, actor) X(TEXT, roles) X(TEXT, ip) \
	X(TEXT, agent) X(TEXT, request_id) X(TEXT, action) X(TEXT, object_type) \
	X(TEXT, object_id) X(TEXT, outcome) X(INT, items) X(TEXT, detail)

/* A chain's records after a chain_seq, in AUDIT_COLUMNS order. */
#define trail_batch_SQL \
	"SELECT " AUDIT_COLUMNS " FROM audit_log l WHERE l.chain = ? AND l.chain_seq > ?" \
	" ORDER BY l.chain_seq LIMIT 1000"
#define trail_batch_IN(X) X(INT, chain) X(INT, after)
#define trail_batch_OUT(X) X(INT, seq) X(INT, chain) X(INT, chain_seq) X(TEXT, at) \
	X(INT, actor_id) X(TEXT, actor) X(TEXT, roles) X(TEXT, ip) X(TEXT, user_agent) \
	X(TEXT, request_id) X(TEXT, action) X(TEXT, object_type) X(TEXT, object_id) \
	X(TEXT, outcome) X(INT, items) X(TEXT, detail) X(VAL, prev_mac) X(VAL, mac)

#define trail_checkpoint_insert_SQL \
	"INSERT INTO audit_checkpoint (created_at, chain, first_chain_seq, prev_mac, purged, mac)" \
	" VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?)"
#define trail_checkpoint_insert_IN(X) X(INT, chain) X(INT, first_chain_seq) X(VAL, prev_mac) \
	X(INT, purged) X(VAL, mac)
#define trail_checkpoint_insert_OUT(X)

#define trail_checkpoint_last_SQL \
	"SELECT first_chain_seq, prev_mac, purged, mac FROM audit_checkpoint WHERE chain = ?" \
	" ORDER BY first_chain_seq DESC, id DESC LIMIT 1"
#define trail_checkpoint_last_IN(X) X(INT, chain)
#define trail_checkpoint_last_OUT(X) X(INT, first_chain_seq) X(VAL, prev_mac) X(INT, purged) \
	X(VAL, mac)

#define trail_count_SQL "SELECT COUNT(*) FROM audit_log"
#define trail_count_IN(X)
#define trail_count_OUT(X) X(INT, count)

#define trail_delete_below_SQL "DELETE FROM audit_log WHERE chain = ? AND chain_seq < ?"
#define trail_delete_below_IN(X) X(INT, chain) X(INT, below)
#define trail_delete_below_OUT(X)

#define trail_first_SQL "SELECT COALESCE(MIN(chain_seq), 0) FROM audit_log WHERE chain = ?"
#define trail_first_IN(X) X(INT, chain)
#define trail_first_OUT(X) X(INT, chain_seq)

#define trail_first_kept_SQL \
	"SELECT chain_seq FROM audit_log WHERE chain = ? AND at >= ? ORDER BY chain_seq LIMIT 1"
#define trail_first_kept_IN(X) X(INT, chain) X(TEXT, cutoff)
#define trail_first_kept_OUT(X) X(INT, chain_seq)

#define trail_heads_SQL "SELECT chain, seq, mac FROM audit_head ORDER BY chain"
#define trail_heads_IN(X)
#define trail_heads_OUT(X) X(INT, chain) X(INT, seq) X(VAL, mac)

#define trail_mac_at_SQL "SELECT mac FROM audit_log WHERE chain = ? AND chain_seq = ?"
#define trail_mac_at_IN(X) X(INT, chain) X(INT, chain_seq)
#define trail_mac_at_OUT(X) X(VAL, mac)

/* Records crmctl watch has handled already, to learn baselines from. */
#define trail_watch_learn_SQL \
	"SELECT l.seq, TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', l.at), l.actor, l.roles, l.ip," \
	" l.action, l.object_type, l.object_id, l.outcome, l.items," \
	" IF(l.action = 'user.roles', l.detail, '')" \
	" FROM audit_log l LEFT JOIN audit_cursors c ON c.consumer = 'watch' AND c.chain = l.chain" \
	" WHERE l.seq > ? AND l.at >= UTC_TIMESTAMP() - INTERVAL ? DAY" \
	" AND l.chain_seq <= COALESCE(c.chain_seq, 0) ORDER BY l.seq LIMIT ?"
#define trail_watch_learn_IN(X) X(INT, after) X(INT, days) X(INT, limit)
#define trail_watch_learn_OUT(X) X(INT, seq) X(INT, at) X(TEXT, actor) X(TEXT, roles) X(TEXT, ip) \
	X(TEXT, action) X(TEXT, object_type) X(TEXT, object_id) X(TEXT, outcome) X(VAL, items) \
	X(TEXT, detail)

#define trail_watch_state_set_SQL \
	"INSERT INTO watch_state (id, last_seq, updated_at) VALUES (1, ?, UTC_TIMESTAMP())" \
	" ON DUPLICATE KEY UPDATE last_seq = GREATEST(last_seq, VALUES(last_seq))," \
	" updated_at = VALUES(updated_at)"
#define trail_watch_state_set_IN(X) X(INT, last_seq)
#define trail_watch_state_set_OUT(X)

/* The names of a page of the trail's objects (/admin/audit): a contact's
 * or a lead's given and family name, an account's, a deal's, a user's or
 * a role's name, an activity's subject, each only while the record
 * exists and the viewer's scope (one SCOPE each) reaches it; NULL
 * otherwise, and the page shows the kind and id. Each subquery is on a
 * primary key; up to 50 seqs (0 for the unused). */
#define TRAIL_OBJ(t, col, module) \
	"(SELECT x." col " FROM " t " x WHERE l.object_type = '" t "' AND x.id = CAST(l.object_id AS UNSIGNED)" \
	" AND x.deleted_at IS NULL AND" SCOPE_SQL("x", module) ")"
#define TRAIL_Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define TRAIL_S10(X, p) X(INT, p##0) X(INT, p##1) X(INT, p##2) X(INT, p##3) X(INT, p##4) \
	X(INT, p##5) X(INT, p##6) X(INT, p##7) X(INT, p##8) X(INT, p##9)
#define trail_names_SQL \
	"SELECT l.seq, COALESCE(" TRAIL_OBJ("contacts", "first_name", "contacts") ", " \
	TRAIL_OBJ("leads", "first_name", "leads") "), COALESCE(" TRAIL_OBJ("contacts", "last_name", "contacts") \
	", " TRAIL_OBJ("leads", "last_name", "leads") "), COALESCE(" TRAIL_OBJ("accounts", "name", "accounts") \
	", " TRAIL_OBJ("deals", "name", "deals") ", " TRAIL_OBJ("activities", "subject", "activities") ", " \
	"(SELECT u.username FROM users u WHERE l.object_type = 'user' AND u.id = CAST(l.object_id AS UNSIGNED))," \
	" (SELECT r.name FROM roles r WHERE l.object_type = 'role' AND r.id = CAST(l.object_id AS UNSIGNED)))" \
	" FROM audit_log l WHERE l.seq IN (" TRAIL_Q10 ", " TRAIL_Q10 ", " TRAIL_Q10 ", " TRAIL_Q10 ", " \
	TRAIL_Q10 ")"
#define trail_names_IN(X) X(SCOPE, contacts) X(SCOPE, leads) X(SCOPE, contacts_again) \
	X(SCOPE, leads_again) X(SCOPE, accounts) X(SCOPE, deals) X(SCOPE, activities) \
	TRAIL_S10(X, a) TRAIL_S10(X, b) TRAIL_S10(X, c) TRAIL_S10(X, d) TRAIL_S10(X, e)
#define trail_names_OUT(X) X(INT, seq) X(TEXT, given) X(TEXT, family) X(TEXT, name)

#define TRAIL_SHAPES(T) T(trail_search) T(trail_names) T(trail_batch) T(trail_checkpoint_insert) \
	T(trail_checkpoint_last) T(trail_count) T(trail_delete_below) T(trail_first) \
	T(trail_first_kept) T(trail_heads) T(trail_mac_at) T(trail_watch_learn) \
	T(trail_watch_state_set)
#define TRAIL_STMTS(S) \
	S(trail_search, RO, trail_search) \
	S(trail_names, RO, trail_names) \
	S(trail_batch, RO, trail_batch) \
	S(trail_checkpoint_insert, RW, trail_checkpoint_insert) \
	S(trail_checkpoint_last, RO, trail_checkpoint_last) \
	S(trail_count, RO, trail_count) \
	S(trail_delete_below, RW, trail_delete_below) \
	S(trail_first, RO, trail_first) \
	S(trail_first_kept, RO, trail_first_kept) \
	S(trail_heads, RO, trail_heads) \
	S(trail_mac_at, RO, trail_mac_at) \
	S(trail_watch_learn, RO, trail_watch_learn) \
	S(trail_watch_state_set, RW, trail_watch_state_set)

#endif
