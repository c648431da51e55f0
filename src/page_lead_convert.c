/* page_lead_convert.c: owns converting a lead (POST /leads/{id}/convert):
 * in one transaction an account named after the lead's company, a
 * contact with the lead's names, email and phone (sealed anew under the
 * contact's own data key), and a deal in the first open stage; the lead
 * is marked converted and points at the deal. Each creation is audited.
 * Needs leads edit plus accounts, contacts and deals create. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "deal.h"
#include "json.h"
#include "lead.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"

static struct db_value
text(const char *s)
{
	return (struct db_value){ .type = DBV_TEXT, .s = s, .len = strlen(s) };
}

static struct db_value
num(long long v)
{
	return (struct db_value){ .type = DBV_INT, .i = v };
}

static struct db_value
team(const struct ctx *ctx)
{
	return ctx->user->team_id ? num(ctx->user->team_id) : (struct db_value){ .type = DBV_NULL };
}

static int
audit_created(struct ctx *ctx, const char *kind, long long id, long long lead)
{
	return audit_ctx(ctx, AUDIT_RECORD_CREATE, kind, arena_printf(ctx->req->arena, "%lld", id),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"converted_from_lead\":%lld}", lead));
}

/* The contact: names, then email and phone sealed under its key. */
static long long
make_contact(struct ctx *ctx, const struct lead *l, long long account)
{
	const char *plain[CS__MAX] = { l->plain[LS_EMAIL], l->plain[LS_PHONE], NULL, NULL };
	struct db_value p[7] = { text(l->first_name), text(l->last_name), num(ctx->user->id), team(ctx) };
	struct db_rows rows;
	long long id;

	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_INSERT, p, 4, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (contact_seal_new(ctx, id, plain, p) == -1)
		return -1;
	p[6] = num(id);
	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_SET_SECRETS, p, 7, NULL) != DB_OK)
		return -1;
	p[0] = num(account);
	p[1] = num(id);
	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_SET_ACCOUNT, p, 2, NULL) != DB_OK)
		return -1;
	return id;
}

static long long
make_deal(struct ctx *ctx, const struct lead *l, long long account, long long contact)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);
	struct db_value p[10];
	struct db_rows rows;

	if (n <= 0)
		return -1;
	p[0] = text(arena_printf(ctx->req->arena, "%s: %s %s", l->company, l->first_name, l->last_name));
	p[1] = num(account);
	p[2] = num(contact);
	p[3] = num(0);
	p[4] = text("CHF");
	p[5] = num(st[0].id);
	p[6] = num(st[0].probability);
	p[7] = (struct db_value){ .type = DBV_NULL };
	p[8] = num(ctx->user->id);
	p[9] = team(ctx);
	if (db_run(ctx->db, ctx->req->arena, STMT_DEAL_INSERT, p, 10, &rows) != DB_OK)
		return -1;
	return (long long)rows.insert_id;
}

/* Everything after the checks, in the caller's transaction. 1 done, 0 the
 * lead changed meanwhile, -1 error. */
static int
convert(struct ctx *ctx, const struct lead *l, long long version, long long *deal)
{
	struct db_value p[3 + RECORD_SCOPE_PARAMS] = { text(l->company), num(ctx->user->id), team(ctx) };
	struct db_rows rows;
	long long account, contact;

	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_INSERT, p, 3, &rows) != DB_OK)
		return -1;
	account = (long long)rows.insert_id;
	if ((contact = make_contact(ctx, l, account)) == -1 || (*deal = make_deal(ctx, l, account, contact)) == -1)
		return -1;
	p[0] = num(*deal);
	p[1] = num(l->id);
	p[2] = num(version);
	record_scope_bind(ctx, MOD_LEADS, ACT_EDIT, p + 3);
	if (db_run(ctx->db, ctx->req->arena, STMT_LEAD_CONVERTED, p, 3 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.affected == 0)
		return 0;
	if (audit_created(ctx, "accounts", account, l->id) == -1 ||
	    audit_created(ctx, "contacts", contact, l->id) == -1 ||
	    audit_created(ctx, "deals", *deal, l->id) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, "leads", arena_printf(ctx->req->arena, "%lld", l->id),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"before\":{\"status\":%s},"
	    "\"after\":{\"status\":\"converted\",\"deal\":%lld}}", json_quote(ctx->req->arena, l->status),
	    *deal)) == -1)
		return -1;
	return 1;
}

int
page_lead_convert(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct lead l;
	long long deal = 0;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = lead_load(ctx, ctx->ids[0], ACT_EDIT, &l)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!permission_can(ctx, MOD_ACCOUNTS, ACT_CREATE) || !permission_can(ctx, MOD_CONTACTS, ACT_CREATE) ||
	    !permission_can(ctx, MOD_DEALS, ACT_CREATE))
		return 403;
	if (strcmp(l.status, "converted") == 0 || l.company[0] == '\0') {
		tv_str(ctx->data, "error", l.company[0] == '\0' ?
		    N_("Give the lead a company first: conversion creates an account for it.") :
		    N_("This lead is converted already."));
		return page_lead_get(ctx) == 200 ? 400 : 503;
	}
	if (db_begin(ctx->db) != DB_OK || (rc = convert(ctx, &l, v ? strtoll(v, NULL, 10) : 0, &deal)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 0) {
		db_rollback(ctx->db);
		tv_str(ctx->data, "error", N_("Someone changed this lead after you opened it, or it was converted. Open it again."));
		return page_lead_get(ctx) == 200 ? 409 : 503;
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/deals/%lld", deal));
}
