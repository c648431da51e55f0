/* home_sql.h: the statements of the dashboard's own facts (declared as
 * stmt.h says; home_store.c runs them): the user's last two successful
 * sign-ins and the failed attempts since one of them; the pipeline by
 * owner, stage and currency (deal_pipeline_sums, kept by triggers:
 * sql/036_dashboard.sql); the deals won in a time range; the open deals
 * closing in a date range. Each reads an index range, never every deal. */
#ifndef CRM_HOME_SQL_H
#define CRM_HOME_SQL_H

/* The last two successful sign-ins of a user, newest first: when (shown),
 * from where, and when (as stored, for home_failed_since). */
#define home_last_sign_ins_SQL \
	"SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), ip, at FROM audit_log" \
	" WHERE actor = ? AND action = 'auth.login' AND outcome = 'success'" \
	" ORDER BY at DESC LIMIT 2"
#define home_last_sign_ins_IN(X) X(TEXT, username)
#define home_last_sign_ins_OUT(X) X(TEXT, shown) X(TEXT, ip) X(VAL, at)

/* The failed sign-ins of a user after a time. */
#define home_failed_since_SQL \
	"SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'auth.login'" \
	" AND outcome = 'failure' AND at > ?"
#define home_failed_since_IN(X) X(TEXT, username) X(VAL, since)
#define home_failed_since_OUT(X) X(INT, count)

/* The deal scope of the dashboard's sums: all (3), the user's team (2,
 * a team that is not 0: none) or their own (1). A temporary grant on a
 * single deal does not add it to anyone's totals. */
#define HOME_SCOPE_SQL(alias) \
	" (? = 3 OR (? = 2 AND ? <> 0 AND " alias ".team_id = ?) OR (? >= 1 AND " alias ".owner_id = ?)) "
#define HOME_SCOPE_IN(X) \
	X(INT, level) X(INT, level_again) X(INT, team) X(INT, team_again) X(INT, level_third) X(INT, user)

/* The deals by owner, stage and currency within the scope: a few rows
 * per owner of the summary table, whatever the number of deals. */
#define home_pipeline_SQL \
	"SELECT p.owner_id, (SELECT u.username FROM users u WHERE u.id = p.owner_id), p.stage_id," \
	" p.currency, SUM(p.deals), SUM(p.amount_cents), SUM(p.weighted)" \
	" FROM deal_pipeline_sums p WHERE p.deals <> 0 AND" HOME_SCOPE_SQL("p") \
	" GROUP BY p.owner_id, p.stage_id, p.currency"
#define home_pipeline_IN(X) HOME_SCOPE_IN(X)
#define home_pipeline_OUT(X) \
	X(INT, owner_id) X(TEXT, owner) X(INT, stage_id) X(TEXT, currency) X(INT, count) \
	X(INT, amount_cents) X(INT, weighted)

/* The deals closed in a won stage in [from, to) (UTC), by owner and
 * currency: the range of the covering index deals_closed. */
#define home_won_SQL \
	"SELECT d.owner_id, (SELECT u.username FROM users u WHERE u.id = d.owner_id), d.currency, COUNT(*)," \
	" COALESCE(SUM(d.amount_cents), 0)" \
	" FROM deals d FORCE INDEX (deals_closed)" \
	" WHERE d.deleted_at IS NULL AND d.closed_at >= ? AND d.closed_at < ?" \
	" AND d.stage_id IN (SELECT s.id FROM deal_stages s WHERE s.outcome = 'won') AND" HOME_SCOPE_SQL("d") \
	" GROUP BY d.owner_id, d.currency"
#define home_won_IN(X) X(TEXT, from) X(TEXT, to) HOME_SCOPE_IN(X)
#define home_won_OUT(X) X(INT, owner_id) X(TEXT, owner) X(TEXT, currency) X(INT, count) X(INT, amount_cents)

/* The open deals in the user's view scope with a close date in [from,
 * to) (calendar dates), by close date, at most limit: deals_closing in
 * its order; the account's name when the user may view it. */
#define home_closing_SQL \
	"SELECT STRAIGHT_JOIN d.id, d.name, d.account_id, a.name, d.amount_cents, d.currency," \
	" DATE_FORMAT(d.expected_close, '%Y-%m-%d'), d.stage_id," \
	" (SELECT u.username FROM users u WHERE u.id = d.owner_id)" \
	" FROM deals d FORCE INDEX (deals_closing)" \
	" JOIN deal_stages s ON s.id = d.stage_id AND s.outcome = 'open'" \
	" LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts") \
	" WHERE d.deleted_at IS NULL AND d.expected_close >= ? AND d.expected_close < ? AND" \
	SCOPE_SQL("d", "deals") " ORDER BY d.expected_close, d.id LIMIT ?"
#define home_closing_IN(X) X(SCOPE, accounts) X(TEXT, from) X(TEXT, to) X(SCOPE, scope) X(INT, limit)
#define home_closing_OUT(X) \
	X(INT, id) X(TEXT, name) X(INT, account_id) X(TEXT, account) X(INT, amount_cents) \
	X(TEXT, currency) X(TEXT, close) X(INT, stage_id) X(TEXT, owner)

#define HOME_SHAPES(T) T(home_last_sign_ins) T(home_failed_since) T(home_pipeline) T(home_won) \
	T(home_closing)
#define HOME_STMTS(S) \
	S(home_last_sign_ins, RO, home_last_sign_ins) \
	S(home_failed_since, RO, home_failed_since) \
	S(home_pipeline, RO, home_pipeline) \
	S(home_won, RO, home_won) \
	S(home_closing, RO, home_closing)

#endif
