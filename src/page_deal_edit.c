/* page_deal_edit.c: owns changing a deal: the edit form (the amount only
 * when the field rule makes it editable; a submitted amount otherwise is
 * refused) and moving it to another stage (from its page or the
 * pipeline); deletion is page_record_delete.c's. Each checks the record version the user saw, so a
 * concurrent change is a conflict, and each is audited with before/after. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "deal.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "record_scope.h"
#include "session.h"

extern const struct form_def deal_form;

#define MSG_CONFLICT N_("Someone changed this deal after you opened it. Their version is shown; make your change again.")

static bool
amount_editable(const struct ctx *ctx)
{
	return rbac_field_rule(&ctx->user->rights, MOD_DEALS, "amount") == RULE_EDITABLE;
}

int
page_deal_edit_get(struct ctx *ctx)
{
	struct deal d;
	int rc = deal_load(ctx, ctx->ids[0], ACT_EDIT, &d);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	return page_deal_show_form(ctx, &d, NULL, NULL, 200);
}

/* Runs the update with the deal's new values n over d; 1 saved, 0
 * conflict, -1 error. Audits inside the caller's transaction. */
static int
update(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount, long long version)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[10 + RECORD_SCOPE_PARAMS];
	struct db_rows rows;
	struct json b, f, j;

	p[0] = (struct db_value){ .type = DBV_TEXT, .s = n->name, .len = strlen(n->name) };
	p[1] = (struct db_value){ .type = DBV_INT, .i = set_amount };
	p[2] = (struct db_value){ .type = DBV_INT, .i = n->amount_cents };
	p[3] = (struct db_value){ .type = DBV_TEXT, .s = n->currency, .len = strlen(n->currency) };
	p[4] = (struct db_value){ .type = DBV_INT, .i = n->stage_id };
	p[5] = (struct db_value){ .type = DBV_INT, .i = n->probability };
	p[6] = n->expected_close && n->expected_close[0] ? (struct db_value){ .type = DBV_TEXT,
	    .s = n->expected_close, .len = strlen(n->expected_close) } : (struct db_value){ .type = DBV_NULL };
	p[7] = (struct db_value){ .type = DBV_INT, .i = d->id };
	p[8] = (struct db_value){ .type = DBV_INT, .i = version };
	record_scope_bind(ctx, MOD_DEALS, ACT_EDIT, p + 9);
	if (db_run(ctx->db, a, STMT_DEAL_UPDATE, p, 9 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.affected == 0)
		return 0;
	json_begin(&b, a);
	json_begin(&f, a);
	if (strcmp(d->name, n->name) != 0) { json_str(&b, "name", d->name); json_str(&f, "name", n->name); }
	if (set_amount && d->amount_cents != n->amount_cents) {
		json_int(&b, "amount_cents", d->amount_cents);
		json_int(&f, "amount_cents", n->amount_cents);
	}
	if (d->stage_id != n->stage_id) { json_int(&b, "stage", d->stage_id); json_int(&f, "stage", n->stage_id); }
	if (d->probability != n->probability) {
		json_int(&b, "probability", d->probability);
		json_int(&f, "probability", n->probability);
	}
	json_begin(&j, a);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return audit_ctx(ctx, AUDIT_RECORD_UPDATE, "deals", arena_printf(a, "%lld", d->id), AUDIT_SUCCESS,
	    1, json_end(&j)) == -1 ? -1 : 1;
}

static int
save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount, long long version)
{
	int rc;

	if (db_begin(ctx->db) != DB_OK || (rc = update(ctx, d, n, set_amount, version)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 0) {
		db_rollback(ctx->db);
		return page_deal_show_form(ctx, d, NULL, MSG_CONFLICT, 409);
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/deals/%lld", d->id));
}

int
page_deal_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct deal d, n;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = deal_load(ctx, ctx->ids[0], ACT_EDIT, &d)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!amount_editable(ctx) && param_get(&ctx->req->form, "amount") != NULL)
		return page_deal_show_form(ctx, &d, NULL, N_("Your role cannot change the amount."), 403);
	form_validate(&deal_form, &ctx->req->form, ctx->req->arena, &r);
	if ((rc = pick_form(ctx, &r, MOD_DEALS)) != 0)
		return rc == -1 ? 503 : page_deal_show_form(ctx, &d, &r, NULL, 400);
	n = d;
	n.name = form_field(&r, "name")->value;
	n.currency = form_field(&r, "currency")->value;
	n.stage_id = form_field(&r, "stage")->i;
	n.amount_cents = form_field(&r, "amount")->value ? form_field(&r, "amount")->i : 0;
	n.probability = form_field(&r, "probability")->value ? (int)form_field(&r, "probability")->i : d.probability;
	n.expected_close = form_field(&r, "expected_close")->value;
	return save(ctx, &d, &n, amount_editable(ctx), v ? strtoll(v, NULL, 10) : 0);
}

static const struct field_def move_fields[] = {
	{ .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .required = true,
	  .max = FORM_ID_MAX_U32, .pick = PICK_STAGE },
};
static const struct form_def deal_move_form = { "deal_move", move_fields, sizeof(move_fields) / sizeof(move_fields[0]) };

/* Moves a deal to another stage (its probability becomes the stage's). */
int
page_deal_stage(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct deal d, n;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = deal_load(ctx, ctx->ids[0], ACT_EDIT, &d)) <= 0)
		return rc == 0 ? 404 : 503;
	form_validate(&deal_move_form, &ctx->req->form, ctx->req->arena, &r);
	if ((rc = pick_form(ctx, &r, MOD_DEALS)) != 0)
		return rc == -1 ? 503 : page_deal_show_form(ctx, &d, NULL, pick_message(PICK_STAGE), 400);
	n = d;
	n.stage_id = form_field(&r, "stage")->i;
	if (pick_stage(ctx, n.stage_id, &n.probability) != 1)
		return 503;
	return save(ctx, &d, &n, false, v ? strtoll(v, NULL, 10) : d.version);
}
