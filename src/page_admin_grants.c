/* page_admin_grants.c: owns temporary grants, given on /admin/users/{id}:
 * one user gets one action on a module (or on one record of it) for a
 * stated reason until an expiry at most 90 days ahead. A grant ends by
 * itself (rights are recomputed per request and ignore expired grants)
 * or when revoked; both are audited. The record pages of the CRM core
 * list the grants on a record. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "rbac.h"
#include "permission.h"
#include "pick.h"
#include "record_kind.h"
#include "session.h"
#include "user_scope.h"

#define GRANT_MAX_DAYS 90

int
page_admin_grants_show(struct ctx *ctx, long long uid)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = uid } };
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "grants"), *mods = tv_list(ctx->data, "grant_modules");
	struct tval *acts = tv_list(ctx->data, "grant_actions");

	if (db_run(ctx->db, ctx->req->arena, STMT_GRANTS_OF_USER, p, 1, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *g = tv_append_map(list);
		tv_str(g, "module", db_cell_text(&rows, i, 1));
		tv_str(g, "action", db_cell_text(&rows, i, 2));
		tv_str(g, "record", db_cell_text(&rows, i, 3));
		tv_str(g, "reason", db_cell_text(&rows, i, 4));
		tv_str(g, "by", db_cell_text(&rows, i, 5));
		tv_str(g, "expires", db_cell_text(&rows, i, 6));
		tv_strf(g, "revoke", "/admin/users/%lld/grants/%lld/revoke", uid, db_cell_int(&rows, i, 0, 0));
	}
	for (int m = 0; m < MOD__MAX; m++) {
		struct tval *o = tv_append_map(mods);
		tv_str(o, "value", rbac_module_name(m));
		tv_str(o, "label", rbac_module_label(m));
	}
	for (int a = 0; a < ACT__MAX; a++) {
		struct tval *o = tv_append_map(acts);
		tv_str(o, "value", rbac_action_name(a));
		tv_str(o, "label", rbac_action_label(a));
	}
	return 0;
}

static int
refuse(struct ctx *ctx, const char *msg)
{
	tv_str(ctx->data, "grant_error", msg);
	return page_admin_user_show(ctx, 400);
}

/* "YYYY-MM-DDTHH:MM" (datetime-local, taken as UTC) as "YYYY-MM-DD HH:MM:00"
 * when it lies in the next GRANT_MAX_DAYS days; NULL otherwise. */
static const char *
expiry(struct arena *a, const char *v)
{
	struct tm tm = { 0 };
	char end;
	time_t t, now = time(NULL);

	if (v == NULL || sscanf(v, "%4d-%2d-%2dT%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &end) != 5 || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59)
		return NULL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t <= now || t > now + GRANT_MAX_DAYS * 86400L)
		return NULL;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d:00", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* The record a grant is limited to (0: the whole module) into *rec. A
 * record must be one of the CRM's record types, live, and within the
 * granting user's own scope for the action: nobody grants what they
 * cannot reach. 1 fine, 0 not (*why gets the msgid), -1 database error. */
static int
grant_record(struct ctx *ctx, const char *module, enum rbac_action act, const char *record,
    long long *rec, const char **why)
{
	const struct record_kind *k = record_kind_named(module);
	int rc;

	*rec = 0;
	if (record == NULL || record[0] == '\0')
		return 1;
	*why = N_("A record is given by its number, or left empty for the whole module.");
	if ((*rec = form_id_parse(record, 0)) == 0)
		return 0;
	*why = N_("A single record can be granted only in contacts, accounts, leads, deals and activities.");
	if (k == NULL)
		return 0;
	*why = N_("There is no such record within your reach.");
	return (rc = pick_record(ctx, k, *rec, act)) == 1 ? 1 : rc;
}

int
page_admin_grant_create(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	const char *module = param_get(&ctx->req->form, "module");
	const char *action = param_get(&ctx->req->form, "action");
	const char *record = param_get(&ctx->req->form, "record");
	const char *reason = param_get(&ctx->req->form, "reason");
	const char *until = expiry(a, param_get(&ctx->req->form, "expires")), *bad;
	long long rec = 0;
	struct db_value p[7];
	struct db_rows rows;
	struct json j;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (rbac_module_parse(module) < 0 || rbac_action_parse(action) < 0)
		return refuse(ctx, N_("The form named a permission that does not exist."));
	if (!permission_can(ctx, rbac_module_parse(module), rbac_action_parse(action)))
		return refuse(ctx, N_("You can only grant access you have yourself."));
	if ((rc = grant_record(ctx, module, (enum rbac_action)rbac_action_parse(action), record, &rec, &bad)) != 1)
		return rc == -1 ? 503 : refuse(ctx, bad);
	if (reason == NULL || strlen(reason) < 5 || strlen(reason) > 500)
		return refuse(ctx, N_("Say why, in 5 to 500 characters."));
	if (until == NULL)
		return refuse(ctx, N_("The grant must end in the future, within 90 days."));
	if (ctx->ids[0] == ctx->user->id)
		return refuse(ctx, N_("You cannot change your own roles or disable yourself: ask another administrator."));
	p[0] = (struct db_value){ .type = DBV_INT, .i = ctx->ids[0] };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = module, .len = strlen(module) };
	p[2] = (struct db_value){ .type = DBV_TEXT, .s = action, .len = strlen(action) };
	p[3] = rec ? (struct db_value){ .type = DBV_INT, .i = rec } : (struct db_value){ .type = DBV_NULL };
	p[4] = (struct db_value){ .type = DBV_TEXT, .s = reason, .len = strlen(reason) };
	p[5] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	p[6] = (struct db_value){ .type = DBV_TEXT, .s = until, .len = strlen(until) };
	json_begin(&j, a);
	json_str(&j, "module", module);
	json_str(&j, "action", action);
	if (rec)
		json_int(&j, "record", rec);
	json_str(&j, "reason", reason);
	json_str(&j, "expires", until);
	if (db_begin(ctx->db) != DB_OK)
		return 503;
	if (db_run(ctx->db, a, STMT_GRANT_INSERT, p, 7, &rows) != DB_OK) {
		db_rollback(ctx->db);
		return 404;	/* no such user (foreign key) */
	}
	if (audit_ctx(ctx, AUDIT_GRANT_CREATE, "user", arena_printf(a, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, json_end(&j)) == -1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	flash_set(ctx, FLASH_USER_SAVED);
	return page_redirect(ctx, arena_printf(a, "/admin/users/%lld", ctx->ids[0]));
}

int
page_admin_grant_revoke(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[2] = { { .type = DBV_INT, .i = ctx->ids[1] }, { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, STMT_GRANT_REVOKE, p, 2, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 404;
	}
	if (audit_ctx(ctx, AUDIT_GRANT_REVOKE, "grant", arena_printf(a, "%lld", ctx->ids[1]),
	    AUDIT_SUCCESS, 1, arena_printf(a, "{\"user\":%lld}", ctx->ids[0])) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_USER_SAVED);
	return page_redirect(ctx, arena_printf(a, "/admin/users/%lld", ctx->ids[0]));
fail:
	db_rollback(ctx->db);
	return 503;
}
