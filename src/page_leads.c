/* page_leads.c: owns /leads (the leads in the user's record scope, newest
 * first, filtered by status and owner, searched by name or company
 * prefix or exact email/phone; a search by a field the user sees masked
 * or hidden is refused, search_key.h), creating a lead (/leads/new) and
 * a lead's page (with its email and phone as the field rules allow, "who
 * can access this", the conversion form and its activities). Editing, deleting and converting: page_lead_edit.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "export.h"
#include "json.h"
#include "lead.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_panel.h"
#include "record_scope.h"
#include "search_key.h"
#include "session.h"
#include "timeline.h"

#define LEADS_PER_PAGE 50

const struct field_def lead_fields[] = {
	{ .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "company", .label = N_("Company"), .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	{ .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	{ .name = "status", .label = N_("Status"), .type = FIELD_CHOICE, .choices = lead_statuses },
};
const struct form_def lead_form = { "lead", lead_fields, sizeof(lead_fields) / sizeof(lead_fields[0]) };

static const char *const status_values[] = { "new", "contacted", "qualified", "disqualified", "converted", NULL };
static const char *const status_labels[] = {
	N_("New"), N_("Contacted"), N_("Qualified"), N_("Disqualified"), N_("Converted"),
};

static const struct field_def filter_fields[] = {
	{ .name = "q", .label = N_("Search"), .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "status", .label = N_("Status"), .type = FIELD_CHOICE, .choices = status_values },
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
	struct db_value p[RECORD_SCOPE_PARAMS + 6 + LEAD_SEARCH_PARAMS];
	size_t n = RECORD_SCOPE_PARAMS;
	struct tval *list = tv_list(ctx->data, "leads");
	struct list_filter f;
	struct db_rows rows;
	size_t shown;
	int rc = list_filter_read(ctx, &leads_filter_form, MOD_LEADS, &f);

	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_LEADS, ACT_CREATE));
	if (rc == -1)
		return 503;
	status = list_filter_value(&f, "status");
	list_filter_options(ctx, "statuses", status_values, status_labels, status);
	q = list_filter_value(&f, "q");
	export_list_links(ctx, "leads", MOD_LEADS, q, true);
	if (rc == 1)
		return page_render(ctx, "leads", 400);
	if ((refused = search_refusal(&ctx->user->rights, ctx->req->arena, MOD_LEADS, q)) != NULL) {
		tv_str(ctx->data, "error", refused);
		return page_render(ctx, "leads", 403);
	}
	record_scope_bind(ctx, MOD_LEADS, ACT_VIEW, p);
	p[n] = p[n + 1] = (struct db_value){ .type = DBV_TEXT, .s = status, .len = strlen(status) };
	p[n + 2] = p[n + 3] = (struct db_value){ .type = DBV_INT, .i = f.owner };
	n += 4;
	n += (size_t)lead_search_bind(ctx->req->arena, q, p + n);
	p[n++] = (struct db_value){ .type = DBV_INT, .i = before > 0 ? before : 1LL << 62 };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = LEADS_PER_PAGE + 1 };
	if (db_run(ctx->db, ctx->req->arena, STMT_LEADS_LIST, p, n, &rows) != DB_OK)
		return 503;
	shown = rows.nrows > LEADS_PER_PAGE ? LEADS_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++) {
		struct tval *l = tv_append_map(list);
		tv_strf(l, "href", "/leads/%lld", db_cell_int(&rows, i, 0, 0));
		tv_strf(l, "name", "%s %s", db_cell_text(&rows, i, 1), db_cell_text(&rows, i, 2));
		tv_str(l, "company", db_cell_text(&rows, i, 3));
		tv_str(l, "status", db_cell_text(&rows, i, 4));
		tv_str(l, "owner", db_cell_text(&rows, i, 5));
	}
	if (rows.nrows > LEADS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/leads",
		    arena_printf(ctx->req->arena, "before=%lld", db_cell_int(&rows, shown - 1, 0, 0))));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_LEADS, ACT_DELETE));
	return page_render(ctx, "leads", 200);
}

int
page_lead_new_get(struct ctx *ctx)
{
	tv_str(ctx->data, "action", "/leads/new");
	lead_form_flags(ctx, "new");
	return page_render(ctx, "lead_form", 200);
}

int
page_lead_new_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct form_result r;
	struct db_value p[6], sealed[LS__MAX], bidx[LS__MAX];
	struct db_rows rows;
	const char *plain[LS__MAX], *first, *last, *company, *status;
	long long id;

	if (!csrf_valid(ctx))
		return 403;
	for (int f = 0; f < LS__MAX; f++)
		if (rbac_field_rule(&ctx->user->rights, MOD_LEADS, lead_secrets.columns[f]) != RULE_EDITABLE &&
		    param_get(&ctx->req->form, lead_secrets.columns[f]) != NULL)
			return 403;
	if (form_validate(&lead_form, &ctx->req->form, a, &r) > 0) {
		page_form(ctx, &r);
		tv_str(ctx->data, "action", "/leads/new");
		lead_form_flags(ctx, form_field(&r, "status")->raw);
		return page_render(ctx, "lead_form", 400);
	}
	first = form_field(&r, "first_name")->value;
	last = form_field(&r, "last_name")->value;
	company = form_field(&r, "company")->value ? form_field(&r, "company")->value : "";
	status = form_field(&r, "status")->value ? form_field(&r, "status")->value : lead_statuses[0];
	plain[LS_EMAIL] = form_field(&r, "email")->value;
	plain[LS_PHONE] = form_field(&r, "phone")->value;
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = first, .len = strlen(first) };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = last, .len = strlen(last) };
	p[2] = (struct db_value){ .type = DBV_TEXT, .s = company, .len = strlen(company) };
	p[3] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	p[4] = ctx->user->team_id ? (struct db_value){ .type = DBV_INT, .i = ctx->user->team_id } :
	    (struct db_value){ .type = DBV_NULL };
	p[5] = (struct db_value){ .type = DBV_TEXT, .s = status, .len = strlen(status) };
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, STMT_LEAD_INSERT, p, 6, &rows) != DB_OK)
		goto fail;
	id = (long long)rows.insert_id;
	if (secrets_seal_new(ctx, &lead_secrets, id, plain, sealed, bidx) == -1)
		goto fail;
	p[0] = sealed[LS_EMAIL];
	p[1] = bidx[LS_EMAIL];
	p[2] = sealed[LS_PHONE];
	p[3] = bidx[LS_PHONE];
	p[4] = (struct db_value){ .type = DBV_INT, .i = id };
	if (db_run(ctx->db, a, STMT_LEAD_SET_SECRETS, p, 5, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "leads", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"after\":{\"name\":%s,\"company\":%s,\"status\":%s,\"email\":%s}}",
	    json_quote(a, arena_printf(a, "%s %s", first, last)), json_quote(a, company), json_quote(a, status),
	    json_quote(a, json_mask(a, plain[LS_EMAIL] ? plain[LS_EMAIL] : "")))) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return page_redirect(ctx, arena_printf(a, "/leads/%lld", id));
fail:
	db_rollback(ctx->db);
	return 503;
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
	tv_strf(ctx->data, "name", "%s %s", l.first_name, l.last_name);
	tv_str(ctx->data, "company", l.company);
	tv_str(ctx->data, "status", l.status);
	tv_str(ctx->data, "owner", l.owner);
	tv_str(ctx->data, "updated", l.updated);
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
