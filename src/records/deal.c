/* deal.c: owns the deal statements (deal_sql.h): loading and listing
 * deals within the record scope, the stages and their sums, creating and
 * changing a deal (with its contacts: deal_links.c) and its audit record
 * in one transaction, and showing an amount as the user's field rule
 * allows (deal.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "deal.h"
#include "deal_links.h"
#include "display.h"
#include "handler.h"
#include "json.h"
#include "record_audit.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

const char *const deal_currencies[] = { "CHF", "EUR", "USD", "GBP", "CNY", "JPY", NULL };
const char *const deal_currency_names[] = {
	N_("Swiss franc"), N_("Euro"), N_("US dollar"), N_("Pound sterling"), N_("Chinese yuan"), N_("Japanese yen"), NULL,
};

const char *
deal_currency_text(struct ctx *ctx, int i)
{
	return arena_printf(ctx->req->arena, "%s \xe2\x80\x93 %s", deal_currencies[i],
	    i18n_get(ctx->lang, NULL, deal_currency_names[i]));
}

int
deal_stages(struct ctx *ctx, struct deal_stage *out, int max)
{
	struct deal_stage_list_out r;
	int n = 0;

	if (stmt_deal_stage_list(ctx->db, ctx->req->arena, &(struct deal_stage_list_in){ .lang = lang_code(ctx->lang) }, &r) != DB_OK)
		return -1;
	for (size_t i = 0; i < r.n && n < max; i++, n++) {
		out[n].id = r.rows[i].id;
		out[n].name = r.rows[i].name;
		out[n].probability = (int)r.rows[i].probability;
		out[n].outcome = r.rows[i].outcome;
	}
	return n;
}

int
deal_stage_lost(struct ctx *ctx, long long stage_id)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (st[i].id == stage_id)
			return strcmp(st[i].outcome, "lost") == 0;
	return 0;
}

const char *
deal_code_label(const char *const codes[], const char *const labels[], const char *code)
{
	for (int i = 0; code != NULL && codes[i] != NULL; i++)
		if (strcmp(codes[i], code) == 0)
			return labels[i];
	return NULL;
}

int
deal_load(struct ctx *ctx, long long id, enum rbac_action action, struct deal *d)
{
	struct deal_get_in in = { .lang = lang_code(ctx->lang), .id = id, .scope = record_scope_of(ctx, MOD_DEALS, action) };
	struct deal_get_out r;
	const struct deal_get_row *w;

	memset(d, 0, sizeof(*d));
	if (stmt_deal_get(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	w = &r.rows[0];
	*d = (struct deal){
		.id = id, .name = w->name, .account_id = w->account_id,
		.amount_cents = w->amount_cents, .currency = w->currency, .stage_id = w->stage_id,
		.stage = w->stage, .outcome = w->outcome, .probability = (int)w->probability,
		.expected_close = w->expected_close,
		.owner_id = w->owner_id, .owner = w->owner, .team_id = w->team_id, .team = w->team,
		.version = w->version, .updated = w->updated,
		.next_step = w->next_step, .lost_reason = w->lost_reason, .forecast = w->forecast,
	};
	return deal_links_load(ctx, d) == -1 ? -1 : 1;
}

long long
deal_list(struct ctx *ctx, const struct deal_filter *f, long long before, long long limit,
    struct deal_item **out)
{
	struct deal_list_in in = {
		.lang = lang_code(ctx->lang), .scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW),
		.stage = f->stage, .stage_again = f->stage, .owner = f->owner, .owner_again = f->owner,
		.currency = f->currency, .currency_again = f->currency,
		.outcome = f->outcome, .outcome_again = f->outcome, .team = f->team, .team_again = f->team,
		.from = f->from, .from_again = f->from, .to = f->to, .to_again = f->to,
		.before = before, .limit = limit,
	};
	struct deal_list_out r;

	if (stmt_deal_list(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct deal_item){
			.id = r.rows[i].id, .amount_cents = r.rows[i].amount_cents, .stage_id = r.rows[i].stage_id,
			.name = r.rows[i].name, .currency = r.rows[i].currency, .stage = r.rows[i].stage,
			.owner = r.rows[i].owner, .expected_close = r.rows[i].expected_close,
			.forecast = r.rows[i].forecast,
		};
	return (long long)r.n;
}

long long
deal_stage_sums(struct ctx *ctx, struct deal_stage_sum **out)
{
	struct deal_by_stage_in in = { .scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW) };
	struct deal_by_stage_out r;

	if (stmt_deal_by_stage(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++) {
		const struct deal_by_stage_row *w = &r.rows[i];
		(*out)[i] = (struct deal_stage_sum){
			.stage_id = w->stage_id, .count = w->count, .amount_cents = w->amount_cents,
			.currency = w->min_currency,
			.one_currency = strcmp(w->min_currency, w->max_currency) == 0,
		};
	}
	return (long long)r.n;
}

int
deal_from_lead(struct ctx *ctx, long long id, long long *lead_id, const char **name)
{
	struct deal_lead_of_in in = { .deal_id = id, .scope = record_scope_of(ctx, MOD_LEADS, ACT_VIEW) };
	struct deal_lead_of_out r;

	if (stmt_deal_lead_of(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	*lead_id = r.rows[0].id;
	*name = display_person(ctx, r.rows[0].first_name, r.rows[0].last_name);
	return 1;
}

/* NULL for an empty optional value. */
static const char *
opt(const char *v)
{
	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The audit value of declared field name of n ("" when empty). */
static const char *
audit_value(struct arena *a, const struct deal *n, const char *name)
{
	if (strcmp(name, "name") == 0)
		return n->name;
	if (strcmp(name, "currency") == 0)
		return n->currency;
	if (strcmp(name, "stage") == 0)
		return arena_printf(a, "%lld", n->stage_id);
	if (strcmp(name, "probability") == 0)
		return arena_printf(a, "%d", n->probability);
	if (strcmp(name, "account") == 0)
		return n->account_id > 0 ? arena_printf(a, "%lld", n->account_id) : "";
	if (strcmp(name, "expected_close") == 0)
		return n->expected_close ? n->expected_close : "";
	if (strcmp(name, "next_step") == 0)
		return n->next_step ? n->next_step : "";
	if (strcmp(name, "forecast_category") == 0)
		return n->forecast ? n->forecast : "";
	if (strcmp(name, "lost_reason") == 0)
		return n->lost_reason ? n->lost_reason : "";
	return NULL;
}

/* The audit values of n (record_audit.h) named in names (NULL ends),
 * the other fields NULL: left out; with skip_empty, empty ones too. */
static const char **
audit_values(struct arena *a, const struct deal *n, const char *const names[], bool skip_empty)
{
	const struct record_decl *d = record_decl_of(RK_DEALS);
	const char **v = arena_alloc(a, sizeof(*v) * d->nfields);

	memset(v, 0, sizeof(*v) * d->nfields);
	for (size_t k = 0; names[k] != NULL; k++) {
		const char *x = audit_value(a, n, names[k]);
		v[record_field_index(d, names[k])] = skip_empty && opt(x) == NULL ? NULL : x;
	}
	return v;
}

/* The declared fields audited after the amount. */
static const char *const audit_rest[] = {
	"currency", "stage", "probability", "expected_close", "account", "next_step", "forecast_category",
	"lost_reason", NULL
};

/* {"after":{"name":..,"amount_cents":..,"currency":..,"stage":..,...,
 * "contacts":[..]}}: the amount in cents and the contacts are not
 * declared fields (the form's amount is "amount"); empty fields are left
 * out. */
static const char *
created_detail(struct arena *a, const struct deal *n)
{
	const struct record_decl *d = record_decl_of(RK_DEALS);
	struct json j;

	json_begin(&j, a);
	record_audit_put(&j, d, audit_values(a, n, (const char *const[]){ "name", NULL }, false));
	json_int(&j, "amount_cents", n->amount_cents);
	record_audit_put(&j, d, audit_values(a, n, (const char *const[]){ "currency", "stage", NULL }, false));
	record_audit_put(&j, d, audit_values(a, n, (const char *const[]){ "expected_close", "account", "next_step",
	    "forecast_category", "lost_reason", NULL }, true));
	if (n->ncontacts > 0)
		json_raw(&j, "contacts", deal_links_json(a, n));
	return arena_printf(a, "{\"after\":%s}", json_end(&j));
}

long long
deal_create(struct ctx *ctx, const struct deal *n)
{
	struct arena *a = ctx->req->arena;
	struct deal_insert_in in = {
		.name = n->name, .account_id = n->account_id, .amount_cents = n->amount_cents,
		.currency = n->currency, .stage_id = n->stage_id, .probability = n->probability,
		.expected_close = opt(n->expected_close),
		.owner_id = ctx->user->id, .team_id = ctx->user->team_id,
		.next_step = opt(n->next_step), .lost_reason = opt(n->lost_reason), .forecast = opt(n->forecast),
	};
	struct deal_insert_out r;
	const char *custom;

	if (db_begin(ctx->db) != DB_OK || stmt_deal_insert(ctx->db, a, &in, &r) != DB_OK ||
	    deal_links_write(ctx, (long long)r.insert_id, n) == -1 ||
	    custom_values_write(ctx, (long long)r.insert_id, n->custom, n->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "deals", arena_printf(a, "%llu", r.insert_id),
	    AUDIT_SUCCESS, 1, custom_audit_join(a, created_detail(a, n), custom)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return (long long)r.insert_id;
fail:
	db_rollback(ctx->db);
	return -1;
}

/* {"before":{..},"after":{..}} of what changes from d to n: the name,
 * the amount in cents when set_amount (not a declared field), the other
 * declared fields, and the contacts (ids and roles) when they change. */
static const char *
change_detail(struct arena *a, const struct deal *d, const struct deal *n, bool set_amount)
{
	static const char *const name[] = { "name", NULL };
	const struct record_decl *decl = record_decl_of(RK_DEALS);
	struct json b, f, j;

	json_begin(&b, a);
	json_begin(&f, a);
	record_audit_diff(&b, &f, decl, audit_values(a, d, name, false), audit_values(a, n, name, false));
	if (set_amount && d->amount_cents != n->amount_cents) {
		json_int(&b, "amount_cents", d->amount_cents);
		json_int(&f, "amount_cents", n->amount_cents);
	}
	record_audit_diff(&b, &f, decl, audit_values(a, d, audit_rest, false), audit_values(a, n, audit_rest, false));
	if (!deal_links_same(d, n)) {
		json_raw(&b, "contacts", deal_links_json(a, d));
		json_raw(&f, "contacts", deal_links_json(a, n));
	}
	json_begin(&j, a);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

int
deal_save(struct ctx *ctx, const struct deal *d, const struct deal *n, bool set_amount, long long version)
{
	struct arena *a = ctx->req->arena;
	struct deal_update_in in = {
		.closing_stage = n->stage_id, .name = n->name, .set_amount = set_amount, .amount_cents = n->amount_cents,
		.currency = n->currency, .stage_id = n->stage_id, .probability = n->probability,
		.expected_close = opt(n->expected_close), .account_id = n->account_id,
		.next_step = opt(n->next_step), .lost_reason = opt(n->lost_reason), .forecast = opt(n->forecast),
		.id = d->id, .version = version, .scope = record_scope_of(ctx, MOD_DEALS, ACT_EDIT),
	};
	struct deal_update_out r;
	const char *custom;

	if (db_begin(ctx->db) != DB_OK || stmt_deal_update(ctx->db, a, &in, &r) != DB_OK)
		goto fail;
	if (r.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if ((!deal_links_same(d, n) && deal_links_write(ctx, d->id, n) == -1) ||
	    custom_values_write(ctx, d->id, n->custom, n->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, "deals", arena_printf(a, "%lld", d->id), AUDIT_SUCCESS,
	    1, custom_audit_join(a, change_detail(a, d, n, set_amount), custom)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
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
deal_count_unit(long long n)
{
	return n == 1 ? N_("deal") : N_("deals");
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
	if (currency == NULL || currency[0] == '\0')
		return money(ctx->req->arena, cents);
	return arena_printf(ctx->req->arena, "%s %s", money(ctx->req->arena, cents), currency);
}
