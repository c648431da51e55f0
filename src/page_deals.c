/* page_deals.c: owns /deals (the deals in the user's record scope, newest
 * first, optionally of one stage), /deals/pipeline (the board: a column
 * per stage with its deals and, when the user may see amounts, the
 * stage's total), and creating a deal (/deals/new). Amounts follow the
 * field rule deals.amount everywhere, totals included. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "deal.h"
#include "export.h"
#include "json.h"
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
	{ .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .required = true },
	{ .name = "probability", .label = N_("Probability (%)"), .type = FIELD_INT, .min = 0, .max = 100 },
	{ .name = "expected_close", .label = N_("Expected close"), .type = FIELD_DATE },
};
const struct form_def deal_form = { "deal", deal_fields, sizeof(deal_fields) / sizeof(deal_fields[0]) };

/* Deals of stage (0: all) with id below before, newest first. */
static int
list_deals(struct ctx *ctx, long long stage, long long before, long long limit, struct db_rows *rows)
{
	struct db_value p[RECORD_SCOPE_PARAMS + 4];

	record_scope_bind(ctx, MOD_DEALS, ACT_VIEW, p);
	p[7] = (struct db_value){ .type = DBV_INT, .i = stage };
	p[8] = (struct db_value){ .type = DBV_INT, .i = stage };
	p[9] = (struct db_value){ .type = DBV_INT, .i = before };
	p[10] = (struct db_value){ .type = DBV_INT, .i = limit };
	return db_run(ctx->db, ctx->req->arena, STMT_DEALS_LIST, p, 11, rows) == DB_OK ? 0 : -1;
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

int
page_deals_get(struct ctx *ctx)
{
	const char *b = param_get(&ctx->req->query, "before"), *st = param_get(&ctx->req->query, "stage");
	long long before = b ? strtoll(b, NULL, 10) : 0, stage = st ? strtoll(st, NULL, 10) : 0;
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "deals");
	size_t shown;

	if (before <= 0)
		before = 1LL << 62;
	if (list_deals(ctx, stage > 0 ? stage : 0, before, DEALS_PER_PAGE + 1, &rows) == -1)
		return 503;
	shown = rows.nrows > DEALS_PER_PAGE ? DEALS_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++)
		add_deal(ctx, list, &rows, i);
	if (rows.nrows > DEALS_PER_PAGE)
		tv_strf(ctx->data, "next", "/deals?before=%lld", db_cell_int(&rows, shown - 1, 0, 0));
	tv_bool(ctx->data, "show_amount", deal_amount_text(ctx, 0, "") != NULL);
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
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
		tv_str(col, "name", stages[s].name);
		tv_int(col, "probability", stages[s].probability);
		stage_totals(ctx, col, stages[s].id, &sums);
		if (list_deals(ctx, stages[s].id, 1LL << 62, BOARD_PER_STAGE, &rows) == -1)
			return 503;
		for (size_t i = 0; i < rows.nrows; i++)
			add_deal(ctx, list, &rows, i);
	}
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_DEALS, ACT_CREATE));
	return page_render(ctx, "pipeline", 200);
}
