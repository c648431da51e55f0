/* page_account_edit.c: owns the pages creating and editing accounts. The
 * tax number and bank account are written only when the user's field
 * rules make them editable (a submitted value otherwise is refused);
 * edits check the version. Sealing, the writes and their audit records
 * are account.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "csrf.h"
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

static int
show_form(struct ctx *ctx, long long id, long long version, struct form_result *r, const char *error,
    int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");

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
	return show_form(ctx, 0, 0, NULL, NULL, 200);
}

/* The form's sealed values (NULL when not sent). */
static void
plain_values(struct form_result *r, const char *plain[AS__MAX])
{
	for (int f = 0; f < AS__MAX; f++)
		plain[f] = form_field(r, account_secrets.columns[f])->value;
}

int
page_account_new_post(struct ctx *ctx)
{
	const char *plain[AS__MAX];
	struct form_result r;
	long long id;

	if (forged(ctx))
		return show_form(ctx, 0, 0, NULL, N_("Your role cannot change one of these fields."), 403);
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_form(ctx, 0, 0, &r, NULL, 400);
	plain_values(&r, plain);
	if (account_create(ctx, form_field(&r, "name")->value, plain, &id) != 1)
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
	for (int f = 0; f < AS__MAX; f++)
		if (account_editable(ctx, f))
			tv_str(tv_child(fm, account_secrets.columns[f]), "value", acc.plain[f]);
	return show_form(ctx, acc.id, acc.version, NULL, NULL, 200);
}

int
page_account_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version"), *plain[AS__MAX];
	long long version = v ? strtoll(v, NULL, 10) : 0;
	struct form_result r;
	int rc;

	if ((rc = account_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (forged(ctx))
		return show_form(ctx, ctx->ids[0], version, NULL, N_("Your role cannot change one of these fields."), 403);
	if (form_validate(form(), &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_form(ctx, ctx->ids[0], version, &r, NULL, 400);
	plain_values(&r, plain);
	if ((rc = account_update(ctx, ctx->ids[0], version, form_field(&r, "name")->value, plain)) == -1)
		return 503;
	if (rc == 0)	/* out of scope, missing, or changed meanwhile */
		return show_form(ctx, ctx->ids[0], version, &r,
		    N_("Someone changed this account after you opened it. Open it again."), 409);
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/accounts/%lld", ctx->ids[0]));
}
