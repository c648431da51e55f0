/* custom_view.h: custom fields (custom_field.h, custom_value.h) as page
 * data: the inputs of a form (templates/_custom_form.xhtml) and the
 * values of a record page (templates/_custom_values.xhtml), as the
 * user's field rules allow. */
#ifndef CRM_CUSTOM_VIEW_H
#define CRM_CUSTOM_VIEW_H

#include "custom_value.h"

struct ctx;

/* The list "custom" of the form: one entry per field of f (the fields
 * the user may edit), with its value and message; read-only fields of
 * before (NULL: a new record) are listed in "custom_readonly". 0 or -1. */
int custom_view_form(struct ctx *ctx, const struct custom_form *f, const struct custom_values *before);

/* The list "custom_values" of a record page: each field of v the user
 * may see, masked as the rule says unless it is reveal (a field name, or
 * NULL); reveal_href: where its Reveal button posts. */
void custom_view_values(struct ctx *ctx, const struct custom_values *v, const char *reveal,
    const char *reveal_href);

/* Whether name is a custom field of kind k the user sees masked (a
 * field they may reveal). */
bool custom_view_revealable(struct ctx *ctx, enum record_kind_id k, const char *name);

#endif
