/* related.h: the records an activity can be attached to (a contact, an
 * account, a deal or a lead): their pages, finding one the user may view
 * (and its name), and the scope parameters of the joins through which
 * activity lists show the attached record's name (RELATED_JOINS_SQL in
 * sql_statements.c). A record the user may not view, a deleted one and a
 * missing one look the same: no name. */
#ifndef CRM_RELATED_H
#define CRM_RELATED_H

#include "db.h"
#include "record_scope.h"
#include "tval.h"

struct ctx;

/* The parameters of RELATED_JOINS_SQL: a record scope per module. */
#define RELATED_SCOPE_PARAMS (4 * RECORD_SCOPE_PARAMS)

/* Fills p[0..RELATED_SCOPE_PARAMS): the view scope of contacts,
 * accounts, deals and leads, the order of RELATED_JOINS_SQL. */
void related_scope_bind(const struct ctx *ctx, struct db_value *p);

/* Record rel (enum activity_related) id: 1 when it exists, is not
 * deleted and the user may view it (*name set, in the request's arena),
 * 0 otherwise (*name NULL), -1 on a database error. */
int related_name(struct ctx *ctx, int rel, long long id, const char **name);

/* Puts the attached record into map m: "related" (its type's label, a
 * msgid) and, when name is not NULL (the user may view it),
 * "related_name" and "related_href". */
void related_show(struct tval *m, int rel, long long id, const char *name);

#endif
