/* page_admin_fields.c: owns /admin/fields (module admin.settings): the
 * custom fields of accounts, contacts, leads and deals. The list of a
 * family's fields (?family=) with moving up and down, retiring and
 * restoring, and the form adding one; /admin/fields/{id}, one field's
 * labels, help, required, default and personal-data class, and its
 * options (choice fields): adding, renaming, moving, retiring and
 * restoring them. Forms are checked here; the rules that need the
 * database, the writes and their audit records are custom_field_store.c's.
 * Every form carries the field's version: a field changed since the page
 * was opened is a 409 showing the current state. */
#include "config.h"

#include <string.h>

#include "custom_field_store.h"
#include "deal.h"
#include "flash.h"
#include "i18n.h"
#include "page.h"
#include "pages.h"

#define MSG_STALE N_("Someone changed this field after you opened the page. The current state is shown; make your change again.")
#define MSG_FORM N_("Some fields are not filled in correctly: see the messages below.")
#define MSG_FAMILY N_("Custom fields exist for accounts, contacts, leads and deals only.")
#define MSG_CODE N_("An option code is 1 to 64 lower-case letters, digits or underscores.")

static const struct field_def text_fields[] = {
	{ .name = "label_en", .label = N_("Label (English)"), .type = FIELD_TEXT, .required = true,
	  .max_len = CF_LABEL_MAX },
	{ .name = "label_zh", .label = N_("Label (Chinese)"), .type = FIELD_TEXT, .max_len = CF_LABEL_MAX },
	{ .name = "help_en", .label = N_("Help (English)"), .type = FIELD_TEXT, .max_len = CF_HELP_MAX },
	{ .name = "help_zh", .label = N_("Help (Chinese)"), .type = FIELD_TEXT, .max_len = CF_HELP_MAX },
	{ .name = "required", .label = N_("Required"), .type = FIELD_BOOL },
	{ .name = "default_value", .label = N_("Default value"), .type = FIELD_TEXT, .max_len = CF_DEFAULT_MAX },
	{ .name = "personal", .label = N_("Personal data"), .type = FIELD_CHOICE, .required = true,
	  .choices = cf_personals },
	/* Only on the form adding a field: */
	{ .name = "family", .label = N_("Record family"), .type = FIELD_CHOICE, .required = true,
	  .choices = cf_families },
	{ .name = "type", .label = N_("Type"), .type = FIELD_CHOICE, .required = true, .choices = custom_type_names },
	{ .name = "protect", .label = N_("Protection"), .type = FIELD_CHOICE, .required = true,
	  .choices = cf_protects },
	{ .name = "currency", .label = N_("Currency"), .type = FIELD_CHOICE, .choices = deal_currencies },
};
#define EDIT_FIELDS 7	/* the first ones: what an edit may change */
static const struct form_def new_form = { "custom_field", text_fields, sizeof(text_fields) / sizeof(text_fields[0]) };
static const struct form_def edit_form = { "custom_field_edit", text_fields, EDIT_FIELDS };

static const struct field_def option_fields[] = {
	{ .name = "code", .label = N_("Code"), .type = FIELD_TEXT, .required = true, .max_len = 64,
	  .pattern = "[a-z0-9_]{1,64}", .pattern_msg = MSG_CODE },
	{ .name = "label_en", .label = N_("Label (English)"), .type = FIELD_TEXT, .required = true,
	  .max_len = CF_LABEL_MAX },
	{ .name = "label_zh", .label = N_("Label (Chinese)"), .type = FIELD_TEXT, .max_len = CF_LABEL_MAX },
};
static const struct form_def option_form = { "custom_field_option", option_fields, 3 };
static const struct form_def option_code_form = { "custom_field_option_code", option_fields, 1 };

/* The text of lang, else the English one. */
static const char *
in_lang(const struct ctx *ctx, const char *const label[CF_LANGS])
{
	return ctx->lang == LANG_ZH_CN && label[CF_LANG_ZH] && *label[CF_LANG_ZH] ? label[CF_LANG_ZH] :
	    label[CF_LANG_EN];
}

static void
choice_list(struct tval *map, const char *key, const char *const *codes, const char *(*label)(const char *),
    const char *cur)
{
	struct tval *l = tv_list(map, key);

	for (int i = 0; codes[i]; i++) {
		struct tval *o = tv_append_map(l);
		tv_str(o, "value", codes[i]);
		tv_str(o, "label", label ? label(codes[i]) : codes[i]);
		tv_bool(o, "selected", cur && strcmp(cur, codes[i]) == 0);
	}
}

/* The family of the request: ?family= on the list, the form's on a
 * post; NULL when it is not one of cf_families. */
static const char *
family_of(const char *v)
{
	for (int i = 0; cf_families[i]; i++)
		if (v && strcmp(v, cf_families[i]) == 0)
			return cf_families[i];
	return NULL;
}

static void
show_field(struct ctx *ctx, struct tval *list, const struct cf_def *f, bool first, bool last)
{
	struct tval *t = tv_append_map(list);

	tv_str(t, "label", in_lang(ctx, f->label));
	tv_str(t, "type", cf_type_label(f->type));
	tv_str(t, "protect", cf_protect_label(f->protect));
	tv_str(t, "personal", cf_personal_label(f->personal));
	tv_bool(t, "required", f->required);
	tv_bool(t, "retired", f->retired);
	tv_str(t, "currency", f->currency);
	tv_strf(t, "href", "/admin/fields/%lld", f->id);
	tv_strf(t, "move", "/admin/fields/%lld/move", f->id);
	tv_strf(t, "retire", "/admin/fields/%lld/retire", f->id);
	tv_strf(t, "restore", "/admin/fields/%lld/restore", f->id);
	tv_int(t, "version", f->version);
	tv_bool(t, "up", !first);
	tv_bool(t, "down", !last);
}

/* The list page of family with the form adding a field; r is a refused
 * form to show again (NULL: an empty one). */
static int
show_list(struct ctx *ctx, const char *family, const struct form_result *r, const char *error, int status)
{
	struct tval *fams = tv_list(ctx->data, "families"), *list = tv_list(ctx->data, "fields");
	struct cf_def *f;
	size_t n, live = 0;

	if (cf_store_list(ctx, family, &f, &n) == -1)
		return 503;
	for (int i = 0; cf_families[i]; i++) {
		struct tval *m = tv_append_map(fams);
		tv_strf(m, "href", "/admin/fields?family=%s", cf_families[i]);
		tv_str(m, "label", cf_family_label(cf_families[i]));
		if (cf_families[i] == family)
			tv_str(m, "current", "page");
	}
	for (size_t i = 0; i < n; i++) {
		show_field(ctx, list, &f[i], i == 0, i + 1 == n);
		live += !f[i].retired;
	}
	tv_str(ctx->data, "family", family);
	tv_str(ctx->data, "family_label", cf_family_label(family));
	tv_strf(ctx->data, "count", "%zu", live);
	if (r != NULL)
		page_form(ctx, r);
	choice_list(ctx->data, "types", custom_type_names, cf_type_label, r ? form_field(r, "type")->raw : "text");
	choice_list(ctx->data, "protects", cf_protects, cf_protect_label, r ? form_field(r, "protect")->raw : "plain");
	choice_list(ctx->data, "personals", cf_personals, cf_personal_label,
	    r ? form_field(r, "personal")->raw : "none");
	choice_list(ctx->data, "currencies", deal_currencies, NULL, r ? form_field(r, "currency")->raw : NULL);
	tv_bool(ctx->data, "required", r && form_field(r, "required")->i);
	if (error)
		tv_str(ctx->data, "error", error);
	return page_render(ctx, "admin_fields", status);
}

int
page_admin_fields_get(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->query, "family");
	const char *family = v ? family_of(v) : "contacts";

	if (family == NULL)
		return 404;
	return show_list(ctx, family, NULL, NULL, 200);
}

/* The texts of r into d. */
static void
read_texts(const struct form_result *r, struct cf_def *d)
{
	d->label[CF_LANG_EN] = form_field(r, "label_en")->value;
	d->label[CF_LANG_ZH] = form_field(r, "label_zh")->value;
	d->help[CF_LANG_EN] = form_field(r, "help_en")->value;
	d->help[CF_LANG_ZH] = form_field(r, "help_zh")->value;
	d->required = form_field(r, "required")->i != 0;
	d->default_value = form_field(r, "default_value")->value;
	d->personal = form_field(r, "personal")->value;
}

int
page_admin_field_create(struct ctx *ctx)
{
	struct form_result r;
	struct cf_def d = { 0 };
	const char *family = family_of(param_get(&ctx->req->form, "family")), *msg = NULL;
	long long id;
	enum cf_result rc;

	if (form_validate(&new_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_list(ctx, family ? family : "contacts", &r, family ? MSG_FORM : MSG_FAMILY, 400);
	read_texts(&r, &d);
	d.family = family;
	d.type = form_field(&r, "type")->value;
	d.protect = form_field(&r, "protect")->value;
	d.currency = strcmp(d.type, "money") == 0 ? form_field(&r, "currency")->value : NULL;
	rc = cf_store_create(ctx, &d, &id, &msg);
	if (rc == CF_ERROR)
		return 503;
	if (rc != CF_OK)
		return show_list(ctx, family, &r, msg, 400);
	flash_set(ctx, FLASH_RECORD_SAVED);
	if (cf_type_has_options(d.type))	/* next: its options */
		return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/fields/%lld#options", id));
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/fields?family=%s", family));
}

/* --- one field ----------------------------------------------------- */

static void
show_options(struct ctx *ctx, const struct cf_def *d)
{
	struct tval *list = tv_list(ctx->data, "options");
	struct cf_option *o;
	size_t n;

	if (cf_store_options(ctx, d->id, &o, &n) == -1)
		return;
	for (size_t i = 0; i < n; i++) {
		struct tval *t = tv_append_map(list);
		tv_str(t, "code", o[i].code);
		tv_str(t, "label_en", o[i].label[CF_LANG_EN]);
		tv_str(t, "label_zh", o[i].label[CF_LANG_ZH]);
		tv_str(t, "label", in_lang(ctx, o[i].label));
		tv_bool(t, "retired", o[i].retired);
		tv_bool(t, "up", i > 0);
		tv_bool(t, "down", i + 1 < n);
		tv_strf(t, "update", "/admin/fields/%lld/options/update", d->id);
		tv_strf(t, "move", "/admin/fields/%lld/options/move", d->id);
		tv_strf(t, "retire", "/admin/fields/%lld/options/retire", d->id);
		tv_strf(t, "restore", "/admin/fields/%lld/options/restore", d->id);
	}
	tv_strf(ctx->data, "options_action", "/admin/fields/%lld/options", d->id);
	tv_strf(ctx->data, "option_count", "%zu", n);
	tv_bool(ctx->data, "options_full", n >= CF_OPTIONS_MAX);
}

/* The page of field id; r a refused edit form to show again (NULL:
 * the stored values), o a refused option form. */
static int
show_field_page(struct ctx *ctx, long long id, const struct form_result *r, const struct form_result *o,
    const char *error, int status)
{
	struct tval *d = ctx->data, *f = tv_child(d, "field");
	struct cf_def def;
	int rc = cf_store_get(ctx, id, &def);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	tv_str(f, "label", in_lang(ctx, def.label));
	tv_str(f, "type", cf_type_label(def.type));
	tv_str(f, "protect", cf_protect_label(def.protect));
	tv_str(f, "currency", def.currency);
	tv_bool(f, "retired", def.retired);
	tv_bool(f, "choices", cf_type_has_options(def.type));
	tv_int(d, "version", def.version);
	tv_strf(d, "action", "/admin/fields/%lld", id);
	tv_strf(d, "retire", "/admin/fields/%lld/retire", id);
	tv_strf(d, "restore", "/admin/fields/%lld/restore", id);
	tv_strf(d, "back", "/admin/fields?family=%s", def.family);
	tv_str(d, "family_label", cf_family_label(def.family));
	if (r != NULL)
		page_form(ctx, r);
	else {
		struct tval *fm = tv_child(d, "form");
		tv_str(tv_child(fm, "label_en"), "value", def.label[CF_LANG_EN]);
		tv_str(tv_child(fm, "label_zh"), "value", def.label[CF_LANG_ZH]);
		tv_str(tv_child(fm, "help_en"), "value", def.help[CF_LANG_EN]);
		tv_str(tv_child(fm, "help_zh"), "value", def.help[CF_LANG_ZH]);
		tv_str(tv_child(fm, "default_value"), "value", def.default_value);
	}
	tv_bool(d, "required", r ? form_field(r, "required")->i != 0 : def.required);
	choice_list(d, "personals", cf_personals, cf_personal_label,
	    r ? form_field(r, "personal")->raw : def.personal);
	if (o != NULL)
		page_form_in(ctx, o, "new_option", "opt-");
	if (def.type && cf_type_has_options(def.type))
		show_options(ctx, &def);
	if (error)
		tv_str(d, "error", error);
	return page_render(ctx, "admin_field", status);
}

int
page_admin_field_get(struct ctx *ctx)
{
	return show_field_page(ctx, ctx->ids[0], NULL, NULL, NULL, 200);
}

/* The version the form showed (0 when missing: never a stored one). */
static long long
version_of(struct ctx *ctx)
{
	return form_id_parse(param_get(&ctx->req->form, "version"), FORM_ID_MAX_U32);
}

/* Answers a write's outcome on the field's page (back is where a
 * success goes). */
static int
answer(struct ctx *ctx, enum cf_result rc, const char *msg, const char *back, bool list_page)
{
	const char *family = NULL;
	struct cf_def d;

	switch (rc) {
	case CF_OK:
		flash_set(ctx, FLASH_RECORD_SAVED);
		return page_redirect(ctx, back);
	case CF_MISSING:
		return 404;
	case CF_ERROR:
		return 503;
	default:
		break;
	}
	if (list_page) {
		if (cf_store_get(ctx, ctx->ids[0], &d) != 1)
			return 503;
		family = family_of(d.family);
		return show_list(ctx, family ? family : "contacts", NULL, rc == CF_STALE ? MSG_STALE : msg,
		    rc == CF_STALE ? 409 : 400);
	}
	return show_field_page(ctx, ctx->ids[0], NULL, NULL, rc == CF_STALE ? MSG_STALE : msg,
	    rc == CF_STALE ? 409 : 400);
}

static const char *
here(struct ctx *ctx)
{
	return arena_printf(ctx->req->arena, "/admin/fields/%lld", ctx->ids[0]);
}

static const char *
list_of(struct ctx *ctx)
{
	struct cf_def d;

	return cf_store_get(ctx, ctx->ids[0], &d) == 1 ?
	    arena_printf(ctx->req->arena, "/admin/fields?family=%s", d.family) : "/admin/fields";
}

int
page_admin_field_update(struct ctx *ctx)
{
	struct form_result r;
	struct cf_def d = { .id = ctx->ids[0], .version = version_of(ctx) };
	const char *msg = NULL;
	int rc;

	if ((rc = cf_store_get(ctx, d.id, &(struct cf_def){ 0 })) <= 0)
		return rc == 0 ? 404 : 503;
	if (form_validate(&edit_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return show_field_page(ctx, d.id, &r, NULL, MSG_FORM, 400);
	read_texts(&r, &d);
	rc = cf_store_update(ctx, &d, &msg);
	if (rc == CF_REFUSED)
		return show_field_page(ctx, d.id, &r, NULL, msg, 400);
	return answer(ctx, rc, msg, here(ctx), false);
}

/* up or down from the form: -1, +1, or 0 when neither. */
static int
direction(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "dir");

	return v && strcmp(v, "up") == 0 ? -1 : v && strcmp(v, "down") == 0 ? 1 : 0;
}

int
page_admin_field_move(struct ctx *ctx)
{
	const char *msg = NULL;
	enum cf_result rc;
	int dir = direction(ctx);

	if (dir == 0)
		return 400;
	rc = cf_store_move(ctx, ctx->ids[0], version_of(ctx), dir, &msg);
	return answer(ctx, rc, msg, list_of(ctx), true);
}

static int
retire(struct ctx *ctx, bool yes)
{
	const char *msg = NULL;
	bool from_list = param_get(&ctx->req->form, "from") && strcmp(param_get(&ctx->req->form, "from"), "list") == 0;
	enum cf_result rc = cf_store_retire(ctx, ctx->ids[0], version_of(ctx), yes, &msg);

	return answer(ctx, rc, msg, from_list ? list_of(ctx) : here(ctx), from_list);
}

int page_admin_field_retire(struct ctx *ctx) { return retire(ctx, true); }
int page_admin_field_restore(struct ctx *ctx) { return retire(ctx, false); }

/* --- options ------------------------------------------------------- */

static const char *
options_here(struct ctx *ctx)
{
	return arena_printf(ctx->req->arena, "/admin/fields/%lld#options", ctx->ids[0]);
}

/* Reads an option form (labels when with_labels); 1 when refused (the
 * page is answered into *status), 0 with o filled. */
static int
read_option(struct ctx *ctx, struct cf_option *o, bool with_labels, int *status)
{
	struct form_result r;
	int rc;

	if ((rc = cf_store_get(ctx, ctx->ids[0], &(struct cf_def){ 0 })) <= 0) {
		*status = rc == 0 ? 404 : 503;
		return 1;
	}
	if (form_validate(with_labels ? &option_form : &option_code_form, &ctx->req->form, ctx->req->arena,
	    &r) > 0) {
		*status = show_field_page(ctx, ctx->ids[0], NULL, with_labels ? &r : NULL,
		    with_labels ? MSG_FORM : MSG_CODE, 400);
		return 1;
	}
	*o = (struct cf_option){ .code = form_field(&r, "code")->value };
	if (with_labels) {
		o->label[CF_LANG_EN] = form_field(&r, "label_en")->value;
		o->label[CF_LANG_ZH] = form_field(&r, "label_zh")->value;
	}
	return 0;
}

int
page_admin_field_option_add(struct ctx *ctx)
{
	struct cf_option o;
	const char *msg = NULL;
	enum cf_result rc;
	int status;

	if (read_option(ctx, &o, true, &status))
		return status;
	rc = cf_store_option_add(ctx, ctx->ids[0], version_of(ctx), &o, &msg);
	return answer(ctx, rc, msg, options_here(ctx), false);
}

int
page_admin_field_option_update(struct ctx *ctx)
{
	struct cf_option o;
	const char *msg = NULL;
	enum cf_result rc;
	int status;

	if (read_option(ctx, &o, true, &status))
		return status;
	rc = cf_store_option_update(ctx, ctx->ids[0], version_of(ctx), &o, &msg);
	return answer(ctx, rc, msg, options_here(ctx), false);
}

int
page_admin_field_option_move(struct ctx *ctx)
{
	struct cf_option o;
	const char *msg = NULL;
	enum cf_result rc;
	int status, dir = direction(ctx);

	if (read_option(ctx, &o, false, &status))
		return status;
	if (dir == 0)
		return 400;
	rc = cf_store_option_move(ctx, ctx->ids[0], version_of(ctx), o.code, dir, &msg);
	return answer(ctx, rc, msg, options_here(ctx), false);
}

static int
option_retire(struct ctx *ctx, bool yes)
{
	struct cf_option o;
	const char *msg = NULL;
	enum cf_result rc;
	int status;

	if (read_option(ctx, &o, false, &status))
		return status;
	rc = cf_store_option_retire(ctx, ctx->ids[0], version_of(ctx), o.code, yes, &msg);
	return answer(ctx, rc, msg, options_here(ctx), false);
}

int page_admin_field_option_retire(struct ctx *ctx) { return option_retire(ctx, true); }
int page_admin_field_option_restore(struct ctx *ctx) { return option_retire(ctx, false); }
