/* deal_sql.h: the statements about deals and the pipeline's stages
 * (declared as stmt.h says; deal.c runs them): the stages, one deal
 * within scope, the filtered list, the per-stage sums, creating and
 * changing a deal, and the lead a deal was converted from. */
#ifndef CRM_DEAL_SQL_H
#define CRM_DEAL_SQL_H

/* The stages in pipeline order. */
#define deal_stage_list_SQL "SELECT s.id," STAGE_NAME_SQL ", s.probability, s.outcome" \
	" FROM deal_stages s ORDER BY s.position"
#define deal_stage_list_IN(X) X(TEXT, lang)
#define deal_stage_list_OUT(X) X(INT, id) X(TEXT, name) X(INT, probability) X(TEXT, outcome)

/* One deal within the scope (deal.h: struct deal); its account's id
 * only (the name is looked up within the accounts view scope). */
#define deal_get_SQL \
	"SELECT d.id, d.name, COALESCE(d.account_id, 0), d.amount_cents," \
	" d.currency, d.stage_id," STAGE_NAME_SQL ", s.outcome, d.probability, COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), '')," \
	" d.owner_id, u.username, COALESCE(d.team_id, 0), COALESCE(t.name, ''), d.version," \
	" DATE_FORMAT(d.updated_at, '%Y-%m-%d %H:%i UTC'), d.next_step, d.lost_reason, d.forecast_category" \
	" FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id" \
	" LEFT JOIN teams t ON t.id = d.team_id" \
	" WHERE d.id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
#define deal_get_IN(X) X(TEXT, lang) X(INT, id) X(SCOPE, scope)
#define deal_get_OUT(X) \
	X(INT, id) X(TEXT, name) X(INT, account_id) X(INT, amount_cents) \
	X(TEXT, currency) X(INT, stage_id) X(TEXT, stage) X(TEXT, outcome) X(INT, probability) X(TEXT, expected_close) \
	X(INT, owner_id) X(TEXT, owner) X(INT, team_id) X(TEXT, team) X(INT, version) X(TEXT, updated) \
	X(TEXT, next_step) X(TEXT, lost_reason) X(TEXT, forecast)

/* Filters: stage id, owner id, team id (0: any), currency and outcome
 * ('': any), close dates from and to (NULL: open-ended); keyset on id,
 * newest first. */
#define deal_list_SQL \
	"SELECT d.id, d.name, d.amount_cents, d.currency, d.stage_id," STAGE_NAME_SQL ", u.username," \
	" COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''), s.outcome, d.forecast_category" \
	" FROM deals d JOIN deal_stages s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id" \
	" WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" AND (? = 0 OR d.stage_id = ?) AND (? = 0 OR d.owner_id = ?) AND (? = '' OR d.currency = ?)" \
	" AND (? = '' OR s.outcome = ?) AND (? = 0 OR d.team_id = ?)" \
	" AND (? IS NULL OR d.expected_close >= ?) AND (? IS NULL OR d.expected_close <= ?)" \
	" AND d.id < ? ORDER BY d.id DESC LIMIT ?"
#define deal_list_IN(X) \
	X(TEXT, lang) X(SCOPE, scope) X(INT, stage) X(INT, stage_again) X(INT, owner) X(INT, owner_again) \
	X(TEXT, currency) X(TEXT, currency_again) X(TEXT, outcome) X(TEXT, outcome_again) \
	X(INT, team) X(INT, team_again) X(TEXT, from) X(TEXT, from_again) X(TEXT, to) X(TEXT, to_again) \
	X(INT, before) X(INT, limit)
#define deal_list_OUT(X) \
	X(INT, id) X(TEXT, name) X(INT, amount_cents) X(TEXT, currency) X(INT, stage_id) \
	X(TEXT, stage) X(TEXT, owner) X(TEXT, expected_close) X(TEXT, outcome) X(TEXT, forecast)

/* Per stage: count, sum, and the lowest and highest currency (a sum is
 * only meaningful when they are equal). */
#define deal_by_stage_SQL \
	"SELECT d.stage_id, COUNT(*), COALESCE(SUM(d.amount_cents), 0), MIN(d.currency), MAX(d.currency)" \
	" FROM deals d WHERE d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" GROUP BY d.stage_id"
#define deal_by_stage_IN(X) X(SCOPE, scope)
#define deal_by_stage_OUT(X) \
	X(INT, stage_id) X(INT, count) X(INT, amount_cents) X(TEXT, min_currency) X(TEXT, max_currency)

/* A new deal (account, contact and team 0: none; expected_close,
 * next_step, lost_reason and forecast_category NULL: none). The
 * contacts on it are deal_link_sql.h's rows; contact_id is no longer
 * read (sql/029_deal_links.sql). */
#define deal_insert_SQL \
	"INSERT INTO deals (name, account_id, contact_id, amount_cents, currency, stage_id, probability," \
	" expected_close, owner_id, team_id, next_step, lost_reason, forecast_category, created_at, updated_at)" \
	" VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
#define deal_insert_IN(X) \
	X(TEXT, name) X(INT, account_id) X(INT, contact_id) X(INT, amount_cents) X(TEXT, currency) \
	X(INT, stage_id) X(INT, probability) X(TEXT, expected_close) X(INT, owner_id) X(INT, team_id) \
	X(TEXT, next_step) X(TEXT, lost_reason) X(TEXT, forecast)
#define deal_insert_OUT(X)

/* A change at the version the user saw; the amount only when set_amount
 * is 1; account 0: none. closed_at follows the stage's outcome: none
 * while open, the time the deal reached its outcome otherwise (kept
 * while the outcome stays, now when it changes: a deal lost last quarter
 * and won today was won today). It is assigned first, while d.stage_id
 * is still the old stage (the new one is bound as closing_stage). */
#define deal_update_SQL \
	"UPDATE deals d SET" \
	" d.closed_at = (SELECT IF(n.outcome = 'open', NULL, IF(n.outcome = o.outcome," \
	"  COALESCE(d.closed_at, UTC_TIMESTAMP()), UTC_TIMESTAMP()))" \
	"  FROM deal_stages n LEFT JOIN deal_stages o ON o.id = d.stage_id WHERE n.id = ?)," \
	" d.name = ?, d.amount_cents = IF(? = 1, ?, d.amount_cents), d.currency = ?," \
	" d.stage_id = ?, d.probability = ?, d.expected_close = ?, d.account_id = NULLIF(?, 0)," \
	" d.next_step = ?, d.lost_reason = ?, d.forecast_category = ?, d.version = d.version + 1," \
	" d.updated_at = UTC_TIMESTAMP()" \
	" WHERE d.id = ? AND d.version = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals")
#define deal_update_IN(X) \
	X(INT, closing_stage) X(TEXT, name) X(INT, set_amount) X(INT, amount_cents) X(TEXT, currency) X(INT, stage_id) \
	X(INT, probability) X(TEXT, expected_close) X(INT, account_id) X(TEXT, next_step) X(TEXT, lost_reason) \
	X(TEXT, forecast) X(INT, id) X(INT, version) X(SCOPE, scope)
#define deal_update_OUT(X)

/* The lead a deal was converted from, when the user may view it (the
 * scope is the leads'). */
#define deal_lead_of_SQL \
	"SELECT l.id, l.first_name, l.last_name FROM leads l" \
	" WHERE l.converted_deal_id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads") \
	" ORDER BY l.id LIMIT 1"
#define deal_lead_of_IN(X) X(INT, deal_id) X(SCOPE, scope)
#define deal_lead_of_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name)

/* ---- the pipeline board (deal_board.c) ---- */

/* The board's filter: owner and team (0: any), close dates from and to
 * (NULL: open-ended), within the view scope. */
#define DEAL_BOARD_WHERE \
	" d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" AND (? = 0 OR d.owner_id = ?) AND (? = 0 OR d.team_id = ?)" \
	" AND (? IS NULL OR d.expected_close >= ?) AND (? IS NULL OR d.expected_close <= ?)"
#define DEAL_BOARD_IN(X) \
	X(SCOPE, scope) X(INT, owner) X(INT, owner_again) X(INT, team) X(INT, team_again) \
	X(TEXT, from) X(TEXT, from_again) X(TEXT, to) X(TEXT, to_again)

/* Per stage: count, total and probability-weighted total (in cents),
 * and the lowest and highest currency (a total means something only
 * when they are equal). */
#define deal_board_sums_SQL \
	"SELECT d.stage_id, COUNT(*), COALESCE(SUM(d.amount_cents), 0)," \
	" CAST(COALESCE(SUM(d.amount_cents * d.probability), 0) AS SIGNED)," \
	" MIN(d.currency), MAX(d.currency) FROM deals d WHERE" DEAL_BOARD_WHERE " GROUP BY d.stage_id"
#define deal_board_sums_IN(X) DEAL_BOARD_IN(X)
/* weighted: the sum of amount_cents x probability (cents x percent),
 * rounded to cents once by deal_board.c */
#define deal_board_sums_OUT(X) \
	X(INT, stage_id) X(INT, count) X(INT, amount_cents) X(INT, weighted) \
	X(TEXT, min_currency) X(TEXT, max_currency)

/* The same heads without a close-date filter, read from
 * deal_pipeline_sums (036: per owner, team, stage and currency, kept by
 * triggers) instead of summing every deal in scope (111 ms for 45,000
 * deals at 1,000,000 contacts): the rows of the owner and team the scope
 * reaches, in the terms of SCOPE_SQL (team 0 in the summary is "no team",
 * which SCOPE_SQL's team_id = ? never matches), under the owner and team
 * filters. The summary knows no temporary grants: the deals the user
 * reaches only through one are added by deal_board_granted_sums. */
#define deal_board_summary_sums_SQL \
	"SELECT s.stage_id, CAST(SUM(s.deals) AS SIGNED), CAST(SUM(s.amount_cents) AS SIGNED)," \
	" CAST(SUM(s.weighted) AS SIGNED), MIN(s.currency), MAX(s.currency) FROM deal_pipeline_sums s" \
	" WHERE s.deals > 0 AND (? = 3 OR (? = 2 AND ? <> 0 AND s.team_id = ?) OR (? >= 1 AND s.owner_id = ?))" \
	" AND (? = 0 OR s.owner_id = ?) AND (? = 0 OR s.team_id = ?) GROUP BY s.stage_id"
#define DEAL_BOARD_SCOPE_IN(X) X(INT, scope) X(INT, scope_team) X(INT, team_id) X(INT, team_id_again) \
	X(INT, scope_own) X(INT, user_id) X(INT, owner) X(INT, owner_again) X(INT, team) X(INT, team_again)
#define deal_board_summary_sums_IN(X) DEAL_BOARD_SCOPE_IN(X)
#define deal_board_summary_sums_OUT(X) deal_board_sums_OUT(X)

/* The deals the user reaches only through a temporary grant (not by the
 * scope the summary covers), under the same filters: few, read from the
 * user's grants. */
#define deal_board_granted_sums_SQL \
	"SELECT d.stage_id, COUNT(*), COALESCE(SUM(d.amount_cents), 0)," \
	" CAST(COALESCE(SUM(d.amount_cents * d.probability), 0) AS SIGNED), MIN(d.currency), MAX(d.currency)" \
	" FROM deals d WHERE d.id IN (SELECT g.record_id FROM temp_grants g WHERE g.user_id = ?" \
	" AND g.module = 'deals' AND g.action = ? AND g.revoked_at IS NULL AND g.expires_at > UTC_TIMESTAMP())" \
	" AND d.deleted_at IS NULL AND NOT (? = 3 OR (? = 2 AND ? <> 0 AND d.team_id <=> ?)" \
	" OR (? >= 1 AND d.owner_id = ?)) AND (? = 0 OR d.owner_id = ?) AND (? = 0 OR d.team_id = ?)" \
	" GROUP BY d.stage_id"
#define deal_board_granted_sums_IN(X) X(INT, grantee) X(TEXT, action) DEAL_BOARD_SCOPE_IN(X)
#define deal_board_granted_sums_OUT(X) deal_board_sums_OUT(X)

/* The newest cards of one stage: the account's name only when the user
 * may view the account (NULL otherwise, with its id kept to say so).
 * Deals first, walking deals_list (deleted_at, stage_id, id) backwards
 * and stopping at the limit: left to itself the optimiser started from
 * users and sorted the whole stage (95 ms a column at 50,000 deals). */
#define deal_board_cards_SQL \
	"SELECT STRAIGHT_JOIN d.id, d.name, d.amount_cents, d.currency, COALESCE(d.account_id, 0), a.name," \
	" (SELECT u.username FROM users u WHERE u.id = d.owner_id)," \
	" COALESCE(DATE_FORMAT(d.expected_close, '%Y-%m-%d'), ''), d.version" \
	" FROM deals d FORCE INDEX (deals_list)" \
	" LEFT JOIN accounts a ON a.id = d.account_id AND a.deleted_at IS NULL AND" SCOPE_SQL("a", "accounts") \
	" WHERE d.stage_id = ? AND" DEAL_BOARD_WHERE " ORDER BY d.id DESC LIMIT ?"
#define deal_board_cards_IN(X) X(SCOPE, accounts) X(INT, stage) DEAL_BOARD_IN(X) X(INT, limit)
#define deal_board_cards_OUT(X) \
	X(INT, id) X(TEXT, name) X(INT, amount_cents) X(TEXT, currency) X(INT, account_id) \
	X(TEXT, account) X(TEXT, owner) X(TEXT, expected_close) X(INT, version)

/* The teams a board may be filtered by. */
#define deal_board_teams_SQL "SELECT id, name FROM teams ORDER BY name"
#define deal_board_teams_IN(X)
#define deal_board_teams_OUT(X) X(INT, id) X(TEXT, name)

#define DEAL_SHAPES(T) \
	T(deal_stage_list) T(deal_get) T(deal_list) T(deal_by_stage) T(deal_insert) T(deal_update) \
	T(deal_lead_of) T(deal_board_sums) T(deal_board_summary_sums) T(deal_board_granted_sums) \
	T(deal_board_cards) T(deal_board_teams)
#define DEAL_STMTS(S) \
	S(deal_stage_list, RO, deal_stage_list) \
	S(deal_get, RO, deal_get) \
	S(deal_list, RO, deal_list) \
	S(deal_by_stage, RO, deal_by_stage) \
	S(deal_insert, RW, deal_insert) \
	S(deal_update, RW, deal_update) \
	S(deal_lead_of, RO, deal_lead_of) \
	S(deal_board_sums, RO, deal_board_sums) \
	S(deal_board_summary_sums, RO, deal_board_summary_sums) \
	S(deal_board_granted_sums, RO, deal_board_granted_sums) \
	S(deal_board_cards, RO, deal_board_cards) \
	S(deal_board_teams, RO, deal_board_teams)

#endif
