/* deal_decl.c: the deal record family declared (record_decl.h): the
 * amount is ruled (a role may not see amounts), the stage is picked from
 * the pipeline's stages, the account from the accounts the user may
 * view; the next step, the reason a deal was lost (required when its
 * stage is a lost one: deal.h deal_lost_reason_needed) and the forecast
 * category (a code of the fixed list below, shown translated). The
 * contacts on a deal and their roles are rows of deal_contacts
 * (deal_links.h), not columns: their role codes are listed here too. */
#include "config.h"

#include "deal.h"
#include "i18n.h"
#include "record_decl.h"

const char *const deal_forecast_categories[] = { "pipeline", "best_case", "commit", "omitted", "closed", NULL };
const char *const deal_forecast_labels[] = {
	N_("Pipeline"), N_("Best case"), N_("Commit"), N_("Omitted"), N_("Closed"), NULL
};

const char *const deal_contact_roles[] = {
	"decision_maker", "economic_buyer", "influencer", "user", "other", NULL
};
const char *const deal_contact_role_labels[] = {
	N_("Decision maker"), N_("Economic buyer"), N_("Influencer"), N_("User"), N_("Other"), NULL
};

static const struct record_field fields[] = {
	{ .def = { .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	  .flags = RF_FORM | RF_LIST | RF_SORT | RF_EXPORT },
	{ .def = { .name = "amount", .label = N_("Amount"), .type = FIELD_MONEY, .min = 0, .max = 1000000000000LL },
	  .column = "amount_cents", .personal = PERSONAL_FINANCIAL,
	  .flags = RF_FORM | RF_LIST | RF_EXPORT | RF_RULED },
	{ .def = { .name = "currency", .label = N_("Currency"), .type = FIELD_CHOICE, .required = true,
	  .choices = deal_currencies },
	  .flags = RF_FORM | RF_LIST | RF_EXPORT },
	{ .def = { .name = "stage", .label = N_("Stage"), .type = FIELD_ID, .required = true,
	  .max = FORM_ID_MAX_U32, .pick = PICK_STAGE },
	  .column = "stage_id", .flags = RF_FORM | RF_LIST | RF_FILTER | RF_EXPORT },
	{ .def = { .name = "probability", .label = N_("Probability (%)"), .type = FIELD_INT, .min = 0, .max = 100 },
	  .flags = RF_FORM | RF_EXPORT },
	{ .def = { .name = "expected_close", .label = N_("Expected close"), .type = FIELD_DATE },
	  .flags = RF_FORM | RF_LIST | RF_SORT | RF_EXPORT },
	{ .def = { .name = "account", .label = N_("Account"), .type = FIELD_ID, .pick = PICK_ACCOUNT },
	  .column = "account_id", .flags = RF_FORM | RF_EXPORT },
	{ .def = { .name = "next_step", .label = N_("Next step"), .type = FIELD_TEXT, .max_len = 200 },
	  .flags = RF_FORM | RF_EXPORT },
	{ .def = { .name = "forecast_category", .label = N_("Forecast category"), .type = FIELD_CHOICE,
	  .choices = deal_forecast_categories },
	  .flags = RF_FORM | RF_LIST | RF_EXPORT },
	{ .def = { .name = "lost_reason", .label = N_("Lost reason"), .type = FIELD_TEXTAREA, .max_len = 500 },
	  .flags = RF_FORM | RF_EXPORT },
};

const struct record_decl deal_decl = {
	.kind = RK_DEALS, .table = "deals", .subject = "deal", .module = MOD_DEALS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
