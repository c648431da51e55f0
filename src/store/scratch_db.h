/* scratch_db.h: a private, throwaway MariaDB server for the restore
 * drill: its own directory under /tmp (0700), no network, its own
 * random data-at-rest key (the restored copy is encrypted on disk like
 * the live one), removed with everything in it when the drill ends. */
#ifndef CRM_SCRATCH_DB_H
#define CRM_SCRATCH_DB_H

#include <stddef.h>
#include <sys/types.h>

struct scratch_db {
	char dir[256];
	char socket[300];
	pid_t pid;
};

/* Creates and starts the server (as the mysql user when crmctl runs as
 * root) and waits until it answers (60 s at most). 0 or -1 (err). */
int scratch_db_start(struct scratch_db *s, char *err, size_t errlen);

/* Stops the server and removes its directory. */
void scratch_db_stop(struct scratch_db *s);

#endif
