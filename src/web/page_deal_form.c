/* page_deal_form.c: owns the deal form (new and edit), which works
 * without script: its choices (stages, currencies, forecast
 * categories), the account picker (a search box, a "Find accounts"
 * button and a select, as on the contact form), and the contact rows
 * (each a contact select and a role select: one row per chosen contact
 * plus DEAL_FORM_EMPTY_ROWS empty ones; "Find contacts" shows the form
 * again with the matches offered in the empty rows, and every
 * re-rendered form has empty rows again, so a user adds contacts a few
 * at a time and takes one off by choosing "No contact"). It reads a
 * submitted form into a struct deal with every picked id checked
 * (pick.h) and a lost reason required for a lost stage. A linked record
 * the user may not view is offered only as "a record you cannot open"
 * (its id, never its name), and may be kept but not newly chosen. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_picker.h"
#include "custom_view.h"
#include "deal.h"
#include "deal_links.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "record_decl.h"
#include "session.h"

#define DEAL_FORM_EMPTY_ROWS 2

#define MSG_ROLE N_("Choose the contact's role from the list.")
#define MSG_TWICE N_("A contact can be on a deal only once.")
#define MSG_LOST_REASON N_("Give the reason the deal was lost: a deal in a lost stage needs one.")

static bool
amount_editable(const struct ctx *ctx)
{
	return rbac_field_rule(&ctx->user->rights, MOD_DEALS, "amount") == RULE_EDITABLE;
}

bool
page_deal_searching(struct ctx *ctx)
{
	return param_get(&ctx->req->form, "account_find") != NULL ||
	    param_get(&ctx->req->form, "contact_find") != NULL;
}

/* The submitted value of name when the form shows what was typed, else
 * fallback. */
static const char *
typed_or(struct ctx *ctx, bool typed, const char *name, const char *fallback)
{
	const char *v = typed ? param_get(&ctx->req->form, name) : NULL;

	return v != NULL ? v : fallback;
}

/* A search text: the form's, else the query's (a GET of the form). */
static const char *
search_text(struct ctx *ctx, const char *name)
{
	const char *q = param_get(&ctx->req->form, name);

	return q != NULL ? q : param_get(&ctx->req->query, name);
}

/* The typed values as they came, without validation messages: the form
 * shown again after a search. */
static void
typed_values(struct ctx *ctx)
{
	const struct form_def *d = record_form(record_decl_of(RK_DEALS));
	struct tval *form = tv_child(ctx->data, "form");

	for (size_t i = 0; i < d->nfields; i++)
		tv_str(tv_child(form, d->fields[i].name), "value", param_get(&ctx->req->form, d->fields[i].name));
}

/* d's values into the form (editing, nothing typed yet). */
static void
stored_values(struct ctx *ctx, const struct deal *d)
{
	struct tval *f = tv_child(ctx->data, "form");

	tv_str(tv_child(f, "name"), "value", d->name);
	if (amount_editable(ctx))
		tv_strf(tv_child(f, "amount"), "value", "%lld.%02lld", d->amount_cents / 100, d->amount_cents % 100);
	tv_strf(tv_child(f, "probability"), "value", "%d", d->probability);
	tv_str(tv_child(f, "expected_close"), "value", d->expected_close);
	tv_str(tv_child(f, "next_step"), "value", d->next_step);
	tv_str(tv_child(f, "lost_reason"), "value", d->lost_reason);
}

/* The stage, currency and forecast choices, the given ones selected. */
static int
choices(struct ctx *ctx, long long sel_stage, const char *sel_cur, const char *sel_forecast)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	struct tval *stages = tv_list(ctx->data, "stages"), *cur = tv_list(ctx->data, "currencies");
	struct tval *fc = tv_list(ctx->data, "forecasts");
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);

	if (n < 0)
		return -1;
	if (sel_stage == 0 && n > 0)
		sel_stage = st[0].id;
	for (int s = 0; s < n; s++) {
		struct tval *o = tv_append_map(stages);
		tv_strf(o, "id", "%lld", st[s].id);
		tv_str(o, "name", st[s].name);
		tv_bool(o, "selected", st[s].id == sel_stage);
	}
	for (int c = 0; deal_currencies[c]; c++) {
		struct tval *o = tv_append_map(cur);
		tv_str(o, "code", deal_currencies[c]);
		tv_str(o, "text", deal_currency_text(ctx, c));
		tv_bool(o, "selected", sel_cur && strcmp(sel_cur, deal_currencies[c]) == 0);
	}
	for (int c = 0; deal_forecast_categories[c]; c++) {
		struct tval *o = tv_append_map(fc);
		tv_str(o, "code", deal_forecast_categories[c]);
		tv_str(o, "label", deal_forecast_labels[c]);
		tv_bool(o, "selected", sel_forecast && strcmp(sel_forecast, deal_forecast_categories[c]) == 0);
	}
	return 0;
}

/* The account choice (account_picker.h). */
static int
show_accounts(struct ctx *ctx, long long chosen)
{
	return account_picker_show(ctx, "accounts", "account", chosen, search_text(ctx, "account_q"), 0);
}

/* The index in deal_contact_roles of code, or -1. */
static int
role_index(const char *code)
{
	for (int i = 0; code != NULL && deal_contact_roles[i] != NULL; i++)
		if (strcmp(code, deal_contact_roles[i]) == 0)
			return i;
	return -1;
}

/* The name of contact id as d has it (1, *name NULL when the user may
 * not view it), or 0 when it is not on d. */
static int
name_on(const struct deal *d, long long id, const char **name)
{
	for (int i = 0; d != NULL && i < d->ncontacts; i++)
		if (d->contacts[i].contact_id == id) {
			*name = d->contacts[i].name;
			return 1;
		}
	return 0;
}

/* One contact row (1-based k) into rows: c chosen (contact_id 0: an
 * empty row offering found). */
static void
contact_row(struct tval *rows, int k, const struct deal_contact *c, const struct deal_contact_choice *found,
    size_t nfound)
{
	struct tval *row = tv_append_map(rows), *opts = tv_list(row, "options"), *roles = tv_list(row, "roles");
	int role = role_index(c->role);

	tv_strf(row, "contact", "contact_%d", k);
	tv_strf(row, "role", "role_%d", k);
	if (c->contact_id > 0 && c->name == NULL)
		tv_strf(row, "hidden", "%lld", c->contact_id);
	else if (c->contact_id > 0) {
		struct tval *o = tv_append_map(opts);
		tv_strf(o, "value", "%lld", c->contact_id);
		tv_str(o, "text", c->name);
		tv_bool(o, "selected", true);
	}
	for (size_t i = 0; c->contact_id == 0 && i < nfound; i++) {
		struct tval *o = tv_append_map(opts);
		tv_strf(o, "value", "%lld", found[i].id);
		tv_str(o, "text", found[i].name);
	}
	for (int r = 0; deal_contact_roles[r] != NULL; r++) {
		struct tval *o = tv_append_map(roles);
		tv_str(o, "code", deal_contact_roles[r]);
		tv_str(o, "label", deal_contact_role_labels[r]);
		tv_bool(o, "selected", role >= 0 ? r == role : strcmp(deal_contact_roles[r], "other") == 0);
	}
}

/* The contacts as typed (rows contact_1.. with an id; names as d has
 * them or as the user may see them): their number, or -1. */
static int
typed_contacts(struct ctx *ctx, const struct deal *d, struct deal_contact *out)
{
	int n = 0;

	for (int k = 1; k <= DEAL_CONTACTS_MAX; k++) {
		char key[24];
		long long id;
		const char *name = NULL;

		snprintf(key, sizeof(key), "contact_%d", k);
		if ((id = form_id_parse(param_get(&ctx->req->form, key), 0)) <= 0)
			continue;
		if (!name_on(d, id, &name) && pick_contact(ctx, id, &name) == -1)
			return -1;
		snprintf(key, sizeof(key), "role_%d", k);
		out[n++] = (struct deal_contact){ .contact_id = id, .role = param_get(&ctx->req->form, key),
		    .name = name };
	}
	return n;
}

/* The contact rows: the typed ones (typed and the form had its rows) or
 * d's, then empty rows offering the contacts contact_q finds. */
static int
show_contacts(struct ctx *ctx, const struct deal *d, bool typed)
{
	struct deal_contact chosen[DEAL_CONTACTS_MAX];
	const char *q = search_text(ctx, "contact_q");
	struct deal_contact_choice *found = NULL;
	struct tval *rows = tv_list(ctx->data, "contact_rows");
	size_t nfound = 0;
	int n = 0, k = 1;

	if (typed && param_get(&ctx->req->form, "contacts_shown") != NULL)
		n = typed_contacts(ctx, d, chosen);
	else
		for (; d != NULL && n < d->ncontacts; n++)
			chosen[n] = d->contacts[n];
	if (n < 0)
		return -1;
	if (q != NULL && *q != '\0') {
		tv_str(ctx->data, "contact_q", q);
		if (deal_contact_search(ctx, q, &found, &nfound) == -1)
			return -1;
		tv_bool(ctx->data, "contact_none_found", nfound == 0);
	}
	for (int i = 0; i < n; i++, k++)
		contact_row(rows, k, &chosen[i], NULL, 0);
	for (int e = 0; e < DEAL_FORM_EMPTY_ROWS && k <= DEAL_CONTACTS_MAX; e++, k++)
		contact_row(rows, k, &(struct deal_contact){ 0 }, found, nfound);
	return 0;
}

/* The account to show chosen: the typed one (0 when none or not an id),
 * else d's. */
static long long
chosen_account(struct ctx *ctx, const struct deal *d, bool typed)
{
	const char *v = typed ? param_get(&ctx->req->form, "account") : NULL;

	if (v != NULL)
		return form_id_parse(v, 0);
	return d != NULL ? d->account_id : 0;
}

int
page_deal_show_form(struct ctx *ctx, const struct deal *d, struct form_result *r, const char *error, int status)
{
	bool typed = r != NULL || page_deal_searching(ctx);
	char stage[24] = "0";

	if (d != NULL)
		snprintf(stage, sizeof(stage), "%lld", d->stage_id);
	if (r != NULL)
		page_form(ctx, r);
	else if (typed)
		typed_values(ctx);
	else if (d != NULL)
		stored_values(ctx, d);
	if (choices(ctx, strtoll(typed_or(ctx, typed, "stage", stage), NULL, 10),
	    typed_or(ctx, typed, "currency", d ? d->currency : "CHF"),
	    typed_or(ctx, typed, "forecast_category", d ? d->forecast : NULL)) == -1 ||
	    show_accounts(ctx, chosen_account(ctx, d, typed)) == -1 || show_contacts(ctx, d, typed) == -1 ||
	    custom_view_form_for(ctx, RK_DEALS, d != NULL ? d->id : 0, page_deal_searching(ctx)) == -1)
		return 503;
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

/* The form's entry of field name (r's values are the caller's). */
static struct field_value *
field_of(struct form_result *r, const char *name)
{
	for (size_t i = 0; i < r->def->nfields; i++)
		if (strcmp(r->values[i].def->name, name) == 0)
			return &r->values[i];
	return NULL;
}

/* The account into n: an absent field keeps d's (a form without it
 * changes nothing), as does the same id (kept even when the user may no
 * longer view it: it is not picked again); another one is picked by
 * pick_form. */
static void
read_account(struct ctx *ctx, const struct deal *d, struct form_result *r, struct deal *n)
{
	struct field_value *v = field_of(r, "account");
	long long was = d != NULL ? d->account_id : 0;

	if (param_get(&ctx->req->form, "account") == NULL) {
		n->account_id = was;
		v->value = NULL;
		return;
	}
	n->account_id = v->value != NULL ? v->i : 0;
	if (n->account_id == was)
		v->value = NULL;	/* kept: not picked again */
}

/* The contacts into n (d's when the form had no contact rows); each one
 * not on d already picked (pick_contact). 0, a msgid when refused, or
 * -1 on a database error through *failed. */
static const char *
read_contacts(struct ctx *ctx, const struct deal *d, struct deal *n, int *failed)
{
	struct deal_contact typed[DEAL_CONTACTS_MAX];
	int m;

	*failed = 0;
	n->ncontacts = 0;
	if (param_get(&ctx->req->form, "contacts_shown") == NULL) {
		if (d != NULL) {
			memcpy(n->contacts, d->contacts, sizeof(n->contacts));
			n->ncontacts = d->ncontacts;
		}
		return NULL;
	}
	for (int k = 1; k <= DEAL_CONTACTS_MAX; k++) {
		char key[24];
		const char *v;
		snprintf(key, sizeof(key), "contact_%d", k);
		v = param_get(&ctx->req->form, key);
		if (v != NULL && *v != '\0' && form_id_parse(v, 0) <= 0)
			return pick_message(PICK_CONTACT);
	}
	if ((m = typed_contacts(ctx, d, typed)) < 0) {
		*failed = 1;
		return NULL;
	}
	for (int i = 0; i < m; i++) {
		const char *ignored;
		int role = role_index(typed[i].role);
		if (role < 0)
			return MSG_ROLE;
		for (int j = 0; j < i; j++)
			if (typed[j].contact_id == typed[i].contact_id)
				return MSG_TWICE;
		if (!name_on(d, typed[i].contact_id, &ignored) && typed[i].name == NULL)
			return pick_message(PICK_CONTACT);
		typed[i].role = deal_contact_roles[role];
		n->contacts[n->ncontacts++] = typed[i];
	}
	return NULL;
}

int
page_deal_read(struct ctx *ctx, const struct deal *d, struct form_result *r, struct deal *n)
{
	struct custom_values *before = arena_alloc(ctx->req->arena, sizeof(*before));
	struct custom_form *custom = arena_alloc(ctx->req->arena, sizeof(*custom));
	const char *msg;
	int failed, lost, bad;

	read_account(ctx, d, r, n);
	if (pick_form(ctx, r, MOD_DEALS) == -1)
		return -1;
	if ((msg = read_contacts(ctx, d, n, &failed)) != NULL)
		form_set_error(r, NULL, msg);
	if (failed)
		return -1;
	n->name = form_field(r, "name")->value;
	n->currency = form_field(r, "currency")->value;
	n->stage_id = form_field(r, "stage")->i;
	n->amount_cents = form_field(r, "amount")->value ? form_field(r, "amount")->i : 0;
	n->expected_close = form_field(r, "expected_close")->value;
	n->next_step = form_field(r, "next_step")->value;
	n->forecast = form_field(r, "forecast_category")->value;
	n->lost_reason = form_field(r, "lost_reason")->value;
	if (form_field(r, "stage")->value != NULL && form_field(r, "lost_reason")->error == NULL) {
		if ((lost = deal_stage_lost(ctx, n->stage_id)) == -1)
			return -1;
		if (lost && n->lost_reason == NULL)
			form_set_error(r, "lost_reason", MSG_LOST_REASON);
	}
	if ((bad = custom_view_read(ctx, RK_DEALS, d != NULL ? d->id : 0, before, custom)) == -1)
		return -1;
	n->custom = custom;
	n->custom_before = before;
	return r->nerrors + bad;
}
