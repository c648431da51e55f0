/* rights_cache.c: owns the worker's cache of per-user rights rows
 * (rights_cache.h): a small table of entries, least recently used one
 * replaced, each a private copy of a statement's rows.
 *
 * The cache is process-wide on purpose: it is a cache, shared by the
 * requests a worker serves one after another, and an entry says itself
 * which rbac generation it was read at. The generation a request may
 * use is not: it is read with that request's session and marks what that
 * request may see, so it is request state. It lives on the request
 * (struct ctx: rights_generation, set by session_load while it loads
 * rights, 0 otherwise) and every call passes it; nothing here remembers
 * it, so one request's generation can never answer another's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "rights_cache.h"
#include "stmt.h"

#define ENTRIES 128

struct entry {
	enum stmt_id stmt;
	long long user_id;
	unsigned long long generation;	/* 0: free */
	time_t expires, used;
	size_t nrows, ncols;
	struct db_value *cells;		/* one malloc block with the strings */
};

static struct entry cache[ENTRIES];

/* A copy of n values in one block (values, then their bytes), or NULL.
 * Every value alike: no column is told from another (the statement's
 * generated reader does that for the caller). */
static struct db_value *
copy_values(const struct db_value *in, size_t n, struct arena *a)
{
	size_t bytes = n * sizeof(struct db_value);
	struct db_value *out;
	char *p;

	for (size_t i = 0; i < n; i++)
		bytes += in[i].s ? in[i].len + 1 : 0;
	out = a ? arena_alloc(a, bytes ? bytes : 1) : malloc(bytes ? bytes : 1);
	if (out == NULL)
		return NULL;
	p = (char *)(out + n);
	for (size_t i = 0; i < n; i++) {
		out[i] = in[i];
		if (in[i].s) {
			memcpy(p, in[i].s, in[i].len);
			p[in[i].len] = '\0';
			out[i].s = p;
			p += in[i].len + 1;
		}
	}
	return out;
}

/* The values of a result, as one array (nrows x ncols). */
static struct db_value *
copy_result(const struct db_rows *result, struct arena *a)
{
	return copy_values(result->cells, result->nrows * result->ncols, a);
}

static struct entry *
find(unsigned long long generation, enum stmt_id id, long long user_id, time_t now)
{
	for (size_t i = 0; i < ENTRIES; i++)
		if (cache[i].generation == generation && cache[i].stmt == id &&
		    cache[i].user_id == user_id && cache[i].expires > now)
			return &cache[i];
	return NULL;
}

/* The entry to overwrite: a free or stale one, else the least recent. */
static struct entry *
victim(unsigned long long generation)
{
	struct entry *v = &cache[0];

	for (size_t i = 0; i < ENTRIES; i++) {
		if (cache[i].generation != generation)
			return &cache[i];
		if (cache[i].used < v->used)
			v = &cache[i];
	}
	return v;
}

static void
store(unsigned long long generation, enum stmt_id id, long long user_id,
    const struct db_rows *result, time_t now)
{
	struct entry *e = victim(generation);
	struct db_value *cells = copy_result(result, NULL);

	if (cells == NULL)
		return;
	free(e->cells);
	*e = (struct entry){ .stmt = id, .user_id = user_id, .generation = generation,
	    .expires = now + RIGHTS_CACHE_TTL, .used = now, .nrows = result->nrows,
	    .ncols = result->ncols, .cells = cells };
}

enum db_error
rights_cache_call(struct db *db, struct arena *a, unsigned long long generation,
    const struct stmt_call *call, long long user_id, struct db_rows *out)
{
	time_t now = time(NULL);
	struct entry *e = generation ? find(generation, call->id, user_id, now) : NULL;
	enum db_error err;

	if (e != NULL) {
		e->used = now;
		*out = (struct db_rows){ .nrows = e->nrows, .ncols = e->ncols,
		    .cells = copy_values(e->cells, e->nrows * e->ncols, a) };
		return DB_OK;
	}
	err = stmt_exec(db, a, call, out);
	if (err == DB_OK && generation)
		store(generation, call->id, user_id, out, now);
	return err;
}

void
rights_cache_expire_in(unsigned long long generation, enum stmt_id id, long long user_id,
    long long seconds_left)
{
	time_t now = time(NULL);
	struct entry *e = generation ? find(generation, id, user_id, now) : NULL;

	if (e != NULL && now + (seconds_left > 0 ? seconds_left : 0) < e->expires)
		e->expires = now + (seconds_left > 0 ? seconds_left : 0);
}
