/* page_search.c: owns /search, the global search's results page (the
 * header's search box sends its query here): the groups of search.h,
 * each with its count, up to SEARCH_PER_KIND links and a link to the
 * kind's own list searched for the same text. Input that cannot be a
 * search (too long, not UTF-8) gets a message and a 400, never a query. */
#include "config.h"

#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "page.h"
#include "pages.h"
#include "param.h"
#include "search.h"
#include "utf8.h"

#define MSG_TOO_LONG N_("A search can be at most 200 characters long.")
#define MSG_MORE_THAN N_("more than")
#define MSG_UNREADABLE N_("The search contains characters that cannot be read. Type it again.")

static const struct {
	const char *label, *all_label, *href, *list;	/* list: NULL when the list has no search */
} kinds[SK__MAX] = {
	[SK_ACCOUNTS] = { N_("Accounts"), N_("All matching accounts"), "/accounts", "/accounts?q=" },
	[SK_CONTACTS] = { N_("Contacts"), N_("All matching contacts"), "/contacts", "/contacts?q=" },
	[SK_LEADS] = { N_("Leads"), N_("All matching leads"), "/leads", "/leads?q=" },
	[SK_DEALS] = { N_("Deals"), NULL, "/deals", NULL },
};

static size_t
chars_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
show_group(struct ctx *ctx, struct tval *list, const struct search_group *g, const char *q)
{
	struct tval *e = tv_append_map(list), *hits;

	tv_str(e, "label", kinds[g->kind].label);
	tv_strf(e, "heading_id", "search-%s", kinds[g->kind].href + 1);
	/* "(12)", or "(more than 50)" past the cap */
	if (g->more)
		tv_strf(e, "count", "(%s %lld)", i18n_get(ctx->lang, NULL, MSG_MORE_THAN), g->count);
	else
		tv_strf(e, "count", "(%lld)", g->count);
	tv_str(e, "refused", g->refused);
	tv_bool(e, "partial", g->partial);
	tv_bool(e, "none", g->refused == NULL && g->n == 0);
	hits = tv_list(e, "hits");
	for (size_t i = 0; i < g->n; i++) {
		struct tval *h = tv_append_map(hits);
		tv_strf(h, "href", "%s/%lld", kinds[g->kind].href, g->hits[i].id);
		tv_str(h, "name", g->hits[i].name);
		tv_str(h, "detail", g->hits[i].detail);
	}
	if (kinds[g->kind].list != NULL && g->refused == NULL && (g->more || g->count > (long long)g->n)) {
		tv_strf(e, "list_href", "%s%s", kinds[g->kind].list, url_encode(ctx->req->arena, q));
		tv_str(e, "all_label", kinds[g->kind].all_label);
	}
}

static int
refuse(struct ctx *ctx, const char *msg)
{
	tv_str(ctx->data, "error", msg);
	tv_str(ctx->data, "invalid", "true");
	tv_str(ctx->data, "error_id", "search-error");
	return page_render(ctx, "search", 400);
}

int
page_search_get(struct ctx *ctx)
{
	const char *q = param_get(&ctx->req->query, "q");
	struct search_group g[SK__MAX];
	const char *key;
	struct tval *groups;
	long long total = 0;
	bool more = false;

	if (q == NULL)
		q = "";
	if (!utf8_valid(q, strlen(q)))
		return refuse(ctx, MSG_UNREADABLE);
	tv_str(ctx->data, "q", q);
	tv_str(ctx->data, "site_q", q);
	if (chars_of(q) > SEARCH_MAX_CHARS)
		return refuse(ctx, MSG_TOO_LONG);
	if ((key = search_key_of(ctx, q)) == NULL)
		return refuse(ctx, MSG_UNREADABLE);
	if (key[0] == '\0') {
		tv_bool(ctx->data, "empty", true);
		return page_render(ctx, "search", 200);
	}
	if (search_run(ctx, q, g) == -1)
		return 503;
	groups = tv_list(ctx->data, "groups");
	for (int k = 0; k < SK__MAX; k++) {
		if (!g[k].shown)
			continue;
		show_group(ctx, groups, &g[k], q);
		total += g[k].count;
		more = more || g[k].more;
	}
	tv_bool(ctx->data, "searched", true);
	tv_strf(ctx->data, "total", more ? "%lld+" : "%lld", total);
	return page_render(ctx, "search", 200);
}
