/* related.h: the records an activity can be attached to (a contact, an
 * account, a deal or a lead): their pages, finding one the user may view
 * (and its name), and the scopes of the joins through which activity
 * lists show the attached record's name (RELATED_JOINS_SQL in
 * sql_fragments.h). A record the user may not view, a deleted one and a
 * missing one look the same: no name. */
#ifndef CRM_RELATED_H
#define CRM_RELATED_H

#include "tval.h"

struct ctx;

/* The record types an activity can be attached to. */
enum activity_related { AR_CONTACT, AR_ACCOUNT, AR_DEAL, AR_LEAD, AR__MAX };
extern const char *const activity_related_names[AR__MAX];	/* "contact", ... = subject type */
extern const char *const activity_related_labels[AR__MAX];	/* msgids */
struct record_scope;

/* The view scope of the module of record type rel (enum
 * activity_related): one of the four SCOPE fields of the statements
 * that join the attached record (RELATED_JOINS_SQL, activity_sql.h). */
struct record_scope related_scope_of(const struct ctx *ctx, int rel);

/* Record rel (enum activity_related) id: 1 when it exists, is not
 * deleted and the user may view it (*name set, in the request's arena),
 * 0 otherwise (*name NULL), -1 on a database error. */
int related_name(struct ctx *ctx, int rel, long long id, const char **name);

/* Puts the attached record into map m: "related" (its type's label, a
 * msgid) and, when name is not NULL (the user may view it),
 * "related_name" and "related_href". */
void related_show(struct tval *m, int rel, long long id, const char *name);

#endif
