/* pages.h: every page handler, one file per page family. */
#ifndef CRM_PAGES_H
#define CRM_PAGES_H

#include <stdbool.h>

#include "handler.h"
#include "rbac.h"

int page_home(struct ctx *ctx);		/* page_home.c */
int page_healthz(struct ctx *ctx);	/* page_health.c */
int page_language_get(struct ctx *ctx);	/* page_settings.c */
int page_language_post(struct ctx *ctx);
int page_login_get(struct ctx *ctx);	/* page_login.c */
int page_login_post(struct ctx *ctx);
int page_login_sso_post(struct ctx *ctx);
int page_logout_post(struct ctx *ctx);
int page_mfa_login_get(struct ctx *ctx);	/* page_mfa.c */
int page_mfa_login_post(struct ctx *ctx);
int page_mfa_get(struct ctx *ctx);
int page_mfa_post(struct ctx *ctx);
int page_mfa_disable(struct ctx *ctx);
int page_mfa_recovery_codes(struct ctx *ctx);
int page_sessions_get(struct ctx *ctx);	/* page_sessions.c */
int page_search_get(struct ctx *ctx);		/* page_search.c */
int page_session_revoke(struct ctx *ctx);
int page_admin_users_get(struct ctx *ctx);	/* page_admin_users.c */
int page_admin_user_revoke(struct ctx *ctx);
int page_admin_user_get(struct ctx *ctx);
int page_admin_user_disable(struct ctx *ctx);	/* page_admin_user_edit.c */
int page_admin_user_enable(struct ctx *ctx);
int page_admin_user_roles(struct ctx *ctx);
int page_admin_user_team(struct ctx *ctx);
int page_admin_grant_create(struct ctx *ctx);	/* page_admin_grants.c */
int page_admin_grant_revoke(struct ctx *ctx);
int page_admin_roles_get(struct ctx *ctx);	/* page_admin_roles.c */
int page_admin_role_mfa_post(struct ctx *ctx);
int page_admin_role_create(struct ctx *ctx);
int page_admin_role_clone(struct ctx *ctx);
int page_admin_role_delete(struct ctx *ctx);
int page_admin_roles_error(struct ctx *ctx, const char *error);
int page_contacts_get(struct ctx *ctx);	/* page_contacts.c */
int page_contact_columns_get(struct ctx *ctx);	/* page_list_columns.c */
int page_contact_columns_post(struct ctx *ctx);
int page_contact_get(struct ctx *ctx);	/* page_contact.c */
int page_contact_reveal(struct ctx *ctx);
int page_contact_new_get(struct ctx *ctx);	/* page_contact_edit.c */
int page_contact_new_post(struct ctx *ctx);
int page_contact_edit_get(struct ctx *ctx);
int page_contact_edit_post(struct ctx *ctx);
int page_contact_relation_add(struct ctx *ctx);	/* page_relations.c */
int page_contact_relation_remove(struct ctx *ctx);
/* The contact page (ctx->ids[0]) again with the relation form's message
 * error, status 400 (page_contact.c). */
int page_contact_relation_error(struct ctx *ctx, const char *error);
int page_deals_get(struct ctx *ctx);	/* page_deals.c */
int page_deals_pipeline(struct ctx *ctx);	/* page_pipeline.c */
/* Where a move posted from the board goes back to: "/deals/pipeline"
 * with the board's filter as the form carried it (only its valid values),
 * or NULL when the move did not come from the board (no return=board). */
const char *pipeline_return(struct ctx *ctx);
struct list_filter;
/* The team and close-date part of the board's and /deals' filter (fields
 * "team", "close_from", "close_to" of f, read by list_filter_read): the
 * team must be one offered ("teams" in ctx->data: every team when the
 * user sees all deals, else their own), the close dates only where the
 * role may key on expected_close, and not backwards. *team 0 and *from,
 * *to NULL mean any. 0 valid, 1 refused (f and the page say why), -1 on
 * a database error. */
int deal_filter_team_close(struct ctx *ctx, struct list_filter *f, long long *team, const char **from,
    const char **to);
int page_deal_new_get(struct ctx *ctx);	/* page_deal.c */
int page_deal_new_post(struct ctx *ctx);
int page_deal_get(struct ctx *ctx);
int page_deal_edit_get(struct ctx *ctx);	/* page_deal_edit.c */
int page_deal_edit_post(struct ctx *ctx);
int page_deal_stage(struct ctx *ctx);
int page_accounts_get(struct ctx *ctx);	/* page_accounts.c */
int page_account_get(struct ctx *ctx);
int page_account_new_get(struct ctx *ctx);	/* page_account_edit.c */
int page_account_new_post(struct ctx *ctx);
int page_account_edit_get(struct ctx *ctx);
int page_account_edit_post(struct ctx *ctx);
int page_leads_get(struct ctx *ctx);	/* page_leads.c */
int page_lead_new_get(struct ctx *ctx);
int page_lead_new_post(struct ctx *ctx);
int page_lead_get(struct ctx *ctx);
int page_lead_edit_get(struct ctx *ctx);	/* page_lead_edit.c */
int page_lead_edit_post(struct ctx *ctx);
int page_lead_convert(struct ctx *ctx);	/* page_lead_convert.c */
int page_activities_get(struct ctx *ctx);	/* page_activities.c */
int page_activity_get(struct ctx *ctx);	/* page_activity.c */
int page_activity_reveal(struct ctx *ctx);
int page_activity_complete(struct ctx *ctx);
int page_activity_new_get(struct ctx *ctx);	/* page_activity_edit.c */
int page_activity_new_post(struct ctx *ctx);
int page_activity_edit_get(struct ctx *ctx);
int page_activity_edit_post(struct ctx *ctx);
/* Record lifecycle, one handler for every record type (record_kind.h
 * picks the type from the path). */
int page_record_delete(struct ctx *ctx);	/* page_record_delete.c */
int page_records_deleted(struct ctx *ctx);
int page_record_restore(struct ctx *ctx);
struct record_kind;
/* Renders a refused lifecycle change of record id (msgid says why, with a
 * way back to the record) and returns status. */
int page_record_refused(struct ctx *ctx, const struct record_kind *k, long long id, const char *msgid,
    int status);
int page_record_owner(struct ctx *ctx);	/* page_record_owner.c */
/* Fills ctx->data "reassign" (the new-owner form of record id of module m)
 * when the user may edit that record; record_panel calls it. 0 or -1. */
int record_owner_form(struct ctx *ctx, enum rbac_module m, long long id);
int page_contacts_export_get(struct ctx *ctx);	/* page_exports.c */
int page_contacts_export_post(struct ctx *ctx);
int page_accounts_export_get(struct ctx *ctx);
int page_accounts_export_post(struct ctx *ctx);
int page_leads_export_get(struct ctx *ctx);
int page_leads_export_post(struct ctx *ctx);
int page_deals_export_get(struct ctx *ctx);
int page_deals_export_post(struct ctx *ctx);
int page_activities_export_get(struct ctx *ctx);
int page_activities_export_post(struct ctx *ctx);
int page_contacts_import_get(struct ctx *ctx);	/* page_imports.c */
int page_contacts_import_post(struct ctx *ctx);
int page_accounts_import_get(struct ctx *ctx);
int page_accounts_import_post(struct ctx *ctx);
int page_leads_import_get(struct ctx *ctx);
int page_leads_import_post(struct ctx *ctx);
int page_admin_stages_get(struct ctx *ctx);	/* page_admin_stages.c */
int page_admin_stage_create(struct ctx *ctx);
int page_admin_stage_update(struct ctx *ctx);
int page_admin_stage_delete(struct ctx *ctx);
int page_admin_fields_get(struct ctx *ctx);	/* page_admin_fields.c */
int page_admin_field_create(struct ctx *ctx);
int page_admin_field_get(struct ctx *ctx);
int page_admin_field_update(struct ctx *ctx);
int page_admin_field_move(struct ctx *ctx);
int page_admin_field_retire(struct ctx *ctx);
int page_admin_field_restore(struct ctx *ctx);
int page_admin_field_option_add(struct ctx *ctx);
int page_admin_field_option_update(struct ctx *ctx);
int page_admin_field_option_move(struct ctx *ctx);
int page_admin_field_option_retire(struct ctx *ctx);
int page_admin_field_option_restore(struct ctx *ctx);
int page_admin_groups_get(struct ctx *ctx);	/* page_admin_groups.c */
int page_admin_group_add(struct ctx *ctx);
int page_admin_group_remove(struct ctx *ctx);
int page_admin_role_get(struct ctx *ctx);	/* page_admin_role_edit.c */
int page_admin_role_post(struct ctx *ctx);
bool role_name_ok(const char *s);
int page_admin_audit_get(struct ctx *ctx);	/* page_admin_audit.c */
int page_admin_audit_csv(struct ctx *ctx);
int page_admin_alerts_get(struct ctx *ctx);	/* page_admin_alerts.c */
int page_admin_backups_get(struct ctx *ctx);	/* page_admin_backups.c */
int page_admin_alert_ack(struct ctx *ctx);

#endif
