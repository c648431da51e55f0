/* page_lead_edit.c: owns changing a lead: editing (email and phone only
 * when the field rules make them editable; version checked) and
 * conversion (deletion is page_record_delete.c's): one transaction creates the account (the
 * lead's company), the contact (its email and phone sealed anew under the
 * contact's own key) and a deal in the first stage, marks the lead
 * converted, and audits all four. A converted lead no longer changes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "deal.h"
#include "flash.h"
#include "json.h"
#include "lead.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"

extern const struct form_def lead_form;

#define MSG_CONFLICT N_("Someone changed this lead after you opened it, or it was converted. Open it again.")

static bool
editable(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_LEADS, lead_secrets.columns[f]) == RULE_EDITABLE;
}

static int
show_form(struct ctx *ctx, const struct lead *l, struct form_result *r, const char *error, int status)
{
	lead_form_flags(ctx, r ? form_field(r, "status")->raw : l->status);
	if (r != NULL)
		page_form(ctx, r);
	else {
		struct tval *form = tv_child(ctx->data, "form");
		tv_str(tv_child(form, "first_name"), "value", l->first_name);
		tv_str(tv_child(form, "last_name"), "value", l->last_name);
		tv_str(tv_child(form, "company"), "value", l->company);
		tv_str(tv_child(form, "status"), "value", l->status);
		for (int f = 0; f < LS__MAX; f++)
			if (editable(ctx, f))
				tv_str(tv_child(form, lead_secrets.columns[f]), "value", l->plain[f]);
	}
	tv_strf(ctx->data, "action", "/leads/%lld/edit", l->id);
	tv_int(ctx->data, "version", l->version);
	tv_strf(ctx->data, "title", "%s %s", l->first_name, l->last_name);
	if (error)
		tv_str(ctx->data, "error", error);
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
	const char *v = param_get(&ctx->req->form, "version"), *plain[LS__MAX];
	struct db_value p[14 + RECORD_SCOPE_PARAMS], sealed[LS__MAX], bidx[LS__MAX];
	struct form_result r;
	struct db_rows rows;
	struct lead l;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = lead_load(ctx, ctx->ids[0], ACT_EDIT, &l)) <= 0)
		return rc == 0 ? 404 : 503;
	for (int f = 0; f < LS__MAX; f++)
		if (!editable(ctx, f) && param_get(&ctx->req->form, lead_secrets.columns[f]) != NULL)
			return show_form(ctx, &l, NULL, N_("Your role cannot change one of these fields."), 403);
	if (form_validate(&lead_form, &ctx->req->form, a, &r) > 0)
		return show_form(ctx, &l, &r, NULL, 400);
	plain[LS_EMAIL] = form_field(&r, "email")->value;
	plain[LS_PHONE] = form_field(&r, "phone")->value;
	if (db_begin(ctx->db) != DB_OK || secrets_seal(ctx, &lead_secrets, l.id, plain, sealed, bidx) == -1)
		goto fail;
	{
		const char *vals[4] = { form_field(&r, "first_name")->value, form_field(&r, "last_name")->value,
		    form_field(&r, "company")->value ? form_field(&r, "company")->value : "",
		    form_field(&r, "status")->value ? form_field(&r, "status")->value : l.status };
		for (int i = 0; i < 4; i++)
			p[i] = (struct db_value){ .type = DBV_TEXT, .s = vals[i], .len = strlen(vals[i]) };
	}
	for (int f = 0; f < LS__MAX; f++) {
		p[4 + 4 * f] = p[6 + 4 * f] = (struct db_value){ .type = DBV_INT, .i = editable(ctx, f) };
		p[5 + 4 * f] = sealed[f];
		p[7 + 4 * f] = bidx[f];
	}
	p[12] = (struct db_value){ .type = DBV_INT, .i = l.id };
	p[13] = (struct db_value){ .type = DBV_INT, .i = v ? strtoll(v, NULL, 10) : 0 };
	record_scope_bind(ctx, MOD_LEADS, ACT_EDIT, p + 14);
	if (db_run(ctx->db, a, STMT_LEAD_UPDATE, p, 14 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return show_form(ctx, &l, NULL, MSG_CONFLICT, 409);
	}
	if (audit_ctx(ctx, AUDIT_RECORD_UPDATE, "leads", arena_printf(a, "%lld", l.id), AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"before\":{\"status\":%s},\"after\":{\"status\":%s}}", json_quote(a, l.status),
	    json_quote(a, form_field(&r, "status")->value ? form_field(&r, "status")->value : l.status))) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(a, "/leads/%lld", l.id));
fail:
	db_rollback(ctx->db);
	return 503;
}
