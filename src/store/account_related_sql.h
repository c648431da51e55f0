/* account_related_sql.h: the statements of an account page's related
 * lists (declared as stmt.h says; account_related.c runs them): its
 * contacts, its open and closed deals with their totals per currency,
 * the leads converted into it and its timeline (the activities of the
 * account, of its contacts and of its deals). One statement per list, no
 * statement per row.
 *
 * Each list carries the view scope of its family (SCOPE_SQL): a record
 * the user may not view is neither listed nor counted nor summed. The
 * lists are bounded (LIMIT, or ROW_NUMBER for the two deal lists) and
 * carry the number of all the rows the user may view (a window COUNT,
 * computed before the limit), so the page can say how many there are
 * without a second statement. */
#ifndef CRM_ACCOUNT_RELATED_SQL_H
#define CRM_ACCOUNT_RELATED_SQL_H

/* A deal is closed when its stage is won or lost, or it has a closing
 * time (deal_sql.h keeps closed_at with the stage's outcome). */
#define ACCOUNT_DEAL_CLOSED_SQL "(s.outcome <> 'open' OR d.closed_at IS NOT NULL)"

/* The account's live contacts in the contact view scope, by name. */
#define account_rel_contacts_SQL \
	"SELECT c.id, c.first_name, c.last_name, COUNT(*) OVER () FROM contacts c" \
	" WHERE c.account_id = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts") \
	" ORDER BY c.last_name, c.first_name, c.id LIMIT ?"
#define account_rel_contacts_IN(X) X(INT, account_id) X(SCOPE, scope) X(INT, limit)
#define account_rel_contacts_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(INT, total)

/* The account's live deals in the deal view scope, open ones first
 * (soonest expected close first, undated last), then closed ones (most
 * recently closed first), at most limit of each; total: how many of that
 * kind there are. when: the expected close of an open deal, the closing
 * day of a closed one. */
#define account_rel_deals_SQL \
	"SELECT x.id, x.name, x.amount_cents, x.currency, x.stage, x.outcome, x.closed, x.at, x.total FROM" \
	" (SELECT d.id, d.name, d.amount_cents, d.currency," STAGE_NAME_SQL " AS stage, s.outcome," \
	"  " ACCOUNT_DEAL_CLOSED_SQL " AS closed," \
	"  IF(" ACCOUNT_DEAL_CLOSED_SQL ", DATE_FORMAT(COALESCE(d.closed_at, d.updated_at), '%Y-%m-%d')," \
	"   DATE_FORMAT(d.expected_close, '%Y-%m-%d')) AS at," \
	"  ROW_NUMBER() OVER (PARTITION BY " ACCOUNT_DEAL_CLOSED_SQL \
	"   ORDER BY IF(" ACCOUNT_DEAL_CLOSED_SQL ", NULL, COALESCE(d.expected_close, '9999-12-31'))," \
	"   COALESCE(d.closed_at, d.updated_at) DESC, d.id DESC) AS rn," \
	"  COUNT(*) OVER (PARTITION BY " ACCOUNT_DEAL_CLOSED_SQL ") AS total" \
	"  FROM deals d JOIN deal_stages s ON s.id = d.stage_id" \
	"  WHERE d.account_id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") ") x" \
	" WHERE x.rn <= ? ORDER BY x.closed, x.rn"
#define account_rel_deals_IN(X) X(TEXT, lang) X(INT, account_id) X(SCOPE, scope) X(INT, limit)
#define account_rel_deals_OUT(X) \
	X(INT, id) X(TEXT, name) X(INT, amount_cents) X(TEXT, currency) X(TEXT, stage) X(TEXT, outcome) \
	X(INT, closed) X(TEXT, at) X(INT, total)

/* The sums of the same deals (all of them, not only those listed) per
 * open/closed, outcome (open, won, lost) and currency. Run only for a
 * user who may see amounts in clear. */
#define account_rel_deal_totals_SQL \
	"SELECT " ACCOUNT_DEAL_CLOSED_SQL " AS closed, s.outcome, d.currency, SUM(d.amount_cents), COUNT(*)" \
	" FROM deals d JOIN deal_stages s ON s.id = d.stage_id" \
	" WHERE d.account_id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") \
	" GROUP BY closed, s.outcome, d.currency ORDER BY closed, s.outcome = 'lost', d.currency"
#define account_rel_deal_totals_IN(X) X(INT, account_id) X(SCOPE, scope)
#define account_rel_deal_totals_OUT(X) \
	X(INT, closed) X(TEXT, outcome) X(TEXT, currency) X(INT, amount_cents) X(INT, count)

/* The live leads converted into the account, in the lead view scope,
 * newest conversion first. */
#define account_rel_leads_SQL \
	"SELECT l.id, l.first_name, l.last_name, DATE_FORMAT(l.updated_at, '%Y-%m-%d'), COUNT(*) OVER ()" \
	" FROM leads l WHERE l.converted_account_id = ? AND l.deleted_at IS NULL AND" SCOPE_SQL("l", "leads") \
	" ORDER BY l.updated_at DESC, l.id DESC LIMIT ?"
#define account_rel_leads_IN(X) X(INT, account_id) X(SCOPE, scope) X(INT, limit)
#define account_rel_leads_OUT(X) X(INT, id) X(TEXT, first_name) X(TEXT, last_name) X(TEXT, at) X(INT, total)

/* The account's timeline: the activities (in the activity view scope) of
 * the account, of its live contacts in the contact view scope and of its
 * live deals in the deal view scope, newest first. The ids come from the
 * three record lookups (each on its index: activities_timeline,
 * contacts_account, deals_account; STRAIGHT_JOIN keeps the contacts and
 * deals first, else MariaDB may walk every deal's activities), so an
 * account's page reads its own activities, never the whole table. An activity of a contact or deal
 * the user may not view is left out: listing it would show that such a
 * record belongs to the account. The related name is the contact's or
 * the deal's (NULL for the account's own), the columns those of
 * ACTIVITY_ITEM_OUT (activity_sql.h) and the count of them all. */
#define account_rel_activities_SQL \
	"SELECT STRAIGHT_JOIN a.id, a.kind, a.subject, a.related_type, a.related_id," \
	" DATE_FORMAT(a.created_at, '%Y-%m-%d %H:%i')," ACTIVITY_STATE_SQL "," ACTIVITY_OWNER_SQL "," \
	" CASE a.related_type WHEN 'contact' THEN rc.first_name WHEN 'deal' THEN rd.name END," \
	" IF(a.related_type = 'contact', rc.last_name, NULL)," \
	" COUNT(*) OVER ()" \
	" FROM (SELECT x.id FROM activities x WHERE x.related_type = 'account' AND x.related_id = ?" \
	"  UNION ALL SELECT STRAIGHT_JOIN x.id FROM contacts c JOIN activities x" \
	"   ON x.related_type = 'contact' AND x.related_id = c.id" \
	"   WHERE c.account_id = ? AND c.deleted_at IS NULL AND" SCOPE_SQL("c", "contacts") \
	"  UNION ALL SELECT STRAIGHT_JOIN x.id FROM deals d JOIN activities x" \
	"   ON x.related_type = 'deal' AND x.related_id = d.id" \
	"   WHERE d.account_id = ? AND d.deleted_at IS NULL AND" SCOPE_SQL("d", "deals") ") ids" \
	" JOIN activities a ON a.id = ids.id" \
	" LEFT JOIN contacts rc ON a.related_type = 'contact' AND rc.id = a.related_id" \
	" LEFT JOIN deals rd ON a.related_type = 'deal' AND rd.id = a.related_id" \
	" WHERE a.deleted_at IS NULL AND" SCOPE_SQL("a", "activities") \
	" ORDER BY a.created_at DESC, a.id DESC LIMIT ?"
#define account_rel_activities_IN(X) \
	X(INT, account_id) X(INT, contact_account_id) X(SCOPE, contacts) X(INT, deal_account_id) \
	X(SCOPE, deals) X(SCOPE, scope) X(INT, limit)
#define account_rel_activities_OUT(X) ACTIVITY_ITEM_OUT(X) X(INT, total)

#define ACCOUNT_RELATED_SHAPES(T) \
	T(account_rel_contacts) T(account_rel_deals) T(account_rel_deal_totals) T(account_rel_leads) \
	T(account_rel_activities)
#define ACCOUNT_RELATED_STMTS(S) \
	S(account_rel_contacts, RO, account_rel_contacts) \
	S(account_rel_deals, RO, account_rel_deals) \
	S(account_rel_deal_totals, RO, account_rel_deal_totals) \
	S(account_rel_leads, RO, account_rel_leads) \
	S(account_rel_activities, RO, account_rel_activities)

#endif
