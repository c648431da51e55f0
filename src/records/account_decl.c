/* account_decl.c: the account (company) record family declared
 * (record_decl.h): the name in clear, the tax number and bank account
 * sealed under the account's own key and ruled (hidden from sales by
 * default, visible to finance). */
#include "config.h"

#include "i18n.h"
#include "record_decl.h"

static const struct record_field fields[] = {
	{ .def = { .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	  .flags = RF_FORM | RF_LIST | RF_SORT | RF_FILTER | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "tax_id", .label = N_("Tax number"), .type = FIELD_TEXT, .max_len = 40 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_IDENTIFIER,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "bank_account", .label = N_("Bank account"), .type = FIELD_TEXT, .max_len = 64 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_FINANCIAL,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
};

const struct record_decl account_decl = {
	.kind = RK_ACCOUNTS, .table = "accounts", .subject = "account", .module = MOD_ACCOUNTS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
