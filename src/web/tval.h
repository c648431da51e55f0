/* tval.h: the values a handler hands to a template: strings, booleans,
 * lists and maps, all in the request's arena. */
#ifndef CRM_TVAL_H
#define CRM_TVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum tv_kind { TV_STR, TV_BOOL, TV_LIST, TV_MAP };

struct tv_entry;

struct tval {
	enum tv_kind kind;
	struct arena *arena;
	const char *s;			/* TV_STR */
	bool b;				/* TV_BOOL */
	struct tval **items;		/* TV_LIST */
	size_t n, cap;
	struct tv_entry *entries;	/* TV_MAP */
};

/* A new empty map (the root handed to a template). */
struct tval *tv_map(struct arena *a);

/* Sets key in map; s is not copied (it must live in the arena or be
 * static). A NULL s makes the key absent-valued: it renders as nothing
 * and is false in conditions. Returns map, for chaining. */
struct tval *tv_str(struct tval *map, const char *key, const char *s);
struct tval *tv_strf(struct tval *map, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct tval *tv_int(struct tval *map, const char *key, long long v);
struct tval *tv_bool(struct tval *map, const char *key, bool b);
/* Creates (or replaces) a child map or list under key and returns it. */
struct tval *tv_child(struct tval *map, const char *key);
struct tval *tv_list(struct tval *map, const char *key);
/* The child map or list (kind) under key: the existing one, else a new
 * one, so several callers can add to the same map or list. */
struct tval *tv_open(struct tval *map, const char *key, enum tv_kind kind);
/* Appends a new map to list and returns it. */
struct tval *tv_append_map(struct tval *list);
/* Appends a string to list. */
void tv_append_str(struct tval *list, const char *s);

/* Looks up a dotted path ("contact.name") from map; NULL when absent. */
const struct tval *tv_get(const struct tval *map, const char *path);
/* Truthiness for t:if: true bool, non-empty string, non-empty list, map. */
bool tv_truthy(const struct tval *v);

#endif
