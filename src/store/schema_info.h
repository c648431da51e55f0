/* schema_info.h: what the database says about itself: the schema version
 * (the health probe) and the server's version (backup manifests). */
#ifndef CRM_SCHEMA_INFO_H
#define CRM_SCHEMA_INFO_H

#include <stddef.h>

#include "arena.h"

struct db;

/* The applied schema version (0 when none), or -1 when the database
 * cannot be asked. */
long long schema_version(struct db *db, struct arena *a);

/* The schema version and the server's version string (arena memory):
 * 0, or -1 when the database cannot be asked. */
int schema_server_facts(struct db *db, struct arena *a, long long *version, const char **server);

#endif
