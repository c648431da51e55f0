/* page_lead_edit.c: owns the page editing a lead (title, source and
 * rating; email and phone only when the field rules make them editable; version checked; a converted
 * lead no longer changes). The write and its audit record are lead.c's;
 * converting is page_lead_convert.c's, deleting page_record_delete.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "custom_view.h"
#include "lead.h"
#include "page.h"
#include "pages.h"
#include "record_decl.h"
#include "session.h"

#define MSG_CONFLICT N_("Someone changed this lead after you opened it, or it was converted. Open it again.")

static int
show_form(struct ctx *ctx, const struct lead *l, struct form_result *r, const char *error, int status)
{
	lead_form_flags(ctx, r ? form_field(r, "status")->raw : l->status);
	lead_form_choices(ctx, r ? form_field(r, "source")->raw : l->source, r ? form_field(r, "rating")->raw : l->rating);
	if (r != NULL)
		page_form(ctx, r);
	else {
		struct tval *form = tv_child(ctx->data, "form");
		tv_str(tv_child(form, "first_name"), "value", l->first_name);
		tv_str(tv_child(form, "last_name"), "value", l->last_name);
		tv_str(tv_child(form, "company"), "value", l->company);
		tv_str(tv_child(form, "status"), "value", l->status);
		tv_str(tv_child(form, "title"), "value", l->title);
		for (int f = 0; f < LS__MAX; f++)
			if (lead_editable(ctx, f))
				tv_str(tv_child(form, lead_secrets.columns[f]), "value", l->plain[f]);
	}
	tv_strf(ctx->data, "action", "/leads/%lld/edit", l->id);
	tv_int(ctx->data, "version", l->version);
	tv_str(ctx->data, "title", display_person(ctx, l->first_name, l->last_name));
	if (error)
		tv_str(ctx->data, "error", error);
	if (custom_view_form_for(ctx, RK_LEADS, l->id, false) == -1)
		return 503;
	return page_render(ctx, "lead_form", status);
}

int
page_lead_edit_get(struct ctx *ctx)
{
	struct lead l;
	int rc = lead_load(ctx, ctx->ids[0], ACT_EDIT, &l);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	return show_form(ctx, &l, NULL, NULL, 200);
}

int
page_lead_edit_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	const char *v = param_get(&ctx->req->form, "version");
	struct custom_values before;
	struct custom_form custom;
	struct lead_values vals;
	struct form_result r;
	struct lead l;
	int rc, bad;

	if ((rc = lead_load(ctx, ctx->ids[0], ACT_EDIT, &l)) <= 0)
		return rc == 0 ? 404 : 503;
	for (int f = 0; f < LS__MAX; f++)
		if (!lead_editable(ctx, f) && param_get(&ctx->req->form, lead_secrets.columns[f]) != NULL)
			return show_form(ctx, &l, NULL, N_("Your role cannot change one of these fields."), 403);
	if ((bad = custom_view_read(ctx, RK_LEADS, l.id, &before, &custom)) == -1)
		return 503;
	if (form_validate(record_form(record_decl_of(RK_LEADS)), &ctx->req->form, a, &r) > 0 || bad > 0)
		return show_form(ctx, &l, &r, NULL, 400);
	vals = (struct lead_values){ .first_name = form_field(&r, "first_name")->value,
	    .last_name = form_field(&r, "last_name")->value,
	    .company = form_field(&r, "company")->value ? form_field(&r, "company")->value : "",
	    .status = form_field(&r, "status")->value ? form_field(&r, "status")->value : l.status,
	    .title = form_field(&r, "title")->value, .source = form_field(&r, "source")->value,
	    .rating = form_field(&r, "rating")->value };
	vals.plain[LS_EMAIL] = form_field(&r, "email")->value;
	vals.plain[LS_PHONE] = form_field(&r, "phone")->value;
	vals.custom = &custom;
	vals.custom_before = &before;
	if ((rc = lead_update(ctx, &l, v ? strtoll(v, NULL, 10) : 0, &vals)) == -1)
		return 503;
	if (rc == 0)
		return show_form(ctx, &l, NULL, MSG_CONFLICT, 409);
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(a, "/leads/%lld", l.id));
}
