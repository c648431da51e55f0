/* stage_store.h: the deal pipeline's stages as /admin/stages reads and
 * changes them. Functions return 0 and -1 on a database error; callers
 * hold the transaction and audit. */
#ifndef CRM_STAGE_STORE_H
#define CRM_STAGE_STORE_H

#include <stddef.h>

#include "i18n.h"

struct ctx;

struct stage_info {
	long long id, position, probability, deals;	/* deals: how many are in it */
	const char *name, *outcome;	/* name: the default, shown in a language without one */
	const char *names[LANG__MAX];	/* the name per language; NULL or "": none (LANG_EN unused) */
};

/* Every stage by position. */
int stage_store_list(struct ctx *ctx, struct stage_info **out, size_t *n);
/* Inserts s (id 0; *id gets the new one) or updates stage s->id, with
 * its names per language: 0, 1 when another stage has the name, -1 on
 * error. */
int stage_store_save(struct ctx *ctx, const struct stage_info *s, long long *id);
/* Deletes a stage no deal is in: 1 deleted, 0 not (in use or none), -1. */
int stage_store_delete(struct ctx *ctx, long long id);

#endif
