/* account_related.c: owns the related lists of an account page
 * (account_related.h): each one statement of account_related_sql.h
 * bound with the view scope of the listed family, its rows copied into
 * the shapes the page shows. Nothing here writes or decrypts. */
#include "config.h"

#include "account_related.h"
#include "display.h"
#include "handler.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

/* A person's name in the language's order (display.h). */
static const char *
person(struct ctx *ctx, const char *first, const char *last)
{
	return display_person(ctx, first, last);
}

/* Room for n rows of list l (at least one, so items is never NULL). */
static void
list_alloc(struct ctx *ctx, struct account_rel_list *l, size_t n)
{
	l->n = 0;
	l->total = 0;
	l->items = arena_alloc(ctx->req->arena, sizeof(*l->items) * (n ? n : 1));
}

int
account_related_contacts(struct ctx *ctx, long long id, struct account_rel_list *out)
{
	struct account_rel_contacts_in in = { .account_id = id,
	    .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .limit = ACCOUNT_RELATED_MAX };
	struct account_rel_contacts_out r;

	if (stmt_account_rel_contacts(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	list_alloc(ctx, out, r.n);
	for (size_t i = 0; i < r.n; i++)
		out->items[out->n++] = (struct account_rel_item){ .id = r.rows[i].id,
		    .name = person(ctx, r.rows[i].first_name, r.rows[i].last_name) };
	out->total = r.n > 0 ? r.rows[0].total : 0;
	return 0;
}

int
account_related_deals(struct ctx *ctx, long long id, struct account_rel_list *open,
    struct account_rel_list *closed)
{
	struct account_rel_deals_in in = { .lang = lang_code(ctx->lang), .account_id = id,
	    .scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW), .limit = ACCOUNT_RELATED_MAX };
	struct account_rel_deals_out r;

	if (stmt_account_rel_deals(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	list_alloc(ctx, open, r.n);
	list_alloc(ctx, closed, r.n);
	for (size_t i = 0; i < r.n; i++) {
		const struct account_rel_deals_row *d = &r.rows[i];
		struct account_rel_list *l = d->closed ? closed : open;
		l->items[l->n++] = (struct account_rel_item){ .id = d->id, .amount_cents = d->amount_cents,
		    .closed = d->closed != 0, .name = d->name, .currency = d->currency, .stage = d->stage,
		    .outcome = d->outcome, .at = display_date(ctx, d->at) };
		l->total = d->total;
	}
	return 0;
}

int
account_related_deal_totals(struct ctx *ctx, long long id, struct account_rel_total **out, size_t *n)
{
	struct account_rel_deal_totals_in in = { .account_id = id,
	    .scope = record_scope_of(ctx, MOD_DEALS, ACT_VIEW) };
	struct account_rel_deal_totals_out r;

	if (stmt_account_rel_deal_totals(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*n = r.n;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (r.n ? r.n : 1));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct account_rel_total){ .closed = r.rows[i].closed != 0,
		    .outcome = r.rows[i].outcome, .currency = r.rows[i].currency,
		    .amount_cents = r.rows[i].amount_cents, .count = r.rows[i].count };
	return 0;
}

int
account_related_leads(struct ctx *ctx, long long id, struct account_rel_list *out)
{
	struct account_rel_leads_in in = { .account_id = id,
	    .scope = record_scope_of(ctx, MOD_LEADS, ACT_VIEW), .limit = ACCOUNT_RELATED_MAX };
	struct account_rel_leads_out r;

	if (stmt_account_rel_leads(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	list_alloc(ctx, out, r.n);
	for (size_t i = 0; i < r.n; i++)
		out->items[out->n++] = (struct account_rel_item){ .id = r.rows[i].id,
		    .name = person(ctx, r.rows[i].first_name, r.rows[i].last_name), .at = display_date(ctx, r.rows[i].at) };
	out->total = r.n > 0 ? r.rows[0].total : 0;
	return 0;
}

long long
account_related_activities(struct ctx *ctx, long long id, long long limit, struct activity_item **out,
    long long *total)
{
	struct account_rel_activities_in in = { .account_id = id, .contact_account_id = id,
	    .contacts = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .deal_account_id = id,
	    .deals = record_scope_of(ctx, MOD_DEALS, ACT_VIEW),
	    .scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW), .limit = limit };
	struct account_rel_activities_out r;

	if (stmt_account_rel_activities(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (r.n ? r.n : 1));
	for (size_t i = 0; i < r.n; i++) {
		const struct account_rel_activities_row *a = &r.rows[i];
		(*out)[i] = (struct activity_item){ .id = a->id, .related_id = a->related_id, .state = a->state,
		    .kind = activity_parse(activity_kind_names, AK__MAX, a->kind),
		    .related = activity_parse(activity_related_names, AR__MAX, a->related_type),
		    .subject = a->subject, .at = display_datetime(ctx, a->at), .owner = a->owner,
		    .related_name = a->related_name != NULL ? person(ctx, a->related_name, a->related_family) : NULL };
	}
	*total = r.n > 0 ? r.rows[0].total : 0;
	return (long long)r.n;
}
