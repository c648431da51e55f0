/* activity_decl.c: the activity record family declared (record_decl.h):
 * tasks, calls, meetings and notes; the notes (body) sealed and ruled,
 * under the data key of the record the activity is attached to. */
#include "config.h"

#include "i18n.h"
#include "record_decl.h"

/* As stored (activity_kind_names), NULL-terminated for the form. */
static const char *const kind_choices[] = { "task", "call", "meeting", "note", NULL };

#define MSG_DUE_FORMAT N_("Enter a due date as YYYY-MM-DD, or a date and time.")

static const struct record_field fields[] = {
	{ .def = { .name = "kind", .label = N_("Kind"), .type = FIELD_CHOICE, .required = true,
	  .choices = kind_choices },
	  .flags = RF_FORM | RF_LIST | RF_FILTER },
	{ .def = { .name = "subject", .label = N_("Subject"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	  .flags = RF_FORM | RF_LIST },
	{ .def = { .name = "body", .label = N_("Notes"), .type = FIELD_TEXTAREA, .max_len = 10000 },
	  .protect = PROTECT_SEALED, .personal = PERSONAL_CONTACT, .flags = RF_FORM | RF_RULED },
	{ .def = { .name = "due_at", .label = N_("Due"), .type = FIELD_TEXT, .max_len = 19,
	  .pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", .pattern_msg = MSG_DUE_FORMAT },
	  .flags = RF_FORM | RF_LIST | RF_SORT },
};

const struct record_decl activity_decl = {
	.kind = RK_ACTIVITIES, .table = "activities", .subject = "activity", .module = MOD_ACTIVITIES,
	.key_of_related = true,
	.fields = fields, .nfields = sizeof(fields) / sizeof(fields[0]),
};
