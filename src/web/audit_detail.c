/* audit_detail.c: owns the audit trail's readable details
 * (audit_detail.h). A record's {"before":{..},"after":{..}} becomes one
 * line per field with the declared (or custom) field's label; a role's
 * {"permissions":{"deals.view":["own","team"]},"fields":{..}} one line per
 * grant with module, action and field names; any other ["a","b"] pair a
 * change; other values "key: value", nested keys joined with a dot. A
 * deal's stage ids become the stages' names and its amount in cents the
 * amount as the deal page shows it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit_detail.h"
#include "contact.h"
#include "custom_field.h"
#include "custom_field_store.h"
#include "deal.h"
#include "handler.h"
#include "i18n.h"
#include "json_read.h"
#include "lead.h"
#include "rbac.h"
#include "record_decl.h"
#include "signin_audit.h"

#define LINES_MAX 60

static const char *
tr(const struct ctx *ctx, const char *msgid)
{
	return i18n_get(ctx->lang, NULL, msgid);
}

/* The label of field name of the record family table, or name. */
static const char *
field_label(const struct ctx *ctx, const char *table, const char *name)
{
	const struct record_decl *d = record_decl_named(table);
	const struct record_field *f;
	const struct custom_field *cf;

	if (d == NULL)
		return name;
	if ((f = record_field_named(d, name)) != NULL && f->def.label != NULL)
		return tr(ctx, f->def.label);
	if ((cf = custom_field_named(d->kind, name)) != NULL)
		return custom_label(cf, ctx->lang);
	return name;
}

/* A scalar as shown; an array of scalars as "a, b"; NULL for others. */
static const char *
shown(struct ctx *ctx, const struct jv *v)
{
	const char *out = NULL;

	if (v == NULL)
		return "";
	if (v->type == JV_BOOL)
		return tr(ctx, strcmp(v->s, "true") == 0 ? N_("Yes") : N_("No"));
	if (v->type != JV_ARR)
		return jv_text(v);
	for (size_t i = 0; i < v->n; i++) {
		const char *t = jv_text(&v->items[i]);
		if (t == NULL)
			return NULL;
		out = out ? arena_printf(ctx->req->arena, "%s, %s", out, t) : t;
	}
	return out ? out : "";
}

/* The stored codes of the records' choice fields and their labels
 * (msgids, in context ctx when not NULL), so the trail says "Won" or
 * "已确认" rather than "won" or "qualified". */
static const char *const lead_status_codes[] = { "new", "contacted", "qualified", "disqualified", "converted", NULL };
static const char *const lead_status_labels[] = {
	N_("New"), N_("Contacted"), N_("Qualified"), N_("Disqualified"), N_("Converted"), NULL,
};
/* activity_kind_names with its end */
static const char *const kind_codes[] = { "task", "call", "meeting", "note", NULL };
static const char *const kind_labels[] = { N_("Task"), N_("Call"), N_("Meeting"), N_("Note"), NULL };
static const struct {
	const char *table, *field, *ctx;
	const char *const *codes, *const *labels;
} code_labels[] = {
	{ "leads", "status", "lead status", lead_status_codes, lead_status_labels },
	{ "leads", "source", NULL, lead_sources, lead_source_labels },
	{ "leads", "rating", NULL, lead_ratings, lead_rating_labels },
	{ "activities", "kind", NULL, kind_codes, kind_labels },
	{ "accounts", "industry", NULL, account_industries, account_industry_labels },
	{ "deals", "forecast_category", NULL, deal_forecast_categories, deal_forecast_labels },
	{ "contacts", "preferred_language", NULL, contact_languages, contact_language_labels },
};

/* Value v of field of table as shown: a choice's label, else v. */
static const char *
code_shown(const struct ctx *ctx, const char *table, const char *field, const char *v)
{
	if (table == NULL || field == NULL || v == NULL)
		return v;
	for (size_t i = 0; i < sizeof(code_labels) / sizeof(code_labels[0]); i++) {
		if (strcmp(code_labels[i].table, table) != 0 || strcmp(code_labels[i].field, field) != 0)
			continue;
		for (size_t c = 0; code_labels[i].codes[c] != NULL; c++)
			if (strcmp(code_labels[i].codes[c], v) == 0)
				return i18n_get(ctx->lang, code_labels[i].ctx, code_labels[i].labels[c]);
	}
	return v;
}

/* The name of stage id v (refs, loaded on first use), or v. */
static const char *
stage_shown(struct ctx *ctx, struct audit_detail_refs *refs, const char *v)
{
	char *end;
	long long id = strtoll(v, &end, 10);

	if (!refs->loaded) {
		refs->loaded = true;
		refs->nstages = deal_stages(ctx, refs->stages, DEAL_STAGES_MAX);
		if (refs->nstages < 0)
			refs->nstages = 0;	/* the ids stay as stored */
	}
	if (v[0] == '\0' || *end != '\0')
		return v;
	for (int i = 0; i < refs->nstages; i++)
		if (refs->stages[i].id == id)
			return refs->stages[i].name;
	return v;
}

/* A deal's amount in cents v as the deal page shows it, with currency
 * when known; masked where the role may not see amounts in clear. */
static const char *
amount_shown(struct ctx *ctx, const char *v, const char *currency)
{
	char *end;
	long long cents = strtoll(v, &end, 10);
	const char *t;

	if (v[0] == '\0' || *end != '\0')
		return v;
	t = deal_amount_text(ctx, cents, currency);
	return t != NULL ? t : "\u2022\u2022\u2022";
}

#define IS(a, b) (strcmp((a), (b)) == 0)

/* A custom field's settings (custom_field_store.c): their words, and
 * the words of their coded values. */
static const struct { const char *key, *label; } cf_keys[] = {
	{ "type", N_("Type") }, { "protect", N_("Protection") }, { "personal", N_("Personal data") },
	{ "required", N_("Required") }, { "default", N_("Default value") }, { "currency", N_("Currency") },
	{ "label_en", N_("Label (English)") }, { "label_zh", N_("Label (Chinese)") },
	{ "help_en", N_("Help (English)") }, { "help_zh", N_("Help (Chinese)") }, { "retired", N_("Retired") },
	{ "place", N_("Position") },
};

static const char *
cf_value_shown(struct ctx *ctx, const char *key, const char *v)
{
	if (v[0] == '\0')
		return v;
	if (IS(key, "type"))
		return tr(ctx, cf_type_label(v));
	if (IS(key, "protect"))
		return tr(ctx, cf_protect_label(v));
	if (IS(key, "personal"))
		return tr(ctx, cf_personal_label(v));
	return v;
}

/* Value v of key of a table record as shown (v NULL: NULL). */
static const char *
value_shown(struct ctx *ctx, struct audit_detail_refs *refs, const char *table, const char *key, const char *v,
    const char *currency)
{
	if (v != NULL && table != NULL && IS(table, "custom_fields"))
		return cf_value_shown(ctx, key, v);
	if (v == NULL || table == NULL || !IS(table, "deals"))
		return code_shown(ctx, table, key, v);
	if (IS(key, "stage"))
		return stage_shown(ctx, refs, v);
	if (IS(key, "amount_cents"))
		return amount_shown(ctx, v, currency);
	return code_shown(ctx, table, key, v);
}

/* The words for key of a table record. */
static const char *
key_shown(struct ctx *ctx, const char *table, const char *key)
{
	if (table != NULL && IS(table, "deals") && IS(key, "amount_cents"))
		return tr(ctx, N_("Amount"));
	for (size_t i = 0; table != NULL && IS(table, "custom_fields") && i < sizeof(cf_keys) / sizeof(cf_keys[0]); i++)
		if (IS(cf_keys[i].key, key))
			return tr(ctx, cf_keys[i].label);
	return field_label(ctx, table, key);
}

/* The currency an object of a deal's detail holds, or NULL. */
static const char *
currency_of(const struct jv *o)
{
	return o != NULL ? jv_text(jv_get(o, "currency")) : NULL;
}

static bool
add(struct tval *list, const char *what, const char *before, const char *after, const char *value)
{
	struct tval *l;

	if (list->n >= LINES_MAX)
		return false;
	l = tv_append_map(list);
	tv_str(l, "what", what);
	if (value != NULL) {
		tv_str(l, "value", value);
		return true;
	}
	tv_bool(l, "change", true);
	tv_str(l, "before", before && before[0] ? before : "\u2014");
	tv_str(l, "after", after && after[0] ? after : "\u2014");
	return true;
}

/* {"after":{..}} alone (a new record, or a family that records only
 * the new values): one "Field: value" line each. */
static bool
record_values(struct ctx *ctx, struct audit_detail_refs *refs, struct tval *list, const char *table,
    const struct jv *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *t = value_shown(ctx, refs, table, a->keys[i], shown(ctx, &a->items[i]), currency_of(a));
		if (t == NULL)
			return false;
		add(list, key_shown(ctx, table, a->keys[i]), NULL, NULL, t[0] ? t : "\u2014");
	}
	return true;
}

/* {"before":{..},"after":{..}}: each field of either, in after's order. */
static bool
record_changes(struct ctx *ctx, struct audit_detail_refs *refs, struct tval *list, const char *table,
    const struct jv *b, const struct jv *a)
{
	if (b == NULL)
		return record_values(ctx, refs, list, table, a);
	for (size_t i = 0; i < a->n; i++) {
		const char *bt = value_shown(ctx, refs, table, a->keys[i], shown(ctx, jv_get(b, a->keys[i])),
		    currency_of(b));
		const char *at = value_shown(ctx, refs, table, a->keys[i], shown(ctx, &a->items[i]), currency_of(a));
		if (bt == NULL || at == NULL)
			return false;
		add(list, key_shown(ctx, table, a->keys[i]), bt, at, NULL);
	}
	for (size_t i = 0; i < b->n; i++) {
		const char *bt = value_shown(ctx, refs, table, b->keys[i], shown(ctx, &b->items[i]), currency_of(b));
		if (jv_get(a, b->keys[i]) != NULL)
			continue;
		if (bt == NULL)
			return false;
		add(list, key_shown(ctx, table, b->keys[i]), bt, "", NULL);
	}
	return true;
}

/* "deals.view" of a role's permissions, "deals.amount" of its field
 * rules: "Deals: View", "Deals: Amount". */
static const char *
grant_name(struct ctx *ctx, const char *group, const char *key)
{
	const char *dot = strrchr(key, '.');
	char mod[40];
	int m, a;

	if (dot == NULL || dot - key >= (long)sizeof(mod))
		return key;
	snprintf(mod, sizeof(mod), "%.*s", (int)(dot - key), key);
	if ((m = rbac_module_parse(mod)) < 0)
		return key;
	if (strcmp(group, "permissions") == 0 && (a = rbac_action_parse(dot + 1)) >= 0)
		return arena_printf(ctx->req->arena, "%s: %s", tr(ctx, rbac_module_label(m)),
		    tr(ctx, rbac_action_label(a)));
	if (strcmp(group, "fields") == 0)
		return arena_printf(ctx->req->arena, "%s: %s (%s)", tr(ctx, rbac_module_label(m)),
		    field_label(ctx, mod, dot + 1), tr(ctx, N_("field rule")));
	return key;
}

/* A grant's stored value ("team", "masked", "default") in words. */
static const char *
grant_value(struct ctx *ctx, const char *group, const char *v)
{
	int x;

	if (group == NULL)
		return v;
	if (strcmp(group, "permissions") == 0 && (x = rbac_scope_parse(v)) >= 0)
		return tr(ctx, rbac_scope_short_label((enum rbac_scope)x));
	if (strcmp(group, "fields") == 0 && strcmp(v, "default") == 0)
		return tr(ctx, N_("As the module"));
	if (strcmp(group, "fields") == 0 && (x = rbac_rule_parse(v)) >= 0)
		return tr(ctx, rbac_rule_label((enum field_rule)x));
	return v;
}

/* The words for the detail keys most records carry; others as stored. */
static const char *
key_label(struct ctx *ctx, const char *key)
{
	static const struct { const char *key, *label; } keys[] = {
		{ "role", N_("Role") }, { "name", N_("Name") }, { "reason", N_("Reason") },
		{ "username", N_("User") }, { "description", N_("Description") },
		{ "change", N_("Change") }, { "family", N_("Record type") }, { "field", N_("Field") },
		{ "option", N_("Option") }, { "method", N_("Method") },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].key, key) == 0)
			return tr(ctx, keys[i].label);
	return key;
}

/* What a custom field's audit record says changed ("create",
 * "option.retire", ...). */
static const struct { const char *code, *label; } cf_changes[] = {
	{ "create", N_("Field added") }, { "update", N_("Field changed") }, { "retire", N_("Field retired") },
	{ "restore", N_("Field restored") }, { "move", N_("Field moved") }, { "option.add", N_("Option added") },
	{ "option.update", N_("Option changed") }, { "option.move", N_("Option moved") },
	{ "option.retire", N_("Option retired") }, { "option.restore", N_("Option restored") },
};

/* A top-level value v of key in a table record's detail as shown: the
 * codes of custom-field changes and of sign-in records in words. */
static const char *
top_value(struct ctx *ctx, const char *table, const char *key, const char *v)
{
	const char *l = NULL;
	int m;

	if (table == NULL || v == NULL)
		return v;
	if (IS(table, "custom_fields") && IS(key, "change"))
		for (size_t i = 0; i < sizeof(cf_changes) / sizeof(cf_changes[0]); i++)
			if (IS(cf_changes[i].code, v))
				l = cf_changes[i].label;
	if (IS(table, "custom_fields") && IS(key, "family") && (m = rbac_module_parse(v)) >= 0)
		l = rbac_module_label(m);
	if (IS(table, "user") && IS(key, "reason"))
		l = signin_reason_label(v);
	if (IS(table, "user") && IS(key, "method"))
		l = signin_method_label(v);
	return l != NULL ? tr(ctx, l) : v;
}

/* Any other member: a ["a","b"] pair is a change, an object is walked
 * with its key as the prefix, anything else "key: value". */
static bool
member(struct ctx *ctx, const char *table, struct tval *list, const char *group, const char *key,
    const struct jv *v, int depth)
{
	const char *what = group ? grant_name(ctx, group, key) : key_label(ctx, key);

	if (v->type == JV_ARR && v->n == 2 && jv_text(&v->items[0]) && jv_text(&v->items[1]))
		return add(list, what, grant_value(ctx, group, jv_text(&v->items[0])),
		    grant_value(ctx, group, jv_text(&v->items[1])), NULL), true;
	if (v->type == JV_OBJ && depth < 3) {
		for (size_t i = 0; i < v->n; i++) {
			bool grants = depth == 0 && (strcmp(key, "permissions") == 0 || strcmp(key, "fields") == 0);
			const char *k = grants ? v->keys[i] : arena_printf(ctx->req->arena, "%s.%s", key, v->keys[i]);
			if (!member(ctx, table, list, grants ? key : NULL, k, &v->items[i], depth + 1))
				return false;
		}
		return true;
	}
	if (shown(ctx, v) == NULL)
		return false;
	add(list, what, NULL, NULL, shown(ctx, v)[0] ? (depth == 0 ? top_value(ctx, table, key, shown(ctx, v)) :
	    shown(ctx, v)) : "\u2014");
	return true;
}

bool
audit_detail_lines(struct ctx *ctx, struct audit_detail_refs *refs, struct tval *list, const char *object_type,
    const char *detail)
{
	struct jv *d = json_read(ctx->req->arena, detail);
	const struct jv *b, *a;

	if (d == NULL || d->type != JV_OBJ)
		return false;
	b = jv_get(d, "before");
	a = jv_get(d, "after");
	if (a != NULL && a->type == JV_OBJ && b == NULL && !record_changes(ctx, refs, list, object_type, NULL, a))
		return false;
	if (b != NULL && a != NULL && b->type == JV_OBJ && a->type == JV_OBJ &&
	    !record_changes(ctx, refs, list, object_type, b, a))
		return false;
	if (b != NULL && a != NULL && b->type != JV_OBJ && a->type != JV_OBJ) {	/* user.roles */
		if (shown(ctx, b) == NULL || shown(ctx, a) == NULL)
			return false;
		add(list, tr(ctx, N_("Change")), shown(ctx, b), shown(ctx, a), NULL);
	}
	for (size_t i = 0; i < d->n; i++) {
		if (a != NULL && d->items + i == a && (b == NULL ? a->type == JV_OBJ :
		    (b->type == JV_OBJ) == (a->type == JV_OBJ)))
			continue;
		if (b != NULL && a != NULL && d->items + i == b && (b->type == JV_OBJ) == (a->type == JV_OBJ))
			continue;
		if (!member(ctx, object_type, list, NULL, d->keys[i], &d->items[i], 0))
			return false;
	}
	return true;
}
