/* page_account_related.c: owns the related lists on an account's page
 * (/accounts/{id}): its contacts, its open and closed deals with their
 * totals, the leads converted into it and its timeline (timeline.c), as
 * page values for templates/account.xhtml. The rows come from
 * account_related.c, one statement per list, each within the view scope
 * of its family: what the user may not view is not shown, counted or
 * summed. Each list shows at most ACCOUNT_RELATED_MAX rows and the number
 * of all (no family list filters by account yet, so there is no "view
 * all" link). A family the user may not view at all has no section.
 *
 * Deal amounts follow the role's rule for deals.amount, totals included:
 * hidden, no amount column and no totals but a note saying so; masked,
 * masked amounts and one masked total (the sums are not even run);
 * otherwise the amounts and the totals per currency, and the deals whose
 * amounts were shown are audited as a read (record.view deals
 * "account:<id>", queued like every page's views). */
#include "config.h"

#include <string.h>

#include "account_related.h"
#include "audit.h"
#include "deal.h"
#include "handler.h"
#include "i18n.h"
#include "page_account_related.h"
#include "permission.h"
#include "session.h"
#include "timeline.h"

/* The count, "more" and the rows of l into section s, each row a link
 * to path/<id> with its name and date; for deals (ctx not NULL) also
 * its stage and amount (deal_amount_text: NULL when hidden, masked when
 * masked). */
static void
show_list(struct ctx *ctx, struct tval *s, const struct account_rel_list *l, const char *path)
{
	struct tval *items = tv_list(s, "items");

	tv_bool(s, "on", true);
	tv_int(s, "total", l->total);
	tv_bool(s, "more", l->total > (long long)l->n);
	for (size_t i = 0; i < l->n; i++) {
		struct tval *e = tv_append_map(items);
		tv_strf(e, "href", "%s/%lld", path, l->items[i].id);
		tv_str(e, "name", l->items[i].name);
		tv_str(e, "at", l->items[i].at);
		if (ctx == NULL)
			continue;
		tv_str(e, "stage", l->items[i].stage);
		tv_str(e, "amount", deal_amount_text(ctx, l->items[i].amount_cents, l->items[i].currency));
	}
}

static int
show_contacts(struct ctx *ctx, struct tval *rel, long long id)
{
	struct account_rel_list l;

	if (!permission_can(ctx, MOD_CONTACTS, ACT_VIEW))
		return 0;
	if (account_related_contacts(ctx, id, &l) == -1)
		return -1;
	show_list(NULL, tv_child(rel, "contacts"), &l, "/contacts");
	return 0;
}

static int
show_leads(struct ctx *ctx, struct tval *rel, long long id)
{
	struct account_rel_list l;

	if (!permission_can(ctx, MOD_LEADS, ACT_VIEW))
		return 0;
	if (account_related_leads(ctx, id, &l) == -1)
		return -1;
	show_list(NULL, tv_child(rel, "leads"), &l, "/leads");
	return 0;
}

/* The label msgid of a totals row: open deals, won, lost, or closed
 * otherwise (a closing time on a deal of an open stage). */
static const char *
total_label(const struct account_rel_total *t)
{
	if (!t->closed)
		return N_("Total");
	if (strcmp(t->outcome, "won") == 0)
		return N_("Won");
	if (strcmp(t->outcome, "lost") == 0)
		return N_("Lost");
	return N_("Closed");
}

/* The totals rows of the open (closed false) or closed deals into s. */
static void
show_totals(struct ctx *ctx, struct tval *s, const struct account_rel_total *t, size_t n, bool closed)
{
	struct tval *rows = tv_list(s, "totals");

	for (size_t i = 0; i < n; i++) {
		struct tval *e;
		if (t[i].closed != closed)
			continue;
		e = tv_append_map(rows);
		tv_str(e, "label", total_label(&t[i]));
		tv_int(e, "count", t[i].count);
		tv_str(e, "amount", deal_amount_text(ctx, t[i].amount_cents, t[i].currency));
	}
}

/* One masked total for a list that has deals. */
static void
show_masked_total(struct ctx *ctx, struct tval *s, const struct account_rel_list *l)
{
	struct tval *e;

	if (l->total == 0)
		return;
	e = tv_append_map(tv_list(s, "totals"));
	tv_str(e, "label", N_("Total"));
	tv_int(e, "count", l->total);
	tv_str(e, "amount", deal_amount_text(ctx, 0, NULL));
}

static int
show_deal_lists(struct ctx *ctx, struct tval *rel, long long id)
{
	enum field_rule rule = rbac_field_rule(&ctx->user->rights, MOD_DEALS, "amount");
	struct account_rel_list open, closed;
	struct account_rel_total *totals;
	struct tval *d, *so, *sc;
	size_t ntotals;

	if (!permission_can(ctx, MOD_DEALS, ACT_VIEW))
		return 0;
	if (account_related_deals(ctx, id, &open, &closed) == -1)
		return -1;
	d = tv_child(rel, "deals");
	so = tv_child(d, "open");
	sc = tv_child(d, "closed");
	tv_bool(d, "on", true);
	tv_bool(d, "amounts", rule != RULE_HIDDEN);
	tv_bool(d, "amounts_hidden", rule == RULE_HIDDEN && open.total + closed.total > 0);
	show_list(ctx, so, &open, "/deals");
	show_list(ctx, sc, &closed, "/deals");
	if (rule == RULE_HIDDEN)
		return 0;
	if (rule == RULE_MASKED) {
		show_masked_total(ctx, so, &open);
		show_masked_total(ctx, sc, &closed);
		return 0;
	}
	if (open.total + closed.total == 0)
		return 0;
	if (account_related_deal_totals(ctx, id, &totals, &ntotals) == -1)
		return -1;
	show_totals(ctx, so, totals, ntotals, false);
	show_totals(ctx, sc, totals, ntotals, true);
	return audit_view(ctx, "deals", arena_printf(ctx->req->arena, "account:%lld", id),
	    open.total + closed.total);
}

int
page_account_related(struct ctx *ctx, long long id)
{
	struct tval *rel = tv_child(ctx->data, "rel");

	if (show_contacts(ctx, rel, id) == -1 || show_deal_lists(ctx, rel, id) == -1 ||
	    show_leads(ctx, rel, id) == -1 || timeline_show_account(ctx, id) == -1)
		return -1;
	return 0;
}
