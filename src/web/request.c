/* request.c: owns turning untrusted FastCGI params and bodies into a
 * struct request (percent-decoding is url_decode.c, the pair lists
 * param.c, multipart bodies multipart.c). Everything here is bounded by
 * struct request_limits and rejects rather than repairs: a bad escape,
 * invalid UTF-8 or a NUL byte is an error, never silently dropped or
 * truncated. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"
#include "request.h"

void
request_limits_default(struct request_limits *lim)
{
	lim->max_params = 256;
	lim->max_key = 128;
	lim->max_value = 65536;
	lim->max_uri = 8192;
	lim->max_header = 8192;
	lim->max_body = 1048576;
}

const char *
fcgi_param(const char *const *envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

enum decode_status
form_decode(struct param_list *list, struct arena *a, const char *s,
    size_t len, const struct request_limits *lim)
{
	size_t start = 0;

	while (start < len) {
		size_t end = start, eq;
		char *key, *val;
		size_t klen, vlen;
		enum decode_status st;

		while (end < len && s[end] != '&')
			end++;
		if (end == start) {	/* empty pair, as in "a=1&&b=2" */
			start = end + 1;
			continue;
		}
		if (list->count >= lim->max_params)
			return DECODE_TOO_MANY;
		for (eq = start; eq < end && s[eq] != '='; eq++)
			;
		if (eq - start > lim->max_key * 3 ||
		    (eq < end && end - eq - 1 > lim->max_value * 3))
			return DECODE_TOO_LONG;
		if ((st = url_decode(a, s + start, eq - start, true, &key, &klen)) != DECODE_OK)
			return st;
		if (eq < end)
			st = url_decode(a, s + eq + 1, end - eq - 1, true, &val, &vlen);
		else
			st = url_decode(a, "", 0, true, &val, &vlen);
		if (st != DECODE_OK)
			return st;
		if (klen > lim->max_key || vlen > lim->max_value)
			return DECODE_TOO_LONG;
		param_list_add(list, a, key, val, vlen);
		start = end + 1;
	}
	return DECODE_OK;
}

/* RFC 9110 token characters. */
static bool
is_tchar(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int
parse_method(struct request *r, const char *m)
{
	size_t n = m ? strlen(m) : 0;

	if (n == 0 || n > 16)
		return 400;
	for (size_t i = 0; i < n; i++)
		if (!is_tchar((unsigned char)m[i]))
			return 400;
	r->method_name = m;
	if (strcmp(m, "GET") == 0)
		r->method = METHOD_GET;
	else if (strcmp(m, "HEAD") == 0)
		r->method = METHOD_HEAD;
	else if (strcmp(m, "POST") == 0)
		r->method = METHOD_POST;
	else
		r->method = METHOD_OTHER;
	return 0;
}

/* Decodes the path part of the request target; rejects dot segments,
 * empty segments, control characters and encoded slashes ("%2F"), which
 * would let two spellings reach one route. */
static int
parse_path(struct request *r, const char *raw, size_t len)
{
	char *path;
	size_t plen;

	if (len == 0 || raw[0] != '/')
		return 400;
	for (size_t i = 0; i + 2 < len; i++)
		if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'f' || raw[i + 2] == 'F'))
			return 400;
	if (url_decode(r->arena, raw, len, false, &path, &plen) != DECODE_OK)
		return 400;
	for (size_t i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c < 0x20 || c == 0x7f)
			return 400;
		if (c == '/' && i > 0 && path[i - 1] == '/')
			return 400;
		if (c == '/' && path[i + 1] == '.' &&
		    (path[i + 2] == '/' || path[i + 2] == '\0' ||
		     (path[i + 2] == '.' && (path[i + 3] == '/' || path[i + 3] == '\0'))))
			return 400;
	}
	r->path = path;
	return 0;
}

static int
parse_target(struct request *r, const char *uri, const struct request_limits *lim)
{
	const char *q;
	size_t ulen;
	int st;

	if (uri == NULL)
		return 400;
	ulen = strlen(uri);
	if (ulen > lim->max_uri)
		return 414;
	q = strchr(uri, '?');
	if ((st = parse_path(r, uri, q ? (size_t)(q - uri) : ulen)) != 0)
		return st;
	r->raw_query = q ? q + 1 : "";
	if (form_decode(&r->query, r->arena, r->raw_query, strlen(r->raw_query),
	    lim) != DECODE_OK)
		return 400;
	return 0;
}

static int
parse_content(struct request *r, const char *type, const char *length,
    const struct request_limits *lim)
{
	char *end;
	size_t n;

	r->content_length = 0;
	if (length != NULL && length[0] != '\0') {
		for (const char *p = length; *p; p++)
			if (!isdigit((unsigned char)*p))
				return 400;
		errno = 0;
		r->content_length = strtol(length, &end, 10);
		if (errno == ERANGE || strlen(length) > 12)
			return 413;
		if (r->content_length > lim->max_body)
			return 413;
	}
	if (type != NULL && type[0] != '\0') {
		n = strcspn(type, "; \t");
		char *t = arena_strndup(r->arena, type, n);
		for (char *p = t; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		r->content_type = t;
		r->content_type_raw = type;
	}
	return 0;
}

/* True when a header value holds a control character other than tab
 * (RFC 9110 field-value); such bytes could forge log lines or pages. */
static bool
has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return true;
	return false;
}

/* Refuses oversized or non-text header params before anything reads them. */
static int
check_headers(const char *const *envp, const struct request_limits *lim)
{
	for (; envp != NULL && *envp != NULL; envp++) {
		const char *eq = strchr(*envp, '=');
		if (eq == NULL)
			return 400;
		if (strncmp(*envp, "HTTP_", 5) != 0)
			continue;
		if (strlen(eq + 1) > lim->max_header)
			return 431;
		if (has_control(eq + 1))
			return 400;
	}
	return 0;
}

int
request_from_params(struct request *r, struct arena *a,
    const char *const *envp, const struct request_limits *lim)
{
	int st;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->path = "/";
	r->raw_query = "";
	r->method_name = "?";
	if ((st = check_headers(envp, lim)) != 0)
		return st;
	r->remote_addr = fcgi_param(envp, "REMOTE_ADDR");
	r->user_agent = fcgi_param(envp, "HTTP_USER_AGENT");
	r->sso_user = fcgi_param(envp, "CRM_SSO_USER");
	r->cookie_header = fcgi_param(envp, "HTTP_COOKIE");
	r->accept_language = fcgi_param(envp, "HTTP_ACCEPT_LANGUAGE");
	if ((st = parse_method(r, fcgi_param(envp, "REQUEST_METHOD"))) != 0)
		return st;
	if ((st = parse_target(r, fcgi_param(envp, "REQUEST_URI"), lim)) != 0)
		return st;
	return parse_content(r, fcgi_param(envp, "CONTENT_TYPE"),
	    fcgi_param(envp, "CONTENT_LENGTH"), lim);
}

int
request_set_body(struct request *r, const char *body, size_t len,
    const struct request_limits *lim)
{
	enum decode_status st;

	if (len == 0)
		return 0;
	if ((long)len > lim->max_body)
		return 413;
	if (r->content_type != NULL && strcmp(r->content_type, "multipart/form-data") == 0) {
		struct multipart_limits mlim;
		multipart_limits_default(&mlim);
		mlim.max_parts = lim->max_params;
		mlim.max_field = lim->max_value;
		if ((size_t)lim->max_body < mlim.max_file)
			mlim.max_file = (size_t)lim->max_body;
		if ((st = multipart_parse(r->arena, r->content_type_raw, body, len, &mlim,
		    &r->form, &r->uploads)) != 0)
			return st;
		/* Field names obey the same limit as in urlencoded forms (found
		 * by fuzz_request: multipart names were bounded only by 8 KiB). */
		for (const struct param *p = r->form.head; p != NULL; p = p->next)
			if (strlen(p->key) > lim->max_key)
				return 413;
		return 0;
	}
	if (r->content_type == NULL ||
	    strcmp(r->content_type, "application/x-www-form-urlencoded") != 0)
		return 415;
	st = form_decode(&r->form, r->arena, body, len, lim);
	if (st == DECODE_TOO_MANY || st == DECODE_TOO_LONG)
		return 413;
	return st == DECODE_OK ? 0 : 400;
}
