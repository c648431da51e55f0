/* page_contacts.c: owns /contacts (the list: within the user's record
 * scope, by last name, 50 a page with keyset paging, a name prefix filter
 * and exact email/phone search through the blind index) and creating a
 * contact (/contacts/new). Fields the user's roles hide are absent from
 * the list, masked ones are shown masked. Listing is audited as a view of
 * that many records (the watcher's baseline for mass reading). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "escape.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"

#define CONTACTS_PER_PAGE 50

const struct field_def contact_fields[] = {
	{ .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	{ .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	{ .name = "address", .label = N_("Address"), .type = FIELD_TEXTAREA, .max_len = 500 },
	{ .name = "birth_date", .label = N_("Birth date"), .type = FIELD_DATE },
};
const struct form_def contact_form = {
	"contact", contact_fields, sizeof(contact_fields) / sizeof(contact_fields[0])
};

/* One list row: names, and the email and phone as the user's rules say. */
static void
add_row(struct ctx *ctx, struct tval *list, const struct db_rows *rows, size_t i)
{
	struct contact c = { .id = db_cell_int(rows, i, 0, 0) };
	struct tval *r = tv_append_map(list);

	c.sealed[CS_EMAIL] = rows->cells[i * rows->ncols + 3];
	c.sealed[CS_PHONE] = rows->cells[i * rows->ncols + 4];
	c.sealed[CS_ADDRESS] = c.sealed[CS_BIRTH_DATE] = (struct db_value){ .type = DBV_NULL };
	contact_open(ctx, &c);
	tv_strf(r, "href", "/contacts/%lld", c.id);
	tv_strf(r, "name", "%s %s", db_cell_text(rows, i, 1), db_cell_text(rows, i, 2));
	tv_str(r, "owner", db_cell_text(rows, i, 5));
	for (int f = CS_EMAIL; f <= CS_PHONE; f++) {
		enum field_rule rule = rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]);
		const char *v = c.broken[f] ? "\u26a0" : c.plain[f];
		if (rule != RULE_HIDDEN)
			tv_str(r, contact_secret_names[f], rule == RULE_MASKED ? contact_mask(ctx->req->arena, f, v) : v);
	}
}

int
page_contacts_get(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	const char *q = param_get(&ctx->req->query, "q"), *after = param_get(&ctx->req->query, "after");
	const char *after_name = param_get(&ctx->req->query, "after_name");
	struct db_value p[RECORD_SCOPE_PARAMS + CONTACT_SEARCH_PARAMS + 4];
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "contacts");
	size_t n = RECORD_SCOPE_PARAMS, shown;

	q = q ? q : "";
	record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p);
	n += contact_search_bind(a, q, p + n);
	after_name = after_name ? after_name : "";
	p[n++] = (struct db_value){ .type = DBV_TEXT, .s = after_name, .len = strlen(after_name) };
	p[n++] = (struct db_value){ .type = DBV_TEXT, .s = after_name, .len = strlen(after_name) };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = after ? strtoll(after, NULL, 10) : 0 };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = CONTACTS_PER_PAGE + 1 };
	if (db_run(ctx->db, a, STMT_CONTACTS_LIST, p, n, &rows) != DB_OK)
		return 503;
	shown = rows.nrows > CONTACTS_PER_PAGE ? CONTACTS_PER_PAGE : rows.nrows;
	for (size_t i = 0; i < shown; i++)
		add_row(ctx, list, &rows, i);
	if (rows.nrows > CONTACTS_PER_PAGE)
		tv_strf(ctx->data, "next", "/contacts?after_name=%s&after=%lld",
		    url_encode(a, db_cell_text(&rows, shown - 1, 2)), db_cell_int(&rows, shown - 1, 0, 0));
	tv_str(ctx->data, "q", q);
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_CONTACTS, ACT_CREATE));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_CONTACTS, ACT_DELETE));
	if (permission_can(ctx, MOD_CONTACTS, ACT_EXPORT))
		tv_strf(ctx->data, "export_href", "/contacts/export%s%s", q[0] ? "?q=" : "", url_encode(a, q));
	tv_bool(ctx->data, "can_import", permission_can(ctx, MOD_CONTACTS, ACT_IMPORT));
	tv_bool(ctx->data, "show_email", rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, "email") != RULE_HIDDEN);
	tv_bool(ctx->data, "show_phone", rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, "phone") != RULE_HIDDEN);
	if (shown > 0)
		audit_ctx(ctx, AUDIT_RECORD_VIEW, "contacts", "list", AUDIT_SUCCESS, (long long)shown, NULL);
	return page_render(ctx, "contacts", 200);
}
