/* page_deals.c: owns /deals (the deals in the user's record scope, newest
 * first, filtered by stage, outcome (open, won, lost), currency, owner,
 * team and close dates (the last two checked as the board checks them,
 * deal_filter_team_close, so the board's links keep its filter); the board at /deals/pipeline is page_pipeline.c's) and the
 * deal form's declaration. Amounts follow the field rule deals.amount. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "deal.h"
#include "display.h"
#include "export.h"
#include "json.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"

#define DEALS_PER_PAGE 50

/* The deal form as it was before deal_decl.c declared it: only
 * tests/unit/test_form.c still checks it; the pages use
 * record_form(record_decl_of(RK_DEALS)). It goes when that test does. */
static const struct field_def deal_fields[] = {
	{ .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "amount", .label = N_("Amount"), .type = FIELD_MONEY, .min = 0, .max = 1000000000000LL },
	{ .name = "currency", .label = N_("Currency"), .type = FIELD_CHOICE, .required = true,
	  .choices = deal_currencies },
	{ .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .required = true,
	  .max = FORM_ID_MAX_U32, .pick = PICK_STAGE },
	{ .name = "probability", .label = N_("Probability (%)"), .type = FIELD_INT, .min = 0, .max = 100 },
	{ .name = "expected_close", .label = N_("Expected close"), .type = FIELD_DATE },
};
const struct form_def deal_form = { "deal", deal_fields, sizeof(deal_fields) / sizeof(deal_fields[0]) };

static const char *const outcome_values[] = { "open", "won", "lost", NULL };
static const char *const outcome_labels[] = { N_("Open"), N_("Won"), N_("Lost") };

static const struct field_def filter_fields[] = {
	{ .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .max = FORM_ID_MAX_U32 },
	{ .name = "outcome", .label = N_("Outcome"), .type = FIELD_CHOICE, .choices = outcome_values },
	{ .name = "currency", .label = N_("Currency"), .type = FIELD_CHOICE, .choices = deal_currencies },
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID },
	{ .name = "team", .label = N_("Team"), .type = FIELD_ID, .max = FORM_ID_MAX_U32 },
	{ .name = "close_from", .label = N_("Closing from"), .type = FIELD_DATE },
	{ .name = "close_to", .label = N_("Closing until"), .type = FIELD_DATE },
};
const struct form_def deals_filter_form = {
	"deals_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

static void
add_deal(struct ctx *ctx, struct tval *list, const struct deal_item *it)
{
	struct tval *d = tv_append_map(list);

	tv_strf(d, "href", "/deals/%lld", it->id);
	tv_str(d, "name", it->name);
	tv_str(d, "amount", deal_amount_text(ctx, it->amount_cents, it->currency));
	tv_str(d, "stage", it->stage);
	tv_str(d, "owner", it->owner);
	tv_str(d, "close", display_date(ctx, it->expected_close));
	tv_str(d, "forecast", deal_code_label(deal_forecast_categories, deal_forecast_labels, it->forecast));
}

/* The stage choices, the current one selected; the stage filter must
 * be one of them. 1 valid (or none), 0 not a stage, -1 error. */
static int
stage_options(struct ctx *ctx, long long current)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct tval *list = tv_list(ctx->data, "stages");
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX), found = current == 0;

	if (n < 0)
		return -1;
	for (int s = 0; s < n; s++) {
		struct tval *o = tv_append_map(list);
		tv_strf(o, "value", "%lld", st[s].id);
		tv_str(o, "text", st[s].name);
		tv_bool(o, "selected", st[s].id == current);
		found |= st[s].id == current;
	}
	return found;
}

/* The currency filter's choices, each with its name in the user's
 * language. */
static void
currency_options(struct ctx *ctx, const char *current)
{
	struct tval *list = tv_list(ctx->data, "currencies");

	for (int i = 0; deal_currencies[i] != NULL; i++) {
		struct tval *o = tv_append_map(list);
		tv_str(o, "value", deal_currencies[i]);
		tv_str(o, "text", deal_currency_text(ctx, i));
		tv_bool(o, "selected", current != NULL && strcmp(current, deal_currencies[i]) == 0);
	}
}

/* Reads the filter into df; 0 valid, 1 refused (the page says why), -1 error. */
static int
read_filter(struct ctx *ctx, struct list_filter *f, struct deal_filter *df)
{
	int rc = list_filter_read(ctx, &deals_filter_form, MOD_DEALS, f), st, t;
	const struct field_value *stage = form_field(&f->r, "stage");

	if (rc == -1)
		return -1;
	if ((t = deal_filter_team_close(ctx, f, &df->team, &df->from, &df->to)) == -1)
		return -1;
	rc |= t;
	df->stage = stage->error == NULL && stage->value != NULL ? stage->i : 0;
	df->owner = f->owner;
	df->currency = list_filter_value(f, "currency");
	df->outcome = list_filter_value(f, "outcome");
	if ((st = stage_options(ctx, df->stage)) == -1)
		return -1;
	if (st == 0) {
		list_filter_refuse(ctx, f, "stage");
		rc = 1;
	}
	list_filter_options(ctx, "outcomes", outcome_values, outcome_labels, df->outcome);
	currency_options(ctx, df->currency);
	return rc;
}

int
page_deals_get(struct ctx *ctx)
{
	const char *b = param_get(&ctx->req->query, "before");
	long long before = b ? strtoll(b, NULL, 10) : 0;
	struct list_filter f;
	struct deal_filter df = { 0 };
	struct deal_item *items;
	struct tval *list = tv_list(ctx->data, "deals");
	long long n, shown;
	int rc;

	tv_bool(ctx->data, "show_amount", deal_amount_text(ctx, 0, "") != NULL);
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
	if ((rc = read_filter(ctx, &f, &df)) != 0)
		return rc == 1 ? page_render(ctx, "deals", 400) : 503;
	if (before <= 0)
		before = 1LL << 62;
	if ((n = deal_list(ctx, &df, before, DEALS_PER_PAGE + 1, &items)) == -1)
		return 503;
	shown = n > DEALS_PER_PAGE ? DEALS_PER_PAGE : n;
	for (long long i = 0; i < shown; i++)
		add_deal(ctx, list, &items[i]);
	if (n > DEALS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/deals",
		    arena_printf(ctx->req->arena, "before=%lld", items[shown - 1].id)));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_DEALS, ACT_DELETE));
	export_list_links(ctx, "deals", MOD_DEALS, NULL, false);
	if (shown > 0)
		audit_view(ctx, "deals", "list", (long long)shown);
	return page_render(ctx, "deals", 200);
}
