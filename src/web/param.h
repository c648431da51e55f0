/* param.h: the decoded name=value pairs of a query string or a form, in
 * the order they came, and their lookup. Filled by request.c (query,
 * urlencoded forms) and multipart.c (multipart text fields). */
#ifndef CRM_PARAM_H
#define CRM_PARAM_H

#include <stddef.h>

#include "arena.h"

struct param {
	const char *key;
	const char *value;	/* NUL-free, valid UTF-8 */
	size_t value_len;
	struct param *next;
};

struct param_list {
	struct param *head, *tail;
	int count;
};

/* Appends key=value (value_len bytes) to list; both must already be
 * validated and live in the arena. */
void param_list_add(struct param_list *list, struct arena *a, const char *key,
    const char *value, size_t value_len);

/* First value of key in list, or NULL. */
const char *param_get(const struct param_list *list, const char *key);

#endif
