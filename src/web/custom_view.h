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

/* The custom part of kind k's form for record id (0: a new record): as
 * submitted on a POST (checked, or only shown again when searching is
 * true: a search button that re-renders the form), else the record's
 * values, else the defaults. 0 or -1. */
int custom_view_form_for(struct ctx *ctx, enum record_kind_id k, long long id, bool searching);

/* Reads the POSTed custom fields of kind k for record id (0: new) into
 * f, with what the record holds into before (an empty set when new).
 * f->nerrors (0: valid), or -1 on a database error. */
int custom_view_read(struct ctx *ctx, enum record_kind_id k, long long id, struct custom_values *before,
    struct custom_form *f);

/* The values of record id of kind k for its page ("custom_values"); the
 * Reveal button posts to reveal_href; reveal: a field shown in clear. */
int custom_view_record(struct ctx *ctx, enum record_kind_id k, long long id, const char *reveal,
    const char *reveal_href);

#endif
