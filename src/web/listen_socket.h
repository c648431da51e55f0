/* listen_socket.h: the FastCGI unix socket nginx connects to. */
#ifndef CRM_LISTEN_SOCKET_H
#define CRM_LISTEN_SOCKET_H

#include <stddef.h>

#include "conf.h"

/* Creates, binds and listens on c->socket_path with c->socket_mode and
 * group c->socket_group. A stale socket file is replaced; a live one (a
 * server answers on it) is an error. Returns the fd or -1 with err. */
int listen_socket_open(const struct conf *c, char *err, size_t errsz);

#endif
