/* contact_decl.c: the contact record family declared (record_decl.h):
 * names in clear for lists and search, email and phone sealed with blind
 * indexes for exact search, address and birth date sealed, and the one
 * account the contact belongs to (picked within the accounts view scope). */
#include "config.h"

#include "i18n.h"
#include "record_decl.h"

#define ALL_PLACES (RF_FORM | RF_LIST | RF_EXPORT | RF_IMPORT)

static const struct record_field fields[] = {
	{ .def = { .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = ALL_PLACES | RF_SORT },
	{ .def = { .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = ALL_PLACES | RF_SORT },
	{ .def = { .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	  .protect = PROTECT_INDEXED, .index = SEARCH_EMAIL, .personal = PERSONAL_CONTACT,
	  .flags = ALL_PLACES | RF_FILTER | RF_RULED },
	{ .def = { .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	  .protect = PROTECT_INDEXED, .index = SEARCH_PHONE, .personal = PERSONAL_CONTACT,
	  .flags = ALL_PLACES | RF_FILTER | RF_RULED },
	{ .def = { .name = "address", .label = N_("Address"), .type = FIELD_TEXTAREA, .max_len = 500 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_CONTACT,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "birth_date", .label = N_("Birth date"), .type = FIELD_DATE },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_IDENTIFIER,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "account", .label = N_("Account"), .type = FIELD_ID, .pick = PICK_ACCOUNT },
	  .column = "account_id", .flags = RF_FORM },
};

const struct record_decl contact_decl = {
	.kind = RK_CONTACTS, .table = "contacts", .subject = "contact", .module = MOD_CONTACTS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};

/* Compatibility: the contact form as a constant, for page_imports.c's
 * static table until it calls contact_form_def() (contact.h), which is
 * record_form() of the declaration above. The same fields; delete this
 * when no file names contact_form. */
static const struct field_def contact_form_fields[] = {
	{ .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	{ .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	{ .name = "address", .label = N_("Address"), .type = FIELD_TEXTAREA, .max_len = 500 },
	{ .name = "birth_date", .label = N_("Birth date"), .type = FIELD_DATE },
};
extern const struct form_def contact_form;
const struct form_def contact_form = {
	"contact", contact_form_fields, sizeof(contact_form_fields) / sizeof(contact_form_fields[0])
};
