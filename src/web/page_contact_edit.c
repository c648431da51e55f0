/* page_contact_edit.c: owns creating and editing contacts. A create
 * seals the sensitive fields under a new data key for the contact; an
 * edit changes only the fields the user's rules make editable (a
 * submitted value for any other field is refused) and only when the
 * record still has the version the form was opened at. Each writes its
 * audit record, sensitive values masked, in the same transaction
 * (contact_create, contact_update: this file runs no SQL). Deleting, restoring and reassigning are the same for every record
 * type: page_record_delete.c and page_record_owner.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "account_picker.h"
#include "contact.h"
#include "custom_view.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "pick.h"
#include "session.h"

#define MSG_CONFLICT N_("Someone changed this contact after you opened it. Their version is shown; make your change again.")
#define MSG_DUPLICATE N_("A contact with this email address or phone number exists already. To add another one, tick Create anyway.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")

static enum field_rule
rule(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]);
}

/* The account choice (account_picker.h): the form's search text, or the
 * query's. */
static int
show_accounts(struct ctx *ctx, long long chosen)
{
	const char *q = param_get(&ctx->req->form, "account_q");

	if (q == NULL)
		q = param_get(&ctx->req->query, "account_q");
	return account_picker_show(ctx, "accounts", "account", chosen, q, 0);
}

/* The account to show chosen: the submitted one (0 when none or not an
 * id) when the form was submitted, else c's (0 when none). */
static long long
chosen_account(struct ctx *ctx, const struct contact *c)
{
	const char *v = param_get(&ctx->req->form, "account");

	if (v != NULL)
		return form_id_parse(v, 0);
	return c != NULL ? c->account_id : 0;
}

/* The preferred language choices, code selected, and whether the two
 * flags are ticked: as submitted when the form is shown again (after
 * validation r, or as typed before an account search), else as stored
 * in c. */
static void
show_info_choices(struct ctx *ctx, const struct contact *c, const struct form_result *r)
{
	struct tval *l = tv_list(ctx->data, "languages"), *checked = tv_child(ctx->data, "checked");
	bool sent = r != NULL || param_get(&ctx->req->form, "account_find") != NULL;
	const char *lang = sent ? param_get(&ctx->req->form, "preferred_language") :
	    c != NULL ? c->info[CI_LANGUAGE] : NULL;

	for (int i = 0; contact_languages[i]; i++) {
		struct tval *o = tv_append_map(l);
		tv_str(o, "code", contact_languages[i]);
		tv_str(o, "label", contact_language_labels[i]);
		tv_bool(o, "selected", lang && strcmp(lang, contact_languages[i]) == 0);
	}
	for (int f = CI_DO_NOT_CALL; f <= CI_EMAIL_OPT_OUT; f++) {
		const char *v = sent ? param_get(&ctx->req->form, contact_info_fields[f]) :
		    c != NULL ? c->info[f] : NULL;
		tv_bool(checked, contact_info_fields[f], v != NULL && *v != '\0' && strcmp(v, "0") != 0);
	}
}

/* The form's values (from c when given) and which fields are editable.
 * The account shown chosen: chosen_account(). */
static int
show_form(struct ctx *ctx, const struct contact *c, struct form_result *r, int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");
	long long account = chosen_account(ctx, c);

	if (custom_view_form_for(ctx, RK_CONTACTS, c != NULL ? c->id : 0,
	    param_get(&ctx->req->form, "account_find") != NULL) == -1)
		return 503;
	for (int f = 0; f < CS__MAX; f++)
		tv_bool(ed, contact_secret_names[f], rule(ctx, f) == RULE_EDITABLE);
	if (r != NULL)
		page_form(ctx, r);
	else if (c != NULL) {
		struct tval *form = tv_child(ctx->data, "form");
		tv_str(tv_child(form, "first_name"), "value", c->first_name);
		tv_str(tv_child(form, "last_name"), "value", c->last_name);
		for (int f = 0; f < CS__MAX; f++)
			if (rule(ctx, f) == RULE_EDITABLE)
				tv_str(tv_child(form, contact_secret_names[f]), "value", c->plain[f]);
		tv_str(tv_child(form, "title"), "value", c->info[CI_TITLE]);
		tv_str(tv_child(form, "department"), "value", c->info[CI_DEPARTMENT]);
	}
	show_info_choices(ctx, c, r);
	if (show_accounts(ctx, account) == -1)
		return 503;
	if (c != NULL) {
		tv_strf(ctx->data, "action", "/contacts/%lld/edit", c->id);
		tv_int(ctx->data, "version", c->version);
		tv_str(ctx->data, "name", display_person(ctx, c->first_name, c->last_name));
	} else
		tv_str(ctx->data, "action", "/contacts/new");
	return page_render(ctx, "contact_form", status);
}

/* The typed values as they came, without validation messages: the form
 * shown again after an account search. */
static void
typed_values(struct ctx *ctx)
{
	const struct form_def *d = contact_form_def();
	struct tval *form = tv_child(ctx->data, "form");

	for (size_t i = 0; i < d->nfields; i++)
		tv_str(tv_child(form, d->fields[i].name), "value", param_get(&ctx->req->form, d->fields[i].name));
}

/* Whether the POST is the account search button, not a save. */
static bool
searching(struct ctx *ctx)
{
	return param_get(&ctx->req->form, "account_find") != NULL;
}

int
page_contact_new_get(struct ctx *ctx)
{
	return show_form(ctx, NULL, NULL, 200);
}

/* Refuses values for fields the user may not edit. */
static bool
only_editable(struct ctx *ctx)
{
	for (int f = 0; f < CS__MAX; f++)
		if (rule(ctx, f) != RULE_EDITABLE && param_get(&ctx->req->form, contact_secret_names[f]) != NULL)
			return false;
	return true;
}

/* The validated form's values. */
static void
read_input(const struct form_result *r, struct contact_input *in)
{
	*in = (struct contact_input){ 0 };
	in->first_name = form_field(r, "first_name")->value;
	in->last_name = form_field(r, "last_name")->value;
	in->account_id = form_field(r, "account")->value != NULL ? form_field(r, "account")->i : 0;
	for (int f = 0; f < CS__MAX; f++)
		in->plain[f] = form_field(r, contact_secret_names[f])->value;
	for (int f = 0; f < CI__MAX; f++)
		in->info[f] = form_field(r, contact_info_fields[f])->value;
}

int
page_contact_new_post(struct ctx *ctx)
{
	struct form_result r;
	struct custom_values before;
	struct custom_form custom;
	struct contact_input in;
	long long id;
	int rc;

	if (!only_editable(ctx))
		return 403;
	if (searching(ctx)) {
		typed_values(ctx);
		return show_form(ctx, NULL, NULL, 200);
	}
	if ((rc = form_validate(contact_form_def(), &ctx->req->form, ctx->req->arena, &r)) == 0)
		rc = pick_form(ctx, &r, MOD_CONTACTS);
	if (rc == 0)
		rc = custom_view_read(ctx, RK_CONTACTS, 0, &before, &custom);
	if (rc != 0)
		return rc < 0 ? 503 : show_form(ctx, NULL, &r, 400);
	read_input(&r, &in);
	in.custom = &custom;
	in.custom_before = &before;
	switch (contact_create(ctx, &in, param_get(&ctx->req->form, "allow_duplicate") != NULL, &id)) {
	case CONTACT_SAVED:
		return page_redirect(ctx, arena_printf(ctx->req->arena, "/contacts/%lld", id));
	case CONTACT_DUPLICATE:
		tv_strf(ctx->data, "duplicate", "/contacts/%lld", id);
		tv_str(ctx->data, "error", MSG_DUPLICATE);
		return show_form(ctx, NULL, &r, 409);
	default:
		return 503;
	}
}

int
page_contact_edit_get(struct ctx *ctx)
{
	struct contact c;
	int rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	return show_form(ctx, &c, NULL, 200);
}

int
page_contact_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct custom_values before;
	struct custom_form custom;
	struct contact_input in;
	struct contact c;
	bool edit[CS__MAX];
	long long version = v ? strtoll(v, NULL, 10) : 0;
	int rc;

	if ((rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c)) <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	if (!only_editable(ctx)) {
		tv_str(ctx->data, "error", MSG_NOT_YOURS);
		return show_form(ctx, &c, NULL, 403);
	}
	if (searching(ctx)) {
		typed_values(ctx);
		return show_form(ctx, &c, NULL, 200);
	}
	if (form_validate(contact_form_def(), &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_form(ctx, &c, &r, 400);
	if ((rc = custom_view_read(ctx, RK_CONTACTS, c.id, &before, &custom)) == -1)
		return 503;
	if (rc > 0)
		return show_form(ctx, &c, &r, 400);
	read_input(&r, &in);
	in.custom = &custom;
	in.custom_before = &before;
	/* Keeping an account the user may not view is allowed; choosing
	 * another one needs it to be pickable. */
	if (in.account_id != c.account_id && (rc = pick_form(ctx, &r, MOD_CONTACTS)) != 0)
		return rc < 0 ? 503 : show_form(ctx, &c, &r, 400);
	for (int f = 0; f < CS__MAX; f++)
		edit[f] = rule(ctx, f) == RULE_EDITABLE;
	switch (contact_update(ctx, &c, &in, edit, version)) {
	case CONTACT_SAVED:
		flash_set(ctx, FLASH_RECORD_SAVED);
		return page_redirect(ctx, arena_printf(ctx->req->arena, "/contacts/%lld", c.id));
	case CONTACT_CONFLICT:
		tv_str(ctx->data, "error", MSG_CONFLICT);
		return show_form(ctx, &c, NULL, 409);
	default:
		return 503;
	}
}
