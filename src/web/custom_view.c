/* custom_view.c: owns showing custom fields in forms and on record pages
 * (custom_view.h); formatting and masking are custom_value.c's. */
#include "config.h"

#include <string.h>

#include "custom_view.h"
#include "handler.h"
#include "session.h"
#include "tval.h"

static enum field_rule
rule_of(struct ctx *ctx, const struct custom_field *f)
{
	return rbac_field_rule(&ctx->user->rights, record_decl_of(f->kind)->module, f->rf.def.name);
}

/* The type's input in e: a flag naming the kind of control. */
static void
control(struct tval *e, const struct custom_field *f)
{
	static const char *const flags[CT__MAX] = {
		[CT_TEXT] = "text", [CT_TEXTAREA] = "textarea", [CT_INTEGER] = "integer",
		[CT_DECIMAL] = "decimal", [CT_MONEY] = "decimal", [CT_DATE] = "date",
		[CT_DATETIME] = "datetime", [CT_CHOICE] = "choice", [CT_MULTICHOICE] = "multi",
		[CT_CHECKBOX] = "checkbox", [CT_EMAIL] = "email", [CT_PHONE] = "phone", [CT_URL] = "url",
		[CT_USER] = "user",
	};

	tv_bool(e, flags[f->type], true);
	if (f->type == CT_MONEY && f->currency != NULL)
		tv_str(e, "currency", f->currency);
	if (f->rf.def.max_len > 0)
		tv_int(e, "maxlength", (long long)f->rf.def.max_len);
}

/* The options of a choice: offered ones, and a retired one only when
 * the value holds it. */
static void
options(struct ctx *ctx, struct tval *e, const struct custom_field *f, const char *value)
{
	struct tval *list = tv_list(e, "options");

	for (size_t o = 0; o < f->noptions; o++) {
		const struct custom_option *opt = &f->options[o];
		bool on = custom_codes_have(value, opt->code);
		struct tval *oe;
		if (opt->retired && !on)
			continue;
		oe = tv_append_map(list);
		tv_str(oe, "value", opt->code);
		tv_str(oe, "text", custom_option_label(opt, ctx->lang));
		tv_strf(oe, "name", "%s.%s", f->rf.def.name, opt->code);
		tv_strf(oe, "id", "%s-%s", f->rf.def.name, opt->code);
		tv_bool(oe, "on", on);
	}
}

/* The enabled users of a user field. */
static int
users(struct ctx *ctx, struct tval *e, const char *value)
{
	struct tval *list = tv_list(e, "options");
	struct custom_user *u;
	size_t n;

	if (custom_users(ctx, &u, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *oe = tv_append_map(list);
		tv_strf(oe, "value", "%lld", u[i].id);
		tv_str(oe, "text", u[i].name);
		tv_bool(oe, "on", value != NULL && strcmp(value, tv_get(oe, "value")->s) == 0);
	}
	return 0;
}

/* A custom field in error in the form's error summary
 * (_error_summary.xhtml, after the declared fields of form.errors): a
 * link to its control (a set of boxes: to its message), its label (already
 * in the user's language) and the message. */
static void
summary_error(struct ctx *ctx, struct tval **summary, const struct tval *e,
    const struct custom_input *in)
{
	const struct tval *arg = tv_get(e, "error_arg");
	struct tval *s;

	if (*summary == NULL)
		*summary = tv_list(ctx->data, "custom_errors");
	s = tv_append_map(*summary);
	tv_strf(s, "href", "#%s", in->field->type == CT_MULTICHOICE ?
	    tv_get(e, "error_id")->s : in->field->rf.def.name);
	tv_str(s, "label", tv_get(e, "label")->s);
	tv_str(s, "msg", in->error);
	tv_str(s, "arg", arg != NULL ? arg->s : NULL);
	tv_bool(ctx->data, "error_summary", true);
}

int
custom_view_form(struct ctx *ctx, const struct custom_form *f, const struct custom_values *before)
{
	struct tval *list = tv_list(ctx->data, "custom"), *summary = NULL;

	if (f->error != NULL)
		tv_str(ctx->data, "custom_error", f->error);
	for (size_t i = 0; i < f->n; i++) {
		const struct custom_input *in = &f->in[i];
		const struct custom_field *cf = in->field;
		const char *value = in->raw != NULL ? in->raw : in->text;
		struct tval *e = tv_append_map(list);
		tv_str(e, "name", cf->rf.def.name);
		tv_str(e, "label", custom_label(cf, ctx->lang));
		tv_str(e, "help", custom_help(cf, ctx->lang));
		tv_strf(e, "help_id", "%s-help", cf->rf.def.name);
		tv_strf(e, "error_id", "%s-error", cf->rf.def.name);
		tv_bool(e, "required", cf->required && cf->type != CT_MULTICHOICE && cf->type != CT_CHECKBOX);
		tv_str(e, "value", value);
		tv_bool(e, "checked", value != NULL && strcmp(value, "1") == 0);
		tv_str(e, "error", in->error);
		if (in->error != NULL)
			tv_str(e, "invalid", "true");
		if (custom_help(cf, ctx->lang) != NULL || in->error != NULL)
			tv_strf(e, "described", "%s%s%s", custom_help(cf, ctx->lang) != NULL ?
			    tv_get(e, "help_id")->s : "", custom_help(cf, ctx->lang) != NULL && in->error != NULL ? " " : "",
			    in->error != NULL ? tv_get(e, "error_id")->s : "");
		tv_str(e, "error_arg", form_error_arg(ctx->req->arena, &(struct field_value){
		    .error = in->error, .error_arg = in->error_arg, .error_arg_kind = in->error_arg_kind }));
		if (in->error != NULL)
			summary_error(ctx, &summary, e, in);
		control(e, cf);
		if (cf->type == CT_CHOICE || cf->type == CT_MULTICHOICE)
			options(ctx, e, cf, value);
		else if (cf->type == CT_USER && users(ctx, e, value) == -1)
			return -1;
	}
	if (before != NULL)
		for (size_t i = 0; i < before->n; i++) {
			const struct custom_value *v = &before->v[i];
			struct tval *e;
			if (v->field->retired || rule_of(ctx, v->field) != RULE_READONLY)
				continue;
			e = tv_append_map(tv_list(ctx->data, "custom_readonly"));
			tv_str(e, "label", custom_label(v->field, ctx->lang));
			tv_str(e, "value", custom_display(ctx, v));
		}
	return 0;
}

void
custom_view_values(struct ctx *ctx, const struct custom_values *v, const char *reveal,
    const char *reveal_href)
{
	struct tval *list = tv_list(ctx->data, "custom_values");

	for (size_t i = 0; i < v->n; i++) {
		const struct custom_value *cv = &v->v[i];
		const struct custom_field *f = cv->field;
		enum field_rule r = rule_of(ctx, f);
		const char *shown;
		struct tval *e;
		if (f->retired || r == RULE_HIDDEN)
			continue;
		e = tv_append_map(list);
		tv_str(e, "label", custom_label(f, ctx->lang));
		if (cv->broken) {
			tv_bool(e, "broken", true);
			continue;
		}
		shown = custom_display(ctx, cv);
		if (r == RULE_MASKED && (reveal == NULL || strcmp(reveal, f->rf.def.name) != 0)) {
			tv_str(e, "value", custom_masked(ctx, f, shown));
			if (shown[0] != '\0') {
				tv_str(e, "reveal", reveal_href);
				tv_str(e, "field", f->rf.def.name);
			}
		} else {
			tv_str(e, "value", shown);
			if (f->type == CT_URL)
				tv_str(e, "href", cv->text);
		}
	}
}

bool
custom_view_revealable(struct ctx *ctx, enum record_kind_id k, const char *name)
{
	const struct custom_field *f = custom_field_named(k, name);

	return f != NULL && !f->retired && rule_of(ctx, f) == RULE_MASKED;
}

int
custom_view_form_for(struct ctx *ctx, enum record_kind_id k, long long id, bool searching)
{
	struct custom_values vs;
	struct custom_form f;

	if (custom_fields_of(k, false).n == 0)
		return 0;
	if (id > 0 && custom_values_load(ctx, k, id, &vs) == -1)
		return -1;
	if (id <= 0)
		custom_values_empty(ctx, k, &vs);
	if (ctx->req->method == METHOD_POST) {
		if (custom_form_read(ctx, k, &ctx->req->form, &vs, &f) == -1)
			return -1;
		for (size_t i = 0; searching && i < f.n; i++)
			f.in[i].error = NULL;	/* shown again, not checked */
		if (searching)
			f.error = NULL;
	} else if (id > 0)
		custom_form_of(ctx, &vs, &f);
	else
		custom_form_defaults(ctx, k, &f);
	return custom_view_form(ctx, &f, id > 0 ? &vs : NULL);
}

int
custom_view_read(struct ctx *ctx, enum record_kind_id k, long long id, struct custom_values *before,
    struct custom_form *f)
{
	if (id > 0 && custom_values_load(ctx, k, id, before) == -1)
		return -1;
	if (id <= 0)
		custom_values_empty(ctx, k, before);
	return custom_form_read(ctx, k, &ctx->req->form, before, f);
}

int
custom_view_record(struct ctx *ctx, enum record_kind_id k, long long id, const char *reveal,
    const char *reveal_href)
{
	struct custom_values vs;

	if (custom_fields_of(k, false).n == 0)
		return 0;
	if (custom_values_load(ctx, k, id, &vs) == -1)
		return -1;
	custom_view_values(ctx, &vs, reveal, reveal_href);
	return 0;
}
