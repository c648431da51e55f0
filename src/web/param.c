/* param.c: owns the list of decoded name=value pairs (param.h). */
#include "config.h"

#include <string.h>

#include "param.h"

void
param_list_add(struct param_list *list, struct arena *a, const char *key,
    const char *value, size_t value_len)
{
	struct param *p = arena_alloc(a, sizeof(*p));

	p->key = key;
	p->value = value;
	p->value_len = value_len;
	p->next = NULL;
	if (list->tail)
		list->tail->next = p;
	else
		list->head = p;
	list->tail = p;
	list->count++;
}

const char *
param_get(const struct param_list *list, const char *key)
{
	for (const struct param *p = list->head; p != NULL; p = p->next)
		if (strcmp(p->key, key) == 0)
			return p->value;
	return NULL;
}
