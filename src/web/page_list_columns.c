/* page_list_columns.c: owns /contacts/columns: the user chooses which
 * custom fields the contact list shows as columns (up to eight, the ones
 * their field rules let them see), saved on the user (user_list_columns)
 * with an audit record. Any user who may view contacts may choose. */
#include "config.h"

#include <string.h>

#include "custom_value.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "session.h"

/* The page; error: the refused choice is shown again as sent, every box
 * marked and the first linked from the error summary. */
static int
show(struct ctx *ctx, enum record_kind_id k, const char *error, int status)
{
	const char *first = NULL;
	const struct custom_field *chosen[CUSTOM_PAGE_FIELDS];
	struct custom_set s = custom_fields_of(k, false);
	struct tval *list = tv_list(ctx->data, "fields");
	size_t n;

	if (custom_list_columns(ctx, k, chosen, &n) == -1)
		return 503;
	for (size_t i = 0; i < s.n; i++) {
		const struct custom_field *f = s.fields[i];
		struct tval *e;
		bool on = false;
		if (rbac_field_rule(&ctx->user->rights, record_decl_of(k)->module, f->rf.def.name) == RULE_HIDDEN)
			continue;
		for (size_t c = 0; c < n; c++)
			on = on || chosen[c] == f;
		if (error != NULL)
			on = param_get(&ctx->req->form, f->rf.def.name) != NULL;
		if (first == NULL)
			first = f->rf.def.name;
		e = tv_append_map(list);
		tv_str(e, "name", f->rf.def.name);
		tv_str(e, "label", custom_label(f, ctx->lang));
		tv_bool(e, "on", on);
	}
	if (error != NULL) {
		tv_str(ctx->data, "error", error);
		if (first != NULL)
			page_error_field(ctx, "columns", first, N_("Columns"), error, "columns-error");
	}
	tv_int(ctx->data, "max", CUSTOM_PAGE_FIELDS);
	tv_str(ctx->data, "list", "/contacts");
	return page_render(ctx, "list_columns", status);
}

int
page_contact_columns_get(struct ctx *ctx)
{
	return show(ctx, RK_CONTACTS, NULL, 200);
}

int
page_contact_columns_post(struct ctx *ctx)
{
	struct custom_set s = custom_fields_of(RK_CONTACTS, false);
	const char **names = arena_alloc(ctx->req->arena, sizeof(*names) * (s.n + 1));
	size_t n = 0;

	for (size_t i = 0; i < s.n; i++)
		if (param_get(&ctx->req->form, s.fields[i]->rf.def.name) != NULL)
			names[n++] = s.fields[i]->rf.def.name;
	if (n > CUSTOM_PAGE_FIELDS) {
		return show(ctx, RK_CONTACTS, N_("Choose at most eight columns."), 400);
	}
	if (custom_list_columns_save(ctx, RK_CONTACTS, names, n) == -1)
		return 503;
	return page_redirect(ctx, "/contacts");
}
