/* page_deal_edit.c: owns changing a deal: the edit form (the amount only
 * when the field rule makes it editable; a submitted amount otherwise is
 * refused) and moving it to another stage (from its page or the
 * pipeline); deletion is page_record_delete.c's. Each checks the record version the user saw, so a
 * concurrent change is a conflict, and each is audited with before/after. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csrf.h"
#include "deal.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "record_decl.h"
#include "session.h"

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

static int
save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount, long long version)
{
	int rc = deal_save(ctx, d, n, set_amount, version);

	if (rc == -1)
		return 503;
	if (rc == 0)
		return page_deal_show_form(ctx, d, NULL, MSG_CONFLICT, 409);
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

	if ((rc = deal_load(ctx, ctx->ids[0], ACT_EDIT, &d)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!amount_editable(ctx) && param_get(&ctx->req->form, "amount") != NULL)
		return page_deal_show_form(ctx, &d, NULL, N_("Your role cannot change the amount."), 403);
	form_validate(record_form(record_decl_of(RK_DEALS)), &ctx->req->form, ctx->req->arena, &r);
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
