/* request.h: a decoded, validated HTTP request as handlers see it. */
#ifndef CRM_REQUEST_H
#define CRM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "param.h"		/* struct param_list, param_get */
#include "url_decode.h"		/* enum decode_status, url_decode */

struct upload;

enum http_method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_OTHER,		/* a well-formed token we do not serve */
	METHOD__MAX
};

struct request_limits {
	int max_params;		/* fields in a query or a form */
	size_t max_key;		/* bytes in one decoded key */
	size_t max_value;	/* bytes in one decoded value */
	size_t max_uri;		/* bytes in REQUEST_URI */
	size_t max_header;	/* bytes in any one HTTP_* param */
	long max_body;		/* bytes in the body */
};

struct request {
	struct arena *arena;
	enum http_method method;
	const char *method_name;
	const char *path;	/* decoded; valid UTF-8; starts with '/' */
	const char *raw_query;	/* after '?', or "" */
	struct param_list query;
	struct param_list form;
	const char *content_type;	/* media type, lower-cased, no parameters */
	const char *content_type_raw;	/* the header as sent (boundary=...) */
	long content_length;	/* 0 when absent */
	const char *cookie_header;
	const char *remote_addr;
	const char *user_agent;
	const char *accept_language;
	/* CRM_SSO_USER: an identity nginx established (client certificate,
	 * an auth module's REMOTE_USER); a FastCGI param only nginx can set,
	 * never a request header. Used only when [auth] trusted_sso is on. */
	const char *sso_user;
	struct upload *uploads;	/* files of a multipart/form-data body */
	char id[33];		/* request id: 32 hex digits, set by the worker */
};

void request_limits_default(struct request_limits *lim);

/* Fills r from FastCGI params (NULL-terminated "NAME=value" strings).
 * Returns 0, or the HTTP status to answer with: 400 malformed, 413 body
 * too large, 414 URI too long, 431 header too large. */
int request_from_params(struct request *r, struct arena *a,
    const char *const *envp, const struct request_limits *lim);

/* Decodes the body according to content_type: urlencoded and multipart
 * fields go to r->form, multipart files to r->uploads. Returns 0, or 400
 * (bad encoding), 413 (field limits) or 415 (media type not accepted). */
int request_set_body(struct request *r, const char *body, size_t len,
    const struct request_limits *lim);

/* Appends the pairs of an application/x-www-form-urlencoded string to
 * list, keeping repeated keys in order. */
enum decode_status form_decode(struct param_list *list, struct arena *a,
    const char *s, size_t len, const struct request_limits *lim);

/* Value of a FastCGI param, or NULL. */
const char *fcgi_param(const char *const *envp, const char *name);

#endif
