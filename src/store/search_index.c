/* search_index.c: owns filling the global search's name keys of
 * existing rows (search_index.h) with search_sql.h's rebuild statements:
 * per kind, from id 0 to the highest, one transaction per chunk of ids
 * that deletes the chunk's keys and inserts them again. Chunks keep each
 * statement well inside the client's read timeout (one statement over a
 * million contacts does not) and let the application keep writing. */
#include "config.h"

#include <time.h>

#include "search_index.h"
#include "stmt.h"

#define SEARCH_INDEX_CHUNK 25000

typedef enum db_error (*rebuild_fn)(struct db *, struct arena *, const struct search_rebuild_shape_in *,
    struct search_rebuild_shape_out *);
typedef enum db_error (*max_fn)(struct db *, struct arena *, const struct search_max_id_shape_in *,
    struct search_max_id_shape_out *);

static const struct {
	const char *name;
	max_fn max;
	rebuild_fn forget, fill;
} kinds[] = {
	{ "contacts", stmt_search_max_contacts, stmt_search_forget_contacts, stmt_search_rebuild_contacts },
	{ "leads", stmt_search_max_leads, stmt_search_forget_leads, stmt_search_rebuild_leads },
	{ "accounts", stmt_search_max_accounts, stmt_search_forget_accounts, stmt_search_rebuild_accounts },
	{ "deals", stmt_search_max_deals, stmt_search_forget_deals, stmt_search_rebuild_deals },
};

/* One chunk in its own transaction: the keys it wrote, or -1. */
static long long
chunk(struct db *db, struct arena *a, size_t k, long long lo, long long hi)
{
	struct search_rebuild_shape_in in = { .lo = lo, .hi = hi };
	struct search_rebuild_shape_out out;

	if (db_begin(db) != DB_OK || kinds[k].forget(db, a, &in, &out) != DB_OK ||
	    kinds[k].fill(db, a, &in, &out) != DB_OK || db_commit(db) != DB_OK)
		goto fail;
	return (long long)out.affected;
fail:
	db_rollback(db);
	return -1;
}

long long
search_index_rebuild(struct db *db, struct arena *a, FILE *out)
{
	long long total = 0;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct search_max_id_shape_out max;
		long long keys = 0, n;
		time_t t0 = time(NULL);

		if (kinds[k].max(db, a, &(struct search_max_id_shape_in){ 0 }, &max) != DB_OK || max.n != 1)
			goto fail;
		for (long long lo = 0; lo < max.rows[0].n; lo += SEARCH_INDEX_CHUNK) {
			if ((n = chunk(db, a, k, lo, lo + SEARCH_INDEX_CHUNK)) < 0)
				goto fail;
			keys += n;
		}
		if (out != NULL)
			fprintf(out, "search keys of %s: %lld (%lld s)\n", kinds[k].name, keys,
			    (long long)(time(NULL) - t0));
		total += keys;
	}
	return total;
fail:
	fprintf(stderr, "crmctl: the search keys could not be rebuilt (see the log); "
	    "run crmctl search-index rebuild again\n");
	return -1;
}
