/* tmpl.h: the template engine: XHTML files in templates/, compiled once
 * per language at start, rendered with escaping by context. */
#ifndef CRM_TMPL_H
#define CRM_TMPL_H

#include <stddef.h>

#include "i18n.h"
#include "response.h"
#include "tval.h"

/* Compiles every page (templates/NAME.xhtml whose name does not start
 * with '_') for every language into a new registry that replaces the
 * current one only when all compiled. Returns 0, or -1 with
 * "file:line: reason" in err. Call before forking workers. */
int tmpl_load(const char *dir, char *err, size_t errsz);
void tmpl_free(void);

/* Renders page name in lang with data into out. Returns 0, or -1 when
 * there is no such page (a programming error, logged). */
int tmpl_render(struct response *out, const char *name, enum lang lang,
    const struct tval *data);

/* Calls fn for every static text of every page that has no translation
 * in lang; returns how many there were. */
size_t tmpl_missing(enum lang lang,
    void (*fn)(const char *page, const char *msgid, void *arg), void *arg);

/* Compiles one template from memory as page "test" (unit tests and
 * fuzzing); dir is where _layout and includes are looked up. */
int tmpl_load_string(const char *dir, const char *text, size_t len,
    char *err, size_t errsz);

#endif
