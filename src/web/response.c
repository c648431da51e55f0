/* response.c: owns response headers and bodies and the error pages.
 * Error pages carry only fixed text and the request id; no request data
 * ever reaches them, so they cannot leak internals or reflect input.
 * (Templated pages arrive with the template engine.) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "response.h"

struct status_text {
	int status;
	const char *reason;
	const char *explain;
};

static const struct status_text statuses[] = {
	{ 200, "OK", "" },
	{ 303, "See Other", "" },
	{ 401, "Unauthorized", "" },
	{ 400, "Bad Request", "The request could not be understood. Check the address or the form and try again." },
	{ 403, "Forbidden", "You do not have permission to do this." },
	{ 404, "Not Found", "There is nothing at this address." },
	{ 405, "Method Not Allowed", "This address does not accept that kind of request." },
	{ 411, "Length Required", "The request did not say how long its body is." },
	{ 413, "Payload Too Large", "What you sent is larger than this page accepts." },
	{ 414, "URI Too Long", "The address is longer than this server accepts." },
	{ 415, "Unsupported Media Type", "This page does not accept data in that format." },
	{ 429, "Too Many Requests", "Too many requests. Wait a moment and try again." },
	{ 431, "Request Header Fields Too Large", "The request headers are larger than this server accepts." },
	{ 500, "Internal Server Error", "Something went wrong on our side. It has been logged." },
	{ 503, "Service Unavailable", "The service is unavailable for a moment. Try again shortly." },
};

static const struct status_text *
find_status(int status)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].status == status)
			return &statuses[i];
	return NULL;
}

const char *
http_reason(int status)
{
	const struct status_text *s = find_status(status);

	return s ? s->reason : "Error";
}

void
response_init(struct response *resp, struct arena *a)
{
	memset(resp, 0, sizeof(*resp));
	resp->arena = a;
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
}

static int
header_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int
response_header(struct response *resp, const char *name, const char *value)
{
	if (resp->nheaders >= RESPONSE_MAX_HEADERS || !header_safe(name) ||
	    !header_safe(value))
		return -1;
	resp->header_name[resp->nheaders] = name;
	resp->header_value[resp->nheaders] = value;
	resp->nheaders++;
	return 0;
}

const char *
response_header_get(const struct response *resp, const char *name)
{
	for (int i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->header_name[i], name) == 0)
			return resp->header_value[i];
	return NULL;
}

void
response_write(struct response *resp, const char *data, size_t len)
{
	if (resp->len + len + 1 > resp->cap) {
		size_t cap = resp->cap ? resp->cap : 4096;
		char *nb;
		while (cap < resp->len + len + 1)
			cap *= 2;
		nb = arena_alloc(resp->arena, cap);
		if (resp->len)
			memcpy(nb, resp->body, resp->len);
		resp->body = nb;
		resp->cap = cap;
	}
	memcpy(resp->body + resp->len, data, len);
	resp->len += len;
	resp->body[resp->len] = '\0';
}

void
response_puts(struct response *resp, const char *s)
{
	response_write(resp, s, strlen(s));
}

void
response_error(struct response *resp, int status, const char *request_id)
{
	const struct status_text *s = find_status(status);
	char id[33] = "";

	/* Only hex digits of the id are shown, whatever the caller passed. */
	for (size_t i = 0; request_id && request_id[i] && i < 32; i++)
		if (strchr("0123456789abcdef", request_id[i]))
			id[strlen(id)] = request_id[i];
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp->len = 0;
	response_puts(resp, arena_printf(resp->arena,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
	    "<title>%d %s</title>"
	    "<link rel=\"stylesheet\" href=\"/assets/css/crm.css\"/></head>"
	    "<body><main class=\"error-page\"><h1>%d %s</h1><p>%s</p>"
	    "<p class=\"request-id\">Request id: <code>%s</code></p>"
	    "<p><a href=\"/\">Back to the start page</a></p></main></body></html>\n",
	    status, http_reason(status), status, http_reason(status),
	    s ? s->explain : "", id[0] ? id : "-"));
}

/* The status line and headers; Content-Length only when known. */
static void
head(struct response *out, const struct response *resp, int with_length)
{
	response_puts(out, arena_printf(resp->arena, "Status: %d %s\r\nContent-Type: %s\r\n",
	    resp->status, http_reason(resp->status), resp->content_type));
	if (with_length)
		response_puts(out, arena_printf(resp->arena, "Content-Length: %zu\r\n", resp->len));
	else
		response_puts(out, "X-Accel-Buffering: no\r\n");
	for (int i = 0; i < resp->nheaders; i++)
		response_puts(out, arena_printf(resp->arena, "%s: %s\r\n",
		    resp->header_name[i], resp->header_value[i]));
	response_puts(out, "\r\n");
}

int
response_flush(struct response *resp)
{
	struct response out;

	if (resp->send == NULL)
		return -1;
	if (!resp->streamed) {
		response_init(&out, resp->arena);
		head(&out, resp, 0);
		if (resp->send(resp->send_arg, out.body, out.len) == -1)
			return -1;
		resp->streamed = 1;
	}
	if (resp->send(resp->send_arg, resp->body + resp->sent, resp->len - resp->sent) == -1)
		return -1;
	resp->sent = resp->len;
	return 0;
}

char *
response_serialise(const struct response *resp, int head_only, size_t *len)
{
	struct response out;

	response_init(&out, resp->arena);
	head(&out, resp, 1);
	if (!head_only && resp->len)
		response_write(&out, resp->body, resp->len);
	*len = out.len;
	return out.body;
}
