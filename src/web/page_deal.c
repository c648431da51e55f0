/* page_deal.c: owns one deal: creating it (the form is
 * page_deal_form.c's), its page (its account and its contacts with their
 * roles as links, or "a record you cannot open" for one the user may not
 * view; the next step, forecast category and, in a lost stage, the lost
 * reason; "who can access this", the lead it was converted from and its
 * activities; a stage bar of the pipeline with the deal's stage marked),
 * and the contact page's Deals list (the deals a contact is
 * on that the user may view, amounts under the deals.amount rule).
 * Editing and moving are page_deal_edit.c's. Out of scope answers like
 * missing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "custom_view.h"
#include "deal.h"
#include "deal_links.h"
#include "display.h"
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
	if (page_deal_searching(ctx))
		return page_deal_show_form(ctx, NULL, NULL, NULL, 200);
	form_validate(record_form(record_decl_of(RK_DEALS)), &ctx->req->form, ctx->req->arena, &r);
	if ((rc = page_deal_read(ctx, NULL, &r, &n)) != 0)
		return rc == -1 ? 503 : page_deal_show_form(ctx, NULL, &r, NULL, 400);
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

/* The account: a link when the user may view it, else only "a record
 * you cannot open" (no name, no link). 0 or -1. */
static int
show_account(struct ctx *ctx, long long id)
{
	const char *name;

	if (id <= 0)
		return 0;
	if (pick_account(ctx, id, &name) == -1)
		return -1;
	if (name == NULL) {
		tv_bool(ctx->data, "account_hidden", true);
		return 0;
	}
	tv_str(ctx->data, "account_name", name);
	tv_strf(ctx->data, "account_href", "/accounts/%lld", id);
	return 0;
}

/* The contacts with their roles (names as deal_links_load gave them). */
static void
show_contacts(struct ctx *ctx, const struct deal *d)
{
	struct tval *list = tv_list(ctx->data, "contacts");

	for (int i = 0; i < d->ncontacts; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "role", deal_code_label(deal_contact_roles, deal_contact_role_labels, d->contacts[i].role));
		if (d->contacts[i].name == NULL)
			continue;
		tv_str(e, "name", d->contacts[i].name);
		tv_strf(e, "href", "/contacts/%lld", d->contacts[i].contact_id);
	}
}

/* The position of d's stage in st (n when it is not there). */
static int
stage_index(const struct deal_stage *st, int n, long long id)
{
	int i = 0;

	while (i < n && st[i].id != id)
		i++;
	return i;
}

/* The stage bar: every stage in order, the current one marked (step),
 * the open stages before it done, a won or lost stage told apart. */
static void
show_stage_bar(struct ctx *ctx, const struct deal *d, const struct deal_stage *st, int n)
{
	struct tval *bar = tv_list(ctx->data, "stagebar");
	int cur = stage_index(st, n, d->stage_id);

	for (int s = 0; s < n; s++) {
		struct tval *b = tv_append_map(bar);
		bool open = strcmp(st[s].outcome, "open") == 0;
		const char *state = s == cur ? "current" : s < cur && open ? "done" : "todo";
		tv_str(b, "name", st[s].name);
		tv_strf(b, "class", "step step-%s step-%s", state, st[s].outcome);
		if (s == cur)
			tv_str(b, "current", "step");
		else if (s < cur && open)
			tv_str(b, "done", N_("completed"));
	}
}

/* The stage bar and the stages d may move to. */
static int
show_moves(struct ctx *ctx, const struct deal *d)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct tval *moves = tv_list(ctx->data, "moves");
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);

	if (n < 0)
		return -1;
	show_stage_bar(ctx, d, st, n);
	for (int s = 0; s < n; s++)
		if (st[s].id != d->stage_id) {
			struct tval *o = tv_append_map(moves);
			tv_strf(o, "id", "%lld", st[s].id);
			tv_str(o, "name", st[s].name);
		}
	return 0;
}

int
page_deal_show(struct ctx *ctx, const struct deal *d, const char *error, int status)
{
	tv_str(ctx->data, "name", d->name);
	tv_str(ctx->data, "amount", deal_amount_text(ctx, d->amount_cents, d->currency));
	tv_str(ctx->data, "stage", d->stage);
	tv_int(ctx->data, "probability", d->probability);
	tv_str(ctx->data, "close", display_date(ctx, d->expected_close));
	tv_str(ctx->data, "next_step", d->next_step);
	tv_str(ctx->data, "forecast", deal_code_label(deal_forecast_categories, deal_forecast_labels, d->forecast));
	if (d->outcome != NULL && strcmp(d->outcome, "lost") == 0)
		tv_str(ctx->data, "lost_reason", d->lost_reason);
	tv_str(ctx->data, "owner", d->owner);
	tv_str(ctx->data, "updated", display_datetime(ctx, d->updated));
	tv_strf(ctx->data, "edit", "/deals/%lld/edit", d->id);
	tv_strf(ctx->data, "delete", "/deals/%lld/delete", d->id);
	tv_strf(ctx->data, "move", "/deals/%lld/stage", d->id);
	tv_int(ctx->data, "version", d->version);
	if (error != NULL) {
		tv_str(ctx->data, "move_error", error);
		tv_str(ctx->data, "move_reason", param_get(&ctx->req->form, "lost_reason"));
	}
	show_contacts(ctx, d);
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_DEALS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_DEALS, ACT_DELETE));
	if (show_moves(ctx, d) == -1 || show_account(ctx, d->account_id) == -1 ||
	    record_panel(ctx, MOD_DEALS, d->id, d->owner, d->team_id, d->team) == -1 ||
	    from_lead(ctx, d->id) == -1 || timeline_show(ctx, "deal", d->id) == -1 ||
	    custom_view_record(ctx, RK_DEALS, d->id, NULL, NULL) == -1)
		return 503;
	audit_view(ctx, "deals", arena_printf(ctx->req->arena, "%lld", d->id), 1);
	return page_render(ctx, "deal", status);
}

int
page_deal_get(struct ctx *ctx)
{
	struct deal d;
	int rc = deal_load(ctx, ctx->ids[0], ACT_VIEW, &d);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	return page_deal_show(ctx, &d, NULL, 200);
}

int
page_contact_deals(struct ctx *ctx, long long contact)
{
	struct contact_deal *deals;
	struct tval *list = tv_list(ctx->data, "contact_deals");
	bool amounts = deal_amount_text(ctx, 0, "") != NULL;
	size_t n;

	if (deal_links_of_contact(ctx, contact, &deals, &n) == -1)
		return -1;
	tv_int(ctx->data, "contact_deals_count", (long long)n);
	tv_bool(ctx->data, "contact_deals_amounts", amounts);
	for (size_t i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "href", "/deals/%lld", deals[i].id);
		tv_str(e, "name", deals[i].name);
		tv_str(e, "role", deal_code_label(deal_contact_roles, deal_contact_role_labels, deals[i].role));
		tv_str(e, "stage", deals[i].stage);
		tv_str(e, "amount", deal_amount_text(ctx, deals[i].amount_cents, deals[i].currency));
	}
	if (n > 0)
		audit_view(ctx, "deals", "list", (long long)n);
	return 0;
}
