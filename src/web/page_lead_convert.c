/* page_lead_convert.c: owns the page converting a lead (POST
 * /leads/{id}/convert): its checks (leads edit plus accounts, contacts
 * and deals create; an open lead with a company) and answers. The
 * conversion itself, one audited transaction creating the account,
 * contact and deal, is lead_convert.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csrf.h"
#include "lead.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"

int
page_lead_convert(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct lead l;
	long long deal = 0;
	int rc;

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
	if ((rc = lead_convert(ctx, &l, v ? strtoll(v, NULL, 10) : 0, &deal)) == -1)
		return 503;
	if (rc == 0) {
		tv_str(ctx->data, "error", N_("Someone changed this lead after you opened it, or it was converted. Open it again."));
		return page_lead_get(ctx) == 200 ? 409 : 503;
	}
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/deals/%lld", deal));
}
