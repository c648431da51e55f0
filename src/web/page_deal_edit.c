/* page_deal_edit.c: owns changing a deal: the edit form (the amount only
 * when the field rule makes it editable; a submitted amount otherwise is
 * refused; its account and contacts: page_deal_form.c) and moving it to
 * another stage from its page (a lost stage only with a reason);
 * deletion is page_record_delete.c's. Each checks the record version the
 * user saw, so a concurrent change is a conflict, and each is audited
 * with before/after. */
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

/* Saves and goes to the deal's page, or to back (the board) with its
 * own flash; a conflict shows the deal's form with its version. */
static int
save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount, long long version,
    const char *back)
{
	int rc = deal_save(ctx, d, n, set_amount, version);

	if (rc == -1)
		return 503;
	if (rc == 0)
		return page_deal_show_form(ctx, d, NULL, MSG_CONFLICT, 409);
	flash_set(ctx, back ? FLASH_DEAL_MOVED : FLASH_RECORD_SAVED);
	return page_redirect(ctx, back ? back : arena_printf(ctx->req->arena, "/deals/%lld", d->id));
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
	if (page_deal_searching(ctx))
		return page_deal_show_form(ctx, &d, NULL, NULL, 200);
	form_validate(record_form(record_decl_of(RK_DEALS)), &ctx->req->form, ctx->req->arena, &r);
	n = d;
	if ((rc = page_deal_read(ctx, &d, &r, &n)) != 0)
		return rc == -1 ? 503 : page_deal_show_form(ctx, &d, &r, NULL, 400);
	n.probability = form_field(&r, "probability")->value ? (int)form_field(&r, "probability")->i : d.probability;
	return save(ctx, &d, &n, amount_editable(ctx), v ? strtoll(v, NULL, 10) : 0, NULL);
}

static const struct field_def move_fields[] = {
	{ .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .required = true,
	  .max = FORM_ID_MAX_U32, .pick = PICK_STAGE },
	{ .name = "lost_reason", .label = N_("Lost reason"), .type = FIELD_TEXTAREA, .max_len = 500 },
};
static const struct form_def deal_move_form = { "deal_move", move_fields, sizeof(move_fields) / sizeof(move_fields[0]) };

#define MSG_MOVE_LOST N_("Say why the deal was lost: moving it to a lost stage needs a reason.")
#define MSG_MOVE_REASON_LONG N_("The lost reason is too long: at most 500 characters.")

/* Moves a deal to another stage (its probability becomes the stage's);
 * to a lost stage only with a lost reason, given here or kept from
 * before. From the deal page, or from a card of the board (return=board
 * and the board's filter), which it goes back to with a flash. */
int
page_deal_stage(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct deal d, n;
	long long version;
	int rc, lost;

	if ((rc = deal_load(ctx, ctx->ids[0], ACT_EDIT, &d)) <= 0)
		return rc == 0 ? 404 : 503;
	version = v ? strtoll(v, NULL, 10) : d.version;
	form_validate(&deal_move_form, &ctx->req->form, ctx->req->arena, &r);
	if ((rc = pick_form(ctx, &r, MOD_DEALS)) == -1 || (rc > 0 && form_field(&r, "stage")->error != NULL))
		return rc == -1 ? 503 : page_deal_show_form(ctx, &d, NULL, pick_message(PICK_STAGE), 400);
	if (version != d.version)
		return page_deal_show_form(ctx, &d, NULL, MSG_CONFLICT, 409);
	if (form_field(&r, "lost_reason")->error != NULL)
		return page_deal_show(ctx, &d, MSG_MOVE_REASON_LONG, 400);
	n = d;
	n.stage_id = form_field(&r, "stage")->i;
	if (pick_stage(ctx, n.stage_id, &n.probability) != 1 || (lost = deal_stage_lost(ctx, n.stage_id)) == -1)
		return 503;
	if (lost && form_field(&r, "lost_reason")->value != NULL)
		n.lost_reason = form_field(&r, "lost_reason")->value;
	if (lost && (n.lost_reason == NULL || n.lost_reason[0] == '\0'))
		return page_deal_show(ctx, &d, MSG_MOVE_LOST, 400);
	return save(ctx, &d, &n, false, version, pipeline_return(ctx));
}
