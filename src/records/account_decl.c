/* account_decl.c: the account (company) record family declared
 * (record_decl.h): the name in clear, the tax number and bank account
 * sealed under the account's own key and ruled (hidden from sales by
 * default, visible to finance), and the standard company fields (plain,
 * no personal data): industry from a fixed list (stored as its code,
 * shown translated), website, phone, addresses, employees and annual
 * revenue in a currency, and the parent account (picked within the
 * accounts view scope, never making a cycle: pick_parent_account). The
 * standard fields are CSV columns after the older ones (export and
 * import); the parent is exported as its name (empty when out of the
 * exporter's view scope) and not imported: an id or a name in a file
 * does not pick an account within scope. */
#include "config.h"

#include "account.h"
#include "deal.h"
#include "i18n.h"
#include "record_decl.h"

const char *const account_industries[] = {
	"agriculture", "construction", "education", "energy", "finance", "government", "healthcare",
	"hospitality", "manufacturing", "media", "retail", "services", "technology", "transport", "other", NULL
};
const char *const account_industry_labels[] = {
	N_("Agriculture"), N_("Construction"), N_("Education"), N_("Energy"), N_("Finance"), N_("Government"),
	N_("Healthcare"), N_("Hospitality"), N_("Manufacturing"), N_("Media"), N_("Retail"), N_("Services"),
	N_("Technology"), N_("Transport"), N_("Other"), NULL
};

static const struct record_field fields[] = {
	{ .def = { .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	  .flags = RF_FORM | RF_LIST | RF_SORT | RF_FILTER | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "tax_id", .label = N_("Tax number"), .type = FIELD_TEXT, .max_len = 40 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_IDENTIFIER,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "bank_account", .label = N_("Bank account"), .type = FIELD_TEXT, .max_len = 64 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_FINANCIAL,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "industry", .label = N_("Industry"), .type = FIELD_CHOICE, .choices = account_industries },
	  .flags = RF_FORM | RF_LIST | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "website", .label = N_("Website"), .type = FIELD_TEXT, .max_len = 300,
	    .pattern = "https?://[^[:space:]/?#]+[^[:space:]]*",
	    .pattern_msg = N_("Enter a web address beginning with http:// or https://.") },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "billing_address", .label = N_("Billing address"), .type = FIELD_TEXTAREA, .max_len = 1000 },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "shipping_address", .label = N_("Shipping address"), .type = FIELD_TEXTAREA,
	    .max_len = 1000 },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "employees", .label = N_("Employees"), .type = FIELD_INT, .min = 0, .max = 100000000 },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "annual_revenue", .label = N_("Annual revenue"), .type = FIELD_MONEY, .min = 0,
	    .max = 100000000000000000LL },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "revenue_currency", .label = N_("Currency"), .type = FIELD_CHOICE,
	    .choices = deal_currencies },
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "parent", .label = N_("Parent account"), .type = FIELD_ID, .pick = PICK_ACCOUNT },
	  .column = "parent_id", .flags = RF_FORM | RF_EXPORT },
};

const struct record_decl account_decl = {
	.kind = RK_ACCOUNTS, .table = "accounts", .subject = "account", .module = MOD_ACCOUNTS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
