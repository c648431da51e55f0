/* contact_list.c: owns the choice of the contact list's statement, its
 * parameters and the page it gives (contact_list.h). Each sort order and
 * each kind of search has its own statement (contact_sql.h) so that
 * MariaDB has one index path per statement: browsing reads the list index
 * in order and stops after a page, whatever the table's size; an exact
 * email or phone search goes through the blind indexes; a name search
 * merges the last and first name indexes. Searches are always ordered by
 * name. */
#include "config.h"

#include <string.h>

#include "contact.h"
#include "contact_list.h"
#include "handler.h"
#include "permission.h"
#include "record_scope.h"
#include "search_key.h"
#include "session.h"
#include "stmt.h"

#define NO_MORE ((long long)(~0ULL >> 1))

static const char *const sort_names[] = { "name", "newest", "updated" };

bool
contact_sort_parse(const char *s, enum contact_sort *out)
{
	for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++)
		if (s != NULL && strcmp(s, sort_names[i]) == 0) {
			*out = (enum contact_sort)i;
			return true;
		}
	return false;
}

const char *
contact_sort_name(enum contact_sort s)
{
	return sort_names[s];
}

static const char *
text(const char *s)
{
	return s ? s : "";
}

/* One row as a contact with its email and phone opened; every list
 * statement has the same columns (CONTACT_LIST_OUT), so each row type
 * is read by this one macro. */
#define TAKE_ROW(ctx, page, r) take_row((ctx), (page), (r)->id, (r)->first_name, (r)->last_name, \
	(r)->owner, (r)->updated, (r)->email, (r)->phone, (r)->key_id, (r)->kek_version, (r)->wrapped, \
	(r)->account_id)

static void
take_row(struct ctx *ctx, struct contact_page *page, long long id, const char *first, const char *last,
    const char *owner, const char *updated, struct db_value email, struct db_value phone,
    struct db_value key_id, struct db_value kek_version, struct db_value wrapped, long long account_id)
{
	struct contact *c = &page->rows[page->n++];

	*c = (struct contact){ .id = id, .first_name = first, .last_name = last, .owner = owner,
	    .updated = updated, .account_id = account_id,
	    .key_row = contact_key_row(ctx->req->arena, key_id, kek_version, wrapped),
	    .sealed = { email, phone, { .type = DBV_NULL }, { .type = DBV_NULL } } };
	contact_open(ctx, c);	/* a key that cannot be had leaves the fields unopened */
}

/* Runs statement NAME with its in-struct and fills page from its rows;
 * RUN_SHAPED for a statement of another statement's shape. */
#define RUN_LIST(NAME, ctx, in, page) RUN_SHAPED(NAME, NAME, ctx, in, page)
#define RUN_SHAPED(NAME, SHAPE, ctx, in, page) do { \
	struct SHAPE##_out out_; \
	if (stmt_##NAME((ctx)->db, (ctx)->req->arena, (in), &out_) != DB_OK) \
		return -1; \
	(page)->rows = arena_alloc((ctx)->req->arena, (out_.n ? out_.n : 1) * sizeof(struct contact)); \
	for (size_t i_ = 0; i_ < out_.n; i_++) \
		TAKE_ROW((ctx), (page), &out_.rows[i_]); \
	return 0; \
} while (0)

static int
exact_search(struct ctx *ctx, const struct contact_list_query *q, struct db_value email_idx,
    struct db_value phone_idx, struct contact_page *page)
{
	struct contact_list_exact_search_in in = {
		.scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .mine = q->mine, .user_id = ctx->user->id,
		.email_bidx = email_idx, .phone_bidx = phone_idx, .after_name = text(q->after_name),
		.after_name_again = text(q->after_name), .after_id = q->after_id, .limit = q->limit,
	};

	RUN_LIST(contact_list_exact_search, ctx, &in, page);
}

/* Last names and first names beginning with q, each range cut at a page. */
static int
name_search(struct ctx *ctx, const struct contact_list_query *q, struct contact_page *page)
{
	const char *like = contact_like_prefix(ctx->req->arena, q->q);
	struct record_scope scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW);
	struct contact_list_name_search_in in = {
		.scope = scope, .mine = q->mine, .user_id = ctx->user->id, .like = like,
		.after_name = text(q->after_name), .after_name_again = text(q->after_name),
		.after_id = q->after_id, .limit = q->limit,
		.scope_first = scope, .mine_first = q->mine, .user_id_first = ctx->user->id,
		.like_first = like, .after_name_first = text(q->after_name),
		.after_name_first_again = text(q->after_name), .after_id_first = q->after_id,
		.limit_first = q->limit, .limit_all = q->limit,
	};

	RUN_LIST(contact_list_name_search, ctx, &in, page);
}

static int
by_name(struct ctx *ctx, const struct contact_list_query *q, struct contact_page *page)
{
	struct contact_list_by_name_in in = {
		.scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .mine = q->mine, .user_id = ctx->user->id,
		.after_name = text(q->after_name), .after_name_again = text(q->after_name),
		.after_id = q->after_id, .limit = q->limit,
	};

	RUN_LIST(contact_list_by_name, ctx, &in, page);
}

/* Whether the custom value sought is held by 1,000 contacts or more:
 * 1, 0, or -1 on a database error. */
static int
common_value(struct ctx *ctx, const struct custom_key *key)
{
	struct contact_custom_value_rows_in in = { .field_id = key->field_id, .bidx = key->bidx,
	    .text = key->text, .num = key->num };
	struct contact_custom_value_rows_out out;

	if (stmt_contact_custom_value_rows(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.n == 1 && out.rows[0].n >= 1000;
}

/* The contacts whose custom field holds the value sought, by name: from
 * the value's rows when it is rare, walking the names when it is common. */
static int
by_custom(struct ctx *ctx, const struct contact_list_query *q, struct contact_page *page)
{
	int common = common_value(ctx, q->custom);
	struct contact_list_custom_in in = {
		.scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .mine = q->mine, .user_id = ctx->user->id,
		.field_id = q->custom->field_id, .bidx = q->custom->bidx, .text = q->custom->text,
		.num = q->custom->num, .after_name = text(q->after_name),
		.after_name_again = text(q->after_name), .after_id = q->after_id, .limit = q->limit,
	};

	if (common == -1)
		return -1;
	if (common)
		RUN_SHAPED(contact_list_custom_walk, contact_list_custom, ctx, &in, page);
	RUN_LIST(contact_list_custom, ctx, &in, page);
}

static int
by_newest(struct ctx *ctx, const struct contact_list_query *q, struct contact_page *page)
{
	struct contact_list_by_newest_in in = {
		.scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .mine = q->mine, .user_id = ctx->user->id,
		.before_id = q->after_id > 0 ? q->after_id : NO_MORE, .limit = q->limit,
	};

	RUN_LIST(contact_list_by_newest, ctx, &in, page);
}

static int
by_updated(struct ctx *ctx, const struct contact_list_query *q, struct contact_page *page)
{
	bool after = q->after_at && q->after_at[0];
	const char *at = after ? q->after_at : "9999-12-31 23:59:59";
	struct contact_list_by_updated_in in = {
		.scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW), .mine = q->mine, .user_id = ctx->user->id,
		.before_at = at, .before_at_again = at, .before_id = after ? q->after_id : NO_MORE,
		.limit = q->limit,
	};

	RUN_LIST(contact_list_by_updated, ctx, &in, page);
}

int
contact_list_fetch(struct ctx *ctx, const struct contact_list_query *q, long long limit,
    struct contact_page *page, const char **refused)
{
	struct contact_list_query lq = *q;
	struct db_value email_idx, phone_idx;

	page->n = 0;
	page->rows = NULL;
	*refused = search_refusal(&ctx->user->rights, ctx->req->arena, MOD_CONTACTS, q->q);
	if (*refused != NULL)
		return 1;
	lq.limit = limit;
	if (q->custom != NULL)
		return by_custom(ctx, &lq, page);
	if (contact_exact_search(ctx->req->arena, q->q, &email_idx, &phone_idx))
		return exact_search(ctx, &lq, email_idx, phone_idx, page);
	if (q->q[0] != '\0')
		return name_search(ctx, &lq, page);
	switch (q->sort) {
	case CONTACT_SORT_NEWEST:
		return by_newest(ctx, &lq, page);
	case CONTACT_SORT_UPDATED:
		return by_updated(ctx, &lq, page);
	default:
		return by_name(ctx, &lq, page);
	}
}

int
contact_list_accounts(struct ctx *ctx, const struct contact_page *page, size_t n, const char **names)
{
	struct contact_list_accounts_in in = { .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW) };
#define SLOT(t, f) &in.f,
	long long *slot[50] = { CONTACT_I10(SLOT, a) CONTACT_I10(SLOT, b) CONTACT_I10(SLOT, c)
	    CONTACT_I10(SLOT, d) CONTACT_I10(SLOT, e) };
#undef SLOT
	struct contact_list_accounts_out out;
	bool any = false;

	for (size_t i = 0; i < n; i++)
		names[i] = NULL;
	for (size_t i = 0; i < n && i < 50; i++) {
		*slot[i] = page->rows[i].account_id;
		any |= page->rows[i].account_id != 0;
	}
	if (!any || !permission_can(ctx, MOD_ACCOUNTS, ACT_VIEW))
		return 0;
	if (stmt_contact_list_accounts(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	for (size_t r = 0; r < out.n; r++)
		for (size_t i = 0; i < n && i < 50; i++)
			if (page->rows[i].account_id == out.rows[r].id)
				names[i] = out.rows[r].name;
	return 0;
}
