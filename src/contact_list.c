/* contact_list.c: owns the choice of the contact list's statement and
 * its parameters (contact_list.h). Each sort order and each kind of
 * search has its own statement (sql_statements.c) so that MariaDB has one
 * index path per statement: browsing reads the list index in order and
 * stops after a page, whatever the table's size; an exact email or phone
 * search goes through the blind indexes; a name search merges the last
 * and first name indexes. Searches are always ordered by name. */
#include "config.h"

#include <string.h>

#include "contact.h"
#include "contact_list.h"
#include "handler.h"
#include "record_scope.h"
#include "search_key.h"
#include "session.h"

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

static struct db_value
text(const char *s)
{
	s = s ? s : "";
	return (struct db_value){ .type = DBV_TEXT, .s = s, .len = strlen(s) };
}

static struct db_value
num(long long i)
{
	return (struct db_value){ .type = DBV_INT, .i = i };
}

/* The owner filter: off, or the user's own contacts. */
static size_t
bind_mine(const struct ctx *ctx, const struct contact_list_query *q, struct db_value *p)
{
	p[0] = num(q->mine);
	p[1] = num(ctx->user->id);
	return 2;
}

/* The keyset condition of the name order: after (last name, id). */
static size_t
bind_after_name(const struct contact_list_query *q, struct db_value *p)
{
	p[0] = text(q->after_name);
	p[1] = text(q->after_name);
	p[2] = num(q->after_id);
	return 3;
}

/* The search (if any) and keyset parameters; returns the statement. */
static enum stmt_id
bind_search(struct ctx *ctx, const struct contact_list_query *q, struct db_value *p, size_t *n)
{
	struct db_value email_idx, phone_idx;

	if (contact_exact_search(ctx->req->arena, q->q, &email_idx, &phone_idx)) {
		p[(*n)++] = email_idx;
		p[(*n)++] = phone_idx;
		*n += bind_after_name(q, p + *n);
		return STMT_CONTACTS_EXACT_SEARCH;
	}
	if (q->q[0] != '\0') {
		const char *like = contact_like_prefix(ctx->req->arena, q->q);

		for (int branch = 0; branch < 2; branch++) {	/* last names, first names */
			if (branch == 1) {
				record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p + *n);
				*n += RECORD_SCOPE_PARAMS;
				*n += bind_mine(ctx, q, p + *n);
			}
			p[(*n)++] = text(like);
			*n += bind_after_name(q, p + *n);
			p[(*n)++] = num(q->limit);
		}
		return STMT_CONTACTS_NAME_SEARCH;
	}
	switch (q->sort) {
	case CONTACT_SORT_NEWEST:
		p[(*n)++] = num(q->after_id > 0 ? q->after_id : (long long)(~0ULL >> 1));
		return STMT_CONTACTS_BY_NEWEST;
	case CONTACT_SORT_UPDATED:
		p[(*n)++] = text(q->after_at && q->after_at[0] ? q->after_at : "9999-12-31 23:59:59");
		p[(*n)++] = text(q->after_at && q->after_at[0] ? q->after_at : "9999-12-31 23:59:59");
		p[(*n)++] = num(q->after_at && q->after_at[0] ? q->after_id : (long long)(~0ULL >> 1));
		return STMT_CONTACTS_BY_UPDATED;
	default:
		*n += bind_after_name(q, p + *n);
		return STMT_CONTACTS_BY_NAME;
	}
}

int
contact_list_fetch(struct ctx *ctx, const struct contact_list_query *q, long long limit,
    struct db_rows *rows, const char **refused)
{
	struct db_value p[2 * (RECORD_SCOPE_PARAMS + 2 + 5) + 1];
	struct contact_list_query lq = *q;
	size_t n = RECORD_SCOPE_PARAMS;
	enum stmt_id stmt;

	*refused = search_refusal(&ctx->user->rights, ctx->req->arena, MOD_CONTACTS, q->q);
	if (*refused != NULL)
		return 1;
	lq.limit = limit;
	record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p);
	n += bind_mine(ctx, &lq, p + n);
	stmt = bind_search(ctx, &lq, p, &n);
	p[n++] = num(limit);
	return db_run(ctx->db, ctx->req->arena, stmt, p, n, rows) == DB_OK ? 0 : -1;
}
