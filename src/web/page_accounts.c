/* page_accounts.c: owns accounts (companies): /accounts (by name, in the
 * user's record scope, keyset paging, name prefix search, filtered by
 * owner), /accounts/new, /accounts/{id} (tax number and bank account as
 * the field rules allow: hidden from sales by default, visible to
 * finance; the standard fields, the industry translated; its related
 * lists, page_account_related.c's; "who can access this") and its edit
 * form (version-checked; the sensitive fields only when editable). Deleting, restoring and
 * reassigning are page_record_delete.c's and page_record_owner.c's, as
 * for every record type. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "custom_view.h"
#include "audit.h"
#include "display.h"
#include "escape.h"
#include "export.h"
#include "list_filter.h"
#include "page.h"
#include "page_account_related.h"
#include "pages.h"
#include "permission.h"
#include "page_relations.h"
#include "record_panel.h"
#include "session.h"

#define ACCOUNTS_PER_PAGE 50

/* The label msgid of industry code c, or NULL. */
static const char *
industry_label(const char *c)
{
	for (int i = 0; c && account_industries[i]; i++)
		if (strcmp(c, account_industries[i]) == 0)
			return account_industry_labels[i];
	return NULL;
}

static enum field_rule
rule(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_ACCOUNTS, account_secrets.columns[f]);
}

static const struct field_def filter_fields[] = {
	{ .name = "q", .label = N_("Search"), .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID },
};
const struct form_def accounts_filter_form = {
	"accounts_filter", filter_fields, sizeof(filter_fields) / sizeof(filter_fields[0])
};

int
page_accounts_get(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	const char *an = param_get(&ctx->req->query, "after_name");
	const char *after = param_get(&ctx->req->query, "after");
	struct tval *list = tv_list(ctx->data, "accounts");
	struct account_query q = { .after_name = an ? an : "", .after_id = after ? strtoll(after, NULL, 10) : 0,
	    .limit = ACCOUNTS_PER_PAGE + 1 };
	struct account_page pg;
	struct list_filter f;
	size_t shown;
	int rc = list_filter_read(ctx, &accounts_filter_form, MOD_ACCOUNTS, &f);

	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_ACCOUNTS, ACT_CREATE));
	if (rc != 0)
		return rc == 1 ? page_render(ctx, "accounts", 400) : 503;
	q.prefix = list_filter_value(&f, "q");
	q.owner_id = f.owner;
	if (account_list(ctx, &q, &pg) == -1)
		return 503;
	shown = pg.n > ACCOUNTS_PER_PAGE ? ACCOUNTS_PER_PAGE : pg.n;
	for (size_t i = 0; i < shown; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "href", "/accounts/%lld", pg.items[i].id);
		tv_str(e, "name", pg.items[i].name);
		tv_str(e, "owner", pg.items[i].owner);
		tv_int(e, "contacts", pg.items[i].contacts);
		tv_str(e, "industry", industry_label(pg.items[i].industry));
	}
	if (pg.n > ACCOUNTS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/accounts",
		    arena_printf(a, "after_name=%s&after=%lld", url_encode(a, pg.items[shown - 1].name),
		    pg.items[shown - 1].id)));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACCOUNTS, ACT_DELETE));
	export_list_links(ctx, "accounts", MOD_ACCOUNTS, q.prefix, true);
	return page_render(ctx, "accounts", 200);
}

/* The standard fields that are given, as label and value (industry and
 * the revenue's currency as msgids to translate). */
static void
show_info(struct ctx *ctx, struct tval *fields, const struct account *acc)
{
	static const char *const labels[AI__MAX] = { N_("Industry"), N_("Website"), N_("Phone"),
	    N_("Billing address"), N_("Shipping address"), N_("Employees"), N_("Annual revenue"), NULL };

	for (int f = 0; f < AI_CURRENCY; f++) {
		struct tval *e;
		if (acc->info[f] == NULL)
			continue;
		e = tv_append_map(fields);
		tv_str(e, "label", labels[f]);
		if (f == AI_INDUSTRY)
			tv_str(e, "msg", industry_label(acc->info[f]));
		else if (f == AI_REVENUE)
			tv_strf(e, "value", "%s %s", format_money(ctx->req->arena, strtoll(acc->info[f], NULL, 10)),
			    acc->info[AI_CURRENCY] ? acc->info[AI_CURRENCY] : "");
		else
			tv_str(e, "value", acc->info[f]);
	}
}

int
page_account_get(struct ctx *ctx)
{
	static const char *const labels[AS__MAX] = { N_("Tax number"), N_("Bank account") };
	struct tval *fields = tv_list(ctx->data, "fields");
	struct account acc;
	long long id = ctx->ids[0];
	int rc = account_load(ctx, id, ACT_VIEW, &acc);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (page_account_related(ctx, id) == -1 ||
	    record_panel(ctx, MOD_ACCOUNTS, id, acc.owner, acc.team_id, acc.team) == -1)
		return 503;
	if (account_hierarchy_show(ctx, id, acc.name) == -1 || account_related_contacts_show(ctx, id) == -1 ||
	    custom_view_record(ctx, RK_ACCOUNTS, id, NULL, NULL) == -1)
		return 503;
	show_info(ctx, fields, &acc);
	for (int f = 0; f < AS__MAX; f++) {
		struct tval *e;
		if (rule(ctx, f) == RULE_HIDDEN)
			continue;
		e = tv_append_map(fields);
		tv_str(e, "label", labels[f]);
		tv_str(e, "value", acc.broken[f] ? "\u26a0" : rule(ctx, f) == RULE_MASKED && acc.plain[f] ?
		    arena_printf(ctx->req->arena, "%.2s\u2022\u2022\u2022", acc.plain[f]) : acc.plain[f]);
	}
	tv_str(ctx->data, "name", acc.name);
	tv_str(ctx->data, "owner", acc.owner);
	tv_str(ctx->data, "updated", display_datetime(ctx, acc.updated));
	tv_strf(ctx->data, "edit", "/accounts/%lld/edit", id);
	tv_strf(ctx->data, "delete", "/accounts/%lld/delete", id);
	tv_int(ctx->data, "version", acc.version);
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_ACCOUNTS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACCOUNTS, ACT_DELETE));
	audit_view(ctx, "accounts", arena_printf(ctx->req->arena, "%lld", id), 1);
	return page_render(ctx, "account", 200);
}
