/* page_account_edit.c: owns creating and editing accounts. The tax
 * number and bank account are sealed under the account's own data key
 * and written only when the user's field rules make them editable (a
 * submitted value otherwise is refused); edits check the version. Both
 * are audited, sensitive values masked. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "session.h"

extern const struct secret_kind account_secrets;
extern const struct form_def account_form;

#define NSECRETS 2

static bool
editable(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_ACCOUNTS, account_secrets.columns[f]) == RULE_EDITABLE;
}

static bool
forged(struct ctx *ctx)
{
	for (int f = 0; f < NSECRETS; f++)
		if (!editable(ctx, f) && param_get(&ctx->req->form, account_secrets.columns[f]) != NULL)
			return true;
	return false;
}

static int
show_form(struct ctx *ctx, long long id, long long version, struct form_result *r, const char *error,
    int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");

	for (int f = 0; f < NSECRETS; f++)
		tv_bool(ed, account_secrets.columns[f], editable(ctx, f));
	if (r != NULL)
		page_form(ctx, r);
	if (error)
		tv_str(ctx->data, "error", error);
	if (id) {
		tv_strf(ctx->data, "action", "/accounts/%lld/edit", id);
		tv_int(ctx->data, "version", version);
	} else
		tv_str(ctx->data, "action", "/accounts/new");
	return page_render(ctx, "account_form", status);
}

int
page_account_new_get(struct ctx *ctx)
{
	return show_form(ctx, 0, 0, NULL, NULL, 200);
}

/* Seals the form's sensitive values for account id into p[0..3] as
 * (flag, value) pairs for STMT_ACCOUNT_UPDATE; fresh: a new account,
 * whose key is created without a lookup first. */
static int
sealed_params(struct ctx *ctx, long long id, bool fresh, struct form_result *r, struct db_value *p)
{
	const char *plain[NSECRETS];
	struct db_value sealed[NSECRETS], bidx[NSECRETS];

	for (int f = 0; f < NSECRETS; f++)
		plain[f] = form_field(r, account_secrets.columns[f])->value;
	if ((fresh ? secrets_seal_new : secrets_seal)(ctx, &account_secrets, id, plain, sealed, bidx) == -1)
		return -1;
	for (int f = 0; f < NSECRETS; f++) {
		p[2 * f] = (struct db_value){ .type = DBV_INT, .i = editable(ctx, f) };
		p[2 * f + 1] = sealed[f];
	}
	return 0;
}

/* Writes name and sealed fields of account id at version; 1 saved, 0
 * conflict, -1 error; audited. */
static int
store(struct ctx *ctx, long long id, long long version, struct form_result *r, const char *action)
{
	struct arena *a = ctx->req->arena;
	const char *name = form_field(r, "name")->value;
	struct db_value p[7 + RECORD_SCOPE_PARAMS];
	struct db_rows rows;
	struct json j;

	p[0] = (struct db_value){ .type = DBV_TEXT, .s = name, .len = strlen(name) };
	if (sealed_params(ctx, id, strcmp(action, AUDIT_RECORD_CREATE) == 0, r, p + 1) == -1)
		return -1;
	p[5] = (struct db_value){ .type = DBV_INT, .i = id };
	p[6] = (struct db_value){ .type = DBV_INT, .i = version };
	record_scope_bind(ctx, MOD_ACCOUNTS, ACT_EDIT, p + 7);
	if (db_run(ctx->db, a, STMT_ACCOUNT_UPDATE, p, 7 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.affected == 0)
		return 0;
	json_begin(&j, a);
	json_str(&j, "name", name);
	for (int f = 0; f < NSECRETS; f++)
		if (editable(ctx, f) && form_field(r, account_secrets.columns[f])->value)
			json_str(&j, account_secrets.columns[f], json_mask(a, form_field(r, account_secrets.columns[f])->value));
	return audit_ctx(ctx, action, "accounts", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"after\":%s}", json_end(&j))) == -1 ? -1 : 1;
}

int
page_account_new_post(struct ctx *ctx)
{
	struct db_value p[3];
	struct form_result r;
	struct db_rows rows;
	const char *name;

	if (!csrf_valid(ctx))
		return 403;
	if (forged(ctx))
		return show_form(ctx, 0, 0, NULL, N_("Your role cannot change one of these fields."), 403);
	if (form_validate(&account_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_form(ctx, 0, 0, &r, NULL, 400);
	name = form_field(&r, "name")->value;
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = name, .len = strlen(name) };
	p[1] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	p[2] = ctx->user->team_id ? (struct db_value){ .type = DBV_INT, .i = ctx->user->team_id } :
	    (struct db_value){ .type = DBV_NULL };
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_INSERT, p, 3, &rows) != DB_OK ||
	    store(ctx, (long long)rows.insert_id, 1, &r, AUDIT_RECORD_CREATE) != 1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%llu", rows.insert_id));
}

/* 1 when account id is within the user's edit scope, 0 not, -1 error. */
static int
in_scope(struct ctx *ctx, long long id)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	record_scope_bind(ctx, MOD_ACCOUNTS, ACT_EDIT, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	return rows.nrows == 1;
}

int
page_account_edit_get(struct ctx *ctx)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = ctx->ids[0] } };
	struct db_rows rows;
	const char *plain[NSECRETS];
	bool broken[NSECRETS];
	struct tval *form;

	record_scope_bind(ctx, MOD_ACCOUNTS, ACT_EDIT, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return 503;
	if (rows.nrows == 0)
		return 404;
	if (secrets_open(ctx, &account_secrets, ctx->ids[0], &rows.cells[2], plain, broken) == -1)
		return 503;
	form = tv_child(ctx->data, "form");
	tv_str(tv_child(form, "name"), "value", db_cell_text(&rows, 0, 1));
	for (int f = 0; f < NSECRETS; f++)
		if (editable(ctx, f))
			tv_str(tv_child(form, account_secrets.columns[f]), "value", plain[f]);
	return show_form(ctx, ctx->ids[0], db_cell_int(&rows, 0, 8, 0), NULL, NULL, 200);
}

int
page_account_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	long long version = v ? strtoll(v, NULL, 10) : 0;
	struct form_result r;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = in_scope(ctx, ctx->ids[0])) <= 0)
		return rc == 0 ? 404 : 503;
	if (forged(ctx))
		return show_form(ctx, ctx->ids[0], version, NULL, N_("Your role cannot change one of these fields."), 403);
	if (form_validate(&account_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_form(ctx, ctx->ids[0], version, &r, NULL, 400);
	if (db_begin(ctx->db) != DB_OK || (rc = store(ctx, ctx->ids[0], version, &r, AUDIT_RECORD_UPDATE)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 0) {	/* out of scope, missing, or changed meanwhile */
		db_rollback(ctx->db);
		return show_form(ctx, ctx->ids[0], version, &r,
		    N_("Someone changed this account after you opened it. Open it again."), 409);
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", ctx->ids[0]));
}
