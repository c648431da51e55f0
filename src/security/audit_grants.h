/* audit_grants.h: the start-up check that the application's database
 * account cannot change or remove audit records. */
#ifndef CRM_AUDIT_GRANTS_H
#define CRM_AUDIT_GRANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "conf.h"
#include "db.h"

/* Reads one line of SHOW GRANTS output. Returns true when it gives
 * UPDATE, DELETE, DROP, ALTER or ALL [PRIVILEGES] (table- or
 * column-level on audit_log, or database-wide on a database pattern
 * matching dbname, or on *.*), and then puts the privilege and object
 * into why, e.g. "UPDATE on `crm`.`audit_log`". Lines it does not
 * recognise as such a grant (USAGE, roles, routines, PROXY) are false. */
bool audit_grant_forbidden(const char *line, const char *dbname, char *why, size_t whysz);

/* Runs SHOW GRANTS FOR CURRENT_USER() on db. Returns 0 when no line is
 * forbidden, -1 with err naming the grant when one is, -2 with err when
 * the grants cannot be read (database unreachable). */
int audit_grants_check(struct db *db, struct arena *a, const char *dbname, char *err,
    size_t errsz);

/* The check on a connection of its own as the application account (at
 * start of crm-fcgi, crm-fcgi -n, crmctl check): 0, -1 or -2 as above. */
int audit_grants_startup(const struct conf *c, char *err, size_t errsz);

/* The connect hook for db_set_connect_hook (arg: the struct conf): a
 * worker whose account holds such a grant logs why and serves nothing
 * from the database. */
int audit_grants_connect_hook(struct db *db, void *arg);

#endif
