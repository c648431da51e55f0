/* deal_decl.c: the deal record family declared (record_decl.h): the
 * amount is ruled (a role may not see amounts), the stage is picked from
 * the pipeline's stages. */
#include "config.h"

#include "deal.h"
#include "i18n.h"
#include "record_decl.h"

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
};

const struct record_decl deal_decl = {
	.kind = RK_DEALS, .table = "deals", .subject = "deal", .module = MOD_DEALS,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
