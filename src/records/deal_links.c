/* deal_links.c: owns the statements of deal_link_sql.h: the contacts on
 * a deal and their roles (deal_links.h). Names come only through the
 * user's contacts view scope; deals only through their deals view
 * scope. */
#include "config.h"

#include <string.h>

#include "deal_links.h"
#include "display.h"
#include "escape.h"
#include "handler.h"
#include "json.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

int
deal_links_load(struct ctx *ctx, struct deal *d)
{
	struct deal_link_list_in in = { .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .deal_id = d->id,
	    .limit = DEAL_CONTACTS_MAX };
	struct deal_link_list_out r;

	d->ncontacts = 0;
	if (stmt_deal_link_list(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	for (size_t i = 0; i < r.n && i < DEAL_CONTACTS_MAX; i++)
		d->contacts[d->ncontacts++] = (struct deal_contact){ .contact_id = r.rows[i].contact_id,
		    .role = r.rows[i].role, .name = r.rows[i].visible == 1 ?
		    display_person(ctx, r.rows[i].first_name, r.rows[i].last_name) : NULL };
	return 0;
}

int
deal_link_add(struct ctx *ctx, long long deal, long long contact, const char *role, int position)
{
	struct deal_link_add_in in = { .deal_id = deal, .contact_id = contact, .role = role, .position = position };
	struct deal_link_add_out r;

	return stmt_deal_link_add(ctx->db, ctx->req->arena, &in, &r) == DB_OK ? 0 : -1;
}

int
deal_links_write(struct ctx *ctx, long long id, const struct deal *n)
{
	struct deal_link_clear_out r;

	if (stmt_deal_link_clear(ctx->db, ctx->req->arena, &(struct deal_link_clear_in){ .deal_id = id }, &r) != DB_OK)
		return -1;
	for (int i = 0; i < n->ncontacts; i++)
		if (deal_link_add(ctx, id, n->contacts[i].contact_id, n->contacts[i].role, i) == -1)
			return -1;
	return 0;
}

bool
deal_links_same(const struct deal *a, const struct deal *b)
{
	if (a->ncontacts != b->ncontacts)
		return false;
	for (int i = 0; i < a->ncontacts; i++)
		if (a->contacts[i].contact_id != b->contacts[i].contact_id ||
		    strcmp(a->contacts[i].role, b->contacts[i].role) != 0)
			return false;
	return true;
}

const char *
deal_links_json(struct arena *a, const struct deal *d)
{
	const char *out = "[";

	for (int i = 0; i < d->ncontacts; i++) {
		struct json j;
		json_begin(&j, a);
		json_int(&j, "contact", d->contacts[i].contact_id);
		json_str(&j, "role", d->contacts[i].role);
		out = arena_printf(a, "%s%s%s", out, i > 0 ? "," : "", json_end(&j));
	}
	return arena_printf(a, "%s]", out);
}

int
deal_contact_search(struct ctx *ctx, const char *q, struct deal_contact_choice **out, size_t *n)
{
	const char *like = like_escape(ctx->req->arena, q);
	struct deal_link_contact_search_in in = { .last = like, .first = like, .full = like,
	    .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .limit = DEAL_CONTACT_PICK_MAX };
	struct deal_link_contact_search_out r;

	if (stmt_deal_link_contact_search(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*n = r.n;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (r.n + 1));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct deal_contact_choice){ .id = r.rows[i].id, 
		    .name = display_person(ctx, r.rows[i].first_name, r.rows[i].last_name) };
	return 0;
}

int
deal_links_of_contact(struct ctx *ctx, long long contact, struct contact_deal **out, size_t *n)
{
	struct deal_link_of_contact_in in = { .lang = lang_code(ctx->lang), .contact_id = contact,
	    .scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW), .limit = CONTACT_DEALS_MAX };
	struct deal_link_of_contact_out r;

	if (stmt_deal_link_of_contact(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*n = r.n;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (r.n + 1));
	for (size_t i = 0; i < r.n; i++) {
		const struct deal_link_of_contact_row *w = &r.rows[i];
		(*out)[i] = (struct contact_deal){ .id = w->id, .amount_cents = w->amount_cents, .name = w->name,
		    .role = w->role, .stage = w->stage, .outcome = w->outcome, .currency = w->currency };
	}
	return 0;
}
