/* rights_cache.c: owns the worker's cache of per-user rights rows
 * (rights_cache.h): a small table of entries, least recently used one
 * replaced, each a private copy of a statement's rows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "rights_cache.h"

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
static unsigned long long generation;

void
rights_cache_set_generation(unsigned long long n)
{
	generation = n;
}

/* A copy of rows in one block (values, then their bytes), or NULL. */
static struct db_value *
copy_cells(const struct db_rows *rows, struct arena *a)
{
	size_t n = rows->nrows * rows->ncols, bytes = n * sizeof(struct db_value);
	struct db_value *out;
	char *p;

	for (size_t i = 0; i < n; i++)
		bytes += rows->cells[i].s ? rows->cells[i].len + 1 : 0;
	out = a ? arena_alloc(a, bytes ? bytes : 1) : malloc(bytes ? bytes : 1);
	if (out == NULL)
		return NULL;
	p = (char *)(out + n);
	for (size_t i = 0; i < n; i++) {
		out[i] = rows->cells[i];
		if (rows->cells[i].s) {
			memcpy(p, rows->cells[i].s, rows->cells[i].len);
			p[rows->cells[i].len] = '\0';
			out[i].s = p;
			p += rows->cells[i].len + 1;
		}
	}
	return out;
}

static struct entry *
find(enum stmt_id id, long long user_id, time_t now)
{
	for (size_t i = 0; i < ENTRIES; i++)
		if (cache[i].generation == generation && cache[i].stmt == id &&
		    cache[i].user_id == user_id && cache[i].expires > now)
			return &cache[i];
	return NULL;
}

/* The entry to overwrite: a free or stale one, else the least recent. */
static struct entry *
victim(void)
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

/* When rows stop being valid: the TTL, or the first row's seconds left. */
static time_t
expiry(const struct db_rows *rows, int ttl_column, time_t now)
{
	time_t at = now + RIGHTS_CACHE_TTL;

	for (size_t r = 0; ttl_column >= 0 && r < rows->nrows; r++) {
		long long left = db_cell_int(rows, r, (size_t)ttl_column, 0);
		if (now + left < at)
			at = now + (left > 0 ? left : 0);
	}
	return at;
}

static void
store(enum stmt_id id, long long user_id, const struct db_rows *rows, time_t expires, time_t now)
{
	struct entry *e = victim();
	struct db_value *cells = copy_cells(rows, NULL);

	if (cells == NULL)
		return;
	free(e->cells);
	*e = (struct entry){ .stmt = id, .user_id = user_id, .generation = generation,
	    .expires = expires, .used = now, .nrows = rows->nrows, .ncols = rows->ncols,
	    .cells = cells };
}

enum db_error
rights_cache_run(struct db *db, struct arena *a, enum stmt_id id, long long user_id,
    int ttl_column, struct db_rows *rows)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = user_id } };
	time_t now = time(NULL);
	struct entry *e = generation ? find(id, user_id, now) : NULL;
	enum db_error err;

	if (e != NULL) {
		struct db_rows cached = { .nrows = e->nrows, .ncols = e->ncols, .cells = e->cells };
		e->used = now;
		*rows = cached;
		rows->cells = copy_cells(&cached, a);
		return DB_OK;
	}
	err = db_run(db, a, id, p, 1, rows);
	if (err == DB_OK && generation)
		store(id, user_id, rows, expiry(rows, ttl_column, now), now);
	return err;
}
