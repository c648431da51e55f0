/* route_table.h: the routing table as one list: every URL the workers
 * answer, its method, handler and required permission, in one place.
 * Macros only: route.c expands it with the handlers (the web library),
 * route_list.c without them (the core library: crmctl routes lists the
 * table without linking a page handler). */
#ifndef CRM_ROUTE_TABLE_H
#define CRM_ROUTE_TABLE_H

#define ROUTE_TABLE(R) \
	R(METHOD_GET, "/", page_home, OPEN(PERM_PUBLIC), CSRF_NONE) \
	R(METHOD_GET, "/healthz", page_healthz, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE) \
	R(METHOD_GET, "/account/language", page_language_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE) \
	R(METHOD_POST, "/account/language", page_language_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN) \
	R(METHOD_GET, "/login", page_login_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE) \
	R(METHOD_POST, "/login", page_login_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN) \
	R(METHOD_POST, "/login/sso", page_login_sso_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN) \
	R(METHOD_POST, "/logout", page_logout_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN) \
	R(METHOD_GET, "/login/mfa", page_mfa_login_get, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_NONE) \
	R(METHOD_POST, "/login/mfa", page_mfa_login_post, OPEN_BEFORE_MFA(PERM_PUBLIC), CSRF_TOKEN) \
	R(METHOD_GET, "/account/mfa", page_mfa_get, OPEN(PERM_MFA_SETUP), CSRF_NONE) \
	R(METHOD_POST, "/account/mfa", page_mfa_post, OPEN(PERM_MFA_SETUP), CSRF_TOKEN) \
	R(METHOD_POST, "/account/mfa/disable", page_mfa_disable, OPEN(PERM_SIGNED_IN), CSRF_TOKEN) \
	R(METHOD_POST, "/account/mfa/recovery-codes", page_mfa_recovery_codes, OPEN(PERM_SIGNED_IN), CSRF_TOKEN) \
	R(METHOD_GET, "/account/sessions", page_sessions_get, OPEN(PERM_SIGNED_IN), CSRF_NONE) \
	R(METHOD_POST, "/account/sessions/{id}/revoke", page_session_revoke, OPEN(PERM_SIGNED_IN), CSRF_TOKEN) \
	R(METHOD_GET, "/search", page_search_get, OPEN(PERM_SIGNED_IN), CSRF_NONE) \
	R(METHOD_GET, "/contacts", page_contacts_get, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/contacts/columns", page_contact_columns_get, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/contacts/columns", page_contact_columns_post, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/new", page_contact_new_get, GRANT(MOD_CONTACTS, ACT_CREATE), CSRF_NONE) \
	R(METHOD_POST, "/contacts/new", page_contact_new_post, GRANT(MOD_CONTACTS, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/export", page_contacts_export_get, GRANT(MOD_CONTACTS, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_POST, "/contacts/export", page_contacts_export_post, GRANT(MOD_CONTACTS, ACT_EXPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/import", page_contacts_import_get, GRANT(MOD_CONTACTS, ACT_IMPORT), CSRF_NONE) \
	R(METHOD_POST, "/contacts/import", page_contacts_import_post, GRANT(MOD_CONTACTS, ACT_IMPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/deleted", page_records_deleted, GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_NONE) \
	R(METHOD_POST, "/contacts/{id}/restore", page_record_restore, GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/{id}", page_contact_get, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/contacts/{id}/reveal", page_contact_reveal, GRANT(MOD_CONTACTS, ACT_VIEW), CSRF_TOKEN) \
	R(METHOD_GET, "/contacts/{id}/edit", page_contact_edit_get, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_NONE) \
	R(METHOD_POST, "/contacts/{id}/edit", page_contact_edit_post, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/contacts/{id}/delete", page_record_delete, GRANT(MOD_CONTACTS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/contacts/{id}/owner", page_record_owner, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/contacts/{id}/relations", page_contact_relation_add, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/contacts/{id}/relations/{id}/delete", page_contact_relation_remove, GRANT(MOD_CONTACTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/accounts", page_accounts_get, GRANT(MOD_ACCOUNTS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/accounts/new", page_account_new_get, GRANT(MOD_ACCOUNTS, ACT_CREATE), CSRF_NONE) \
	R(METHOD_POST, "/accounts/new", page_account_new_post, GRANT(MOD_ACCOUNTS, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/accounts/export", page_accounts_export_get, GRANT(MOD_ACCOUNTS, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_POST, "/accounts/export", page_accounts_export_post, GRANT(MOD_ACCOUNTS, ACT_EXPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/accounts/import", page_accounts_import_get, GRANT(MOD_ACCOUNTS, ACT_IMPORT), CSRF_NONE) \
	R(METHOD_POST, "/accounts/import", page_accounts_import_post, GRANT(MOD_ACCOUNTS, ACT_IMPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/accounts/{id}", page_account_get, GRANT(MOD_ACCOUNTS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/accounts/{id}/edit", page_account_edit_get, GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_NONE) \
	R(METHOD_POST, "/accounts/{id}/edit", page_account_edit_post, GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/accounts/{id}/delete", page_record_delete, GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/accounts/{id}/owner", page_record_owner, GRANT(MOD_ACCOUNTS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/accounts/deleted", page_records_deleted, GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_NONE) \
	R(METHOD_POST, "/accounts/{id}/restore", page_record_restore, GRANT(MOD_ACCOUNTS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_GET, "/leads", page_leads_get, GRANT(MOD_LEADS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/leads/new", page_lead_new_get, GRANT(MOD_LEADS, ACT_CREATE), CSRF_NONE) \
	R(METHOD_POST, "/leads/new", page_lead_new_post, GRANT(MOD_LEADS, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/leads/export", page_leads_export_get, GRANT(MOD_LEADS, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_POST, "/leads/export", page_leads_export_post, GRANT(MOD_LEADS, ACT_EXPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/leads/import", page_leads_import_get, GRANT(MOD_LEADS, ACT_IMPORT), CSRF_NONE) \
	R(METHOD_POST, "/leads/import", page_leads_import_post, GRANT(MOD_LEADS, ACT_IMPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/leads/{id}", page_lead_get, GRANT(MOD_LEADS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/leads/{id}/edit", page_lead_edit_get, GRANT(MOD_LEADS, ACT_EDIT), CSRF_NONE) \
	R(METHOD_POST, "/leads/{id}/edit", page_lead_edit_post, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/leads/{id}/delete", page_record_delete, GRANT(MOD_LEADS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/leads/{id}/owner", page_record_owner, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/leads/deleted", page_records_deleted, GRANT(MOD_LEADS, ACT_DELETE), CSRF_NONE) \
	R(METHOD_POST, "/leads/{id}/restore", page_record_restore, GRANT(MOD_LEADS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/leads/{id}/convert", page_lead_convert, GRANT(MOD_LEADS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/deals", page_deals_get, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/deals/pipeline", page_deals_pipeline, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/deals/new", page_deal_new_get, GRANT(MOD_DEALS, ACT_CREATE), CSRF_NONE) \
	R(METHOD_POST, "/deals/new", page_deal_new_post, GRANT(MOD_DEALS, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/deals/export", page_deals_export_get, GRANT(MOD_DEALS, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_POST, "/deals/export", page_deals_export_post, GRANT(MOD_DEALS, ACT_EXPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/deals/{id}", page_deal_get, GRANT(MOD_DEALS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/deals/{id}/edit", page_deal_edit_get, GRANT(MOD_DEALS, ACT_EDIT), CSRF_NONE) \
	R(METHOD_POST, "/deals/{id}/edit", page_deal_edit_post, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/deals/{id}/stage", page_deal_stage, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/deals/{id}/delete", page_record_delete, GRANT(MOD_DEALS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/deals/{id}/owner", page_record_owner, GRANT(MOD_DEALS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/deals/deleted", page_records_deleted, GRANT(MOD_DEALS, ACT_DELETE), CSRF_NONE) \
	R(METHOD_POST, "/deals/{id}/restore", page_record_restore, GRANT(MOD_DEALS, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_GET, "/activities", page_activities_get, GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/activities/new", page_activity_new_get, GRANT(MOD_ACTIVITIES, ACT_CREATE), CSRF_NONE) \
	R(METHOD_POST, "/activities/new", page_activity_new_post, GRANT(MOD_ACTIVITIES, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/activities/export", page_activities_export_get, GRANT(MOD_ACTIVITIES, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_POST, "/activities/export", page_activities_export_post, GRANT(MOD_ACTIVITIES, ACT_EXPORT), CSRF_TOKEN) \
	R(METHOD_GET, "/activities/{id}", page_activity_get, GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/activities/{id}/reveal", page_activity_reveal, GRANT(MOD_ACTIVITIES, ACT_VIEW), CSRF_TOKEN) \
	R(METHOD_GET, "/activities/{id}/edit", page_activity_edit_get, GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_NONE) \
	R(METHOD_POST, "/activities/{id}/edit", page_activity_edit_post, GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/activities/{id}/complete", page_activity_complete, GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/activities/{id}/delete", page_record_delete, GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_POST, "/activities/{id}/owner", page_record_owner, GRANT(MOD_ACTIVITIES, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/activities/deleted", page_records_deleted, GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_NONE) \
	R(METHOD_POST, "/activities/{id}/restore", page_record_restore, GRANT(MOD_ACTIVITIES, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/users", page_admin_users_get, GRANT(MOD_ADMIN_USERS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/admin/users/{id}", page_admin_user_get, GRANT(MOD_ADMIN_USERS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/users/{id}/sessions/revoke", page_admin_user_revoke, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/disable", page_admin_user_disable, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/enable", page_admin_user_enable, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/roles", page_admin_user_roles, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/team", page_admin_user_team, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/grants", page_admin_grant_create, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/users/{id}/grants/{id}/revoke", page_admin_grant_revoke, GRANT(MOD_ADMIN_USERS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/roles", page_admin_roles_get, GRANT(MOD_ADMIN_ROLES, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/roles", page_admin_role_create, GRANT(MOD_ADMIN_ROLES, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/roles/{id}", page_admin_role_get, GRANT(MOD_ADMIN_ROLES, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/roles/{id}", page_admin_role_post, GRANT(MOD_ADMIN_ROLES, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/roles/{id}/mfa", page_admin_role_mfa_post, GRANT(MOD_ADMIN_ROLES, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/roles/{id}/clone", page_admin_role_clone, GRANT(MOD_ADMIN_ROLES, ACT_CREATE), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/roles/{id}/delete", page_admin_role_delete, GRANT(MOD_ADMIN_ROLES, ACT_DELETE), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/groups", page_admin_groups_get, GRANT(MOD_ADMIN_GROUPS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/groups", page_admin_group_add, GRANT(MOD_ADMIN_GROUPS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/groups/remove", page_admin_group_remove, GRANT(MOD_ADMIN_GROUPS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/stages", page_admin_stages_get, GRANT(MOD_ADMIN_SETTINGS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/stages", page_admin_stage_create, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/stages/{id}", page_admin_stage_update, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/stages/{id}/delete", page_admin_stage_delete, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	/* Custom fields (page_admin_fields.c): the list of a family (?family=) and one field. */ \
	R(METHOD_GET, "/admin/fields", page_admin_fields_get, GRANT(MOD_ADMIN_SETTINGS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/fields", page_admin_field_create, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/fields/{id}", page_admin_field_get, GRANT(MOD_ADMIN_SETTINGS, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/fields/{id}", page_admin_field_update, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/move", page_admin_field_move, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/retire", page_admin_field_retire, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/restore", page_admin_field_restore, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/options", page_admin_field_option_add, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/options/update", page_admin_field_option_update, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/options/move", page_admin_field_option_move, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/options/retire", page_admin_field_option_retire, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_POST, "/admin/fields/{id}/options/restore", page_admin_field_option_restore, GRANT(MOD_ADMIN_SETTINGS, ACT_EDIT), CSRF_TOKEN) \
	R(METHOD_GET, "/admin/audit", page_admin_audit_get, GRANT(MOD_ADMIN_AUDIT, ACT_VIEW), CSRF_NONE) \
	R(METHOD_GET, "/admin/audit.csv", page_admin_audit_csv, GRANT(MOD_ADMIN_AUDIT, ACT_EXPORT), CSRF_NONE) \
	R(METHOD_GET, "/admin/alerts", page_admin_alerts_get, GRANT(MOD_ADMIN_ALERTS, ACT_VIEW), CSRF_NONE) \
	/* Backups and restore drills: read-only evidence for auditors. */ \
	R(METHOD_GET, "/admin/backups", page_admin_backups_get, GRANT(MOD_ADMIN_AUDIT, ACT_VIEW), CSRF_NONE) \
	R(METHOD_POST, "/admin/alerts/{id}/ack", page_admin_alert_ack, GRANT(MOD_ADMIN_ALERTS, ACT_EDIT), CSRF_TOKEN) \
	/* end */

#endif
