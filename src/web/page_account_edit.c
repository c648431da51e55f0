/* page_account_edit.c: owns the pages creating and editing accounts. The
 * tax number and bank account are written only when the user's field
 * rules make them editable (a submitted value otherwise is refused);
 * edits check the version. The standard fields (industry, website,
 * phone, addresses, employees, annual revenue with its currency) are
 * validated by the declared form; a revenue needs its currency. The
 * parent account is picked like a contact's account (a search box and a
 * select, no script): within the accounts view scope and never making a
 * cycle (pick_parent_account); keeping a parent the user may not view is
 * allowed. Sealing, the writes and their audit records are account.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_picker.h"
#include "custom_view.h"
#include "csrf.h"
#include "deal.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
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
		tv_str(o, "text", deal_currency_text(ctx, c));
		tv_bool(o, "selected", currency && strcmp(currency, deal_currencies[c]) == 0);
	}
}

/* The parent choice (account_picker.h): never the account itself. */
static int
show_parents(struct ctx *ctx, long long id, long long chosen)
{
	const char *q = param_get(&ctx->req->form, "parent_q");

	if (q == NULL)
		q = param_get(&ctx->req->query, "parent_q");
	return account_picker_show(ctx, "parents", "parent", chosen, q, id);
}

/* The parent to show chosen: the submitted one when the form was sent
 * (0: none or not an id), else stored (0: none). */
static long long
chosen_parent(struct ctx *ctx, long long stored)
{
	const char *v = param_get(&ctx->req->form, "parent");

	return v != NULL ? form_id_parse(v, 0) : stored;
}

static int
show_form_parent(struct ctx *ctx, long long id, long long version, long long parent, struct form_result *r,
    const char *error, int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");

	if (show_parents(ctx, id, chosen_parent(ctx, parent)) == -1 ||
	    custom_view_form_for(ctx, RK_ACCOUNTS, id, param_get(&ctx->req->form, "parent_find") != NULL) == -1)
		return 503;

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

static int
show_form(struct ctx *ctx, long long id, long long version, struct form_result *r, const char *error,
    int status)
{
	return show_form_parent(ctx, id, version, 0, r, error, status);
}

/* Whether the POST is the parent search button, not a save. */
static bool
searching(struct ctx *ctx)
{
	return param_get(&ctx->req->form, "parent_find") != NULL;
}

/* The form shown again after a parent search: the typed values as they
 * came, without validation messages. */
static int
show_typed(struct ctx *ctx, long long id, long long version)
{
	const struct form_def *d = form();
	struct tval *fm = tv_child(ctx->data, "form");

	for (size_t i = 0; i < d->nfields; i++)
		tv_str(tv_child(fm, d->fields[i].name), "value", param_get(&ctx->req->form, d->fields[i].name));
	choices(ctx, param_get(&ctx->req->form, "industry"), param_get(&ctx->req->form, "revenue_currency"));
	return show_form(ctx, id, version, NULL, NULL, 200);
}

/* Checks the parent of r for account id (0: new) whose stored parent is
 * stored: kept as it is, or pickable without a cycle. 0 fine, 1 after
 * marking the field, -1 on a database error. */
static int
check_parent(struct ctx *ctx, long long id, long long stored, struct form_result *r)
{
	const struct field_value *p = form_field(r, "parent");
	int rc;

	if (p->value == NULL || (id > 0 && p->i == stored))
		return 0;
	if ((rc = pick_parent_account(ctx, id, p->i)) == -1)
		return -1;
	if (rc == 1)
		return 0;
	form_set_error(r, "parent", rc == 2 ? pick_parent_cycle : pick_message(PICK_ACCOUNT));
	return 1;
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
	struct custom_values before;
	struct custom_form custom;
	struct form_result r;
	long long id;
	int rc = 0, bad;

	if (forged(ctx)) {
		choices(ctx, NULL, NULL);
		return show_form(ctx, 0, 0, NULL, N_("Your role cannot change one of these fields."), 403);
	}
	if (searching(ctx))
		return show_typed(ctx, 0, 0);
	if ((bad = custom_view_read(ctx, RK_ACCOUNTS, 0, &before, &custom)) == -1)
		return 503;
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0 || info_values(ctx, &r, info) > 0 ||
	    (rc = check_parent(ctx, 0, 0, &r)) > 0 || bad > 0)
		return show_form(ctx, 0, 0, &r, NULL, 400);
	if (rc == -1)
		return 503;
	plain_values(&r, plain);
	if (account_create(ctx, form_field(&r, "name")->value, info, plain,
	    &(struct account_custom){ &custom, &before }, &id) != 1)
		return 503;
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", id));
}

/* The stored parent of acc, 0 when none. */
static long long
parent_of(const struct account *acc)
{
	return acc->info[AI_PARENT] ? strtoll(acc->info[AI_PARENT], NULL, 10) : 0;
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
	return show_form_parent(ctx, acc.id, acc.version, parent_of(&acc), NULL, NULL, 200);
}

int
page_account_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version"), *plain[AS__MAX], *info[AI__MAX];
	long long version = v ? strtoll(v, NULL, 10) : 0;
	struct custom_values before;
	struct custom_form custom;
	struct form_result r;
	struct account acc;
	int rc, bad;

	if ((rc = account_load(ctx, ctx->ids[0], ACT_EDIT, &acc)) <= 0)
		return rc == 0 ? 404 : 503;
	if (forged(ctx)) {
		choices(ctx, NULL, NULL);
		return show_form(ctx, ctx->ids[0], version, NULL, N_("Your role cannot change one of these fields."), 403);
	}
	if (searching(ctx))
		return show_typed(ctx, ctx->ids[0], version);
	if ((bad = custom_view_read(ctx, RK_ACCOUNTS, acc.id, &before, &custom)) == -1)
		return 503;
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0 || info_values(ctx, &r, info) > 0 ||
	    (rc = check_parent(ctx, ctx->ids[0], parent_of(&acc), &r)) > 0 || bad > 0)
		return show_form(ctx, ctx->ids[0], version, &r, NULL, 400);
	if (rc == -1)
		return 503;
	plain_values(&r, plain);
	if ((rc = account_update(ctx, &acc, version, form_field(&r, "name")->value, info, plain,
	    &(struct account_custom){ &custom, &before })) == -1)
		return 503;
	if (rc == 0)	/* out of scope, missing, or changed meanwhile */
		return show_form(ctx, ctx->ids[0], version, &r,
		    N_("Someone changed this account after you opened it. Open it again."), 409);
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", ctx->ids[0]));
}
