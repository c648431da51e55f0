/* multipart.c: owns decoding multipart/form-data bodies (form posts and
 * file uploads) into form fields and struct upload. Like request.c it
 * rejects rather than repairs, never reads outside the body it is given,
 * and takes all memory from the request arena. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "multipart.h"
#include "url_decode.h"
#include "utf8.h"

#define BOUNDARY_MAX 70		/* RFC 2046 */
#define DELIM_PREFIX "\r\n--"	/* a delimiter is CRLF "--" boundary */
#define DELIM_PREFIX_LEN 4

/* What the headers of one part said; strings are arena copies. */
struct part {
	bool has_disposition;
	char *name;		/* NULL when absent */
	char *filename;		/* NULL when absent */
	char *filename_ext;	/* filename* as sent, NULL when absent */
	const char *ctype;	/* lower-cased media type, NULL when absent */
};

/* One parameter of a header value: the name points into the value, the
 * unquoted value is an arena copy (NUL-terminated). name is NULL at the
 * end of the list. */
struct hparam {
	const char *name;
	size_t nlen;
	char *value;
	size_t vlen;
};

void
multipart_limits_default(struct multipart_limits *lim)
{
	lim->max_parts = 256;
	lim->max_field = 64 * 1024;
	lim->max_file = 10 * 1024 * 1024;
	lim->max_files = 4;
	lim->max_part_headers = 8 * 1024;
}

/* ASCII-only helpers: the locale must not change what a header means.
 * True for an ASCII letter or digit. */
static bool
is_alnum(char ch)
{
	unsigned char c = (unsigned char)ch;

	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* c lower-cased when it is an ASCII capital. */
static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* RFC 9110 token characters. */
static bool
is_tchar(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars (boundary characters). */
static bool
is_bchar(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* RFC 5987 attr-char. */
static bool
is_attr_char(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

/* True when s[0..n) equals the lower-case literal lit, ignoring ASCII case. */
static bool
token_is(const char *s, size_t n, const char *lit)
{
	size_t i = 0;

	while (i < n && lit[i] != '\0' && to_lower(s[i]) == lit[i])
		i++;
	return i == n && lit[i] == '\0';
}

/* Index of the first byte at or after i that is not SP or HTAB (or n). */
static size_t
skip_ows(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Index of the first byte at or after i that is not a tchar (or n). */
static size_t
skip_token(const char *s, size_t n, size_t i)
{
	while (i < n && is_tchar(s[i]))
		i++;
	return i;
}

/* True when s[0..n) is valid UTF-8 without NUL bytes. */
static bool
is_text(const char *s, size_t n)
{
	return memchr(s, '\0', n) == NULL && utf8_valid(s, n);
}

/* True when s[k] is a backslash escaping the next byte, which must be
 * '"' or '\\'; any other backslash is literal, as old browsers send
 * Windows paths unescaped. */
static bool
is_escape(const char *s, size_t n, size_t k)
{
	return s[k] == '\\' && k + 1 < n && (s[k + 1] == '"' || s[k + 1] == '\\');
}

/* Reads the quoted-string starting at s[*i] == '"' into an arena copy of
 * exactly its unescaped length. Returns 0 and moves *i past the closing
 * quote, or 400 when the string is unterminated. */
static int
read_quoted(struct arena *a, const char *s, size_t n, size_t *i,
    char **out, size_t *outlen)
{
	size_t k = *i + 1, o = 0;
	char *d;
	int st = 400;

	while (k < n && s[k] != '"')
		k += is_escape(s, n, k) ? 2 : 1;
	if (k < n) {
		d = arena_alloc(a, k - *i);
		for (size_t j = *i + 1; j < k; j++) {
			if (is_escape(s, n, j))
				j++;
			d[o++] = s[j];
		}
		*i = k + 1;
		*out = d;
		*outlen = o;
		st = 0;
	}
	return st;
}

/* Reads one parameter value (token or quoted-string) at s[*i] into an arena
 * copy and moves *i past it. Returns 0, or 400 when it is empty or badly
 * quoted. */
static int
read_value(struct arena *a, const char *s, size_t n, size_t *i,
    char **out, size_t *outlen)
{
	size_t e;
	int st = 400;

	if (*i < n && s[*i] == '"')
		st = read_quoted(a, s, n, i, out, outlen);
	else if ((e = skip_token(s, n, *i)) > *i) {
		*out = arena_strndup(a, s + *i, e - *i);
		*outlen = e - *i;
		*i = e;
		st = 0;
	}
	return st;
}

/* Reads the next parameter of the list *( OWS ";" OWS [ token "=" value ] )
 * (RFC 9110) in header value s[0..n) from *i. Returns 0 with *p filled
 * (p->name NULL at the end of the list), or 400 for bad syntax: no ';',
 * a missing '=', whitespace around '=', an empty or badly quoted value, or
 * anything after the value but OWS and ';'. */
static int
next_param(struct arena *a, const char *s, size_t n, size_t *i, struct hparam *p)
{
	size_t k = skip_ows(s, n, *i), e;
	bool semi = false;
	int st = 0;

	while (k < n && s[k] == ';') {
		semi = true;
		k = skip_ows(s, n, k + 1);
	}
	memset(p, 0, sizeof(*p));
	if (k < n) {
		e = skip_token(s, n, k);
		if (!semi || e == k || e == n || s[e] != '=')
			st = 400;
		else {
			p->name = s + k;
			p->nlen = e - k;
			k = e + 1;
			st = read_value(a, s, n, &k, &p->value, &p->vlen);
		}
	}
	*i = k;
	return st;
}

/* Parses a media type with parameters, s[0..n) = type "/" subtype *(";"
 * parameter). *type gets an arena copy of the lower-cased media type; when
 * boundary is not NULL it gets the boundary parameter (else NULL). Returns
 * 0, or 400 for bad syntax or a repeated boundary parameter. */
static int
parse_media_type(struct arena *a, const char *s, size_t n, const char **type,
    const char **boundary)
{
	size_t t = skip_token(s, n, 0), mlen = 0, i;
	struct hparam p;
	char *m;
	int st = 400;

	if (t > 0 && t < n && s[t] == '/' && (mlen = skip_token(s, n, t + 1)) > t + 1)
		st = 0;
	i = mlen;
	if (boundary != NULL)
		*boundary = NULL;
	while (st == 0 && (st = next_param(a, s, n, &i, &p)) == 0 && p.name != NULL) {
		if (boundary == NULL || !token_is(p.name, p.nlen, "boundary"))
			continue;
		if (*boundary != NULL)
			st = 400;
		*boundary = p.value;
	}
	if (st == 0) {
		m = arena_strndup(a, s, mlen);
		for (char *c = m; *c; c++)
			*c = to_lower(*c);
		*type = m;
	}
	return st;
}

/* Builds the delimiter CRLF "--" boundary into delim (room for
 * DELIM_PREFIX_LEN + BOUNDARY_MAX bytes) from the request's Content-Type.
 * Returns 0, or 400 when ct is not multipart/form-data or the boundary is
 * missing, repeated, empty, over 70 chars, outside bchars or ends in a space. */
static int
get_delimiter(struct arena *a, const char *ct, char *delim, size_t *dlen)
{
	const char *type = NULL, *b = NULL;
	size_t blen = 0;
	int st = 400;

	if (ct != NULL)
		st = parse_media_type(a, ct, strlen(ct), &type, &b);
	if (st == 0 && (strcmp(type, "multipart/form-data") != 0 || b == NULL))
		st = 400;
	if (st == 0) {
		while (blen <= BOUNDARY_MAX && b[blen] != '\0' && is_bchar(b[blen]))
			blen++;
		if (blen == 0 || blen > BOUNDARY_MAX || b[blen] != '\0' || b[blen - 1] == ' ')
			st = 400;
	}
	if (st == 0) {
		memcpy(delim, DELIM_PREFIX, DELIM_PREFIX_LEN);
		memcpy(delim + DELIM_PREFIX_LEN, b, blen);
		*dlen = DELIM_PREFIX_LEN + blen;
	}
	return st;
}

/* Records one Content-Disposition parameter in pt; other parameters are
 * ignored. Returns 0, or 400 when name, filename or filename* repeats. */
static int
disposition_param(struct part *pt, const struct hparam *p)
{
	char **slot = NULL;
	int st = 0;

	if (token_is(p->name, p->nlen, "name"))
		slot = &pt->name;
	else if (token_is(p->name, p->nlen, "filename"))
		slot = &pt->filename;
	else if (token_is(p->name, p->nlen, "filename*"))
		slot = &pt->filename_ext;
	if (slot != NULL && (*slot != NULL || memchr(p->value, '\0', p->vlen) != NULL))
		st = 400;
	else if (slot != NULL)
		*slot = p->value;
	return st;
}

/* Parses a Content-Disposition value s[0..n) into pt. Returns 0, or 400
 * when the header repeats, the type is not form-data, or the parameters
 * are malformed. */
static int
parse_disposition(struct arena *a, const char *s, size_t n, struct part *pt)
{
	size_t i = skip_token(s, n, 0);
	struct hparam p;
	int st = 0;

	if (pt->has_disposition || !token_is(s, i, "form-data"))
		st = 400;
	pt->has_disposition = true;
	while (st == 0 && (st = next_param(a, s, n, &i, &p)) == 0 && p.name != NULL)
		st = disposition_param(pt, &p);
	return st;
}

/* Parses one header line s[0..n) (without its CRLF): token ":" OWS value
 * OWS, where the value holds no control byte but HTAB. Content-Disposition
 * and Content-Type go into pt; other headers are ignored. Returns 0, or
 * 400 for bad syntax (including obs-fold) or a repeated Content-Type. */
static int
part_header(struct arena *a, const char *s, size_t n, struct part *pt)
{
	size_t c = skip_token(s, n, 0), v = 0, e = n;
	int st = (c > 0 && c < n && s[c] == ':') ? 0 : 400;

	if (st == 0) {
		v = skip_ows(s, n, c + 1);
		while (e > v && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		for (size_t k = v; k < e && st == 0; k++)
			if (((unsigned char)s[k] < 0x20 && s[k] != '\t') || s[k] == 0x7f)
				st = 400;
	}
	if (st == 0 && token_is(s, c, "content-disposition"))
		st = parse_disposition(a, s + v, e - v, pt);
	else if (st == 0 && token_is(s, c, "content-type"))
		st = pt->ctype != NULL ? 400 :
		    parse_media_type(a, s + v, e - v, &pt->ctype, NULL);
	return st;
}

/* Parses the header block at the start of part s[0..n) into pt and sets
 * *body to the offset of the part's content. The block ends at an empty
 * line, or at the end of the part (RFC 2046 allows a part without a body).
 * Returns 0, or 400 for a line not ended by CRLF, a bare CR or LF, bad
 * header syntax, a block over max_headers bytes, or no Content-Disposition
 * with a name. */
static int
parse_headers(struct arena *a, const char *s, size_t n, size_t max_headers,
    struct part *pt, size_t *body)
{
	size_t q = 0, e;
	int st = 0;

	memset(pt, 0, sizeof(*pt));
	while (st == 0 && q < n && !(n - q >= 2 && s[q] == '\r' && s[q + 1] == '\n')) {
		for (e = q; e < n && s[e] != '\r' && s[e] != '\n'; e++)
			;
		if (e + 1 >= n || s[e] != '\r' || s[e + 1] != '\n' || e + 2 > max_headers)
			st = 400;
		else
			st = part_header(a, s + q, e - q, pt);
		q = e + 2;
	}
	*body = q < n ? q + 2 : n;
	if (st == 0 && (!pt->has_disposition || pt->name == NULL))
		st = 400;
	return st;
}

/* Decodes a filename* value (RFC 5987) v of the form UTF-8'[language]'
 * followed by attr-chars and percent-escapes. Returns 0 with *out in the
 * arena, or 400 for another charset, a bad character or escape, a NUL or
 * invalid UTF-8. */
static int
decode_ext_filename(struct arena *a, const char *v, char **out)
{
	size_t n = strlen(v), i = 6, k, outlen;
	int st = 400;

	if (n >= 7 && token_is(v, 6, "utf-8'")) {
		while (i < n && (is_alnum(v[i]) || v[i] == '-'))
			i++;
		if (i < n && v[i] == '\'')
			st = 0;
	}
	for (k = i + 1; st == 0 && k < n; k++)
		if (!is_attr_char(v[k]) && v[k] != '%')
			st = 400;
	if (st == 0 && url_decode(a, v + i + 1, n - i - 1, false, out, &outlen) != DECODE_OK)
		st = 400;
	return st;
}

/* The file name of a file part: filename, else decoded filename*, with
 * everything up to the last '/' or '\\' removed. Returns 0 with *out
 * pointing into arena memory, or 400 for a bad filename*, a NUL or
 * invalid UTF-8. */
static int
upload_filename(struct arena *a, const struct part *pt, const char **out)
{
	char *f = pt->filename;
	const char *base;
	int st = 0;

	if (f == NULL)
		st = decode_ext_filename(a, pt->filename_ext, &f);
	if (st == 0 && !is_text(f, strlen(f)))
		st = 400;
	if (st == 0) {
		base = f;
		for (const char *c = f; *c; c++)
			if (*c == '/' || *c == '\\')
				base = c + 1;
		*out = base;
	}
	return st;
}

/* Appends a text part's value data[0..len) to form. Returns 0, 413 over
 * max_field, or 400 for a NUL or invalid UTF-8. The value is copied into
 * the arena. */
static int
store_field(struct arena *a, const struct part *pt, const char *data, size_t len,
    const struct multipart_limits *lim, struct param_list *form)
{
	int st = 0;

	if (len > lim->max_field)
		st = 413;
	else if (!is_text(data, len))
		st = 400;
	else
		param_list_add(form, a, pt->name, arena_strndup(a, data, len), len);
	return st;
}

/* Appends a file part's content data[0..len) at **tail and advances *tail.
 * Returns 0, 413 over max_files or max_file, or 400 for a bad filename.
 * The content is copied into the arena (NUL-terminated). */
static int
store_file(struct arena *a, const struct part *pt, const char *data, size_t len,
    const struct multipart_limits *lim, int *nfiles, struct upload ***tail)
{
	struct upload *u = arena_alloc(a, sizeof(*u));
	char *copy;
	int st = 0;

	if (++*nfiles > lim->max_files || len > lim->max_file)
		st = 413;
	else
		st = upload_filename(a, pt, &u->filename);
	if (st == 0) {
		copy = arena_alloc(a, len + 1);
		memcpy(copy, data, len);
		u->field = pt->name;
		u->content_type = pt->ctype ? pt->ctype : "application/octet-stream";
		u->data = copy;
		u->len = len;
		**tail = u;
		*tail = &u->next;
	}
	return st;
}

/* Checks what follows a boundary at body[*pos]: "--" closes the body (the
 * epilogue is ignored), transport padding and CRLF start a part. Returns 0
 * with *closed set or *pos moved to the part, or 400 for anything else,
 * including the end of the body. */
static int
after_boundary(const char *body, size_t len, size_t *pos, bool *closed)
{
	size_t i = *pos;
	int st = 400;

	if (len - i >= 2 && body[i] == '-' && body[i + 1] == '-') {
		*closed = true;
		st = 0;
	} else {
		i = skip_ows(body, len, i);
		if (len - i >= 2 && body[i] == '\r' && body[i + 1] == '\n') {
			*pos = i + 2;
			st = 0;
		}
	}
	return st;
}

/* Finds the first boundary: "--" boundary at the start of the body or
 * after a CRLF ending the preamble. Returns 0 with *pos just after it, or
 * 400 when there is none. */
static int
first_boundary(const char *body, size_t len, const char *delim, size_t dlen,
    size_t *pos)
{
	size_t dash = dlen - 2;	/* "--" boundary, without the CRLF */
	const char *d;
	int st = 0;

	if (len >= dash && memcmp(body, delim + 2, dash) == 0)
		*pos = dash;
	else if ((d = memmem(body, len, delim, dlen)) != NULL)
		*pos = (size_t)(d - body) + dlen;
	else
		st = 400;
	return st;
}

/* Decodes the part s[0..n) (between a boundary line and the next
 * delimiter) and stores it in form or at **tail. Returns 0, 400 or 413 as
 * multipart_parse does. */
static int
store_part(struct arena *a, const char *s, size_t n,
    const struct multipart_limits *lim, struct param_list *form, int *nfiles,
    struct upload ***tail)
{
	struct part pt;
	size_t body = 0;
	int st = parse_headers(a, s, n, lim->max_part_headers, &pt, &body);

	if (st == 0 && !is_text(pt.name, strlen(pt.name)))
		st = 400;
	if (st == 0 && pt.filename == NULL && pt.filename_ext == NULL)
		st = store_field(a, &pt, s + body, n - body, lim, form);
	else if (st == 0)
		st = store_file(a, &pt, s + body, n - body, lim, nfiles, tail);
	return st;
}

int
multipart_parse(struct arena *a, const char *content_type_raw, const char *body,
    size_t len, const struct multipart_limits *lim, struct param_list *form,
    struct upload **uploads)
{
	char delim[DELIM_PREFIX_LEN + BOUNDARY_MAX];
	size_t dlen = 0, pos = 0, end;
	struct upload **tail = uploads;
	const char *d;
	int st, nparts = 0, nfiles = 0;
	bool closed = false;

	while (*tail != NULL)
		tail = &(*tail)->next;
	st = body != NULL ? get_delimiter(a, content_type_raw, delim, &dlen) : 400;
	if (st == 0)
		st = first_boundary(body, len, delim, dlen, &pos);
	while (st == 0 && (st = after_boundary(body, len, &pos, &closed)) == 0 && !closed) {
		if (++nparts > lim->max_parts)
			st = 413;
		else if ((d = memmem(body + pos, len - pos, delim, dlen)) == NULL)
			st = 400;
		else {
			end = (size_t)(d - body);
			st = store_part(a, body + pos, end - pos, lim, form, &nfiles, &tail);
			pos = end + dlen;
		}
	}
	return st;
}
