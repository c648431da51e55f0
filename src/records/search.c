/* search.c: owns the global search (search.h): the search key of the
 * user's input, which kinds the user may search and by what, and the
 * grouped, scoped results with names and dates as the user's language
 * shows them. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "contact_list.h"
#include "display.h"
#include "escape.h"
#include "handler.h"
#include "i18n.h"
#include "lead.h"
#include "permission.h"
#include "record_scope.h"
#include "search.h"
#include "search_key.h"
#include "session.h"
#include "stmt.h"
#include "utf8.h"

#define MSG_NO_NAMES N_("Your role does not see these names in clear, so it cannot search by them.")

static const enum rbac_module kind_module[SK__MAX] = { MOD_ACCOUNTS, MOD_CONTACTS, MOD_LEADS, MOD_DEALS };
static const long long kind_keys[SK__MAX] = { SEARCH_KEYS_THING, SEARCH_KEYS_PERSON, SEARCH_KEYS_LEAD,
	SEARCH_KEYS_THING };

/* The name fields whose values are keys of each kind (all must be ones
 * the user may use as keys, or the kind is not searched by name). */
static const char *const kind_fields[SK__MAX][4] = {
	{ "name", NULL }, { "first_name", "last_name", NULL },
	{ "first_name", "last_name", "company", NULL }, { "name", NULL },
};

const char *
search_key_of(struct ctx *ctx, const char *q)
{
	size_t len = strlen(q), o = 0, chars = 0;
	char *out;

	if (!utf8_valid(q, len))
		return NULL;
	out = arena_alloc(ctx->req->arena, len + 1);
	for (size_t i = 0; i < len && chars < SEARCH_KEY_CHARS;) {
		const unsigned char *p = (const unsigned char *)q + i;
		size_t n = utf8_char_len(p);

		if (n == 0)
			return NULL;
		/* C0 controls, space, DEL, C1 controls, U+3000 ideographic space */
		if (!(p[0] <= 0x20 || p[0] == 0x7f || (p[0] == 0xc2 && p[1] < 0xa0) ||
		    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80))) {
			memcpy(out + o, p, n);
			o += n;
			chars++;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

static bool
names_keyable(struct ctx *ctx, enum search_kind k)
{
	for (int i = 0; kind_fields[k][i] != NULL; i++)
		if (!rbac_field_keyable(&ctx->user->rights, kind_module[k], kind_fields[k][i]))
			return false;
	return true;
}

/* Adds a hit unless the record is there already (one row per key) or
 * the group is full. */
static void
add_hit(struct search_group *g, long long id, const char *name, const char *detail)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->hits[i].id == id)
			return;
	if (g->n < SEARCH_PER_KIND)
		g->hits[g->n++] = (struct search_hit){ id, name, detail };
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The group's count from the ids of the key rows read (n of at most
 * limit): every row read (n < limit) gives the exact number of records;
 * limit rows are at least limit / keys = cap + 1 records. */
static void
count_from(struct search_group *g, long long *ids, size_t n, long long limit)
{
	long long distinct = 0;

	qsort(ids, n, sizeof(ids[0]), id_cmp);
	for (size_t i = 0; i < n; i++)
		distinct += i == 0 || ids[i] != ids[i - 1];
	g->more = (long long)n >= limit || distinct > SEARCH_COUNT_CAP;
	g->count = g->more ? SEARCH_COUNT_CAP : distinct;
}

/* Whether the bounded walk of kind k's keys (SEARCH_WALK_MAX) left
 * some keys beginning with like unread: then a user who sees only part
 * of the records may have more matches than g shows. 0 or -1. */
static int
walk_cut(struct ctx *ctx, enum search_kind k, const char *like, struct search_group *g)
{
	static enum db_error (*const walk[SK__MAX])(struct db *, struct arena *, const struct search_walk_shape_in *,
	    struct search_walk_shape_out *) = {
		[SK_ACCOUNTS] = stmt_search_walk_accounts, [SK_CONTACTS] = stmt_search_walk_contacts,
		[SK_LEADS] = stmt_search_walk_leads, [SK_DEALS] = stmt_search_walk_deals,
	};
	struct search_walk_shape_out o;

	if (walk[k](ctx->db, ctx->req->arena, &(struct search_walk_shape_in){ .like = like }, &o) != DB_OK)
		return -1;
	g->partial = o.n == 1 && o.rows[0].n > SEARCH_WALK_MAX;
	return 0;
}

/* Runs kind's statement: every row's id into ids (for the count), the
 * first SEARCH_PER_KIND rows as hits named and detailed by the two
 * expressions of row. Inside hits_of only. */
#define RUN_KIND(kind, name_of, detail_of) do { \
	struct search_##kind##_out o_; \
	if (stmt_search_##kind(ctx->db, a, &(struct search_##kind##_in){ .like = like, \
	    .scope = scope, .limit = limit }, &o_) != DB_OK) \
		return -1; \
	ids = arena_alloc(a, sizeof(*ids) * (o_.n + 1)); \
	for (size_t i_ = 0; i_ < o_.n; i_++) { \
		const struct search_##kind##_row *row = &o_.rows[i_]; \
		ids[n++] = row->id; \
		if (g->n < SEARCH_PER_KIND) \
			add_hit(g, row->id, (name_of), (detail_of)); \
	} \
} while (0)

/* The first hits of kind k whose keys begin with like (escaped). */
static int
hits_of(struct ctx *ctx, enum search_kind k, const char *like, struct search_group *g)
{
	struct record_scope scope = record_scope_of(ctx, kind_module[k], ACT_VIEW);
	struct arena *a = ctx->req->arena;
	long long limit = (SEARCH_COUNT_CAP + 1) * kind_keys[k];
	long long *ids = NULL;
	size_t n = 0;

	switch (k) {
	case SK_ACCOUNTS:
		RUN_KIND(accounts, row->name, display_datetime(ctx, row->updated));
		break;
	case SK_CONTACTS:
		RUN_KIND(contacts, display_person(ctx, row->given, row->family), display_datetime(ctx, row->updated));
		break;
	case SK_LEADS:
		RUN_KIND(leads, display_person(ctx, row->given, row->family),
		    row->company != NULL && row->company[0] ? row->company : NULL);
		break;
	case SK_DEALS:
		RUN_KIND(deals, row->name, row->close_date ? display_date(ctx, row->close_date) : NULL);
		break;
	default:
		break;
	}
	count_from(g, ids, n, limit);
	return scope.scope == SCOPE_ALL || g->more ? 0 : walk_cut(ctx, k, like, g);
}

/* The count of an exact lookup that read n records of at most
 * SEARCH_COUNT_CAP + 1: past the cap it is "more than" the cap. */
static void
exact_count(struct search_group *g, size_t n)
{
	g->more = n > SEARCH_COUNT_CAP;
	g->count = g->more ? SEARCH_COUNT_CAP : (long long)n;
}

/* An email address or phone number: contacts and leads by their blind
 * indexes, as their lists look them up (refused for a role that does
 * not see the field in clear); accounts and deals have no such key.
 * Several records may share one (a switchboard number): they are
 * counted up to the cap like names, the first few shown, so the count
 * is true and the link to the list appears when some are left off. */
static int
exact(struct ctx *ctx, const char *q, struct search_group *g)
{
	if (g->kind == SK_CONTACTS) {
		struct contact_list_query cq = { .q = q, .sort = CONTACT_SORT_NAME };
		struct contact_page page;
		int rc = contact_list_fetch(ctx, &cq, SEARCH_COUNT_CAP + 1, &page, &g->refused);

		if (rc == -1)
			return -1;
		for (size_t i = 0; rc == 0 && i < page.n && g->n < SEARCH_PER_KIND; i++)
			g->hits[g->n++] = (struct search_hit){ page.rows[i].id,
			    display_person(ctx, page.rows[i].first_name, page.rows[i].last_name),
			    display_datetime(ctx, page.rows[i].updated) };
		exact_count(g, rc == 0 ? page.n : 0);
	} else if (g->kind == SK_LEADS) {
		struct lead_query lq = { .q = q, .before = LLONG_MAX, .limit = SEARCH_COUNT_CAP + 1 };
		struct lead_page page;

		if ((g->refused = search_refusal(&ctx->user->rights, ctx->req->arena, MOD_LEADS, q)) != NULL)
			return 0;
		if (lead_list(ctx, &lq, &page) == -1)
			return -1;
		for (size_t i = 0; i < page.n && g->n < SEARCH_PER_KIND; i++)
			g->hits[g->n++] = (struct search_hit){ page.items[i].id,
			    display_person(ctx, page.items[i].first_name, page.items[i].last_name),
			    page.items[i].company != NULL && page.items[i].company[0] ? page.items[i].company : NULL };
		exact_count(g, page.n);
	}
	return 0;
}

int
search_run(struct ctx *ctx, const char *q, struct search_group g[SK__MAX])
{
	const char *key = search_key_of(ctx, q);
	const char *like = like_escape(ctx->req->arena, key ? key : "");
	bool by_index = search_field_of(ctx->req->arena, q, NULL) != SEARCH_NAME;

	for (int k = 0; k < SK__MAX; k++) {
		memset(&g[k], 0, sizeof(g[k]));
		g[k].kind = (enum search_kind)k;
		g[k].shown = permission_can(ctx, kind_module[k], ACT_VIEW);
		if (!g[k].shown)
			continue;
		if (by_index && (k == SK_CONTACTS || k == SK_LEADS)) {
			if (exact(ctx, q, &g[k]) == -1)
				return -1;
			continue;
		}
		if (!names_keyable(ctx, (enum search_kind)k)) {
			g[k].refused = MSG_NO_NAMES;
			continue;
		}
		if (hits_of(ctx, (enum search_kind)k, like, &g[k]) == -1)
			return -1;
	}
	return 0;
}
