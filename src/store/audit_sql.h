/* audit_sql.h: the statements of the audit trail's writer and in-order
 * reader (audit.c): the chain heads, the record insert, the records past
 * a consumer's cursor and the cursor itself (declared as stmt.h says). */
#ifndef CRM_AUDIT_SQL_H
#define CRM_AUDIT_SQL_H

/* A chain head locked for this transaction (shape audit_head). */
#define audit_head_OUT(X) X(INT, chain) X(INT, seq) X(VAL, mac)
#define audit_head_lock_free_SQL "SELECT chain, seq, mac FROM audit_head ORDER BY chain LIMIT 1" \
	" FOR UPDATE SKIP LOCKED"
#define audit_head_lock_free_IN(X)
#define audit_head_lock_free_OUT(X) audit_head_OUT(X)
#define audit_head_lock_SQL "SELECT chain, seq, mac FROM audit_head WHERE chain = ? FOR UPDATE"
#define audit_head_lock_IN(X) X(INT, chain)
#define audit_head_lock_OUT(X) audit_head_OUT(X)

#define audit_head_set_SQL "UPDATE audit_head SET seq = ?, mac = ? WHERE chain = ? AND seq = ?"
#define audit_head_set_IN(X) X(INT, seq) X(VAL, mac) X(INT, chain) X(INT, seq_before)
#define audit_head_set_OUT(X)

#define audit_insert_SQL "INSERT INTO audit_log (chain, chain_seq, at, actor_id, actor, roles," \
	" ip, user_agent, request_id, action, object_type, object_id, outcome, items, detail," \
	" prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define audit_insert_IN(X) X(INT, chain) X(INT, chain_seq) X(TEXT, at) X(VAL, actor_id) \
	X(TEXT, actor) X(TEXT, roles) X(TEXT, ip) X(TEXT, user_agent) X(TEXT, request_id) \
	X(TEXT, action) X(TEXT, object_type) X(TEXT, object_id) X(TEXT, outcome) \
	X(INT, items) X(TEXT, detail) X(VAL, prev_mac) X(VAL, mac)
#define audit_insert_OUT(X)

/* The columns of AUDIT_COLUMNS (sql_fragments.h), for any statement that
 * reads whole records (audit_record_from_row reads this shape's row). */
#define AUDIT_ROW_OUT(X) X(INT, seq) X(INT, chain) X(INT, chain_seq) X(TEXT, at) \
	X(INT, actor_id) X(TEXT, actor) X(TEXT, roles) X(TEXT, ip) X(TEXT, user_agent) \
	X(TEXT, request_id) X(TEXT, action) X(TEXT, object_type) X(TEXT, object_id) \
	X(TEXT, outcome) X(INT, items) X(TEXT, detail) X(VAL, prev_mac) X(VAL, mac)

#define audit_fetch_after_SQL "SELECT " AUDIT_COLUMNS " FROM audit_head h" \
	" LEFT JOIN audit_cursors c ON c.consumer = ? AND c.chain = h.chain" \
	" JOIN audit_log l ON l.chain = h.chain AND l.chain_seq > COALESCE(c.chain_seq, 0)" \
	" ORDER BY l.seq LIMIT ?"
#define audit_fetch_after_IN(X) X(TEXT, consumer) X(INT, limit)
#define audit_fetch_after_OUT(X) AUDIT_ROW_OUT(X)

#define audit_cursor_advance_SQL "INSERT INTO audit_cursors (consumer, chain, chain_seq)" \
	" VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE chain_seq = GREATEST(chain_seq, VALUES(chain_seq))"
#define audit_cursor_advance_IN(X) X(TEXT, consumer) X(INT, chain) X(INT, chain_seq)
#define audit_cursor_advance_OUT(X)

#define AUDIT_SHAPES(T) T(audit_head_lock_free) T(audit_head_lock) T(audit_head_set) \
	T(audit_insert) T(audit_fetch_after) T(audit_cursor_advance)
#define AUDIT_STMTS(S) \
	S(audit_head_lock_free, RW, audit_head_lock_free) \
	S(audit_head_lock, RW, audit_head_lock) \
	S(audit_head_set, RW, audit_head_set) \
	S(audit_insert, RW, audit_insert) \
	S(audit_fetch_after, RO, audit_fetch_after) \
	S(audit_cursor_advance, RW, audit_cursor_advance)

#endif
