/* page_exports.c: owns the /X/export routes of the lists: what each list
 * exports (its statement, search, columns, sealed fields and how its
 * pages mask them) as a struct export_kind, and the two handlers per
 * list, which hand it to the driver in export.c. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "contact.h"
#include "export.h"
#include "handler.h"
#include "lead.h"
#include "pages.h"
#include "record_secrets.h"

/* Masks as the record pages show them. */
static const char *mask_email(struct arena *a, const char *v) { return contact_mask(a, CS_EMAIL, v); }
static const char *mask_other(struct arena *a, const char *v) { return contact_mask(a, CS_PHONE, v); }
static const char *mask_body(struct arena *a, const char *v) { return activity_mask(a, v); }
static const char *mask_all(struct arena *a, const char *v) { (void)a; (void)v; return "\u2022\u2022\u2022"; }

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

/* ---- contacts: each contact's fields under its own key (contact.c) ---- */

static int
contact_search(struct arena *a, const char *q, struct db_value *p)
{
	return contact_search_bind(a, q, p);
}

static int
open_contact(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows, size_t i,
    const char **plain)
{
	struct contact c = { .id = db_cell_int(rows, i, 0, 0) };

	for (int f = 0; f < CS__MAX; f++)
		c.sealed[f] = rows->cells[i * rows->ncols + (size_t)k->sealed_cell + (size_t)f];
	if (contact_open(ctx, &c) == -1)
		return -1;
	for (int f = 0; f < CS__MAX; f++)
		plain[f] = c.broken[f] ? NULL : c.plain[f];
	return 0;
}

static const struct export_col contact_cols[] = {
	{ "first_name", EXP_TEXT, 1, NULL, NULL },
	{ "last_name", EXP_TEXT, 2, NULL, NULL },
	{ "email", EXP_SECRET, CS_EMAIL, "email", mask_email },
	{ "phone", EXP_SECRET, CS_PHONE, "phone", mask_other },
	{ "address", EXP_SECRET, CS_ADDRESS, "address", mask_other },
	{ "birth_date", EXP_SECRET, CS_BIRTH_DATE, "birth_date", mask_other },
};

static const struct export_kind contacts = {
	"contacts", MOD_CONTACTS, STMT_CONTACTS_EXPORT, contact_search,
	N_("A name's beginning, or an exact email address or phone number; empty: all your contacts."),
	contact_cols, sizeof(contact_cols) / sizeof(contact_cols[0]), open_contact, NULL, 3,
};

/* ---- accounts: tax number and bank account under the account's key ---- */

static const struct export_col account_cols[] = {
	{ "name", EXP_TEXT, 1, NULL, NULL },
	{ "tax_id", EXP_SECRET, 0, "tax_id", mask_two },
	{ "bank_account", EXP_SECRET, 1, "bank_account", mask_two },
};

static const struct export_kind accounts = {
	"accounts", MOD_ACCOUNTS, STMT_ACCOUNTS_EXPORT, export_prefix1,
	N_("The beginning of the name; empty: all your accounts."),
	account_cols, sizeof(account_cols) / sizeof(account_cols[0]), export_open_secrets, NULL, 2,
};

/* ---- leads: email and phone under the lead's key ---- */

static const struct export_col lead_cols[] = {
	{ "first_name", EXP_TEXT, 1, NULL, NULL },
	{ "last_name", EXP_TEXT, 2, NULL, NULL },
	{ "company", EXP_TEXT, 3, NULL, NULL },
	{ "email", EXP_SECRET, LS_EMAIL, "email", mask_email },
	{ "phone", EXP_SECRET, LS_PHONE, "phone", mask_other },
	{ "status", EXP_TEXT, 6, NULL, NULL },
};

static const struct export_kind leads = {
	"leads", MOD_LEADS, STMT_LEADS_EXPORT, lead_search_bind,
	N_("The beginning of a name or of the company, or an exact email address or phone number; empty: all your leads."),
	lead_cols, sizeof(lead_cols) / sizeof(lead_cols[0]), export_open_secrets, NULL, 4,
};

/* ---- deals: the amount under the deals.amount rule ---- */

static const struct export_col deal_cols[] = {
	{ "name", EXP_TEXT, 1, NULL, NULL },
	{ "account", EXP_TEXT, 2, NULL, NULL },
	{ "stage", EXP_TEXT, 3, NULL, NULL },
	{ "amount", EXP_MONEY, 4, "amount", mask_all },
	{ "currency", EXP_TEXT, 5, NULL, NULL },
	{ "probability", EXP_TEXT, 6, NULL, NULL },
	{ "expected_close", EXP_TEXT, 7, NULL, NULL },
};

static const struct export_kind deals = {
	"deals", MOD_DEALS, STMT_DEALS_EXPORT, export_prefix1,
	N_("The beginning of the deal's name; empty: all your deals."),
	deal_cols, sizeof(deal_cols) / sizeof(deal_cols[0]), NULL, NULL, 0,
};

/* ---- activities: the notes under the attached record's key ---- */

static int
open_activity(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows, size_t i,
    const char **plain)
{
	struct activity a = {
		.id = db_cell_int(rows, i, 0, 0),
		.related = activity_parse(activity_related_names, AR__MAX, db_cell_text(rows, i, 3)),
		.related_id = db_cell_int(rows, i, 4, 0),
		.sealed = rows->cells[i * rows->ncols + (size_t)k->sealed_cell],
	};

	if (a.related < 0)
		return 0;
	if (activity_open(ctx, &a) == -1)
		return -1;
	plain[0] = a.broken ? NULL : a.body;
	return 0;
}

static const struct export_col activity_cols[] = {
	{ "kind", EXP_TEXT, 1, NULL, NULL },
	{ "subject", EXP_TEXT, 2, NULL, NULL },
	{ "related_type", EXP_TEXT, 3, NULL, NULL },
	{ "related_id", EXP_TEXT, 4, NULL, NULL },
	{ "due", EXP_TEXT, 5, NULL, NULL },
	{ "done", EXP_TEXT, 6, NULL, NULL },
	{ "created", EXP_TEXT, 7, NULL, NULL },
	{ "notes", EXP_SECRET, 0, "body", mask_body },
};

static const struct export_kind activities = {
	"activities", MOD_ACTIVITIES, STMT_ACTIVITIES_EXPORT, export_prefix1,
	N_("The beginning of the subject; empty: all your activities."),
	activity_cols, sizeof(activity_cols) / sizeof(activity_cols[0]), open_activity, NULL, 8,
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
