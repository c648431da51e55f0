/* master.h: the supervising process of crm-fcgi. */
#ifndef CRM_MASTER_H
#define CRM_MASTER_H

#include "conf.h"

/* Binds the socket, drops privileges, runs workers until SIGTERM/SIGINT
 * and returns the exit status. Takes ownership of c. */
int master_run(struct conf *c);

#endif
