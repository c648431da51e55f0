/* pick.c: owns the "may pick" lookups for ids that arrive in forms
 * (pick.h): deal stages, teams, roles, new record owners, accounts
 * (and parent accounts, which must not make a cycle), contacts and
 * records.
 * Pages call pick_form() after form_validate(), or a lookup directly for
 * ids that are not declared fields; nothing here writes. */
#include "config.h"

#include <string.h>

#include "account.h"
#include "deal.h"
#include "handler.h"
#include "log.h"
#include "pick.h"
#include "record_kind.h"
#include "related.h"
#include "session.h"
#include "stmt.h"

static const char *const messages[PICK__MAX] = {
	[PICK_NONE] = N_("This reference is not valid."),
	[PICK_STAGE] = N_("There is no such stage."),
	[PICK_TEAM] = N_("There is no such team."),
	[PICK_ROLE] = N_("There is no such role."),
	[PICK_OWNER] = N_("You can give records only to enabled users of your own team."),
	[PICK_ACCOUNT] = N_("There is no such account."),
	[PICK_CONTACT] = N_("There is no such contact."),
};

const char *
pick_message(enum form_pick f)
{
	return (unsigned)f < PICK__MAX ? messages[f] : messages[PICK_NONE];
}

int
pick_stage(struct ctx *ctx, long long id, int *probability)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);

	if (n < 0)
		return -1;
	for (int s = 0; s < n; s++)
		if (st[s].id == id) {
			if (probability != NULL)
				*probability = st[s].probability;
			return 1;
		}
	return 0;
}

/* The lookup that names a team or role: pick.h's 1, 0 or -1; the name
 * into *name when not NULL. */
static int
named(struct ctx *ctx, bool role, long long id, const char **name)
{
	struct record_pick_in in = { .id = id };
	struct record_pick_out o;
	enum db_error e = role ? stmt_record_pick_role(ctx->db, ctx->req->arena, &in, &o) :
	    stmt_record_pick_team(ctx->db, ctx->req->arena, &in, &o);

	if (e != DB_OK)
		return -1;
	if (o.n == 0)
		return 0;
	if (name != NULL)
		*name = o.rows[0].name;
	return 1;
}

int
pick_team(struct ctx *ctx, long long id)
{
	return named(ctx, false, id, NULL);
}

int
pick_role(struct ctx *ctx, long long id, const char **name)
{
	return named(ctx, true, id, name);
}

int
pick_owner(struct ctx *ctx, enum rbac_module m, long long id, struct record_user *row)
{
	struct record_user *u;
	int n;

	if (id <= 0)
		return 0;
	if ((n = record_owner_choices(ctx, m, id, &u)) == -1)
		return -1;
	if (row != NULL && n == 1)
		*row = u[0];
	return n == 1;
}

int
pick_record(struct ctx *ctx, const struct record_kind *k, long long id, enum rbac_action action)
{
	struct record_owner o;

	return k == NULL || id <= 0 ? 0 : record_owner_load(ctx, k, id, action, &o);
}

int
pick_account(struct ctx *ctx, long long id, const char **name)
{
	const char *n;
	int rc = related_name(ctx, AR_ACCOUNT, id, &n);

	if (name != NULL)
		*name = n;
	return rc;
}

int
pick_contact(struct ctx *ctx, long long id, const char **name)
{
	const char *n;
	int rc = related_name(ctx, AR_CONTACT, id, &n);

	if (name != NULL)
		*name = n;
	return rc;
}

const char pick_parent_cycle[] =
    N_("An account cannot be its own parent account, directly or through other accounts. Choose another one.");

int
pick_parent_account(struct ctx *ctx, long long id, long long parent)
{
	int rc = pick_account(ctx, parent, NULL);

	if (rc != 1 || id <= 0)
		return rc;
	if ((rc = account_is_ancestor(ctx, id, parent)) == -1)
		return -1;
	return rc == 1 ? 2 : 1;
}

/* The lookup of family f for id: pick.h's 1, 0 or -1. */
static int
pick_one(struct ctx *ctx, enum form_pick f, enum rbac_module m, long long id)
{
	switch (f) {
	case PICK_STAGE:
		return pick_stage(ctx, id, NULL);
	case PICK_TEAM:
		return pick_team(ctx, id);
	case PICK_ROLE:
		return pick_role(ctx, id, NULL);
	case PICK_OWNER:
		return pick_owner(ctx, m, id, NULL);
	case PICK_ACCOUNT:
		return pick_account(ctx, id, NULL);
	case PICK_CONTACT:
		return pick_contact(ctx, id, NULL);
	case PICK_NONE:
	case PICK__MAX:
		break;
	}
	return 1;
}

int
pick_form(struct ctx *ctx, struct form_result *r, enum rbac_module m)
{
	for (size_t i = 0; i < r->def->nfields; i++) {
		const struct field_value *v = &r->values[i];
		int rc;
		if (v->def->type != FIELD_ID || v->def->pick == PICK_NONE || v->value == NULL)
			continue;
		if ((rc = pick_one(ctx, v->def->pick, m, v->i)) == -1)
			return -1;
		if (rc == 0)
			form_set_error(r, v->def->name, pick_message(v->def->pick));
	}
	return r->nerrors;
}
