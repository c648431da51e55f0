/* migrate.h: applying the numbered schema files in sql/. */
#ifndef CRM_MIGRATE_H
#define CRM_MIGRATE_H

#include <stdbool.h>

#include "conf.h"

/* Applies pending migrations from c->sql_dir in order (status_only: just
 * lists them). Prints progress to stdout and errors to stderr. Returns 0
 * when the schema is current, 1 on any failure (the failing file and the
 * server's message are printed; later files are not attempted). */
int migrate_run(const struct conf *c, bool status_only);

/* Runs every migration's GRANT and REVOKE statements again (in order):
 * after a restore into a server whose application account lacks its
 * table privileges. 0, or 1 (printed). */
int migrate_grants(const struct conf *c);

#endif
