/* record_sql.h: the statements of the record lifecycle, the same for the
 * five record tables (contacts, accounts, leads, deals, activities): soft
 * delete, the deleted ones of the restore period, restore, owner,
 * reassignment by a user and by crmctl reassign; the new-owner choices;
 * the "who can access" panel; the "may pick" lookups (pick.c); the
 * owner filter's choices (list_filter.c); the declared columns against
 * the schema (record_decl.c).
 * Statements of one form on the five tables share a shape, so
 * record_kind.c runs them through one path (stmt ids + the shape's bind).
 * Declared as stmt.h says; the SQL text of the lifecycle is
 * sql_fragments.h's LC_*. */
#ifndef CRM_RECORD_SQL_H
#define CRM_RECORD_SQL_H

/* ---- the lifecycle shapes (one per operation) ---- */

/* Soft delete: the version checked when the form sent one (0: not). */
#define record_delete_IN(X) X(INT, id) X(INT, version) X(INT, version_again) X(SCOPE, scope)
#define record_delete_OUT(X)
/* The restorable ones: deleted within days. */
#define record_deleted_IN(X) X(INT, days) X(SCOPE, scope)
#define record_deleted_OUT(X) X(INT, id) X(TEXT, name) X(TEXT, family) X(TEXT, deleted_at)
#define record_restore_IN(X) X(INT, id) X(INT, days) X(SCOPE, scope)
#define record_restore_OUT(X)
/* A live record's owner (id and name), version and label. */
#define record_owner_get_IN(X) X(INT, id) X(SCOPE, scope)
#define record_owner_get_OUT(X) X(INT, owner_id) X(TEXT, owner) X(INT, version) X(TEXT, label) \
	X(TEXT, label_family)
/* To owner (team: NULL for none) at version. */
#define record_reassign_IN(X) X(INT, owner_id) X(VAL, team_id) X(INT, id) X(INT, version) X(SCOPE, scope)
#define record_reassign_OUT(X)
/* crmctl reassign: every row of one owner. */
#define record_reassign_all_IN(X) X(INT, owner_id) X(VAL, team_id) X(INT, old_owner_id)
#define record_reassign_all_OUT(X)


/* What points at a deleted record is settled in the same transaction
 * by its declared links (link_sql.h, record_links.c). */
#define record_delete_contacts_SQL LC_DELETE("contacts")
#define record_delete_accounts_SQL LC_DELETE("accounts")
#define record_delete_leads_SQL LC_DELETE("leads")
#define record_delete_deals_SQL LC_DELETE("deals")
#define record_delete_activities_SQL LC_DELETE("activities")

/* The label of a row in two parts: a person's given and family name
 * (display_person orders them), else the name and NULL. */
#define RECORD_PERSON_LABEL "x.first_name, x.last_name"
#define record_deleted_contacts_SQL LC_DELETED("contacts", RECORD_PERSON_LABEL)
#define record_deleted_accounts_SQL LC_DELETED("accounts", "x.name, NULL")
#define record_deleted_leads_SQL LC_DELETED("leads", RECORD_PERSON_LABEL)
#define record_deleted_deals_SQL LC_DELETED("deals", "x.name, NULL")
#define record_deleted_activities_SQL LC_DELETED("activities", "x.subject, NULL")

#define record_restore_contacts_SQL LC_RESTORE("contacts")
#define record_restore_accounts_SQL LC_RESTORE("accounts")
#define record_restore_leads_SQL LC_RESTORE("leads")
#define record_restore_deals_SQL LC_RESTORE("deals")
#define record_restore_activities_SQL LC_RESTORE("activities")

#define record_owner_contacts_SQL LC_OWNER("contacts", RECORD_PERSON_LABEL)
#define record_owner_accounts_SQL LC_OWNER("accounts", "x.name, NULL")
#define record_owner_leads_SQL LC_OWNER("leads", RECORD_PERSON_LABEL)
#define record_owner_deals_SQL LC_OWNER("deals", "x.name, NULL")
#define record_owner_activities_SQL LC_OWNER("activities", "x.subject, NULL")

#define record_reassign_contacts_SQL LC_REASSIGN("contacts")
#define record_reassign_accounts_SQL LC_REASSIGN("accounts")
#define record_reassign_leads_SQL LC_REASSIGN("leads")
#define record_reassign_deals_SQL LC_REASSIGN("deals")
#define record_reassign_activities_SQL LC_REASSIGN("activities")

#define record_reassign_all_contacts_SQL LC_REASSIGN_ALL("contacts")
#define record_reassign_all_accounts_SQL LC_REASSIGN_ALL("accounts")
#define record_reassign_all_leads_SQL LC_REASSIGN_ALL("leads")
#define record_reassign_all_deals_SQL LC_REASSIGN_ALL("deals")
#define record_reassign_all_activities_SQL LC_REASSIGN_ALL("activities")

/* ---- owners ---- */

/* The enabled users a record may be given to: anyone (all = 1: the actor
 * edits all records), else the actor and the actor's team; narrowed to
 * one user when only is non-zero. */
#define record_owner_choices_SQL \
	"SELECT u.id, u.username, COALESCE(u.team_id, 0) FROM users u WHERE u.disabled = 0" \
	" AND (? = 1 OR u.id = ? OR (? <> 0 AND u.team_id = ?)) AND (? = 0 OR u.id = ?)" \
	" ORDER BY u.username LIMIT 1000"
#define record_owner_choices_IN(X) X(INT, all) X(INT, user_id) X(INT, team_id) X(INT, team_id_again) \
	X(INT, only) X(INT, only_again)
#define record_owner_choices_OUT(X) X(INT, id) X(TEXT, username) X(INT, team_id)

/* crmctl reassign: a user by name (id, team or 0, disabled). */
#define record_user_by_name_SQL \
	"SELECT id, COALESCE(team_id, 0), disabled FROM users WHERE username = ?"
#define record_user_by_name_IN(X) X(TEXT, username)
#define record_user_by_name_OUT(X) X(INT, id) X(INT, team_id) X(INT, disabled)

/* The list filters' owner choices: the users within the actor's scope. */
#define record_filter_owners_SQL \
	"SELECT u.id, u.username FROM users u WHERE" USER_SCOPE_SQL " ORDER BY u.username LIMIT 500"
#define record_filter_owners_IN(X) X(USCOPE, scope)
#define record_filter_owners_OUT(X) X(INT, id) X(TEXT, username)

/* ---- "who can access" (record_panel.c) ---- */

/* The roles viewing the module's records by team or all, with members. */
#define record_panel_roles_SQL \
	"SELECT r.name, p.scope, (SELECT COUNT(*) FROM user_roles ur WHERE ur.role_id = r.id)" \
	" FROM role_permissions p JOIN roles r ON r.id = p.role_id" \
	" WHERE p.module = ? AND p.action = 'view' AND p.scope IN ('team', 'all') ORDER BY r.name"
#define record_panel_roles_IN(X) X(TEXT, module)
#define record_panel_roles_OUT(X) X(TEXT, name) X(TEXT, scope) X(INT, members)

/* The module's live temporary grants reaching the record. */
#define record_panel_grants_SQL \
	"SELECT u.username, g.action, g.reason, DATE_FORMAT(g.expires_at, '%Y-%m-%d %H:%i')" \
	" FROM temp_grants g JOIN users u ON u.id = g.user_id WHERE g.module = ?" \
	" AND (g.record_id = ? OR (g.record_id IS NULL AND (COALESCE(g.scope, 'all') = 'all'" \
	"  OR (g.scope = 'team' AND g.team_id = ? AND u.team_id = g.team_id)" \
	"  OR (g.scope = 'own' AND u.username = ?)))) AND g.revoked_at IS NULL" \
	" AND g.expires_at > UTC_TIMESTAMP() ORDER BY g.expires_at"
#define record_panel_grants_IN(X) X(TEXT, module) X(INT, id) X(INT, team_id) X(TEXT, owner)
#define record_panel_grants_OUT(X) X(TEXT, username) X(TEXT, action) X(TEXT, reason) X(TEXT, expires)

/* The module's per-role field rules, and the roles granting its edit
 * (a field without a rule of the role is editable for those, read-only
 * for the others: rbac.c role_rule). */
#define record_panel_rules_SQL \
	"SELECT r.name, fr.field, fr.rule FROM role_field_rules fr JOIN roles r ON r.id = fr.role_id" \
	" WHERE fr.module = ?"
#define record_panel_rules_IN(X) X(TEXT, module)
#define record_panel_rules_OUT(X) X(TEXT, name) X(TEXT, field) X(TEXT, rule)
#define record_panel_editors_SQL \
	"SELECT r.name FROM role_permissions p JOIN roles r ON r.id = p.role_id" \
	" WHERE p.module = ? AND p.action = 'edit' AND p.scope IN ('own', 'team', 'all')"
#define record_panel_editors_IN(X) X(TEXT, module)
#define record_panel_editors_OUT(X) X(TEXT, name)

/* ---- pick.c ---- */
#define record_pick_team_SQL "SELECT name FROM teams WHERE id = ?"
#define record_pick_role_SQL "SELECT name FROM roles WHERE id = ?"
#define record_pick_IN(X) X(INT, id)
#define record_pick_OUT(X) X(TEXT, name)

/* ---- record_decl.c: a declared column against the schema ---- */
#define record_decl_column_SQL \
	"SELECT COUNT(*) FROM information_schema.columns" \
	" WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?"
#define record_decl_column_IN(X) X(TEXT, table) X(TEXT, column)
#define record_decl_column_OUT(X) X(INT, n)

/* ---- crmctl purge-deleted (admin account): records deleted longer ago
 * than days; what refers to one loses the reference or goes with it.
 * Shapes: the due ones' ids, one record's step (its id), a whole kind
 * at once (the days). ---- */
#define record_purge_due_IN(X) X(INT, days)
#define record_purge_due_OUT(X) X(INT, id)
#define record_purge_one_IN(X) X(INT, id)
#define record_purge_one_OUT(X)
#define record_purge_old_IN(X) X(INT, days)
#define record_purge_old_OUT(X)
#define record_purge_contacts_due_SQL \
	"SELECT id FROM contacts WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500"
#define record_purge_leads_due_SQL \
	"SELECT id FROM leads WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500"
#define record_purge_accounts_due_SQL \
	"SELECT id FROM accounts WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 500"
#define record_purge_contact_unlink_SQL \
	"UPDATE deals SET contact_id = NULL WHERE contact_id = ?"
#define record_purge_contact_activities_SQL \
	"DELETE FROM activities WHERE related_type = 'contact' AND related_id = ?"
#define record_purge_contact_SQL \
	"DELETE FROM contacts WHERE id = ? AND deleted_at IS NOT NULL"
#define record_purge_lead_activities_SQL \
	"DELETE FROM activities WHERE related_type = 'lead' AND related_id = ?"
#define record_purge_lead_SQL \
	"DELETE FROM leads WHERE id = ? AND deleted_at IS NOT NULL"
#define record_purge_account_unlink_contacts_SQL \
	"UPDATE contacts SET account_id = NULL WHERE account_id = ?"
#define record_purge_account_unlink_deals_SQL \
	"UPDATE deals SET account_id = NULL WHERE account_id = ?"
#define record_purge_account_activities_SQL \
	"DELETE FROM activities WHERE related_type = 'account' AND related_id = ?"
#define record_purge_account_SQL \
	"DELETE FROM accounts WHERE id = ? AND deleted_at IS NOT NULL"
#define record_purge_deals_SQL \
	"DELETE d FROM deals d WHERE d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY" \
	" AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)"
#define record_purge_deal_activities_SQL \
	"DELETE a FROM activities a JOIN deals d ON a.related_type = 'deal' AND a.related_id = d.id" \
	" WHERE d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY" \
	" AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)"
#define record_purge_deal_keys_SQL \
	"UPDATE data_keys k JOIN deals d ON k.subject_type = 'deal' AND k.subject_id = d.id" \
	" SET k.wrapped = NULL, k.destroyed_at = UTC_TIMESTAMP()" \
	" WHERE k.wrapped IS NOT NULL AND d.deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY" \
	" AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.converted_deal_id = d.id)"
#define record_purge_activities_SQL \
	"DELETE FROM activities WHERE deleted_at < UTC_TIMESTAMP() - INTERVAL ? DAY"

#define RECORD_SHAPES(T) \
	T(record_purge_due) T(record_purge_one) T(record_purge_old) \
	T(record_decl_column) \
	T(record_delete) T(record_deleted) T(record_restore) T(record_owner_get) T(record_reassign) \
	T(record_reassign_all) T(record_owner_choices) T(record_user_by_name) \
	T(record_filter_owners) T(record_panel_roles) T(record_panel_grants) \
	T(record_panel_rules) T(record_panel_editors) T(record_pick)

#define RECORD_LC_STMTS(S, t) \
	S(record_delete_##t, RW, record_delete) \
	S(record_deleted_##t, RO, record_deleted) \
	S(record_restore_##t, RW, record_restore) \
	S(record_owner_##t, RO, record_owner_get) \
	S(record_reassign_##t, RW, record_reassign) \
	S(record_reassign_all_##t, RW, record_reassign_all)

#define RECORD_STMTS(S) \
	RECORD_LC_STMTS(S, contacts) RECORD_LC_STMTS(S, accounts) RECORD_LC_STMTS(S, leads) \
	RECORD_LC_STMTS(S, deals) RECORD_LC_STMTS(S, activities) \
	S(record_owner_choices, RO, record_owner_choices) \
	S(record_user_by_name, RO, record_user_by_name) \
	S(record_filter_owners, RO, record_filter_owners) \
	S(record_panel_roles, RO, record_panel_roles) \
	S(record_panel_grants, RO, record_panel_grants) \
	S(record_panel_rules, RO, record_panel_rules) \
	S(record_panel_editors, RO, record_panel_editors) \
	S(record_pick_team, RO, record_pick) \
	S(record_pick_role, RO, record_pick) \
	S(record_decl_column, RO, record_decl_column) \
	S(record_purge_contacts_due, RO, record_purge_due) \
	S(record_purge_leads_due, RO, record_purge_due) \
	S(record_purge_accounts_due, RO, record_purge_due) \
	S(record_purge_contact_unlink, RW, record_purge_one) \
	S(record_purge_contact_activities, RW, record_purge_one) \
	S(record_purge_contact, RW, record_purge_one) \
	S(record_purge_lead_activities, RW, record_purge_one) \
	S(record_purge_lead, RW, record_purge_one) \
	S(record_purge_account_unlink_contacts, RW, record_purge_one) \
	S(record_purge_account_unlink_deals, RW, record_purge_one) \
	S(record_purge_account_activities, RW, record_purge_one) \
	S(record_purge_account, RW, record_purge_one) \
	S(record_purge_deals, RW, record_purge_old) \
	S(record_purge_deal_activities, RW, record_purge_old) \
	S(record_purge_deal_keys, RW, record_purge_old) \
	S(record_purge_activities, RW, record_purge_old)

#endif
