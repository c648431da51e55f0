/* custom_form.c: owns reading and checking the custom fields of a
 * submitted form (custom_value.h: custom_form_read, the defaults and a
 * record's values as a form): only fields the user may edit, every value
 * checked as its type says, options retired since the form was opened
 * and fields retired meanwhile refused. Nothing here writes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custom_value.h"
#include "handler.h"
#include "session.h"
#include "stmt.h"

#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")
#define MSG_OPTION_GONE N_("This option is no longer offered. Choose another one.")
#define MSG_NO_USER N_("There is no such user.")
#define MSG_DATETIME N_("Enter a date and time as YYYY-MM-DDTHH:MM.")

int
custom_users(struct ctx *ctx, struct custom_user **out, size_t *n)
{
	struct custom_users_out o;

	*n = 0;
	if (stmt_custom_users(ctx->db, ctx->req->arena, &(struct custom_users_in){ 0 }, &o) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (o.n + 1));
	for (size_t i = 0; i < o.n; i++)
		(*out)[i] = (struct custom_user){ .id = o.rows[i].id, .name = o.rows[i].username };
	*n = o.n;
	return 0;
}

static bool
editable(struct ctx *ctx, const struct custom_field *f)
{
	return rbac_field_rule(&ctx->user->rights, record_decl_of(f->kind)->module, f->rf.def.name) ==
	    RULE_EDITABLE;
}

/* Whether before holds option code in f's value already. */
static bool
held(const struct custom_values *before, const struct custom_field *f, const char *code)
{
	const struct custom_value *v = custom_value_of(before, f);

	return v != NULL && custom_codes_have(v->text, code);
}

/* A multiple choice: one checkbox per option, "cf_12.code". */
static void
read_multi(struct ctx *ctx, const struct param_list *p, const struct custom_values *before,
    struct custom_input *in)
{
	const struct custom_field *f = in->field;
	const char *joined = NULL;

	for (size_t o = 0; o < f->noptions; o++) {
		const char *code = f->options[o].code;
		const char *v = param_get(p, arena_printf(ctx->req->arena, "%s.%s", f->rf.def.name, code));
		if (v == NULL || v[0] == '\0')
			continue;
		if (f->options[o].retired && !held(before, f, code)) {
			in->error = MSG_OPTION_GONE;
			continue;
		}
		joined = joined == NULL ? code : arena_printf(ctx->req->arena, "%s,%s", joined, code);
	}
	in->text = in->raw = joined;
	if (in->error == NULL && joined == NULL && f->required)
		in->error = N_("This field is required.");
}

static bool
datetime_real(const char *s)
{
	int y, mo, d, h, mi;
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5 && y >= 1900 && y <= 2200 &&
	    mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1] &&
	    (mo != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) && h < 24 && mi < 60;
}

/* The checks form_validate cannot make: real date-times, enabled users,
 * options retired since the form was opened. */
static int
check_more(struct ctx *ctx, const struct custom_values *before, struct custom_input *in)
{
	const struct custom_field *f = in->field;
	struct custom_user *users;
	size_t n;

	if (in->error != NULL || in->text == NULL)
		return 0;
	if (f->type == CT_DATETIME && !datetime_real(in->text))
		in->error = MSG_DATETIME;
	else if (f->type == CT_CHOICE && custom_option_of(f, in->text) != NULL &&
	    custom_option_of(f, in->text)->retired && !held(before, f, in->text))
		in->error = MSG_OPTION_GONE;
	else if (f->type == CT_USER) {
		if (custom_users(ctx, &users, &n) == -1)
			return -1;
		in->error = MSG_NO_USER;
		for (size_t i = 0; i < n; i++)
			if (users[i].id == strtoll(in->text, NULL, 10))
				in->error = NULL;
	}
	return 0;
}

#define MSG_RETIRED N_("A field of this form was retired after you opened it. Check the form and save again.")

/* Whether p holds a value for field f (or one of its option boxes). */
static bool
sent(struct ctx *ctx, const struct param_list *p, const struct custom_field *f)
{
	if (param_get(p, f->rf.def.name) != NULL)
		return true;
	for (size_t o = 0; f->type == CT_MULTICHOICE && o < f->noptions; o++)
		if (param_get(p, arena_printf(ctx->req->arena, "%s.%s", f->rf.def.name, f->options[o].code)) != NULL)
			return true;
	return false;
}

/* The form of the editable, single-valued fields: their declared
 * definitions, a choice accepting retired options too (check_more
 * tells them apart). */
static struct form_def *
single_form(struct ctx *ctx, const struct custom_form *out)
{
	struct arena *a = ctx->req->arena;
	struct form_def *d = arena_alloc(a, sizeof(*d));
	struct field_def *fd = arena_alloc(a, sizeof(*fd) * (out->n + 1));

	d->name = "custom";
	d->fields = fd;
	for (size_t i = 0; i < out->n; i++) {
		const struct custom_field *f = out->in[i].field;
		if (f->type == CT_MULTICHOICE)
			continue;
		fd[d->nfields] = f->rf.def;
		if (f->type == CT_CHOICE) {
			const char **all = arena_alloc(a, sizeof(*all) * (f->noptions + 1));
			for (size_t o = 0; o < f->noptions; o++)
				all[o] = f->options[o].code;
			fd[d->nfields].choices = all;
		}
		d->nfields++;
	}
	return d;
}

int
custom_form_read(struct ctx *ctx, enum record_kind_id k, const struct param_list *p,
    const struct custom_values *before, struct custom_form *out)
{
	struct custom_set s = custom_fields_of(k, true);
	struct form_result r;
	size_t j = 0;

	*out = (struct custom_form){ 0 };
	out->in = arena_alloc(ctx->req->arena, sizeof(*out->in) * (s.n + 1));
	for (size_t i = 0; i < s.n; i++) {
		const struct custom_field *f = s.fields[i];
		if (!f->retired && editable(ctx, f))
			out->in[out->n++] = (struct custom_input){ .field = f };
		else if (sent(ctx, p, f))
			out->error = f->retired ? MSG_RETIRED : MSG_NOT_YOURS;
	}
	form_validate(single_form(ctx, out), p, ctx->req->arena, &r);
	for (size_t i = 0; i < out->n; i++) {
		struct custom_input *in = &out->in[i];
		if (in->field->type == CT_MULTICHOICE)
			read_multi(ctx, p, before, in);
		else {
			const struct field_value *v = &r.values[j++];
			in->text = v->value;
			in->raw = v->raw;
			in->error = v->error;
			in->error_arg = v->error_arg;
			in->error_arg_kind = v->error_arg_kind;
		}
		if (check_more(ctx, before, in) == -1)
			return -1;
		if (in->error != NULL)
			out->nerrors++;
	}
	if (out->error != NULL)
		out->nerrors++;
	return out->nerrors;
}

void
custom_form_defaults(struct ctx *ctx, enum record_kind_id k, struct custom_form *out)
{
	struct custom_set s = custom_fields_of(k, false);

	*out = (struct custom_form){ 0 };
	out->in = arena_alloc(ctx->req->arena, sizeof(*out->in) * (s.n + 1));
	for (size_t i = 0; i < s.n; i++)
		if (editable(ctx, s.fields[i]))
			out->in[out->n++] = (struct custom_input){ .field = s.fields[i],
			    .text = s.fields[i]->default_value, .raw = s.fields[i]->default_value };
}

void
custom_form_of(struct ctx *ctx, const struct custom_values *vs, struct custom_form *out)
{
	*out = (struct custom_form){ 0 };
	out->in = arena_alloc(ctx->req->arena, sizeof(*out->in) * (vs->n + 1));
	for (size_t i = 0; i < vs->n; i++)
		if (!vs->v[i].field->retired && editable(ctx, vs->v[i].field))
			out->in[out->n++] = (struct custom_input){ .field = vs->v[i].field,
			    .text = vs->v[i].text };
}
