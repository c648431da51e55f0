/* page_exports.c: owns the /X/export routes of the lists: what each list
 * shows about its export (the search hint, how its pages mask a masked
 * column) as a struct export_kind, and the two handlers per list, which
 * hand it to export.c (the rows, columns and sealed fields are its). */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "contact.h"
#include "export.h"
#include "handler.h"
#include "pages.h"

/* An account's tax number or bank account: its first two characters
 * (whole UTF-8 sequences), as the account's page shows them. */
static const char *
mask_two(struct arena *a, const char *v)
{
	size_t n = 0;

	for (int chars = 0; v[n] && chars < 2; chars++)
		do
			n++;
		while ((v[n] & 0xc0) == 0x80);
	return arena_printf(a, "%.*s\u2022\u2022\u2022", (int)n, v);
}

/* Contacts and leads: the email as the record's page masks an email,
 * the other sealed fields as it masks a phone. */
static const char *
mask_person(struct arena *a, const char *field, const char *v)
{
	return contact_mask(a, strcmp(field, "email") == 0 ? CS_EMAIL : CS_PHONE, v);
}

static const char *
mask_account(struct arena *a, const char *field, const char *v)
{
	(void)field;
	return mask_two(a, v);
}

static const char *
mask_deal(struct arena *a, const char *field, const char *v)
{
	(void)a;
	(void)field;
	(void)v;
	return "\u2022\u2022\u2022";
}

static const char *
mask_activity(struct arena *a, const char *field, const char *v)
{
	(void)field;
	return activity_mask(a, v);
}

static const struct export_kind contacts = {
	"contacts", MOD_CONTACTS,
	N_("A name's beginning, or an exact email address or phone number; empty: all your contacts."),
	mask_person,
};

static const struct export_kind accounts = {
	"accounts", MOD_ACCOUNTS, N_("The beginning of the name; empty: all your accounts."), mask_account,
};

static const struct export_kind leads = {
	"leads", MOD_LEADS,
	N_("The beginning of a name or of the company, or an exact email address or phone number; empty: all your leads."),
	mask_person,
};

static const struct export_kind deals = {
	"deals", MOD_DEALS, N_("The beginning of the deal's name; empty: all your deals."), mask_deal,
};

static const struct export_kind activities = {
	"activities", MOD_ACTIVITIES, N_("The beginning of the subject; empty: all your activities."),
	mask_activity,
};

int page_contacts_export_get(struct ctx *ctx) { return export_page_get(ctx, &contacts); }
int page_contacts_export_post(struct ctx *ctx) { return export_page_post(ctx, &contacts); }
int page_accounts_export_get(struct ctx *ctx) { return export_page_get(ctx, &accounts); }
int page_accounts_export_post(struct ctx *ctx) { return export_page_post(ctx, &accounts); }
int page_leads_export_get(struct ctx *ctx) { return export_page_get(ctx, &leads); }
int page_leads_export_post(struct ctx *ctx) { return export_page_post(ctx, &leads); }
int page_deals_export_get(struct ctx *ctx) { return export_page_get(ctx, &deals); }
int page_deals_export_post(struct ctx *ctx) { return export_page_post(ctx, &deals); }
int page_activities_export_get(struct ctx *ctx) { return export_page_get(ctx, &activities); }
int page_activities_export_post(struct ctx *ctx) { return export_page_post(ctx, &activities); }
