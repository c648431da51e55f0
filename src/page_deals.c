/* page_deals.c: owns /deals (the deals in the user's record scope, newest
 * first, filtered by stage, outcome (open, won, lost), currency and
 * owner), /deals/pipeline (the board: a column per stage with its deals
 * and, when the user may see amounts, the stage's total), and creating a
 * deal (/deals/new). Amounts follow the
 * field rule deals.amount everywhere, totals included. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "deal.h"
#include "export.h"
#include "json.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"

#define DEALS_PER_PAGE 50
#define BOARD_PER_STAGE 200

const struct field_def deal_fields[] = {
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
};
const struct form_def deals_filter_form = {
	"deals_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

/* What a list of deals is restricted to: 0 and "" mean any. */
struct deals_filter {
	long long stage, owner;
	const char *currency, *outcome;
};

/* Deals matching f with id below before, newest first. */
static int
list_deals(struct ctx *ctx, const struct deals_filter *f, long long before, long long limit,
    struct db_rows *rows)
{
	struct db_value p[RECORD_SCOPE_PARAMS + 10];

	record_scope_bind(ctx, MOD_DEALS, ACT_VIEW, p);
	p[7] = p[8] = (struct db_value){ .type = DBV_INT, .i = f->stage };
	p[9] = p[10] = (struct db_value){ .type = DBV_INT, .i = f->owner };
	p[11] = p[12] = (struct db_value){ .type = DBV_TEXT, .s = f->currency, .len = strlen(f->currency) };
	p[13] = p[14] = (struct db_value){ .type = DBV_TEXT, .s = f->outcome, .len = strlen(f->outcome) };
	p[15] = (struct db_value){ .type = DBV_INT, .i = before };
	p[16] = (struct db_value){ .type = DBV_INT, .i = limit };
	return db_run(ctx->db, ctx->req->arena, STMT_DEALS_LIST, p, 17, rows) == DB_OK ? 0 : -1;
}

static void
add_deal(struct ctx *ctx, struct tval *list, const struct db_rows *rows, size_t i)
{
	struct tval *d = tv_append_map(list);

	tv_strf(d, "href", "/deals/%lld", db_cell_int(rows, i, 0, 0));
	tv_str(d, "name", db_cell_text(rows, i, 1));
	tv_str(d, "amount", deal_amount_text(ctx, db_cell_int(rows, i, 2, 0), db_cell_text(rows, i, 3)));
	tv_str(d, "stage", db_cell_text(rows, i, 5));
	tv_str(d, "owner", db_cell_text(rows, i, 6));
	tv_str(d, "close", db_cell_text(rows, i, 7));
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

/* Reads the filter into df; 0 valid, 1 refused (the page says why), -1 error. */
static int
read_filter(struct ctx *ctx, struct list_filter *f, struct deals_filter *df)
{
	int rc = list_filter_read(ctx, &deals_filter_form, MOD_DEALS, f), st;
	const struct field_value *stage = form_field(&f->r, "stage");

	if (rc == -1)
		return -1;
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
	list_filter_options(ctx, "currencies", deal_currencies, NULL, df->currency);
	return rc;
}

int
page_deals_get(struct ctx *ctx)
{
	const char *b = param_get(&ctx->req->query, "before");
	long long before = b ? strtoll(b, NULL, 10) : 0;
	struct list_filter f;
	struct deals_filter df;
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "deals");
	size_t shown;
	int rc;

	tv_bool(ctx->data, "show_amount", deal_amount_text(ctx, 0, "") != NULL);
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
	if ((rc = read_filter(ctx, &f, &df)) != 0)
		return rc == 1 ? page_render(ctx, "deals", 400) : 503;
	if (before <= 0)
		before = 1LL << 62;
	if (list_deals(ctx, &df, before, DEALS_PER_PAGE + 1, &rows) == -1)
		return 503;
	shown = rows.nrows > DEALS_PER_PAGE ? DEALS_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++)
		add_deal(ctx, list, &rows, i);
	if (rows.nrows > DEALS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/deals",
		    arena_printf(ctx->req->arena, "before=%lld", db_cell_int(&rows, shown - 1, 0, 0))));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_DEALS, ACT_DELETE));
	export_list_links(ctx, "deals", MOD_DEALS, NULL, false);
	if (shown > 0)
		audit_view(ctx, "deals", "list", (long long)shown);
	return page_render(ctx, "deals", 200);
}

/* Per stage: count and total of the deals in scope. */
static int
stage_totals(struct ctx *ctx, struct tval *col, long long stage_id, const struct db_rows *sums)
{
	for (size_t i = 0; i < sums->nrows; i++) {
		if (db_cell_int(sums, i, 0, 0) != stage_id)
			continue;
		tv_int(col, "count", db_cell_int(sums, i, 1, 0));
		/* One currency per stage sums; mixed currencies show no total. */
		if (strcmp(db_cell_text(sums, i, 3), db_cell_text(sums, i, 4)) == 0)
			tv_str(col, "total", deal_amount_text(ctx, db_cell_int(sums, i, 2, 0), db_cell_text(sums, i, 3)));
		return 0;
	}
	tv_int(col, "count", 0);
	return 0;
}

int
page_deals_pipeline(struct ctx *ctx)
{
	struct deal_stage stages[DEAL_STAGES_MAX];
	struct db_value p[RECORD_SCOPE_PARAMS];
	struct db_rows sums, rows;
	struct tval *cols = tv_list(ctx->data, "stages");
	int n = deal_stages(ctx, stages, DEAL_STAGES_MAX);

	record_scope_bind(ctx, MOD_DEALS, ACT_VIEW, p);
	if (n < 0 || db_run(ctx->db, ctx->req->arena, STMT_DEALS_BY_STAGE, p, RECORD_SCOPE_PARAMS, &sums) != DB_OK)
		return 503;
	for (int s = 0; s < n; s++) {
		struct tval *col = tv_append_map(cols), *list = tv_list(col, "deals");
		struct deals_filter df = { .stage = stages[s].id, .currency = "", .outcome = "" };
		tv_str(col, "name", stages[s].name);
		tv_int(col, "probability", stages[s].probability);
		stage_totals(ctx, col, stages[s].id, &sums);
		if (list_deals(ctx, &df, 1LL << 62, BOARD_PER_STAGE, &rows) == -1)
			return 503;
		for (size_t i = 0; i < rows.nrows; i++)
			add_deal(ctx, list, &rows, i);
	}
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
	return page_render(ctx, "pipeline", 200);
}
