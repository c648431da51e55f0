/* page_accounts.c: owns accounts (companies): /accounts (by name, in the
 * user's record scope, keyset paging, name prefix search, filtered by
 * owner), /accounts/new, /accounts/{id} (tax number and bank account as
 * the field rules allow: hidden from sales by default, visible to
 * finance; its contacts in the user's contact scope; "who can access
 * this"; its activities) and its edit form (version-checked; the
 * sensitive fields only when editable). Deleting, restoring and
 * reassigning are page_record_delete.c's and page_record_owner.c's, as
 * for every record type. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "escape.h"
#include "export.h"
#include "flash.h"
#include "json.h"
#include "list_filter.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_panel.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "session.h"
#include "timeline.h"

#define ACCOUNTS_PER_PAGE 50

enum { AS_TAX, AS_BANK, AS__MAX };

const struct secret_kind account_secrets = {
	"accounts", "account", MOD_ACCOUNTS, AS__MAX, { "tax_id", "bank_account" }, { NULL, NULL },
};

static const struct field_def account_fields[] = {
	{ .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "tax_id", .label = N_("Tax number"), .type = FIELD_TEXT, .max_len = 40 },
	{ .name = "bank_account", .label = N_("Bank account"), .type = FIELD_TEXT, .max_len = 64 },
};
const struct form_def account_form = {
	"account", account_fields, sizeof(account_fields) / sizeof(account_fields[0])
};

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
	const char *q, *an = param_get(&ctx->req->query, "after_name");
	const char *after = param_get(&ctx->req->query, "after");
	struct db_value p[RECORD_SCOPE_PARAMS + 8];
	struct tval *list = tv_list(ctx->data, "accounts");
	struct list_filter f;
	struct db_rows rows;
	size_t shown;
	int rc = list_filter_read(ctx, &accounts_filter_form, MOD_ACCOUNTS, &f);

	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_ACCOUNTS, ACT_CREATE));
	if (rc != 0)
		return rc == 1 ? page_render(ctx, "accounts", 400) : 503;
	q = list_filter_value(&f, "q");
	an = an ? an : "";
	record_scope_bind(ctx, MOD_ACCOUNTS, ACT_VIEW, p);
	p[7] = p[8] = (struct db_value){ .type = DBV_TEXT, .s = q, .len = strlen(q) };
	p[9] = p[10] = (struct db_value){ .type = DBV_INT, .i = f.owner };
	p[11] = p[12] = (struct db_value){ .type = DBV_TEXT, .s = an, .len = strlen(an) };
	p[13] = (struct db_value){ .type = DBV_INT, .i = after ? strtoll(after, NULL, 10) : 0 };
	p[14] = (struct db_value){ .type = DBV_INT, .i = ACCOUNTS_PER_PAGE + 1 };
	if (strpbrk(q, "%_\\") != NULL)
		p[7] = p[8] = (struct db_value){ .type = DBV_TEXT, .s = "\x01", .len = 1 };	/* matches nothing */
	if (db_run(ctx->db, a, STMT_ACCOUNTS_LIST, p, 15, &rows) != DB_OK)
		return 503;
	shown = rows.nrows > ACCOUNTS_PER_PAGE ? ACCOUNTS_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "href", "/accounts/%lld", db_cell_int(&rows, i, 0, 0));
		tv_str(e, "name", db_cell_text(&rows, i, 1));
		tv_str(e, "owner", db_cell_text(&rows, i, 2));
		tv_str(e, "contacts", db_cell_text(&rows, i, 3));
	}
	if (rows.nrows > ACCOUNTS_PER_PAGE)
		tv_str(ctx->data, "next", list_filter_link(ctx, &f, "/accounts",
		    arena_printf(a, "after_name=%s&after=%lld", url_encode(a, db_cell_text(&rows, shown - 1, 1)),
		    db_cell_int(&rows, shown - 1, 0, 0))));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACCOUNTS, ACT_DELETE));
	export_list_links(ctx, "accounts", MOD_ACCOUNTS, q, true);
	return page_render(ctx, "accounts", 200);
}

/* Loads account id within scope for action into rows; 1, 0 or -1. */
static int
load(struct ctx *ctx, long long id, enum rbac_action action, struct db_rows *rows)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };

	record_scope_bind(ctx, MOD_ACCOUNTS, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_GET, p, 1 + RECORD_SCOPE_PARAMS, rows) != DB_OK)
		return -1;
	return rows->nrows == 1;
}

static int
show_contacts(struct ctx *ctx, long long id)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct tval *list = tv_list(ctx->data, "contacts");
	struct db_rows rows;

	record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_CONTACTS, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *c = tv_append_map(list);
		tv_strf(c, "href", "/contacts/%lld", db_cell_int(&rows, i, 0, 0));
		tv_strf(c, "name", "%s %s", db_cell_text(&rows, i, 1), db_cell_text(&rows, i, 2));
	}
	return 0;
}

int
page_account_get(struct ctx *ctx)
{
	static const char *const labels[AS__MAX] = { N_("Tax number"), N_("Bank account") };
	struct tval *fields = tv_list(ctx->data, "fields");
	struct db_rows rows;
	const char *plain[AS__MAX];
	bool broken[AS__MAX];
	long long id = ctx->ids[0];
	int rc = load(ctx, id, ACT_VIEW, &rows);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (secrets_open(ctx, &account_secrets, id, &rows.cells[2], plain, broken) == -1 ||
	    show_contacts(ctx, id) == -1 ||
	    record_panel(ctx, MOD_ACCOUNTS, id, db_cell_text(&rows, 0, 5), db_cell_int(&rows, 0, 6, 0),
	    db_cell_text(&rows, 0, 7)) == -1 || timeline_show(ctx, "account", id) == -1)
		return 503;
	for (int f = 0; f < AS__MAX; f++) {
		struct tval *e;
		if (rule(ctx, f) == RULE_HIDDEN)
			continue;
		e = tv_append_map(fields);
		tv_str(e, "label", labels[f]);
		tv_str(e, "value", broken[f] ? "\u26a0" : rule(ctx, f) == RULE_MASKED && plain[f] ?
		    arena_printf(ctx->req->arena, "%.2s\u2022\u2022\u2022", plain[f]) : plain[f]);
	}
	tv_str(ctx->data, "name", db_cell_text(&rows, 0, 1));
	tv_str(ctx->data, "owner", db_cell_text(&rows, 0, 5));
	tv_str(ctx->data, "updated", db_cell_text(&rows, 0, 9));
	tv_strf(ctx->data, "edit", "/accounts/%lld/edit", id);
	tv_strf(ctx->data, "delete", "/accounts/%lld/delete", id);
	tv_int(ctx->data, "version", db_cell_int(&rows, 0, 8, 0));
	tv_bool(ctx->data, "can_edit", permission_can(ctx, MOD_ACCOUNTS, ACT_EDIT));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_ACCOUNTS, ACT_DELETE));
	audit_view(ctx, "accounts", arena_printf(ctx->req->arena, "%lld", id), 1);
	return page_render(ctx, "account", 200);
}
