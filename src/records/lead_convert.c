/* lead_convert.c: owns converting a lead (lead.h: lead_convert): in one
 * transaction an account named after the lead's company (account.c), a
 * contact with the lead's names, email and phone (sealed anew under the
 * contact's own data key), and a deal in the first open stage with that
 * account and the contact on it as its decision maker (deal_links.h);
 * the lead is marked converted and points at the deal and the account
 * (which the account page's converted leads follow). Each creation is
 * audited.
 * The contact and deal rows are written by the LEAD statements of
 * lead_sql.h made for this. */
#include "config.h"

#include <string.h>

#include "account.h"
#include "audit.h"
#include "contact.h"
#include "deal.h"
#include "deal_links.h"
#include "display.h"
#include "handler.h"
#include "json.h"
#include "lead.h"
#include "record_audit.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

/* {"status":status} of the lead declaration (record_audit.h), NULL as "". */
static const char **
status_values(struct arena *a, const char *status)
{
	const struct record_decl *d = record_decl_of(RK_LEADS);
	const char **v = arena_alloc(a, sizeof(*v) * d->nfields);

	memset(v, 0, sizeof(*v) * d->nfields);
	v[record_field_index(d, "status")] = status ? status : "";
	return v;
}

/* {"before":{"status":..},"after":{"status":"converted","deal":id,
 * "account":id}}: "deal" and "account" are not declared fields. */
static const char *
converted_detail(struct arena *a, const char *was, long long deal, long long account)
{
	const struct record_decl *d = record_decl_of(RK_LEADS);
	struct json after, j;

	json_begin(&after, a);
	record_audit_put(&after, d, status_values(a, "converted"));
	json_int(&after, "deal", deal);
	json_int(&after, "account", account);
	json_begin(&j, a);
	json_raw(&j, "before", record_audit_values(a, d, status_values(a, was)));
	json_raw(&j, "after", json_end(&after));
	return json_end(&j);
}

static int
audit_created(struct ctx *ctx, const char *kind, long long id, long long lead)
{
	return audit_ctx(ctx, AUDIT_RECORD_CREATE, kind, arena_printf(ctx->req->arena, "%lld", id),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"converted_from_lead\":%lld}", lead));
}

/* The contact: names, then email and phone sealed under its key, then
 * its account. Its id, or -1. */
static long long
make_contact(struct ctx *ctx, const struct lead *l, long long account)
{
	struct arena *a = ctx->req->arena;
	const char *plain[CS__MAX] = { l->plain[LS_EMAIL], l->plain[LS_PHONE], NULL, NULL };
	struct lead_convert_contact_in in = { .first_name = l->first_name, .last_name = l->last_name,
	    .owner_id = ctx->user->id, .team_id = ctx->user->team_id, .title = l->title };
	struct lead_convert_contact_out out;
	struct lead_convert_contact_account_out none;
	long long id;

	if (stmt_lead_convert_contact(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	id = (long long)out.insert_id;
	if (contact_seal_store_new(ctx, id, plain) == -1 ||
	    stmt_lead_convert_contact_account(ctx->db, a, &(struct lead_convert_contact_account_in){
	    .account_id = account, .id = id }, &none) != DB_OK)
		return -1;
	return id;
}

/* The deal in the first stage, 0 CHF. Its id, or -1. */
static long long
make_deal(struct ctx *ctx, const struct lead *l, long long account, long long contact)
{
	struct deal_stage st[DEAL_STAGES_MAX];
	int n = deal_stages(ctx, st, DEAL_STAGES_MAX);
	struct lead_convert_deal_in in;
	struct lead_convert_deal_out out;

	if (n <= 0)
		return -1;
	in = (struct lead_convert_deal_in){
	    .name = arena_printf(ctx->req->arena, "%s: %s", l->company,
		display_person(ctx, l->first_name, l->last_name)),
	    .account_id = account, .contact_id = contact, .stage_id = st[0].id, .probability = st[0].probability,
	    .owner_id = ctx->user->id, .team_id = ctx->user->team_id };
	if (stmt_lead_convert_deal(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return (long long)out.insert_id;
}

/* Everything in the caller's transaction: 1 done, 0 the lead changed
 * meanwhile, -1 error. */
static int
convert(struct ctx *ctx, const struct lead *l, long long version, long long *deal)
{
	struct arena *a = ctx->req->arena;
	struct lead_converted_out out;
	long long account, contact;

	if ((account = account_insert_row(ctx, l->company)) == -1 ||
	    (contact = make_contact(ctx, l, account)) == -1 || (*deal = make_deal(ctx, l, account, contact)) == -1 ||
	    deal_link_add(ctx, *deal, contact, "decision_maker", 0) == -1)
		return -1;
	if (stmt_lead_converted(ctx->db, a, &(struct lead_converted_in){ .deal_id = *deal,
	    .account_id = account, .id = l->id, .version = version,
	    .scope = record_scope_of(ctx, MOD_LEADS, ACT_EDIT) }, &out) != DB_OK)
		return -1;
	if (out.affected == 0)
		return 0;
	if (audit_created(ctx, "accounts", account, l->id) == -1 ||
	    audit_created(ctx, "contacts", contact, l->id) == -1 ||
	    audit_created(ctx, "deals", *deal, l->id) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, "leads", arena_printf(a, "%lld", l->id), AUDIT_SUCCESS, 1,
	    converted_detail(a, l->status, *deal, account)) == -1)
		return -1;
	return 1;
}

int
lead_convert(struct ctx *ctx, const struct lead *l, long long version, long long *deal)
{
	int rc;

	*deal = 0;
	if (db_begin(ctx->db) != DB_OK || (rc = convert(ctx, l, version, deal)) == -1) {
		db_rollback(ctx->db);
		return -1;
	}
	if (rc == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	return db_commit(ctx->db) != DB_OK ? -1 : 1;
}
