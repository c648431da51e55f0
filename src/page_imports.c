/* page_imports.c: owns the /X/import routes of the lists that import
 * (contacts, accounts, leads): what each imports (its fields and header
 * spellings, the create form that validates a row, what makes a row a
 * duplicate, how a row is inserted and sealed) as a struct import_kind,
 * and the two handlers per list, which hand it to page_import.c.
 * Duplicates: contacts and leads by normalised email or phone (their
 * blind indexes) of the fields the user may key on (rbac_field_keyable),
 * accounts by name (whitespace runs collapsed, compared without case). A row without any sensitive value creates no data key:
 * one is made when a sealed field is first written. */
#include "config.h"

#include <string.h>

#include "contact.h"
#include "envelope.h"
#include "flash.h"
#include "handler.h"
#include "import.h"
#include "lead.h"
#include "pages.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "session.h"

extern const struct form_def contact_form;	/* page_contacts.c */
extern const struct form_def account_form;	/* page_accounts.c */
extern const struct form_def lead_form;		/* page_leads.c */
extern const struct secret_kind account_secrets;

#define NFIELDS(f) ((int)(sizeof(f) / sizeof((f)[0])))
#define MSG_DUP_FILE N_("The same email address or phone number is already on line:")

/* Header spellings, lower case, without spaces, '_' or '-'. */
static const char *const g_first[] = { "firstname", "first", "givenname", "forename", "名", "名字", NULL };
static const char *const g_last[] = { "lastname", "last", "surname", "familyname", "姓", "姓氏", NULL };
static const char *const g_email[] = { "email", "emailaddress", "mail", "邮箱", "电子邮件", "电子邮箱", NULL };
static const char *const g_phone[] = { "phone", "phonenumber", "telephone", "tel", "mobile", "电话", "手机", NULL };
static const char *const g_address[] = { "address", "postaladdress", "地址", NULL };
static const char *const g_birth[] = { "birthdate", "birthday", "dateofbirth", "dob", "生日", "出生日期", NULL };
static const char *const g_name[] = { "name", "accountname", "account", "companyname", "名称", "公司名称", NULL };
static const char *const g_company[] = { "company", "organisation", "organization", "公司", NULL };
static const char *const g_tax[] = { "taxid", "taxnumber", "vat", "vatnumber", "税号", NULL };
static const char *const g_bank[] = { "bankaccount", "iban", "银行账户", "银行账号", NULL };
static const char *const g_status[] = { "status", "状态", NULL };

static struct db_value
text(const char *s)
{
	return s ? (struct db_value){ .type = DBV_TEXT, .s = s, .len = strlen(s) } :
	    (struct db_value){ .type = DBV_NULL };
}

static struct db_value
owner_team(const struct ctx *ctx)
{
	return ctx->user->team_id ? (struct db_value){ .type = DBV_INT, .i = ctx->user->team_id } :
	    (struct db_value){ .type = DBV_NULL };
}

/* 1 when statement st (two blind indexes, then the view scope of m)
 * counts a record, 0 not, -1 error. */
static int
count_in_scope(struct ctx *ctx, enum stmt_id st, enum rbac_module m, struct db_value *p, size_t n)
{
	struct db_rows rows;

	record_scope_bind(ctx, m, ACT_VIEW, p + n);
	if (db_run(ctx->db, ctx->req->arena, st, p, n + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	return db_cell_int(&rows, 0, 0, 0) > 0;
}

/* ---- contacts ---- */

enum { C_FIRST, C_LAST, C_EMAIL, C_PHONE, C_ADDRESS, C_BIRTH };

static const struct import_field contact_fields[] = {
	{ "first_name", N_("First name"), g_first, false },
	{ "last_name", N_("Last name"), g_last, false },
	{ "email", N_("Email"), g_email, true },
	{ "phone", N_("Phone"), g_phone, true },
	{ "address", N_("Address"), g_address, true },
	{ "birth_date", N_("Birth date"), g_birth, true },
};

/* Keys "e:<email>" and "p:<phone>", normalised, for contacts and leads. */
static void
email_phone_keys(struct arena *a, const char *email, const char *phone, const char **keys)
{
	const char *e = email ? normalise_email(a, email) : NULL;
	const char *p = phone ? normalise_phone(a, phone, "41") : NULL;

	keys[0] = e ? arena_printf(a, "e:%s", e) : NULL;
	keys[1] = p ? arena_printf(a, "p:%s", p) : NULL;
}

static void
contact_keys(struct arena *a, const char *const *v, const char **keys)
{
	email_phone_keys(a, v[C_EMAIL], v[C_PHONE], keys);
}

/* v's value of a field the user may key on (rbac_field_keyable), else
 * NULL: a duplicate check never looks up a field the user sees masked or
 * hidden (import_check_mapping already refuses mapping one). */
static const char *
keyable(const struct ctx *ctx, enum rbac_module m, const char *field, const char *v)
{
	return v != NULL && rbac_field_keyable(&ctx->user->rights, m, field) ? v : NULL;
}

static int
contact_exists(struct ctx *ctx, const char *const *v)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[2 + RECORD_SCOPE_PARAMS];
	const char *email = keyable(ctx, MOD_CONTACTS, "email", v[C_EMAIL]);
	const char *phone = keyable(ctx, MOD_CONTACTS, "phone", v[C_PHONE]);

	if (email == NULL && phone == NULL)
		return 0;
	contact_blind_indexes(a, email ? normalise_email(a, email) : NULL,
	    phone ? normalise_phone(a, phone, "41") : NULL, &p[0], &p[1]);
	return count_in_scope(ctx, STMT_CONTACT_DUPLICATE_COUNT, MOD_CONTACTS, p, 2);
}

static int
contact_insert(struct ctx *ctx, const char *const *v)
{
	const char *plain[CS__MAX] = { v[C_EMAIL], v[C_PHONE], v[C_ADDRESS], v[C_BIRTH] };
	struct db_value p[7] = { text(v[C_FIRST]), text(v[C_LAST]), { .type = DBV_INT, .i = ctx->user->id },
	    owner_team(ctx) };
	struct db_rows rows;
	long long id;

	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_INSERT, p, 4, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (!plain[0] && !plain[1] && !plain[2] && !plain[3])
		return 0;
	if (contact_seal_new(ctx, id, plain, p) == -1)
		return -1;
	p[6] = (struct db_value){ .type = DBV_INT, .i = id };
	return db_run(ctx->db, ctx->req->arena, STMT_CONTACT_SET_SECRETS, p, 7, NULL) == DB_OK ? 0 : -1;
}

static const struct import_kind contacts = {
	"contacts", MOD_CONTACTS, &contact_form, contact_fields, NFIELDS(contact_fields),
	N_("Choose the columns that hold the first and the last name."),
	N_("The file has a header row but no contacts."),
	MSG_DUP_FILE, N_("A contact with this email address or phone number already exists."),
	FLASH_CONTACTS_IMPORTED, contact_keys, contact_exists, contact_insert,
};

/* ---- accounts ---- */

enum { A_NAME, A_TAX, A_BANK };

static const struct import_field account_fields[] = {
	{ "name", N_("Name"), g_name, false },
	{ "tax_id", N_("Tax number"), g_tax, true },
	{ "bank_account", N_("Bank account"), g_bank, true },
};

/* The name with each run of whitespace made one space (form_validate
 * trimmed the ends): the name an import stores and compares. */
static const char *
collapse(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s), *o = out;

	for (const char *p = s; *p; p++)
		if (!strchr(" \t", *p) || (o > out && o[-1] != ' '))
			*o++ = strchr(" \t", *p) ? ' ' : *p;
	*o = '\0';
	return out;
}

static void
account_keys(struct arena *a, const char *const *v, const char **keys)
{
	char *k = arena_printf(a, "n:%s", collapse(a, v[A_NAME]));

	for (char *p = k; *p; p++)	/* ASCII letters; the database's comparison folds all */
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	keys[0] = k;
	keys[1] = NULL;
}

static int
account_exists(struct ctx *ctx, const char *const *v)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { text(collapse(ctx->req->arena, v[A_NAME])) };

	return count_in_scope(ctx, STMT_ACCOUNT_DUPLICATE_COUNT, MOD_ACCOUNTS, p, 1);
}

static int
account_insert(struct ctx *ctx, const char *const *v)
{
	const char *plain[2] = { v[A_TAX], v[A_BANK] };
	struct db_value p[3] = { text(collapse(ctx->req->arena, v[A_NAME])),
	    { .type = DBV_INT, .i = ctx->user->id }, owner_team(ctx) };
	struct db_value sealed[2], bidx[2];
	struct db_rows rows;
	long long id;

	if (db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_INSERT, p, 3, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (!plain[0] && !plain[1])
		return 0;
	if (secrets_seal_new(ctx, &account_secrets, id, plain, sealed, bidx) == -1)
		return -1;
	p[0] = sealed[0];
	p[1] = sealed[1];
	p[2] = (struct db_value){ .type = DBV_INT, .i = id };
	return db_run(ctx->db, ctx->req->arena, STMT_ACCOUNT_SET_SECRETS, p, 3, NULL) == DB_OK ? 0 : -1;
}

static const struct import_kind accounts = {
	"accounts", MOD_ACCOUNTS, &account_form, account_fields, NFIELDS(account_fields),
	N_("Choose the column that holds the account's name."),
	N_("The file has a header row but no accounts."),
	N_("An account with the same name is already on line:"),
	N_("An account with this name already exists."),
	FLASH_ACCOUNTS_IMPORTED, account_keys, account_exists, account_insert,
};

/* ---- leads ---- */

enum { L_FIRST, L_LAST, L_COMPANY, L_EMAIL, L_PHONE, L_STATUS };

static const struct import_field lead_fields[] = {
	{ "first_name", N_("First name"), g_first, false },
	{ "last_name", N_("Last name"), g_last, false },
	{ "company", N_("Company"), g_company, false },
	{ "email", N_("Email"), g_email, true },
	{ "phone", N_("Phone"), g_phone, true },
	{ "status", N_("Status"), g_status, false },
};

static void
lead_keys(struct arena *a, const char *const *v, const char **keys)
{
	email_phone_keys(a, v[L_EMAIL], v[L_PHONE], keys);
}

static int
lead_exists(struct ctx *ctx, const char *const *v)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[2 + RECORD_SCOPE_PARAMS];
	const char *email = keyable(ctx, MOD_LEADS, "email", v[L_EMAIL]);
	const char *phone = keyable(ctx, MOD_LEADS, "phone", v[L_PHONE]);

	if (email == NULL && phone == NULL)
		return 0;
	p[0] = email ? secrets_blind_index(a, &lead_secrets, LS_EMAIL, email) :
	    (struct db_value){ .type = DBV_NULL };
	p[1] = phone ? secrets_blind_index(a, &lead_secrets, LS_PHONE, phone) :
	    (struct db_value){ .type = DBV_NULL };
	return count_in_scope(ctx, STMT_LEAD_DUPLICATE_COUNT, MOD_LEADS, p, 2);
}

static int
lead_insert(struct ctx *ctx, const char *const *v)
{
	const char *plain[LS__MAX] = { v[L_EMAIL], v[L_PHONE] };
	struct db_value p[6] = { text(v[L_FIRST]), text(v[L_LAST]), text(v[L_COMPANY] ? v[L_COMPANY] : ""),
	    text(v[L_STATUS] ? v[L_STATUS] : "new"), { .type = DBV_INT, .i = ctx->user->id }, owner_team(ctx) };
	struct db_value sealed[LS__MAX], bidx[LS__MAX];
	struct db_rows rows;
	long long id;

	if (db_run(ctx->db, ctx->req->arena, STMT_LEAD_IMPORT_INSERT, p, 6, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (!plain[LS_EMAIL] && !plain[LS_PHONE])
		return 0;
	if (secrets_seal_new(ctx, &lead_secrets, id, plain, sealed, bidx) == -1)
		return -1;
	p[0] = sealed[LS_EMAIL];
	p[1] = bidx[LS_EMAIL];
	p[2] = sealed[LS_PHONE];
	p[3] = bidx[LS_PHONE];
	p[4] = (struct db_value){ .type = DBV_INT, .i = id };
	return db_run(ctx->db, ctx->req->arena, STMT_LEAD_SET_SECRETS, p, 5, NULL) == DB_OK ? 0 : -1;
}

static const struct import_kind leads = {
	"leads", MOD_LEADS, &lead_form, lead_fields, NFIELDS(lead_fields),
	N_("Choose the columns that hold the first and the last name."),
	N_("The file has a header row but no leads."),
	MSG_DUP_FILE, N_("A lead with this email address or phone number already exists."),
	FLASH_LEADS_IMPORTED, lead_keys, lead_exists, lead_insert,
};

int page_contacts_import_get(struct ctx *ctx) { return import_page_get(ctx, &contacts); }
int page_contacts_import_post(struct ctx *ctx) { return import_page_post(ctx, &contacts); }
int page_accounts_import_get(struct ctx *ctx) { return import_page_get(ctx, &accounts); }
int page_accounts_import_post(struct ctx *ctx) { return import_page_post(ctx, &accounts); }
int page_leads_import_get(struct ctx *ctx) { return import_page_get(ctx, &leads); }
int page_leads_import_post(struct ctx *ctx) { return import_page_post(ctx, &leads); }
