/* tval.c: owns the template value tree. Maps are short linked lists:
 * a page hands a template tens of keys, so a hash would only cost. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tval.h"

struct tv_entry {
	const char *key;
	struct tval *val;
	struct tv_entry *next;
};

static struct tval *
tv_new(struct arena *a, enum tv_kind kind)
{
	struct tval *v = arena_alloc(a, sizeof(*v));

	v->kind = kind;
	v->arena = a;
	return v;
}

struct tval *
tv_map(struct arena *a)
{
	return tv_new(a, TV_MAP);
}

static void
put(struct tval *map, const char *key, struct tval *v)
{
	struct tv_entry *e;

	for (e = map->entries; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0) {
			e->val = v;
			return;
		}
	e = arena_alloc(map->arena, sizeof(*e));
	e->key = key;
	e->val = v;
	e->next = map->entries;
	map->entries = e;
}

struct tval *
tv_str(struct tval *map, const char *key, const char *s)
{
	struct tval *v = tv_new(map->arena, TV_STR);

	v->s = s;
	put(map, key, v);
	return map;
}

struct tval *
tv_strf(struct tval *map, const char *key, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return tv_str(map, key, arena_strdup(map->arena, buf));
}

struct tval *
tv_int(struct tval *map, const char *key, long long v)
{
	return tv_strf(map, key, "%lld", v);
}

struct tval *
tv_bool(struct tval *map, const char *key, bool b)
{
	struct tval *v = tv_new(map->arena, TV_BOOL);

	v->b = b;
	put(map, key, v);
	return map;
}

struct tval *
tv_child(struct tval *map, const char *key)
{
	struct tval *v = tv_new(map->arena, TV_MAP);

	put(map, key, v);
	return v;
}

struct tval *
tv_open(struct tval *map, const char *key, enum tv_kind kind)
{
	for (struct tv_entry *e = map->entries; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0 && e->val->kind == kind)
			return e->val;
	return kind == TV_LIST ? tv_list(map, key) : tv_child(map, key);
}

struct tval *
tv_list(struct tval *map, const char *key)
{
	struct tval *v = tv_new(map->arena, TV_LIST);

	put(map, key, v);
	return v;
}

static void
append(struct tval *list, struct tval *item)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct tval **items = arena_alloc(list->arena, cap * sizeof(*items));
		if (list->n)
			memcpy(items, list->items, list->n * sizeof(*items));
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = item;
}

struct tval *
tv_append_map(struct tval *list)
{
	struct tval *m = tv_new(list->arena, TV_MAP);

	append(list, m);
	return m;
}

void
tv_append_str(struct tval *list, const char *s)
{
	struct tval *v = tv_new(list->arena, TV_STR);

	v->s = s;
	append(list, v);
}

static const struct tval *
get_one(const struct tval *map, const char *key, size_t len)
{
	if (map == NULL || map->kind != TV_MAP)
		return NULL;
	for (const struct tv_entry *e = map->entries; e != NULL; e = e->next)
		if (strlen(e->key) == len && memcmp(e->key, key, len) == 0)
			return e->val;
	return NULL;
}

const struct tval *
tv_get(const struct tval *map, const char *path)
{
	const struct tval *v = map;

	while (v != NULL) {
		size_t len = strcspn(path, ".");
		v = get_one(v, path, len);
		if (path[len] == '\0')
			return v;
		path += len + 1;
	}
	return NULL;
}

bool
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case TV_STR:
		return v->s != NULL && v->s[0] != '\0';
	case TV_BOOL:
		return v->b;
	case TV_LIST:
		return v->n > 0;
	case TV_MAP:
		return true;
	}
	return false;
}
