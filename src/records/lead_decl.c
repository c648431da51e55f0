/* lead_decl.c: the lead record family declared (record_decl.h): names
 * and company in clear, email and phone sealed with blind indexes, and
 * the standard fields of issue 16: the person's job title, the source
 * and the rating (codes of the lists below, shown translated; list
 * columns and filters of /leads), CSV columns after the older ones. */
#include "config.h"

#include "i18n.h"
#include "lead.h"
#include "record_decl.h"

#define ALL_PLACES (RF_FORM | RF_LIST | RF_EXPORT | RF_IMPORT)

const char *const lead_sources[] = {
	"web", "referral", "event", "cold_call", "partner", "advertisement", "other", NULL
};
const char *const lead_source_labels[] = {
	N_("Web"), N_("Referral"), N_("Event"), N_("Cold call"), N_("Partner"), N_("Advertisement"), N_("Other"), NULL
};
const char *const lead_ratings[] = { "hot", "warm", "cold", NULL };
const char *const lead_rating_labels[] = { N_("Hot"), N_("Warm"), N_("Cold"), NULL };

static const struct record_field fields[] = {
	{ .def = { .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = ALL_PLACES | RF_SORT },
	{ .def = { .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = ALL_PLACES | RF_SORT },
	{ .def = { .name = "company", .label = N_("Company"), .type = FIELD_TEXT, .max_len = 200 },
	  .flags = ALL_PLACES | RF_FILTER },
	{ .def = { .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	  .protect = PROTECT_INDEXED, .index = SEARCH_EMAIL, .personal = PERSONAL_CONTACT,
	  .flags = ALL_PLACES | RF_FILTER | RF_RULED },
	{ .def = { .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	  .protect = PROTECT_INDEXED, .index = SEARCH_PHONE, .personal = PERSONAL_CONTACT,
	  .flags = ALL_PLACES | RF_FILTER | RF_RULED },
	{ .def = { .name = "status", .label = N_("Status"), .type = FIELD_CHOICE, .choices = lead_statuses },
	  .flags = ALL_PLACES | RF_FILTER },
	{ .def = { .name = "title", .label = N_("Title"), .type = FIELD_TEXT, .max_len = 100 },
	  .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "source", .label = N_("Source"), .type = FIELD_CHOICE, .choices = lead_sources },
	  .flags = RF_FORM | RF_LIST | RF_FILTER | RF_EXPORT | RF_IMPORT },
	{ .def = { .name = "rating", .label = N_("Rating"), .type = FIELD_CHOICE, .choices = lead_ratings },
	  .flags = RF_FORM | RF_LIST | RF_FILTER | RF_EXPORT | RF_IMPORT },
};

const struct record_decl lead_decl = {
	.kind = RK_LEADS, .table = "leads", .subject = "lead", .module = MOD_LEADS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
