/* pick.h: whether the signed-in user may pick an id that arrived in a
 * form, before any SQL write uses it. The form layer (form.c) checks an
 * id's spelling and range; these lookups check that it names something
 * the user may choose: it exists, is live, and is within their reach.
 * One lookup per family of ids (form.h, enum form_pick), plus records
 * of the five CRM types. An id that fails is bad input: the form shows
 * the family's message on the field (never a database error). */
#ifndef CRM_PICK_H
#define CRM_PICK_H

#include "db.h"
#include "form.h"
#include "rbac.h"

struct ctx;
struct record_kind;
struct record_user;

/* Each returns 1 when the user may pick id, 0 when not (missing, deleted,
 * out of reach: the same answer), -1 on a database error (logged). */

/* A deal stage; its probability into *probability when not NULL. */
int pick_stage(struct ctx *ctx, long long id, int *probability);
/* A team. */
int pick_team(struct ctx *ctx, long long id);
/* A role; its name into *name (arena memory) when not NULL. */
int pick_role(struct ctx *ctx, long long id, const char **name);
/* An enabled user the actor may give records of module m to: anyone with
 * edit scope "all", else a member of the actor's team or the actor. The
 * user (id, username, team id or 0) into *row when not NULL. */
int pick_owner(struct ctx *ctx, enum rbac_module m, long long id, struct record_user *row);
/* A live account within the user's accounts view scope; its name into
 * *name (arena memory) when not NULL. */
int pick_account(struct ctx *ctx, long long id, const char **name);
/* A live contact within the user's contacts view scope; its name
 * ("first last", arena memory) into *name when not NULL. */
int pick_contact(struct ctx *ctx, long long id, const char **name);
/* Account parent as the parent of account id (0: a new account): as
 * pick_account, and 2 when account id is parent or one of parent's
 * ancestors, so the pick would make a cycle (pick_parent_cycle says so). */
int pick_parent_account(struct ctx *ctx, long long id, long long parent);
extern const char pick_parent_cycle[];	/* the message of a cycle (a msgid) */

/* A live record of kind k within the user's scope for action. */
int pick_record(struct ctx *ctx, const struct record_kind *k, long long id, enum rbac_action action);

/* Runs the lookup of every ID field of r that has a value and a family
 * (m is the module PICK_OWNER is about); a field the user may not pick
 * gets its family's message through form_set_error(). Returns r->nerrors
 * afterwards, or -1 on a database error. */
int pick_form(struct ctx *ctx, struct form_result *r, enum rbac_module m);

/* The message a field of family f gets when the user may not pick its
 * id (a msgid). */
const char *pick_message(enum form_pick f);

#endif
