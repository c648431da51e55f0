/* list_filter.c: owns the filters of the record lists (list_filter.h):
 * validating them from the query string, the owner whitelist (users
 * within the actor's view scope of the list's module), the choice lists
 * of the filter forms and the links that carry a filter from page to
 * page. A filter field that is a sensitive field the user may not key on
 * (rbac_field_keyable) is refused. */
#include "config.h"

#include <string.h>

#include "escape.h"
#include "handler.h"
#include "i18n.h"
#include "list_filter.h"
#include "page.h"
#include "session.h"
#include "stmt.h"
#include "user_scope.h"

#define MSG_CHOICE N_("Choose one of the options offered.")

/* The owner choices, the current one selected; 0 or -1. */
static int
owner_options(struct ctx *ctx, enum rbac_module m, long long current)
{
	struct record_filter_owners_in in = { .scope = user_scope_of(ctx, m, ACT_VIEW) };
	struct tval *list = tv_list(ctx->data, "owners");
	struct record_filter_owners_out o;

	if (stmt_record_filter_owners(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	for (size_t i = 0; i < o.n; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "value", "%lld", o.rows[i].id);
		tv_str(e, "text", o.rows[i].username);
		tv_bool(e, "selected", o.rows[i].id == current);
	}
	return 0;
}

const char *
list_filter_query(struct arena *a, const struct form_result *r)
{
	const char *q = "";

	for (size_t i = 0; i < r->def->nfields; i++) {
		const struct field_value *v = &r->values[i];
		if (v->error != NULL || v->value == NULL || v->value[0] == '\0')
			continue;
		q = arena_printf(a, "%s%s%s=%s", q, q[0] ? "&" : "", v->def->name, url_encode(a, v->value));
	}
	return q;
}

int
list_filter_read(struct ctx *ctx, const struct form_def *def, enum rbac_module m, struct list_filter *f)
{
	const struct field_value *owner;
	int bad = form_validate(def, &ctx->req->query, ctx->req->arena, &f->r) > 0, rc;

	/* A filter on a field the user sees masked or hidden would be an
	 * oracle on its values: refused like a value out of reach. */
	for (size_t i = 0; i < def->nfields; i++)
		if (f->r.values[i].value != NULL && !rbac_field_keyable(&ctx->user->rights, m, def->fields[i].name)) {
			form_set_error(&f->r, def->fields[i].name, MSG_CHOICE);
			bad = 1;
		}
	f->owner = 0;
	owner = form_field(&f->r, "owner");
	if (owner != NULL && owner->error == NULL && owner->value != NULL) {
		if ((rc = user_in_module_scope(ctx, owner->i, m, ACT_VIEW)) == -1)
			return -1;
		if (rc == 0) {
			form_set_error(&f->r, "owner", MSG_CHOICE);
			bad = 1;
		} else
			f->owner = owner->i;
	}
	if (owner != NULL && owner_options(ctx, m, f->owner) == -1)
		return -1;
	f->query = list_filter_query(ctx->req->arena, &f->r);
	page_form(ctx, &f->r);
	return bad;
}

const char *
list_filter_value(const struct list_filter *f, const char *name)
{
	const struct field_value *v = form_field(&f->r, name);

	return v != NULL && v->error == NULL && v->value != NULL ? v->value : "";
}

void
list_filter_refuse(struct ctx *ctx, struct list_filter *f, const char *name)
{
	form_set_error(&f->r, name, MSG_CHOICE);
	f->query = list_filter_query(ctx->req->arena, &f->r);
	page_form(ctx, &f->r);
}

void
list_filter_options(struct ctx *ctx, const char *key, const char *const *values,
    const char *const *labels, const char *current)
{
	struct tval *list = tv_list(ctx->data, key);

	for (int i = 0; values[i] != NULL; i++) {
		struct tval *o = tv_append_map(list);
		tv_str(o, "value", values[i]);
		if (labels != NULL)
			tv_str(o, "label", labels[i]);
		else
			tv_str(o, "text", values[i]);
		tv_bool(o, "selected", current != NULL && strcmp(current, values[i]) == 0);
	}
}

const char *
list_filter_link(struct ctx *ctx, const struct list_filter *f, const char *path, const char *keyset)
{
	const char *q = f->query;

	if (keyset == NULL || keyset[0] == '\0')
		return q[0] ? arena_printf(ctx->req->arena, "%s?%s", path, q) : path;
	return arena_printf(ctx->req->arena, "%s?%s%s%s", path, q, q[0] ? "&" : "", keyset);
}
