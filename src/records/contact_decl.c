/* contact_decl.c: the contact record family declared (record_decl.h):
 * names in clear for lists and search, email and phone sealed with blind
 * indexes for exact search, address and birth date sealed, the one
 * account the contact belongs to (picked within the accounts view scope),
 * and the standard fields of issue 16: job title and department (plain),
 * the mobile number (sealed with a blind index, like the phone), the
 * preferred language (a code of the list below, shown translated) and
 * the do-not-call and email opt-out flags. The standard fields are CSV
 * columns (export and import) after the older ones; the account is not.
 * Also the roles of a contact's further account relations. */
#include "config.h"

#include "contact.h"
#include "i18n.h"
#include "record_decl.h"

/* The product's own languages first, then a few common ones. */
const char *const contact_languages[] = { "en", "zh-CN", "de", "fr", "it", "es", "pt", "ja", NULL };
const char *const contact_language_labels[] = {
	N_("English"), N_("Chinese (Simplified)"), N_("German"), N_("French"), N_("Italian"), N_("Spanish"),
	N_("Portuguese"), N_("Japanese"), NULL
};

const char *const contact_relation_roles[] = {
	"consultant", "advisor", "board_member", "investor", "former_employee", "partner", "other", NULL
};
const char *const contact_relation_role_labels[] = {
	N_("Consultant"), N_("Advisor"), N_("Board member"), N_("Investor"), N_("Former employee"),
	N_("Partner"), N_("Other"), NULL
};

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
	{ .def = { .name = "title", .label = N_("Title"), .type = FIELD_TEXT, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "department", .label = N_("Department"), .type = FIELD_TEXT, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	/* After birth_date: the sealed fields' order (record_secret_kind) is
	 * enum contact_secret's, CS_MOBILE last. */
	{ .def = { .name = "mobile", .label = N_("Mobile"), .type = FIELD_PHONE },
	  .protect = PROTECT_INDEXED, .index = SEARCH_PHONE, .personal = PERSONAL_CONTACT,
	  .flags = RF_FORM | RF_EXPORT | RF_IMPORT | RF_RULED },
	{ .def = { .name = "preferred_language", .label = N_("Preferred language"), .type = FIELD_CHOICE,
	    .choices = contact_languages },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "do_not_call", .label = N_("Do not call"), .type = FIELD_BOOL },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "email_opt_out", .label = N_("Email opt-out"), .type = FIELD_BOOL },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
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
