/* page_imports.c: owns the /X/import routes of the lists that import
 * (contacts, accounts, leads): what each imports as a struct import_kind
 * and the two handlers per list, which hand it to page_import.c. The
 * columns are the family's RF_IMPORT fields (record_decl.h) with their
 * labels and protection, each row is validated with the family's
 * declared form (record_form), and the header spellings recognised are
 * listed here per field name. Duplicates: contacts and leads by
 * normalised email or phone (their blind indexes) of the fields the user
 * may key on (rbac_field_keyable), accounts by name (whitespace runs
 * collapsed, compared without case); the database side is
 * import_store.c. A row without any sensitive value creates no data key:
 * one is made when a sealed field is first written. An account's revenue
 * needs its currency (account_check), as on the account form. */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "envelope.h"
#include "flash.h"
#include "handler.h"
#include "import.h"
#include "import_store.h"
#include "pages.h"
#include "record_decl.h"
#include "search_key.h"

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
static const char *const g_title[] = { "title", "jobtitle", "position", "职位", "职务", "头衔", NULL };
static const char *const g_department[] = { "department", "dept", "division", "部门", NULL };
static const char *const g_mobile[] = { "mobile", "手机", "mobilephone", "mobilenumber", "cell", "cellphone",
	"手机号", "手机号码", "移动电话", NULL };
static const char *const g_language[] = { "preferredlanguage", "language", "lang", "首选语言", "语言", NULL };
static const char *const g_do_not_call[] = { "donotcall", "dnc", "nocalls", "请勿致电", NULL };
static const char *const g_opt_out[] = { "emailoptout", "optout", "unsubscribed", "hasoptedoutofemail",
	"退订邮件", "拒收邮件", NULL };
static const char *const g_source[] = { "source", "leadsource", "来源", "线索来源", NULL };
static const char *const g_rating[] = { "rating", "评级", NULL };
static const char *const g_industry[] = { "industry", "sector", "行业", NULL };
static const char *const g_website[] = { "website", "web", "url", "homepage", "网站", "网址", NULL };
static const char *const g_billing[] = { "billingaddress", "billing", "账单地址", NULL };
static const char *const g_shipping[] = { "shippingaddress", "shipping", "deliveryaddress", "收货地址", "送货地址",
	NULL };
static const char *const g_employees[] = { "employees", "numberofemployees", "headcount", "staff", "员工",
	"员工人数", NULL };
static const char *const g_revenue[] = { "annualrevenue", "revenue", "年收入", "年营业额", NULL };
static const char *const g_currency[] = { "revenuecurrency", "currency", "币种", "货币", NULL };
static const char *const g_none[] = { NULL };

static const struct {
	const char *field;
	const char *const *guesses;
} spellings[] = {
	{ "first_name", g_first }, { "last_name", g_last }, { "email", g_email }, { "phone", g_phone },
	{ "address", g_address }, { "birth_date", g_birth }, { "name", g_name }, { "company", g_company },
	{ "tax_id", g_tax }, { "bank_account", g_bank }, { "status", g_status }, { "title", g_title },
	{ "department", g_department }, { "mobile", g_mobile }, { "preferred_language", g_language },
	{ "do_not_call", g_do_not_call }, { "email_opt_out", g_opt_out }, { "source", g_source },
	{ "rating", g_rating }, { "industry", g_industry }, { "website", g_website },
	{ "billing_address", g_billing }, { "shipping_address", g_shipping }, { "employees", g_employees },
	{ "annual_revenue", g_revenue }, { "revenue_currency", g_currency },
};

static const char *const *
guesses(const char *field)
{
	for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++)
		if (strcmp(spellings[i].field, field) == 0)
			return spellings[i].guesses;
	return g_none;
}

/* Fills k's form and fields from the declaration of rk, once. */
static const struct import_kind *
declared(struct import_kind *k, struct import_field *fields, enum record_kind_id rk)
{
	const struct record_decl *d = record_decl_of(rk);

	if (k->form != NULL)
		return k;
	k->nfields = 0;
	for (size_t i = 0; i < d->nfields && k->nfields < IMPORT_FIELDS_MAX; i++) {
		const struct record_field *f = &d->fields[i];
		if (f->flags & RF_IMPORT)
			fields[k->nfields++] = (struct import_field){ f->def.name, f->def.label, guesses(f->def.name),
			    record_field_sealed(f) };
	}
	k->fields = fields;
	k->form = record_form(d);
	return k;
}

/* Keys "e:<email>" and "p:<phone>", normalised, for contacts and leads. */
static void
email_phone_keys(struct arena *a, const char *email, const char *phone, const char **keys)
{
	const char *e = email ? normalise_email(a, email) : NULL;
	const char *p = phone ? normalise_phone(a, phone, conf_phone_region()) : NULL;

	keys[0] = e ? arena_printf(a, "e:%s", e) : NULL;
	keys[1] = p ? arena_printf(a, "p:%s", p) : NULL;
}

/* ---- contacts ---- */

static void
contact_keys(struct arena *a, const char *const *v, const char **keys)
{
	const struct record_decl *d = record_decl_of(RK_CONTACTS);

	email_phone_keys(a, import_value(d, v, "email"), import_value(d, v, "phone"), keys);
}

static struct import_field contact_fields[IMPORT_FIELDS_MAX];
static struct import_kind contacts = {
	"contacts", MOD_CONTACTS, NULL, NULL, 0,
	N_("Choose the columns that hold the first and the last name."),
	N_("The file has a header row but no contacts."),
	MSG_DUP_FILE, N_("A contact with this email address or phone number already exists."),
	FLASH_CONTACTS_IMPORTED, contact_keys, import_contact_exists, import_contact_insert, NULL, 0,
};

/* ---- accounts ---- */

static void
account_keys(struct arena *a, const char *const *v, const char **keys)
{
	char *k = arena_printf(a, "n:%s",
	    import_collapse(a, import_value(record_decl_of(RK_ACCOUNTS), v, "name")));

	for (char *p = k; *p; p++)	/* ASCII letters; the database's comparison folds all */
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	keys[0] = k;
	keys[1] = NULL;
}

/* An annual revenue needs its currency, as on the account form. */
static const char *
account_check(const struct import_kind *k, const char *const *v, const char **field)
{
	const struct record_decl *d = record_decl_of(RK_ACCOUNTS);

	(void)k;
	if (import_value(d, v, "annual_revenue") == NULL || import_value(d, v, "revenue_currency") != NULL)
		return NULL;
	*field = "revenue_currency";
	return N_("Choose the currency of the annual revenue.");
}

static struct import_field account_fields[IMPORT_FIELDS_MAX];
static struct import_kind accounts = {
	"accounts", MOD_ACCOUNTS, NULL, NULL, 0,
	N_("Choose the column that holds the account's name."),
	N_("The file has a header row but no accounts."),
	N_("An account with the same name is already on line:"),
	N_("An account with this name already exists."),
	FLASH_ACCOUNTS_IMPORTED, account_keys, import_account_exists, import_account_insert, account_check, 0,
};

/* ---- leads ---- */

static void
lead_keys(struct arena *a, const char *const *v, const char **keys)
{
	const struct record_decl *d = record_decl_of(RK_LEADS);

	email_phone_keys(a, import_value(d, v, "email"), import_value(d, v, "phone"), keys);
}

static struct import_field lead_fields[IMPORT_FIELDS_MAX];
static struct import_kind leads = {
	"leads", MOD_LEADS, NULL, NULL, 0,
	N_("Choose the columns that hold the first and the last name."),
	N_("The file has a header row but no leads."),
	MSG_DUP_FILE, N_("A lead with this email address or phone number already exists."),
	FLASH_LEADS_IMPORTED, lead_keys, import_lead_exists, import_lead_insert, NULL, 0,
};

#define CONTACTS declared(&contacts, contact_fields, RK_CONTACTS)
#define ACCOUNTS declared(&accounts, account_fields, RK_ACCOUNTS)
#define LEADS declared(&leads, lead_fields, RK_LEADS)

int page_contacts_import_get(struct ctx *ctx) { return import_page_get(ctx, import_with_custom(ctx, CONTACTS)); }
int page_contacts_import_post(struct ctx *ctx) { return import_page_post(ctx, import_with_custom(ctx, CONTACTS)); }
int page_accounts_import_get(struct ctx *ctx) { return import_page_get(ctx, import_with_custom(ctx, ACCOUNTS)); }
int page_accounts_import_post(struct ctx *ctx) { return import_page_post(ctx, import_with_custom(ctx, ACCOUNTS)); }
int page_leads_import_get(struct ctx *ctx) { return import_page_get(ctx, import_with_custom(ctx, LEADS)); }
int page_leads_import_post(struct ctx *ctx) { return import_page_post(ctx, import_with_custom(ctx, LEADS)); }
