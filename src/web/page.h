/* page.h: rendering a page through its template, the layout's shared
 * values, forms in templates, and redirects. */
#ifndef CRM_PAGE_H
#define CRM_PAGE_H

#include "form.h"
#include "handler.h"

/* Renders template name with ctx->data plus what the layout needs (lang,
 * flash, CSRF token, request id) and returns status, or 500 when the
 * template is missing. */
int page_render(struct ctx *ctx, const char *name, int status);

/* Renders the house error page for status (400..599). */
int page_error(struct ctx *ctx, int status);

/* Answers 303 See Other to a local path (POST/redirect/GET). */
int page_redirect(struct ctx *ctx, const char *path);

/* Puts a validated (or rejected) form under ctx->data key "form":
 * form.NAME.value (the user's input), form.NAME.error (msgid),
 * form.NAME.arg (the number an error refers to), form.error; for a
 * field in error also form.NAME.invalid ("true", for aria-invalid),
 * form.NAME.error_id ("NAME-error", the id of its error paragraph) and
 * form.NAME.described (the same, for aria-describedby); and the list
 * form.errors (href "#NAME", label and msg msgids, arg) that
 * _error_summary.xhtml shows at the top of the form. */
void page_form(struct ctx *ctx, const struct form_result *r);
/* The same for a second form of a page: its values under data key
 * (key.<field>...), its inputs' ids prefix + the field's name; its errors
 * join the page's one summary (form.errors). */
void page_form_in(struct ctx *ctx, const struct form_result *r, const char *key, const char *prefix);
/* One error a form_def does not check (a mapping already there, a
 * role...): the summary links to #id with label and msg (msgids), and
 * form.<key> is marked invalid (form.<key>.invalid), described by the
 * element with id described (it must exist on the page). */
void page_error_field(struct ctx *ctx, const char *key, const char *id, const char *label,
    const char *msg, const char *described);

/* Chooses the request's language: the user's setting (the __Host-lang
 * cookie until accounts exist), else Accept-Language. */
enum lang page_language(const struct ctx *ctx);

#endif
