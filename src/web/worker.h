/* worker.h: one prefork worker process. */
#ifndef CRM_WORKER_H
#define CRM_WORKER_H

#include "conf.h"

/* Serves requests from listen_fd until SIGTERM, finishing the request in
 * hand before it exits. Never returns. */
void worker_main(const struct conf *c, int listen_fd) __attribute__((noreturn));

#endif
