/* page_contacts.c: owns /contacts (the list: within the user's record
 * scope, 50 a page with keyset paging, by last name, newest or recently
 * updated, only the user's own on request, a name prefix search and exact
 * email/phone search through the blind index; contact_list.c picks the
 * statement). Fields the user's roles hide are absent from the list,
 * masked ones are shown masked, and neither can be searched by: such a
 * search gets the list page with a message and status 403
 * (search_key.h). Creating a contact: page_contact_edit.c. Listing is audited as a view of
 * that many records (the watcher's baseline for mass reading). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "contact_list.h"
#include "custom_value.h"
#include "csrf.h"
#include "display.h"
#include "export.h"
#include "escape.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"

#define CONTACTS_PER_PAGE 50

/* The custom columns of one row, as the user's rules say: each cell
 * with its column's label, which names the value on a phone (a card). */
static void
add_custom_cells(struct ctx *ctx, struct tval *r, const struct custom_value *v, size_t n, const bool *masked)
{
	struct tval *cells = tv_list(r, "custom");

	for (size_t i = 0; i < n; i++) {
		const struct custom_field *f = v[i].field;
		const char *shown = v[i].broken ? "\u26a0" : custom_display(ctx, &v[i]);
		struct tval *cell = tv_append_map(cells);
		if (masked[i])
			shown = custom_masked(ctx, f, shown);
		tv_str(cell, "label", custom_label(f, ctx->lang));
		tv_str(cell, "value", shown);
	}
}

/* One list row: names, and the email and phone as the user's rules say. */
static struct tval *
add_row(struct ctx *ctx, struct tval *list, const struct contact *c, const char *company)
{
	struct tval *r = tv_append_map(list);

	tv_strf(r, "href", "/contacts/%lld", c->id);
	if (company != NULL) {
		tv_str(r, "company", company);
		tv_strf(r, "company_href", "/accounts/%lld", c->account_id);
	}
	tv_str(r, "name", display_person(ctx, c->first_name, c->last_name));
	tv_str(r, "owner", c->owner);
	tv_str(r, "updated", display_datetime(ctx, c->updated));
	for (int f = CS_EMAIL; f <= CS_PHONE; f++) {
		enum field_rule rule = rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]);
		const char *v = c->broken[f] ? "\u26a0" : c->plain[f];
		if (rule != RULE_HIDDEN)
			tv_str(r, contact_secret_names[f], rule == RULE_MASKED ? contact_mask(ctx->req->arena, f, v) : v);
	}
	return r;
}

/* The list's own address with its search, order and filter, for the
 * next page and the sort links. */
static const char *
list_href(struct arena *a, const struct contact_list_query *q, enum contact_sort sort)
{
	return arena_printf(a, "/contacts?q=%s&sort=%s%s%s", url_encode(a, q->q),
	    contact_sort_name(sort), q->mine ? "&mine=1" : "", q->custom_href);
}

/* The next page's address: the current one plus the last row's keys. */
static void
set_next(struct ctx *ctx, const struct contact_list_query *q, const struct contact *last)
{
	struct arena *a = ctx->req->arena;

	tv_strf(ctx->data, "next", "%s&after=%lld&after_name=%s&after_at=%s",
	    list_href(a, q, q->sort), last->id, url_encode(a, last->last_name), url_encode(a, last->updated));
}

/* The sort choices as links, the current one marked. */
static void
add_sorts(struct ctx *ctx, const struct contact_list_query *q)
{
	static const char *const labels[] = { N_("Name"), N_("Newest"), N_("Recently updated") };
	struct tval *list = tv_list(ctx->data, "sorts");

	for (enum contact_sort s = CONTACT_SORT_NAME; s <= CONTACT_SORT_UPDATED; s++) {
		struct tval *r = tv_append_map(list);
		tv_str(r, "href", list_href(ctx->req->arena, q, s));
		tv_str(r, "label", labels[s]);
		tv_bool(r, "current", s == q->sort);
	}
	/* The sorted column says so (aria-sort and an arrow); a search is
	 * always by name. Newest has no column of its own. */
	if (q->q[0] != '\0' || q->custom != NULL || q->sort == CONTACT_SORT_NAME)
		tv_str(ctx->data, "sort_name", "ascending");
	else if (q->sort == CONTACT_SORT_UPDATED)
		tv_str(ctx->data, "sort_updated", "descending");
	tv_str(ctx->data, "sort_name_href", list_href(ctx->req->arena, q, CONTACT_SORT_NAME));
	tv_str(ctx->data, "sort_updated_href", list_href(ctx->req->arena, q, CONTACT_SORT_UPDATED));
}

/* Reads the query string; false (and a message) on an unknown sort. */
static bool
read_query(struct ctx *ctx, struct contact_list_query *q)
{
	const char *sort = param_get(&ctx->req->query, "sort"), *after = param_get(&ctx->req->query, "after");
	const char *mine = param_get(&ctx->req->query, "mine");

	q->q = param_get(&ctx->req->query, "q");
	q->q = q->q ? q->q : "";
	q->after_name = param_get(&ctx->req->query, "after_name");
	q->after_at = param_get(&ctx->req->query, "after_at");
	q->after_id = after ? strtoll(after, NULL, 10) : 0;
	q->mine = mine != NULL && strcmp(mine, "1") == 0;
	q->sort = CONTACT_SORT_NAME;
	q->custom = NULL;
	q->custom_href = "";
	return sort == NULL || sort[0] == '\0' || contact_sort_parse(sort, &q->sort);
}

/* The custom field filter (?cf=cf_12&cv=value): the key into q, or a
 * message (the field cannot be a key for the user, or the value is not
 * one of its type's). The filter's choices into the page. */
static const char *
read_custom_filter(struct ctx *ctx, struct contact_list_query *q, struct custom_key *key)
{
	const char *cf = param_get(&ctx->req->query, "cf"), *cv = param_get(&ctx->req->query, "cv");
	struct custom_set s = custom_fields_of(RK_CONTACTS, false);
	struct tval *list = tv_list(ctx->data, "filters");
	const struct custom_field *f;
	const char *refused;

	for (size_t i = 0; i < s.n; i++) {
		struct tval *e;
		if (s.fields[i]->rf.protect == PROTECT_SEALED || s.fields[i]->type == CT_MULTICHOICE ||
		    !rbac_field_keyable(&ctx->user->rights, MOD_CONTACTS, s.fields[i]->rf.def.name))
			continue;
		e = tv_append_map(list);
		tv_str(e, "value", s.fields[i]->rf.def.name);
		tv_str(e, "text", custom_label(s.fields[i], ctx->lang));
		tv_bool(e, "selected", cf != NULL && strcmp(cf, s.fields[i]->rf.def.name) == 0);
	}
	tv_str(ctx->data, "cv", cv);
	if (cf == NULL || cf[0] == '\0' || cv == NULL || cv[0] == '\0')
		return NULL;
	if ((f = custom_field_named(RK_CONTACTS, cf)) == NULL || f->retired)
		return N_("There is no such field.");
	if ((refused = custom_filter_key(ctx, f, cv, key)) != NULL)
		return refused;
	q->custom = key;
	q->custom_href = arena_printf(ctx->req->arena, "&cf=%s&cv=%s", url_encode(ctx->req->arena, cf),
	    url_encode(ctx->req->arena, cv));
	return NULL;
}

/* The custom columns the user chose and their values for the rows. */
static int
custom_columns(struct ctx *ctx, const struct contact_page *rows, size_t shown, struct tval **maps)
{
	const struct custom_field *cols[CUSTOM_PAGE_FIELDS];
	long long ids[CUSTOM_PAGE_IDS];
	struct custom_value *v;
	bool masked[CUSTOM_PAGE_FIELDS];
	struct tval *heads;
	size_t n;

	if (custom_list_columns(ctx, RK_CONTACTS, cols, &n) == -1)
		return -1;
	heads = tv_list(ctx->data, "custom_columns");
	for (size_t c = 0; c < n; c++) {
		tv_append_str(heads, custom_label(cols[c], ctx->lang));
		masked[c] = rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, cols[c]->rf.def.name) == RULE_MASKED;
	}
	if (n == 0 || shown == 0)
		return 0;
	v = arena_alloc(ctx->req->arena, sizeof(*v) * n * shown);
	for (size_t i = 0; i < shown && i < CUSTOM_PAGE_IDS; i++)
		ids[i] = rows->rows[i].id;
	if (custom_values_page(ctx, RK_CONTACTS, cols, n, ids, shown, v) == -1)
		return -1;
	for (size_t i = 0; i < shown; i++)
		add_custom_cells(ctx, maps[i], v + i * n, n, masked);
	return 0;
}

int
page_contacts_get(struct ctx *ctx)
{
	struct contact_list_query q;
	struct contact_page rows = { 0 };
	struct tval *list = tv_list(ctx->data, "contacts"), *maps[CONTACTS_PER_PAGE];
	const char *companies[CONTACTS_PER_PAGE];
	struct custom_key key;
	size_t shown;
	const char *refused = NULL;
	int status = read_query(ctx, &q) ? 200 : 400, rc;

	if (status == 200 && (refused = read_custom_filter(ctx, &q, &key)) != NULL) {
		tv_str(ctx->data, "error", refused);
		status = 403;
	}
	if (status == 400)
		tv_str(ctx->data, "error", N_("Unknown sort order."));
	else if (status == 403)
		;	/* the filter was refused: no query runs */
	else if ((rc = contact_list_fetch(ctx, &q, CONTACTS_PER_PAGE + 1, &rows, &refused)) == -1)
		return 503;
	else if (rc == 1) {
		tv_str(ctx->data, "error", refused);
		status = 403;
	}
	shown = rows.n > CONTACTS_PER_PAGE ? CONTACTS_PER_PAGE : rows.n;
	if (contact_list_accounts(ctx, &rows, shown, companies) == -1)
		return 503;
	for (size_t i = 0; i < shown; i++)
		maps[i] = add_row(ctx, list, &rows.rows[i], companies[i]);
	if (custom_columns(ctx, &rows, shown, maps) == -1)
		return 503;
	if (rows.n > CONTACTS_PER_PAGE)
		set_next(ctx, &q, &rows.rows[shown - 1]);
	add_sorts(ctx, &q);
	tv_str(ctx->data, "q", q.q);
	tv_bool(ctx->data, "mine", q.mine);
	tv_str(ctx->data, "sort", contact_sort_name(q.sort));
	tv_bool(ctx->data, "can_create", permission_can(ctx, MOD_CONTACTS, ACT_CREATE));
	tv_bool(ctx->data, "can_delete", permission_can(ctx, MOD_CONTACTS, ACT_DELETE));
	tv_bool(ctx->data, "can_choose_columns", custom_fields_of(RK_CONTACTS, false).n > 0);
	export_list_links(ctx, "contacts", MOD_CONTACTS, q.q, true);
	tv_bool(ctx->data, "show_email", rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, "email") != RULE_HIDDEN);
	tv_bool(ctx->data, "show_phone", rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, "phone") != RULE_HIDDEN);
	if (shown > 0)
		audit_view(ctx, "contacts", "list", (long long)shown);
	return page_render(ctx, "contacts", status);
}
