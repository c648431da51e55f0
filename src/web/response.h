/* response.h: the response a handler builds and the worker sends. */
#ifndef CRM_RESPONSE_H
#define CRM_RESPONSE_H

#include <stddef.h>

#include "arena.h"

#define RESPONSE_MAX_HEADERS 16

struct response {
	struct arena *arena;
	int status;
	const char *content_type;
	const char *header_name[RESPONSE_MAX_HEADERS];
	const char *header_value[RESPONSE_MAX_HEADERS];
	int nheaders;
	char *body;
	size_t len, cap;
	/* Streaming (response_flush): set by the worker, the writer to the
	 * client; once streamed, the status and headers are gone and sent
	 * bytes of the body are not sent again. */
	int (*send)(void *arg, const char *data, size_t len);
	void *send_arg;
	size_t sent;
	int streamed;
};

void response_init(struct response *resp, struct arena *a);

/* Adds a header; names and values with CR, LF or NUL are refused (returns
 * -1) so data can never split a response. */
int response_header(struct response *resp, const char *name, const char *value);

/* The value of the first header called name (any case), or NULL. */
const char *response_header_get(const struct response *resp, const char *name);

void response_write(struct response *resp, const char *data, size_t len);
void response_puts(struct response *resp, const char *s);

/* Drops any body (headers stay: Allow, Retry-After) and fills in the house error page for
 * status, showing request_id (hex digits only) so support can find the
 * log line. */
void response_error(struct response *resp, int status, const char *request_id);

/* Sends the body written so far, after the status line and headers on
 * the first call (then without Content-Length: the client reads to the
 * end; nginx is told not to buffer), for a page that shows progress
 * while it works. Headers and status set later are lost; the worker
 * sends the rest of the body at the end. 0, or -1 when the client is
 * gone or the response cannot stream. */
int response_flush(struct response *resp);

const char *http_reason(int status);

/* Serialises status line, headers and (unless head_only) body into a new
 * arena buffer for the FastCGI stream; returns its length in *len. */
char *response_serialise(const struct response *resp, int head_only, size_t *len);

#endif
