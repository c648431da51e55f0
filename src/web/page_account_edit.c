/* page_account_edit.c: owns the pages creating and editing accounts. The
 * tax number and bank account are written only when the user's field
 * rules make them editable (a submitted value otherwise is refused);
 * edits check the version. The standard fields (industry, website,
 * phone, addresses, employees, annual revenue with its currency) are
 * validated by the declared form; a revenue needs its currency. Sealing, the writes and their audit records
 * are account.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "csrf.h"
#include "deal.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "record_decl.h"
#include "session.h"

static const struct form_def *
form(void)
{
	return record_form(record_decl_of(RK_ACCOUNTS));
}

static bool
forged(struct ctx *ctx)
{
	for (int f = 0; f < AS__MAX; f++)
		if (!account_editable(ctx, f) && param_get(&ctx->req->form, account_secrets.columns[f]) != NULL)
			return true;
	return false;
}

/* The choices of the form's selects, the one of r (or of the stored
 * values chosen) selected. */
static void
choices(struct ctx *ctx, const char *industry, const char *currency)
{
	struct tval *l = tv_list(ctx->data, "industries");

	for (int i = 0; account_industries[i]; i++) {
		struct tval *o = tv_append_map(l);
		tv_str(o, "code", account_industries[i]);
		tv_str(o, "label", account_industry_labels[i]);
		tv_bool(o, "selected", industry && strcmp(industry, account_industries[i]) == 0);
	}
	l = tv_list(ctx->data, "currencies");
	for (int c = 0; deal_currencies[c]; c++) {
		struct tval *o = tv_append_map(l);
		tv_str(o, "code", deal_currencies[c]);
		tv_bool(o, "selected", currency && strcmp(currency, deal_currencies[c]) == 0);
	}
}

static int
show_form(struct ctx *ctx, long long id, long long version, struct form_result *r, const char *error,
    int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");

	if (r != NULL)
		choices(ctx, form_field(r, "industry")->raw, form_field(r, "revenue_currency")->raw);

	for (int f = 0; f < AS__MAX; f++)
		tv_bool(ed, account_secrets.columns[f], account_editable(ctx, f));
	if (r != NULL)
		page_form(ctx, r);
	if (error)
		tv_str(ctx->data, "error", error);
	if (id) {
		tv_strf(ctx->data, "action", "/accounts/%lld/edit", id);
		tv_int(ctx->data, "version", version);
	} else
		tv_str(ctx->data, "action", "/accounts/new");
	return page_render(ctx, "account_form", status);
}

int
page_account_new_get(struct ctx *ctx)
{
	choices(ctx, NULL, NULL);
	return show_form(ctx, 0, 0, NULL, NULL, 200);
}

/* The form's sealed values (NULL when not sent). */
static void
plain_values(struct form_result *r, const char *plain[AS__MAX])
{
	for (int f = 0; f < AS__MAX; f++)
		plain[f] = form_field(r, account_secrets.columns[f])->value;
}

/* The form's standard fields (NULL when not given), the revenue in
 * cents: 0, or 1 after marking a revenue without its currency. */
static int
info_values(struct ctx *ctx, struct form_result *r, const char *info[AI__MAX])
{
	const struct field_value *rev = form_field(r, "annual_revenue");

	for (int f = 0; f < AI__MAX; f++)
		info[f] = form_field(r, account_info_fields[f])->value;
	if (rev->value != NULL)
		info[AI_REVENUE] = arena_printf(ctx->req->arena, "%lld", rev->i);
	if (rev->value != NULL && info[AI_CURRENCY] == NULL) {
		form_set_error(r, "revenue_currency", N_("Choose the currency of the annual revenue."));
		return 1;
	}
	return 0;
}

int
page_account_new_post(struct ctx *ctx)
{
	const char *plain[AS__MAX], *info[AI__MAX];
	struct form_result r;
	long long id;

	if (forged(ctx)) {
		choices(ctx, NULL, NULL);
		return show_form(ctx, 0, 0, NULL, N_("Your role cannot change one of these fields."), 403);
	}
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0 || info_values(ctx, &r, info) > 0)
		return show_form(ctx, 0, 0, &r, NULL, 400);
	plain_values(&r, plain);
	if (account_create(ctx, form_field(&r, "name")->value, info, plain, &id) != 1)
		return 503;
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", id));
}

int
page_account_edit_get(struct ctx *ctx)
{
	struct account acc;
	struct tval *fm;
	int rc = account_load(ctx, ctx->ids[0], ACT_EDIT, &acc);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	fm = tv_child(ctx->data, "form");
	tv_str(tv_child(fm, "name"), "value", acc.name);
	for (int f = 0; f < AI__MAX; f++)
		if (f != AI_REVENUE)
			tv_str(tv_child(fm, account_info_fields[f]), "value", acc.info[f]);
	if (acc.info[AI_REVENUE] != NULL)
		tv_str(tv_child(fm, "annual_revenue"), "value",
		    format_money(ctx->req->arena, strtoll(acc.info[AI_REVENUE], NULL, 10)));
	choices(ctx, acc.info[AI_INDUSTRY], acc.info[AI_CURRENCY]);
	for (int f = 0; f < AS__MAX; f++)
		if (account_editable(ctx, f))
			tv_str(tv_child(fm, account_secrets.columns[f]), "value", acc.plain[f]);
	return show_form(ctx, acc.id, acc.version, NULL, NULL, 200);
}

int
page_account_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version"), *plain[AS__MAX], *info[AI__MAX];
	long long version = v ? strtoll(v, NULL, 10) : 0;
	struct form_result r;
	int rc;

	if ((rc = account_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (forged(ctx)) {
		choices(ctx, NULL, NULL);
		return show_form(ctx, ctx->ids[0], version, NULL, N_("Your role cannot change one of these fields."), 403);
	}
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0 || info_values(ctx, &r, info) > 0)
		return show_form(ctx, ctx->ids[0], version, &r, NULL, 400);
	plain_values(&r, plain);
	if ((rc = account_update(ctx, ctx->ids[0], version, form_field(&r, "name")->value, info, plain)) == -1)
		return 503;
	if (rc == 0)	/* out of scope, missing, or changed meanwhile */
		return show_form(ctx, ctx->ids[0], version, &r,
		    N_("Someone changed this account after you opened it. Open it again."), 409);
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", ctx->ids[0]));
}
