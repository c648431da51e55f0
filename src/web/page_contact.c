/* page_contact.c: owns one contact: /contacts/new, /contacts/{id} (the
 * record as the user's field rules allow, "who can access this", the
 * view audited; its account a link, or "a record you cannot open" when
 * the user may not view it; its standard fields, the do-not-call and
 * email opt-out flags as badges; its further accounts,
 * page_relations.c; its Deals list: page_deal.c; its custom fields) and
 * revealing a masked field (audited); editing and
 * deleting are in page_contact_edit.c. A contact outside the user's scope answers 404, exactly like
 * a missing one. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "contact.h"
#include "custom_view.h"
#include "deal.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "record_panel.h"
#include "permission.h"
#include "pick.h"
#include "page_relations.h"
#include "record_decl.h"
#include "session.h"
#include "timeline.h"

static enum field_rule
rule(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]);
}

/* The record's values for the page, as the rules say; reveal: the field
 * the user asked to see unmasked (audited by the caller), or -1. */
static void
show_fields(struct ctx *ctx, const struct contact *c, int reveal)
{
	struct tval *list = tv_list(ctx->data, "fields");
	static const char *const labels[CS__MAX] = { N_("Email"), N_("Phone"), N_("Address"), N_("Birth date"),
	    N_("Mobile") };

	/* Shown in this order: the mobile beside the phone. */
	static const enum contact_secret order[CS__MAX] = { CS_EMAIL, CS_PHONE, CS_MOBILE, CS_ADDRESS,
	    CS_BIRTH_DATE };

	for (int i = 0; i < CS__MAX; i++) {
		int f = (int)order[i];
		enum field_rule r = rule(ctx, f);
		struct tval *e;
		if (r == RULE_HIDDEN)
			continue;
		e = tv_append_map(list);
		tv_str(e, "label", labels[f]);
		if (c->broken[f])
			tv_str(e, "broken", "1");
		else if (r == RULE_MASKED && f != reveal) {
			tv_str(e, "value", contact_mask(ctx->req->arena, f, c->plain[f]));
			if (c->plain[f] != NULL) {
				tv_strf(e, "reveal", "/contacts/%lld/reveal", c->id);
				tv_str(e, "field", contact_secret_names[f]);
			}
		} else
			tv_str(e, "value", c->plain[f]);
	}
}

/* The plain standard fields that are given (the language translated)
 * and the do-not-call and email opt-out flags as badges. */
static void
show_info(struct ctx *ctx, const struct contact *c)
{
	struct tval *list = tv_list(ctx->data, "info");
	static const char *const labels[CI__MAX] = { N_("Title"), N_("Department"), N_("Preferred language") };

	for (int f = CI_TITLE; f <= CI_LANGUAGE; f++) {
		struct tval *e;
		if (c->info[f] == NULL)
			continue;
		e = tv_append_map(list);
		tv_str(e, "label", labels[f]);
		if (f == CI_LANGUAGE)
			tv_str(e, "msg", record_code_label(contact_languages, contact_language_labels, c->info[f]));
		else
			tv_str(e, "value", c->info[f]);
	}
	for (int f = CI_DO_NOT_CALL; f <= CI_EMAIL_OPT_OUT; f++)
		if (c->info[f] != NULL && strcmp(c->info[f], "1") == 0) {
			tv_bool(ctx->data, contact_info_fields[f], true);
			tv_bool(ctx->data, "badges", true);
		}
}

/* The contact's account: a link when the user may view it, else only
 * "a record you cannot open" (no name, no link). */
static int
show_account(struct ctx *ctx, const struct contact *c)
{
	if (c->account_id <= 0)
		return 0;
	if (c->account_name == NULL) {	/* contact_load read it under the accounts scope */
		tv_bool(ctx->data, "account_hidden", true);
		return 0;
	}
	tv_str(ctx->data, "account_name", c->account_name);
	tv_strf(ctx->data, "account_href", "/accounts/%lld", c->account_id);
	return 0;
}

/* The contact's custom fields; reveal: a custom field shown in clear. */
static int
show_custom(struct ctx *ctx, const struct contact *c, const char *reveal)
{
	return custom_view_record(ctx, RK_CONTACTS, c->id, reveal,
	    arena_printf(ctx->req->arena, "/contacts/%lld/reveal", c->id));
}

static int
show(struct ctx *ctx, struct contact *c, int reveal, const char *reveal_custom, int status)
{
	tv_str(ctx->data, "name", display_person(ctx, c->first_name, c->last_name));
	tv_str(ctx->data, "owner", c->owner);
	tv_str(ctx->data, "team", c->team);
	tv_str(ctx->data, "updated", display_datetime(ctx, c->updated));
	tv_strf(ctx->data, "edit", "/contacts/%lld/edit", c->id);
	tv_strf(ctx->data, "delete", "/contacts/%lld/delete", c->id);
	tv_int(ctx->data, "version", c->version);
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_CONTACTS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_CONTACTS, ACT_DELETE));
	show_fields(ctx, c, reveal);
	show_info(ctx, c);
	if (show_account(ctx, c) == -1 || show_custom(ctx, c, reveal_custom) == -1 ||
	    page_contact_deals(ctx, c->id) == -1 || contact_relations_show(ctx, c->id) == -1)
		return 503;
	if (record_panel(ctx, MOD_CONTACTS, c->id, c->owner, c->team_id, c->team) == -1 ||
	    timeline_show(ctx, "contact", c->id) == -1)
		return 503;
	return page_render(ctx, "contact", status);
}

int
page_contact_get(struct ctx *ctx)
{
	struct contact c;
	int rc = contact_load(ctx, ctx->ids[0], ACT_VIEW, &c);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	audit_view(ctx, "contacts", arena_printf(ctx->req->arena, "%lld", c.id), 1);
	return show(ctx, &c, -1, NULL, 200);
}

int
page_contact_relation_error(struct ctx *ctx, const char *error)
{
	struct contact c;
	int rc = contact_load(ctx, ctx->ids[0], ACT_VIEW, &c);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	audit_view(ctx, "contacts", arena_printf(ctx->req->arena, "%lld", c.id), 1);
	tv_str(ctx->data, "rel_error", error);
	return show(ctx, &c, -1, NULL, 400);
}

/* Shows one masked field in clear, once; the reveal is audited first. */
int
page_contact_reveal(struct ctx *ctx)
{
	const char *field = param_get(&ctx->req->form, "field");
	struct contact c;
	int f, rc;

	if ((rc = contact_load(ctx, ctx->ids[0], ACT_VIEW, &c)) <= 0)
		return rc == 0 ? 404 : 503;
	for (f = 0; field != NULL && f < CS__MAX && strcmp(contact_secret_names[f], field) != 0; f++)
		;
	if (field == NULL)
		f = CS__MAX;
	if (f == CS__MAX && custom_view_revealable(ctx, RK_CONTACTS, field))
		f = -1;	/* a custom field */
	else if (f == CS__MAX || rule(ctx, f) != RULE_MASKED)
		return 404;	/* not a field this user may reveal */
	if (contact_open(ctx, &c) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_REVEAL, "contacts", arena_printf(ctx->req->arena, "%lld", c.id),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"field\":\"%s\"}", field)) == -1)
		return 503;
	return show(ctx, &c, f, f == -1 ? field : NULL, 200);
}
