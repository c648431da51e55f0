/* deal.c: owns loading deals within the record scope, the stages, and
 * showing an amount as the user's field rule allows (deal.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "deal.h"
#include "handler.h"
#include "record_scope.h"
#include "session.h"

const char *const deal_currencies[] = { "CHF", "EUR", "USD", "GBP", "CNY", "JPY", NULL };

int
deal_stages(struct ctx *ctx, struct deal_stage *out, int max)
{
	struct db_rows rows;
	int n = 0;

	if (db_run(ctx->db, ctx->req->arena, STMT_DEAL_STAGES, NULL, 0, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows && n < max; i++, n++) {
		out[n].id = db_cell_int(&rows, i, 0, 0);
		out[n].name = db_cell_text(&rows, i, 1);
		out[n].probability = (int)db_cell_int(&rows, i, 2, 0);
		out[n].outcome = db_cell_text(&rows, i, 3);
	}
	return n;
}

int
deal_load(struct ctx *ctx, long long id, enum rbac_action action, struct deal *d)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	memset(d, 0, sizeof(*d));
	record_scope_bind(ctx, MOD_DEALS, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_DEAL_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.nrows == 0)
		return 0;
	d->id = id;
	d->name = db_cell_text(&rows, 0, 1);
	d->account_id = db_cell_int(&rows, 0, 2, 0);
	d->account = db_cell_text(&rows, 0, 3);
	d->amount_cents = db_cell_int(&rows, 0, 4, 0);
	d->currency = db_cell_text(&rows, 0, 5);
	d->stage_id = db_cell_int(&rows, 0, 6, 0);
	d->stage = db_cell_text(&rows, 0, 7);
	d->probability = (int)db_cell_int(&rows, 0, 8, 0);
	d->expected_close = db_cell_text(&rows, 0, 9);
	d->owner_id = db_cell_int(&rows, 0, 10, 0);
	d->owner = db_cell_text(&rows, 0, 11);
	d->team_id = db_cell_int(&rows, 0, 12, 0);
	d->team = db_cell_text(&rows, 0, 13);
	d->version = db_cell_int(&rows, 0, 14, 0);
	d->updated = db_cell_text(&rows, 0, 15);
	return 1;
}

/* cents as "1,234,567.89". */
static const char *
money(struct arena *a, long long cents)
{
	char digits[32], out[48];
	long long whole = (cents < 0 ? -cents : cents) / 100;
	int len, o = 0;

	len = snprintf(digits, sizeof(digits), "%lld", whole);
	if (cents < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof(out) - (size_t)o, ".%02lld", (cents < 0 ? -cents : cents) % 100);
	return arena_strdup(a, out);
}

const char *
deal_amount_text(struct ctx *ctx, long long cents, const char *currency)
{
	switch (rbac_field_rule(&ctx->user->rights, MOD_DEALS, "amount")) {
	case RULE_HIDDEN:
		return NULL;
	case RULE_MASKED:
		return "\u2022\u2022\u2022";
	case RULE_READONLY:
	case RULE_EDITABLE:
	case RULE__MAX:
		break;
	}
	return arena_printf(ctx->req->arena, "%s %s", money(ctx->req->arena, cents), currency ? currency : "");
}
