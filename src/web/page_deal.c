/* page_deal.c: owns one deal: creating it, its page (with "who can access
 * this", the lead it was converted from and its activities), editing
 * (optimistic concurrency by version; the amount only when the field
 * rule makes it editable), moving it to another stage from the
 * pipeline, and soft deletion. Out of scope answers like
 * missing. Each write is audited in its transaction. */
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
#include "permission.h"
#include "pick.h"
#include "record_decl.h"
#include "record_panel.h"
#include "session.h"
#include "timeline.h"

#define MSG_AMOUNT N_("Your role cannot change the amount.")

static bool
amount_editable(const struct ctx *ctx)
{
	return rbac_field_rule(&ctx->user->rights, MOD_DEALS, "amount") == RULE_EDITABLE;
}

/* The form with its choices; values from d (editing) or the form result. */
int
page_deal_show_form(struct ctx *ctx, const struct deal *d, struct form_result *r, const char *error, int status)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct tval *stages = tv_list(ctx->data, "stages"), *cur = tv_list(ctx->data, "currencies");
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);
	const char *sel_cur = d ? d->currency : "CHF";
	long long sel_stage = d ? d->stage_id : (n > 0 ? st[0].id : 0);

	if (n < 0)
		return 503;
	if (r != NULL) {
		page_form(ctx, r);
		sel_cur = form_field(r, "currency")->raw;
		sel_stage = strtoll(form_field(r, "stage")->raw, NULL, 10);
	} else if (d != NULL) {
		struct tval *f = tv_child(ctx->data, "form");
		tv_str(tv_child(f, "name"), "value", d->name);
		if (amount_editable(ctx))
			tv_strf(tv_child(f, "amount"), "value", "%lld.%02lld", d->amount_cents / 100, d->amount_cents % 100);
		tv_strf(tv_child(f, "probability"), "value", "%d", d->probability);
		tv_str(tv_child(f, "expected_close"), "value", d->expected_close);
	}
	for (int s = 0; s < n; s++) {
		struct tval *o = tv_append_map(stages);
		tv_strf(o, "id", "%lld", st[s].id);
		tv_str(o, "name", st[s].name);
		tv_bool(o, "selected", st[s].id == sel_stage);
	}
	for (int c = 0; deal_currencies[c]; c++) {
		struct tval *o = tv_append_map(cur);
		tv_str(o, "code", deal_currencies[c]);
		tv_bool(o, "selected", sel_cur && strcmp(sel_cur, deal_currencies[c]) == 0);
	}
	tv_bool(ctx->data, "amount_editable", amount_editable(ctx));
	if (error)
		tv_str(ctx->data, "error", error);
	if (d) {
		tv_strf(ctx->data, "action", "/deals/%lld/edit", d->id);
		tv_int(ctx->data, "version", d->version);
		tv_str(ctx->data, "title", d->name);
	} else
		tv_str(ctx->data, "action", "/deals/new");
	return page_render(ctx, "deal_form", status);
}

int
page_deal_new_get(struct ctx *ctx)
{
	return page_deal_show_form(ctx, NULL, NULL, NULL, 200);
}

/* The probability of a new deal: the form's, or its stage's default
 * when the form left it empty. 0, or -1 on a database error. */
static int
probability(struct ctx *ctx, struct form_result *r, long long stage_id, int *prob)
{
	if (form_field(r, "probability")->value != NULL) {
		*prob = (int)form_field(r, "probability")->i;
		return 0;
	}
	return pick_stage(ctx, stage_id, prob) == 1 ? 0 : -1;
}

int
page_deal_new_post(struct ctx *ctx)
{
	struct form_result r;
	struct deal n = { 0 };
	long long id;
	int rc;

	if (!amount_editable(ctx) && param_get(&ctx->req->form, "amount") != NULL)
		return page_deal_show_form(ctx, NULL, NULL, MSG_AMOUNT, 403);
	form_validate(record_form(record_decl_of(RK_DEALS)), &ctx->req->form, ctx->req->arena, &r);
	if ((rc = pick_form(ctx, &r, MOD_DEALS)) != 0)
		return rc == -1 ? 503 : page_deal_show_form(ctx, NULL, &r, NULL, 400);
	n.name = form_field(&r, "name")->value;
	n.currency = form_field(&r, "currency")->value;
	n.stage_id = form_field(&r, "stage")->i;
	n.amount_cents = form_field(&r, "amount")->value ? form_field(&r, "amount")->i : 0;
	n.expected_close = form_field(&r, "expected_close")->value;
	if (probability(ctx, &r, n.stage_id, &n.probability) == -1 || (id = deal_create(ctx, &n)) == -1)
		return 503;
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/deals/%lld", id));
}

/* The lead the deal was converted from, when the user may view it: its
 * activities stay on it (page_lead_convert.c says why), so the deal
 * links there. 0, or -1 on a database error. */
static int
from_lead(struct ctx *ctx, long long id)
{
	const char *name;
	long long lead;
	struct tval *l;
	int rc = deal_from_lead(ctx, id, &lead, &name);

	if (rc <= 0)
		return rc;
	l = tv_child(ctx->data, "lead");
	tv_strf(l, "href", "/leads/%lld", lead);
	tv_str(l, "name", name);
	return 0;
}

int
page_deal_get(struct ctx *ctx)
{
	struct deal d;
	struct deal_stage st[DEAL_STAGES_MAX];
	struct tval *moves = tv_list(ctx->data, "moves");
	int rc = deal_load(ctx, ctx->ids[0], ACT_VIEW, &d), n;

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if ((n = deal_stages(ctx, st, DEAL_STAGES_MAX)) < 0)
		return 503;
	tv_str(ctx->data, "name", d.name);
	tv_str(ctx->data, "amount", deal_amount_text(ctx, d.amount_cents, d.currency));
	tv_str(ctx->data, "stage", d.stage);
	tv_int(ctx->data, "probability", d.probability);
	tv_str(ctx->data, "close", d.expected_close);
	tv_str(ctx->data, "account", d.account);
	tv_str(ctx->data, "owner", d.owner);
	tv_str(ctx->data, "updated", d.updated);
	tv_strf(ctx->data, "edit", "/deals/%lld/edit", d.id);
	tv_strf(ctx->data, "delete", "/deals/%lld/delete", d.id);
	tv_strf(ctx->data, "move", "/deals/%lld/stage", d.id);
	tv_int(ctx->data, "version", d.version);
	for (int s = 0; s < n; s++)
		if (st[s].id != d.stage_id) {
			struct tval *o = tv_append_map(moves);
			tv_strf(o, "id", "%lld", st[s].id);
			tv_str(o, "name", st[s].name);
		}
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_DEALS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_DEALS, ACT_DELETE));
	if (record_panel(ctx, MOD_DEALS, d.id, d.owner, d.team_id, d.team) == -1 ||
	    from_lead(ctx, d.id) == -1 || timeline_show(ctx, "deal", d.id) == -1)
		return 503;
	audit_view(ctx, "deals", arena_printf(ctx->req->arena, "%lld", d.id), 1);
	return page_render(ctx, "deal", 200);
}
