/* test_multipart.c: tests multipart_parse against a table of well-formed, malformed and over-limit bodies. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "multipart.h"
#include "request.h"
#include "tap.h"

static struct arena A;
static struct multipart_limits DEF;	/* multipart_limits_default */
static struct multipart_limits SMALL;	/* small enough to write bounds by hand */

/* Results of the last run(), rendered: "key=value;" per form field, then
 * "@field:filename:content_type:data;" per upload, bytes below 0x20 and
 * 0x7f as \xNN. "!" marks a broken invariant (value_len, terminating NUL). */
static char OUT[2048];

struct mp_case {
	const char *name;
	const char *ctype;	/* request Content-Type header value */
	const char *body;
	size_t len;		/* explicit: bodies hold NUL bytes */
	bool small;		/* SMALL limits instead of DEF */
	int want;
	const char *out;	/* rendered results when want == 0 */
};

#define CT "multipart/form-data; boundary=XyZ"
#define BODY(lit) lit, sizeof(lit) - 1
#define D "--XyZ\r\n"
#define END "--XyZ--\r\n"
#define CD(n) "Content-Disposition: form-data; name=\"" n "\"\r\n"
#define CDF(n, f) "Content-Disposition: form-data; name=\"" n "\"; filename=\"" f "\"\r\n"
#define FIELD(n, v) D CD(n) "\r\n" v "\r\n"
#define FILEPART(n, f, v) D CDF(n, f) "\r\n" v "\r\n"
#define B70 "0123456789012345678901234567890123456789012345678901234567890123456789"

/* Appends s[0..n) to OUT at *o, escaping control bytes; stops at the end. */
static void
put(size_t *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *o + 5 < sizeof(OUT); i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			*o += (size_t)snprintf(OUT + *o, sizeof(OUT) - *o, "\\x%02x", c);
		else
			OUT[(*o)++] = (char)c;
	}
	OUT[*o] = '\0';
}

static void
render(const struct param_list *form, const struct upload *u)
{
	size_t o = 0;

	OUT[0] = '\0';
	for (const struct param *p = form->head; p != NULL; p = p->next) {
		put(&o, p->key, strlen(p->key));
		put(&o, "=", 1);
		put(&o, p->value, p->value_len);
		put(&o, strlen(p->value) == p->value_len ? ";" : "!;", strlen(p->value) == p->value_len ? 1 : 2);
	}
	for (; u != NULL; u = u->next) {
		put(&o, "@", 1);
		put(&o, u->field, strlen(u->field));
		put(&o, ":", 1);
		put(&o, u->filename, strlen(u->filename));
		put(&o, ":", 1);
		put(&o, u->content_type, strlen(u->content_type));
		put(&o, ":", 1);
		put(&o, u->data, u->len);
		put(&o, u->data[u->len] == '\0' ? ";" : "!;", u->data[u->len] == '\0' ? 1 : 2);
	}
}

/* Parses body[0..len) from an exact-size heap copy (so ASan sees any read
 * past the end) on a fresh arena and renders the results into OUT. */
static int
run(const char *ctype, const char *body, size_t len, const struct multipart_limits *lim)
{
	struct param_list form = { NULL, NULL, 0 };
	struct upload *uploads = NULL;
	char *copy = malloc(len ? len : 1);
	int st;

	if (copy == NULL)
		abort();
	memcpy(copy, body, len);
	arena_reset(&A);
	st = multipart_parse(&A, ctype, copy, len, lim, &form, &uploads);
	render(&form, uploads);
	free(copy);
	return st;
}

static const struct mp_case cases[] = {
	/* well-formed */
	{ "single field", CT, BODY(FIELD("a", "1") END), false, 0, "a=1;" },
	{ "several fields", CT, BODY(FIELD("name", "Ann Lee") FIELD("email", "ann@example.com")
	    FIELD("phone", "+41 44")  END), false, 0, "name=Ann Lee;email=ann@example.com;phone=+41 44;" },
	{ "repeated field names kept in order", CT, BODY(FIELD("tag", "x") FIELD("tag", "y")
	    FIELD("tag", "z") END), false, 0, "tag=x;tag=y;tag=z;" },
	{ "empty field value", CT, BODY(FIELD("a", "") END), false, 0, "a=;" },
	{ "part with headers and no body (RFC 2046)", CT, BODY(D CD("a") "\r\n" END), false, 0, "a=;" },
	{ "value with CRLF and a boundary-like string", CT, BODY(FIELD("n", "l1\r\nl2 --XyZ x--XyZ") END),
	    false, 0, "n=l1\\x0d\\x0al2 --XyZ x--XyZ;" },
	{ "empty name", CT, BODY(FIELD("", "v") END), false, 0, "=v;" },
	{ "file with filename and content type", CT, BODY(D CDF("f", "contacts.csv")
	    "Content-Type: text/csv\r\n\r\nid,name\r\n1,Ann\r\n" END), false, 0,
	    "@f:contacts.csv:text/csv:id,name\\x0d\\x0a1,Ann;" },
	{ "file with NUL bytes", CT, BODY(FILEPART("f", "b.bin", "a\0b\0") END), false, 0,
	    "@f:b.bin:application/octet-stream:a\\x00b\\x00;" },
	{ "empty file, empty filename", CT, BODY(D CDF("f", "")
	    "Content-Type: application/octet-stream\r\n\r\n\r\n" END), false, 0, "@f::application/octet-stream:;" },
	{ "fields and files in order", CT, BODY(FIELD("a", "1") FILEPART("f1", "x.csv", "X")
	    FIELD("b", "2") FILEPART("f2", "y.csv", "Y") END), false, 0,
	    "a=1;b=2;@f1:x.csv:application/octet-stream:X;@f2:y.csv:application/octet-stream:Y;" },
	/* name "名", value "中文", filename "客户.csv" */
	{ "Chinese field value and filename", CT, BODY(FIELD("\xe5\x90\x8d", "\xe4\xb8\xad\xe6\x96\x87")
	    FILEPART("f", "\xe5\xae\xa2\xe6\x88\xb7.csv", "x") END), false, 0,
	    "\xe5\x90\x8d=\xe4\xb8\xad\xe6\x96\x87;@f:\xe5\xae\xa2\xe6\x88\xb7.csv:application/octet-stream:x;" },
	{ "Windows path stripped", CT, BODY(FILEPART("f", "C:\\x\\a.csv", "x") END), false, 0,
	    "@f:a.csv:application/octet-stream:x;" },
	{ "Unix path stripped", CT, BODY(FILEPART("f", "/etc/passwd", "x") END), false, 0,
	    "@f:passwd:application/octet-stream:x;" },
	{ "dot-dot path stripped", CT, BODY(FILEPART("f", "../..\\../x.csv", "x") END), false, 0,
	    "@f:x.csv:application/octet-stream:x;" },
	{ "filename that is only a directory", CT, BODY(FILEPART("f", "dir/", "x") END), false, 0,
	    "@f::application/octet-stream:x;" },
	{ "escaped quote in name", CT, BODY(D "Content-Disposition: form-data; name=\"a\\\"b\"\r\n\r\nv\r\n" END),
	    false, 0, "a\"b=v;" },
	{ "escaped backslash in a quoted filename", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename=\"dir\\\\a.csv\"\r\n\r\nx\r\n" END),
	    false, 0, "@f:a.csv:application/octet-stream:x;" },
	{ "unquoted name and filename tokens", CT, BODY(D "Content-Disposition: form-data; name=f; filename=a.csv\r\n"
	    "\r\nx\r\n" END), false, 0, "@f:a.csv:application/octet-stream:x;" },
	{ "header names and disposition type case-insensitive", CT, BODY(D "CONTENT-DISPOSITION: Form-Data; NAME=\"a\"\r\n"
	    "content-type: TEXT/Plain; Charset=\"UTF-8\"\r\n\r\n1\r\n" END), false, 0, "a=1;" },
	{ "part media type lower-cased, parameters dropped", CT, BODY(D CDF("f", "a.csv")
	    "Content-Type: Text/CSV; charset=utf-8\r\n\r\nx\r\n" END), false, 0, "@f:a.csv:text/csv:x;" },
	{ "unknown disposition parameters and headers ignored", CT, BODY(D
	    "Content-Disposition: form-data; size=3; name=\"a\"; creation-date=\"x;y\"\r\n"
	    "X-Note: hi there\r\nContent-Transfer-Encoding: 8bit\r\n\r\n1\r\n" END), false, 0, "a=1;" },
	{ "empty parameters and trailing ';' (RFC 9110)", CT, BODY(D
	    "Content-Disposition: form-data;; name=\"a\" ;\r\n\r\n1\r\n" END), false, 0, "a=1;" },
	{ "OWS around header value", CT, BODY(D "Content-Disposition:form-data;name=\"a\" \t\r\n\r\n1\r\n" END),
	    false, 0, "a=1;" },
	{ "filename* alone, UTF-8 percent-encoded", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E2%82%AC%20rates.csv\r\n\r\nx\r\n" END),
	    false, 0, "@f:\xe2\x82\xac rates.csv:application/octet-stream:x;" },
	{ "filename* with language tag", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=utf-8'en'a%2Fb.csv\r\n\r\nx\r\n" END),
	    false, 0, "@f:b.csv:application/octet-stream:x;" },
	{ "filename* ignored when filename present", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=latin1''%FF; filename=\"a.csv\"\r\n\r\nx\r\n" END),
	    false, 0, "@f:a.csv:application/octet-stream:x;" },
	{ "quoted boundary", "multipart/form-data; boundary=\"XyZ\"", BODY(FIELD("a", "1") END), false, 0, "a=1;" },
	{ "boundary with all allowed punctuation", "multipart/form-data; boundary=\"a'()+_,-./:=? b\"",
	    BODY("--a'()+_,-./:=? b\r\n" CD("a") "\r\n1\r\n--a'()+_,-./:=? b--"), false, 0, "a=1;" },
	{ "browser boundary, charset parameter, mixed-case type",
	    "Multipart/Form-Data; charset=utf-8; BOUNDARY=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	    BODY("------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n" CD("a") "\r\n1\r\n"
	    "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n"), false, 0, "a=1;" },
	{ "boundary of 70 chars", "multipart/form-data; boundary=" B70,
	    BODY("--" B70 "\r\n" CD("a") "\r\n1\r\n--" B70 "--"), false, 0, "a=1;" },
	{ "preamble and epilogue ignored", CT, BODY("This is a preamble.\r\nxx--XyZ\r\n\r\n" FIELD("a", "1")
	    "--XyZ--\r\nepilogue --XyZ\r\n" FIELD("b", "2")), false, 0, "a=1;" },
	{ "transport padding after a boundary", CT, BODY("--XyZ \t\r\n" CD("a") "\r\n1\r\n--XyZ  \r\n" CD("b")
	    "\r\n2\r\n" END), false, 0, "a=1;b=2;" },
	{ "close delimiter without CRLF", CT, BODY(FIELD("a", "1") "--XyZ--"), false, 0, "a=1;" },
	{ "close delimiter only: empty form", CT, BODY(END), false, 0, "" },

	/* malformed */
	{ "no boundary parameter", "multipart/form-data", BODY(FIELD("a", "1") END), false, 400, NULL },
	{ "empty quoted boundary", "multipart/form-data; boundary=\"\"", BODY("--\r\n" CD("a") "\r\n1\r\n----"),
	    false, 400, NULL },
	{ "empty token boundary", "multipart/form-data; boundary=", BODY(FIELD("a", "1") END), false, 400, NULL },
	{ "boundary of 71 chars", "multipart/form-data; boundary=" B70 "1",
	    BODY("--" B70 "1\r\n" CD("a") "\r\n1\r\n--" B70 "1--"), false, 400, NULL },
	{ "boundary with a char outside bchars", "multipart/form-data; boundary=\"a@b\"",
	    BODY("--a@b\r\n" CD("a") "\r\n1\r\n--a@b--"), false, 400, NULL },
	{ "boundary ending in a space", "multipart/form-data; boundary=\"ab \"",
	    BODY("--ab \r\n" CD("a") "\r\n1\r\n--ab --"), false, 400, NULL },
	{ "boundary parameter repeated", "multipart/form-data; boundary=XyZ; boundary=Q",
	    BODY(FIELD("a", "1") END), false, 400, NULL },
	{ "boundary with unterminated quote", "multipart/form-data; boundary=\"XyZ",
	    BODY(FIELD("a", "1") END), false, 400, NULL },
	{ "media type not multipart/form-data", "multipart/mixed; boundary=XyZ",
	    BODY(FIELD("a", "1") END), false, 400, NULL },
	{ "body without any delimiter", CT, BODY("a=1&b=2"), false, 400, NULL },
	{ "empty body", CT, "", 0, false, 400, NULL },
	{ "boundary only inside a line of the preamble", CT, BODY("x--XyZ\r\n" CD("a") "\r\n1\r\nx--XyZ--"),
	    false, 400, NULL },
	{ "missing closing \"--\"", CT, BODY(FIELD("a", "1") D), false, 400, NULL },
	{ "body ends right after a boundary", CT, BODY(FIELD("a", "1") "--XyZ"), false, 400, NULL },
	{ "body ends after a single '-'", CT, BODY(FIELD("a", "1") "--XyZ-"), false, 400, NULL },
	{ "truncated mid-part", CT, BODY(D CD("a") "\r\n12345"), false, 400, NULL },
	{ "truncated in the headers", CT, BODY(D "Content-Disp"), false, 400, NULL },
	{ "junk after a boundary", CT, BODY("--XyZ junk\r\n" CD("a") "\r\n1\r\n" END), false, 400, NULL },
	{ "boundary followed by more bchars inside content", CT, BODY(FIELD("a", "1\r\n--XyZa") END),
	    false, 400, NULL },
	{ "empty part", CT, BODY(D "\r\n" END), false, 400, NULL },
	{ "part without Content-Disposition", CT, BODY(D "Content-Type: text/plain\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "disposition attachment", CT, BODY(D "Content-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "disposition type with a suffix", CT, BODY(D "Content-Disposition: form-datax; name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "missing name", CT, BODY(D "Content-Disposition: form-data; filename=\"a.csv\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "unterminated quote", CT, BODY(D "Content-Disposition: form-data; name=\"a\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "escaped quote leaves the value open", CT, BODY(D "Content-Disposition: form-data; name=\"a\\\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "junk after a quoted value", CT, BODY(D "Content-Disposition: form-data; name=\"a\"b\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "missing ';' before a parameter", CT, BODY(D "Content-Disposition: form-data name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "space before '='", CT, BODY(D "Content-Disposition: form-data; name =\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "empty token value", CT, BODY(D "Content-Disposition: form-data; name=\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "header line with bare LF", CT, BODY(D "Content-Disposition: form-data; name=\"a\"\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "header block ended by bare LF", CT, BODY(D CD("a") "\n1\r\n" END), false, 400, NULL },
	{ "header line with bare CR", CT, BODY(D "Content-Disposition: form-data;\r name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "header line without colon", CT, BODY(D CD("a") "Bogus\r\n\r\n1\r\n" END), false, 400, NULL },
	{ "space before colon", CT, BODY(D "Content-Disposition : form-data; name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "obs-fold continuation line", CT, BODY(D "Content-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "control byte in a header value", CT, BODY(D "Content-Disposition: form-data; name=\"a\x01\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "NUL in a header", CT, BODY(D "Content-Disposition: form-data; name=\"a\0\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "Content-Disposition repeated", CT, BODY(D CD("a") CD("b") "\r\n1\r\n" END), false, 400, NULL },
	{ "name parameter repeated", CT, BODY(D "Content-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\n1\r\n" END),
	    false, 400, NULL },
	{ "Content-Type repeated", CT, BODY(D CDF("f", "a") "Content-Type: text/csv\r\nContent-Type: text/html\r\n\r\nx\r\n" END),
	    false, 400, NULL },
	{ "Content-Type without subtype", CT, BODY(D CDF("f", "a") "Content-Type: text\r\n\r\nx\r\n" END),
	    false, 400, NULL },
	{ "empty Content-Type", CT, BODY(D CDF("f", "a") "Content-Type:\r\n\r\nx\r\n" END), false, 400, NULL },
	{ "invalid UTF-8 in a field value", CT, BODY(FIELD("a", "\xff") END), false, 400, NULL },
	{ "surrogate in a field value", CT, BODY(FIELD("a", "\xed\xa0\x80") END), false, 400, NULL },
	{ "invalid UTF-8 in a field name", CT, BODY(FIELD("\xc3(", "1") END), false, 400, NULL },
	{ "invalid UTF-8 in a file's field name", CT, BODY(FILEPART("\xc0\xaf", "a.csv", "1") END), false, 400, NULL },
	{ "invalid UTF-8 in a filename", CT, BODY(FILEPART("f", "a\xe4\xb8.csv", "1") END), false, 400, NULL },
	{ "NUL in a text field", CT, BODY(FIELD("a", "x\0y") END), false, 400, NULL },
	{ "filename* alone in another charset", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=iso-8859-1''%E9.csv\r\n\r\nx\r\n" END),
	    false, 400, NULL },
	{ "filename* alone without charset", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=a.csv\r\n\r\nx\r\n" END), false, 400, NULL },
	{ "filename* alone with a bad escape", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%zz\r\n\r\nx\r\n" END), false, 400, NULL },
	{ "filename* alone encoding NUL", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''a%00b\r\n\r\nx\r\n" END), false, 400, NULL },
	{ "filename* alone with invalid UTF-8", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%C3%28\r\n\r\nx\r\n" END), false, 400, NULL },
	{ "filename* alone with a raw non-attr-char", CT, BODY(D
	    "Content-Disposition: form-data; name=\"f\"; filename*=\"UTF-8''a b\"\r\n\r\nx\r\n" END), false, 400, NULL },

	/* limits: SMALL is 3 parts, 8-byte fields, 16-byte files, 2 files, 64-byte header blocks */
	{ "max_parts parts", CT, BODY(FIELD("a", "1") FIELD("b", "2") FIELD("c", "3") END), true, 0, "a=1;b=2;c=3;" },
	{ "max_parts+1 parts", CT, BODY(FIELD("a", "1") FIELD("b", "2") FIELD("c", "3") FIELD("d", "4") END),
	    true, 413, NULL },
	{ "field of max_field bytes", CT, BODY(FIELD("a", "12345678") END), true, 0, "a=12345678;" },
	{ "field of max_field+1 bytes", CT, BODY(FIELD("a", "123456789") END), true, 413, NULL },
	{ "multibyte field of max_field bytes", CT, BODY(FIELD("a", "\xe4\xb8\xad\xe6\x96\x87" "ab") END), true, 0,
	    "a=\xe4\xb8\xad\xe6\x96\x87" "ab;" },
	{ "file of max_file bytes", CT, BODY(FILEPART("f", "a", "0123456789abcdef") END), true, 0,
	    "@f:a:application/octet-stream:0123456789abcdef;" },
	{ "file of max_file+1 bytes", CT, BODY(FILEPART("f", "a", "0123456789abcdefg") END), true, 413, NULL },
	{ "max_files files", CT, BODY(FILEPART("f", "a", "1") FILEPART("f", "b", "2") END), true, 0,
	    "@f:a:application/octet-stream:1;@f:b:application/octet-stream:2;" },
	{ "max_files+1 files", CT, BODY(FILEPART("f", "a", "1") FILEPART("f", "b", "2") FILEPART("f", "c", "3") END),
	    true, 413, NULL },
	/* CD("a") is 42 bytes; "X: " + 17 + CRLF is 22 more. */
	{ "header block of max_part_headers bytes", CT, BODY(D CD("a") "X: 12345678901234567\r\n\r\n1\r\n" END),
	    true, 0, "a=1;" },
	{ "header block of max_part_headers+1 bytes", CT, BODY(D CD("a") "X: 123456789012345678\r\n\r\n1\r\n" END),
	    true, 400, NULL },
};

static void
test_table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mp_case *c = &cases[i];
		int st = run(c->ctype, c->body, c->len, c->small ? &SMALL : &DEF);
		bool good = st == c->want && (st != 0 || strcmp(OUT, c->out) == 0);

		ok(good, "%s -> %d (got %d%s%s)", c->name, c->want, st, st == 0 ? ": " : "", st == 0 ? OUT : "");
	}
}

/* A growable body built by the limit tests; aborts on out-of-memory. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* n copies of c. */
static void
addn(struct buf *b, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add(b, &c, 1);
}

/* Body of nfields text parts of flen bytes each, then nfiles files of
 * filelen bytes, each part's header block padded to hdrlen bytes when
 * hdrlen is not 0. The caller frees b.s. */
static struct buf
make_body(int nfields, size_t flen, int nfiles, size_t filelen, size_t hdrlen)
{
	struct buf b = { NULL, 0, 0 };

	for (int i = 0; i < nfields + nfiles; i++) {
		size_t start;
		adds(&b, D);
		start = b.len;
		adds(&b, i < nfields ? CD("a") : CDF("f", "a.csv"));
		if (hdrlen != 0) {
			size_t pad = hdrlen - (b.len - start) - 5;	/* "X: " and CRLF */
			adds(&b, "X: ");
			addn(&b, 'p', pad);
			adds(&b, "\r\n");
		}
		adds(&b, "\r\n");
		addn(&b, i < nfields ? 'v' : '\0', i < nfields ? flen : filelen);
		adds(&b, "\r\n");
	}
	adds(&b, END);
	return b;
}

/* Each default limit exactly at its bound and one past it. */
static void
test_default_limits(void)
{
	static const struct {
		const char *name;
		int nfields;
		size_t flen;
		int nfiles;
		size_t filelen, hdrlen;
		int want;
	} lc[] = {
		{ "256 parts", 256, 1, 0, 0, 0, 0 },
		{ "257 parts", 257, 1, 0, 0, 0, 413 },
		{ "253 fields and 4 files: 257 parts", 253, 1, 4, 1, 0, 413 },
		{ "field of 64 KiB", 1, 65536, 0, 0, 0, 0 },
		{ "field of 64 KiB + 1", 1, 65537, 0, 0, 0, 413 },
		{ "file of 10 MiB", 0, 0, 1, 10485760, 0, 0 },
		{ "file of 10 MiB + 1", 0, 0, 1, 10485761, 0, 413 },
		{ "4 files", 0, 0, 4, 100, 0, 0 },
		{ "5 files", 0, 0, 5, 100, 0, 413 },
		{ "header block of 8 KiB", 1, 1, 0, 0, 8192, 0 },
		{ "header block of 8 KiB + 1", 1, 1, 0, 0, 8193, 400 },
	};

	for (size_t i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
		struct buf b = make_body(lc[i].nfields, lc[i].flen, lc[i].nfiles, lc[i].filelen, lc[i].hdrlen);
		int st = run(CT, b.s, b.len, &DEF);

		ok(st == lc[i].want, "default limits: %s -> %d (got %d)", lc[i].name, lc[i].want, st);
		free(b.s);
	}
}

/* What the table cannot say: list appending, counts, the file data. */
static void
test_results(void)
{
	static const char body[] = FIELD("b", "2") FILEPART("f", "a.csv", "A\0B") FILEPART("g", "b.csv", "") END;
	struct param_list form = { NULL, NULL, 0 };
	struct upload first = { "x", "x", "text/plain", "", 0, NULL };
	struct upload *uploads = &first;
	struct multipart_limits lim;
	int st;

	multipart_limits_default(&lim);
	ok(lim.max_parts == 256 && lim.max_field == 65536 && lim.max_file == 10485760 &&
	    lim.max_files == 4 && lim.max_part_headers == 8192, "multipart_limits_default values");

	arena_reset(&A);
	param_list_add(&form, &A, "a", "1", 1);
	st = multipart_parse(&A, CT, body, sizeof(body) - 1, &DEF, &form, &uploads);
	ok(st == 0 && form.count == 2 && form.head->next == form.tail && strcmp(form.tail->value, "2") == 0,
	    "fields are appended to a non-empty form");
	ok(st == 0 && uploads == &first && first.next != NULL && first.next->next != NULL &&
	    first.next->next->next == NULL, "uploads are appended after existing ones, in order");
	ok(st == 0 && first.next->len == 3 && memcmp(first.next->data, "A\0B", 4) == 0 &&
	    strcmp(first.next->field, "f") == 0, "file data kept byte for byte and NUL-terminated");
	ok(st == 0 && first.next->next->len == 0 && first.next->next->data[0] == '\0',
	    "empty file has len 0 and a terminating NUL");
	ok(run(NULL, body, sizeof(body) - 1, &DEF) == 400, "NULL Content-Type -> 400");

	/* Quoted values are copied at their own length, not the rest of the line. */
	{
		struct buf b = { NULL, 0, 0 };
		adds(&b, D "Content-Disposition: form-data; name=\"a\"");
		for (int i = 0; i < 1300; i++)
			adds(&b, "; x=\"\"");
		adds(&b, "\r\n\r\n1\r\n" END);
		st = run(CT, b.s, b.len, &DEF);
		ok(st == 0 && A.used < 64 * 1024, "1300 quoted parameters cost %zu arena bytes (< 64 KiB)", A.used);
		free(b.s);
	}

	lim = SMALL;
	lim.max_parts = 0;
	ok(run(CT, END, strlen(END), &lim) == 0, "max_parts 0 still accepts an empty form");
	ok(run(CT, FIELD("a", "1") END, strlen(FIELD("a", "1") END), &lim) == 413, "max_parts 0 refuses a part");
	lim = SMALL;
	lim.max_files = 0;
	ok(run(CT, body, sizeof(body) - 1, &lim) == 413, "max_files 0 refuses a file");
}

int
main(void)
{
	arena_init(&A);
	multipart_limits_default(&DEF);
	SMALL.max_parts = 3;
	SMALL.max_field = 8;
	SMALL.max_file = 16;
	SMALL.max_files = 2;
	SMALL.max_part_headers = 64;

	test_table();
	test_default_limits();
	test_results();

	arena_reset(&A);
	return tap_done();
}
