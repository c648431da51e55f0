/* arena.h: per-request memory pool, freed in one call, with cleanups. */
#ifndef CRM_ARENA_H
#define CRM_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
	struct arena_block *blocks;
	struct arena_cleanup *cleanups;
	size_t used;	/* bytes handed out, for limits and tests */
};

void arena_init(struct arena *a);
/* Runs cleanups (last registered first), wipes and frees every block.
 * The arena can be used again afterwards. */
void arena_reset(struct arena *a);

/* Returns zeroed memory owned by the arena; aborts on out-of-memory
 * because a worker without memory cannot answer anyway. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Registers fn(arg) to run at arena_reset (result sets, wiping). */
void arena_on_reset(struct arena *a, void (*fn)(void *), void *arg);

#endif
