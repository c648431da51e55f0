/* page_leads.c: owns /leads (the leads in the user's record scope, newest
 * first, filtered by status and owner, searched by name or company
 * prefix or exact email/phone, filtered by source and rating too; a search by a field the user sees masked
 * or hidden is refused, search_key.h), creating a lead (/leads/new) and
 * a lead's page (with its title, source and rating, its email and phone as the field rules allow, "who
 * can access this", the conversion form and its activities). Editing, deleting and converting: page_lead_edit.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "display.h"
#include "export.h"
#include "custom_view.h"
#include "lead.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_panel.h"
#include "record_decl.h"
#include "search_key.h"
#include "session.h"
#include "timeline.h"

#define LEADS_PER_PAGE 50

static const struct form_def *
form(void)
{
	return record_form(record_decl_of(RK_LEADS));
}

static const char *const status_values[] = { "new", "contacted", "qualified", "disqualified", "converted", NULL };
static const char *const status_labels[] = {
	N_("New"), N_("Contacted"), N_("Qualified"), N_("Disqualified"), N_("Converted"),
};

/* A status code's label in the page's language, in the context "lead
 * status" ("New" is also a button), or the code itself when unknown. */
static const char *
status_label(struct ctx *ctx, const char *code)
{
	const char *l = record_code_label(status_values, status_labels, code);

	return l != NULL ? i18n_get(ctx->lang, "lead status", l) : code;
}

static const struct field_def filter_fields[] = {
	{ .name = "q", .label = N_("Search"), .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "status", .label = N_("Status"), .type = FIELD_CHOICE, .choices = status_values },
	{ .name = "source", .label = N_("Source"), .type = FIELD_CHOICE, .choices = lead_sources },
	{ .name = "rating", .label = N_("Rating"), .type = FIELD_CHOICE, .choices = lead_ratings },
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID },
};
const struct form_def leads_filter_form = {
	"leads_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

int
page_leads_get(struct ctx *ctx)
{
	const char *b = param_get(&ctx->req->query, "before"), *status, *q, *refused;
	long long before = b ? strtoll(b, NULL, 10) : 0;
	struct lead_query lq = { .before = before > 0 ? before : 1LL << 62, .limit = LEADS_PER_PAGE + 1 };
	struct lead_page pg;
	struct tval *list = tv_list(ctx->data, "leads");
	struct list_filter f;
	size_t shown;
	int rc = list_filter_read(ctx, &leads_filter_form, MOD_LEADS, &f);

	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_LEADS, ACT_CREATE));
	if (rc == -1)
		return 503;
	status = list_filter_value(&f, "status");
	list_filter_options(ctx, "statuses", status_values, status_labels, status);
	lq.source = list_filter_value(&f, "source");
	lq.rating = list_filter_value(&f, "rating");
	list_filter_options(ctx, "sources", lead_sources, lead_source_labels, lq.source);
	list_filter_options(ctx, "ratings", lead_ratings, lead_rating_labels, lq.rating);
	q = list_filter_value(&f, "q");
	export_list_links(ctx, "leads", MOD_LEADS, q, true);
	if (rc == 1)
		return page_render(ctx, "leads", 400);
	if ((refused = search_refusal(&ctx->user->rights, ctx->req->arena, MOD_LEADS, q)) != NULL) {
		tv_str(ctx->data, "error", refused);
		return page_render(ctx, "leads", 403);
	}
	lq.status = status;
	lq.q = q;
	lq.owner_id = f.owner;
	if (lead_list(ctx, &lq, &pg) == -1)
		return 503;
	shown = pg.n > LEADS_PER_PAGE ? LEADS_PER_PAGE : pg.n;
	for (size_t i = 0; i < shown; i++) {
		struct tval *l = tv_append_map(list);
		tv_strf(l, "href", "/leads/%lld", pg.items[i].id);
		tv_str(l, "name", display_person(ctx, pg.items[i].first_name, pg.items[i].last_name));
		tv_str(l, "company", pg.items[i].company);
		tv_str(l, "status", status_label(ctx, pg.items[i].status));
		tv_str(l, "source", record_code_label(lead_sources, lead_source_labels, pg.items[i].source));
		tv_str(l, "rating", record_code_label(lead_ratings, lead_rating_labels, pg.items[i].rating));
		tv_str(l, "owner", pg.items[i].owner);
	}
	if (pg.n > LEADS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/leads",
		    arena_printf(ctx->req->arena, "before=%lld", pg.items[shown - 1].id)));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_LEADS, ACT_DELETE));
	return page_render(ctx, "leads", 200);
}

int
page_lead_new_get(struct ctx *ctx)
{
	tv_str(ctx->data, "action", "/leads/new");
	lead_form_flags(ctx, "new");
	lead_form_choices(ctx, NULL, NULL);
	if (custom_view_form_for(ctx, RK_LEADS, 0, false) == -1)
		return 503;
	return page_render(ctx, "lead_form", 200);
}

int
page_lead_new_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct custom_values before;
	struct custom_form custom;
	struct form_result r;
	struct lead_values v;
	long long id;
	int bad;

	for (int f = 0; f < LS__MAX; f++)
		if (!lead_editable(ctx, f) && param_get(&ctx->req->form, lead_secrets.columns[f]) != NULL)
			return 403;
	if ((bad = custom_view_read(ctx, RK_LEADS, 0, &before, &custom)) == -1)
		return 503;
	if (form_validate(form(), &ctx->req->form, a, &r) > 0 || bad > 0) {
		if (custom_view_form_for(ctx, RK_LEADS, 0, false) == -1)
			return 503;
		page_form(ctx, &r);
		tv_str(ctx->data, "action", "/leads/new");
		lead_form_flags(ctx, form_field(&r, "status")->raw);
		lead_form_choices(ctx, form_field(&r, "source")->raw, form_field(&r, "rating")->raw);
		return page_render(ctx, "lead_form", 400);
	}
	v = (struct lead_values){ .first_name = form_field(&r, "first_name")->value,
	    .last_name = form_field(&r, "last_name")->value,
	    .company = form_field(&r, "company")->value ? form_field(&r, "company")->value : "",
	    .status = form_field(&r, "status")->value ? form_field(&r, "status")->value : lead_statuses[0],
	    .title = form_field(&r, "title")->value, .source = form_field(&r, "source")->value,
	    .rating = form_field(&r, "rating")->value };
	v.plain[LS_EMAIL] = form_field(&r, "email")->value;
	v.plain[LS_PHONE] = form_field(&r, "phone")->value;
	v.custom = &custom;
	v.custom_before = &before;
	if (lead_create(ctx, &v, &id) != 1)
		return 503;
	return page_redirect(ctx, arena_printf(a, "/leads/%lld", id));
}

int
page_lead_get(struct ctx *ctx)
{
	static const char *const labels[LS__MAX] = { N_("Email"), N_("Phone") };
	struct tval *fields = tv_list(ctx->data, "fields");
	struct lead l;
	int rc = lead_load(ctx, ctx->ids[0], ACT_VIEW, &l);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	tv_str(ctx->data, "name", display_person(ctx, l.first_name, l.last_name));
	tv_str(ctx->data, "company", l.company);
	tv_str(ctx->data, "status", status_label(ctx, l.status));
	tv_str(ctx->data, "title", l.title);
	tv_str(ctx->data, "source", record_code_label(lead_sources, lead_source_labels, l.source));
	tv_str(ctx->data, "rating", record_code_label(lead_ratings, lead_rating_labels, l.rating));
	tv_str(ctx->data, "owner", l.owner);
	tv_str(ctx->data, "updated", display_datetime(ctx, l.updated));
	if (custom_view_record(ctx, RK_LEADS, l.id, NULL, NULL) == -1)
		return 503;
	for (int f = 0; f < LS__MAX; f++) {
		enum field_rule rule = rbac_field_rule(&ctx->user->rights, MOD_LEADS, lead_secrets.columns[f]);
		struct tval *e;
		if (rule == RULE_HIDDEN)
			continue;
		e = tv_append_map(fields);
		tv_str(e, "label", labels[f]);
		tv_str(e, "value", rule == RULE_MASKED ? contact_mask(ctx->req->arena, (enum contact_secret)f,
		    l.plain[f]) : l.plain[f]);
	}
	tv_strf(ctx->data, "edit", "/leads/%lld/edit", l.id);
	tv_strf(ctx->data, "convert", "/leads/%lld/convert", l.id);
	tv_strf(ctx->data, "delete", "/leads/%lld/delete", l.id);
	tv_int(ctx->data, "version", l.version);
	if (l.deal_id)
		tv_strf(ctx->data, "deal", "/deals/%lld", l.deal_id);
	tv_bool(ctx->data, "open", strcmp(l.status, "converted") != 0);
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_LEADS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_LEADS, ACT_DELETE));
	if (record_panel(ctx, MOD_LEADS, l.id, l.owner, l.team_id, l.team) == -1 ||
	    timeline_show(ctx, "lead", l.id) == -1)
		return 503;
	audit_view(ctx, "leads", arena_printf(ctx->req->arena, "%lld", l.id), 1);
	return page_render(ctx, "lead", 200);
}
