/* test_response.c: tests response headers, error pages, serialisation,
 * body growth and streaming (response_flush). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "response.h"
#include "tap.h"

static struct arena A;

static bool
contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return false;
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

static void
test_headers(void)
{
	static const struct {
		const char *name, *value;
		int want;
	} cases[] = {
		{ "X-Test", "ok", 0 },
		{ "Allow", "GET, HEAD", 0 },
		{ "X-Empty", "", 0 },
		{ "X-Test", "a\r\nSet-Cookie: x=1", -1 },
		{ "X-Test", "a\nb", -1 },
		{ "X-Test", "a\rb", -1 },
		{ "X-Test", "\n", -1 },
		{ "X-Test", "value\r", -1 },
		{ "X-Te\nst", "ok", -1 },
		{ "X-Te\rst", "ok", -1 },
		{ "X-Test\r\nSet-Cookie", "x", -1 },
		{ "\n", "ok", -1 },
	};
	struct response resp;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r;
		arena_reset(&A);
		response_init(&resp, &A);
		r = response_header(&resp, cases[i].name, cases[i].value);
		ok(r == cases[i].want && resp.nheaders == (r == 0 ? 1 : 0),
		    "response_header case %zu -> %d (got %d, nheaders %d)", i, cases[i].want, r,
		    resp.nheaders);
	}

	arena_reset(&A);
	response_init(&resp, &A);
	ok(resp.status == 200 && resp.len == 0 && resp.nheaders == 0 &&
	    strcmp(resp.content_type, "text/html; charset=utf-8") == 0,
	    "response_init: 200, empty, text/html utf-8");
	{
		int fails = 0;
		for (int i = 0; i < RESPONSE_MAX_HEADERS; i++)
			if (response_header(&resp, "X-N", "1") != 0)
				fails++;
		ok(fails == 0 && resp.nheaders == RESPONSE_MAX_HEADERS,
		    "RESPONSE_MAX_HEADERS headers accepted");
		ok(response_header(&resp, "X-N", "1") == -1 && resp.nheaders == RESPONSE_MAX_HEADERS,
		    "one header more is refused");
	}
}

static void
test_errors(void)
{
	static const struct {
		int status;
		const char *text;
	} st[] = {
		{ 400, "400 Bad Request" },
		{ 403, "403 Forbidden" },
		{ 404, "404 Not Found" },
		{ 405, "405 Method Not Allowed" },
		{ 413, "413 Payload Too Large" },
		{ 414, "414 URI Too Long" },
		{ 415, "415 Unsupported Media Type" },
		{ 431, "431 Request Header Fields Too Large" },
		{ 500, "500 Internal Server Error" },
		{ 503, "503 Service Unavailable" },
		{ 599, "599 Error" },
	};
	static const char id[] = "0123456789abcdef0123456789abcdef";
	struct response resp;

	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		char want_title[64];
		arena_reset(&A);
		response_init(&resp, &A);
		response_error(&resp, st[i].status, id);
		snprintf(want_title, sizeof(want_title), "<title>%s</title>", st[i].text);
		ok(resp.status == st[i].status && contains(resp.body, resp.len, st[i].text) &&
		    contains(resp.body, resp.len, want_title) && contains(resp.body, resp.len, id) &&
		    strlen(resp.body) == resp.len,
		    "response_error %d: \"%s\" and the request id", st[i].status, st[i].text);
	}

	{
		static const struct {
			const char *id;
			const char *shown;	/* in <code>...</code> */
		} ids[] = {
			{ "<script>", "c" },
			{ "<script>alert(1)</script>", "cae1c" },
			{ "abc\r\n<b>def", "abcbdef" },
			{ "\"><img src=x onerror=alert(1)>", "ceae1" },
			{ "ABCDEF0123", "0123" },
			{ "", "-" },
			{ NULL, "-" },
			{ "zzz", "-" },
			{ "0123456789abcdef0123456789abcdef0123", "0123456789abcdef0123456789abcdef" },
		};
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			char want[64];
			arena_reset(&A);
			response_init(&resp, &A);
			response_error(&resp, 404, ids[i].id);
			snprintf(want, sizeof(want), "<code>%s</code>", ids[i].shown);
			ok(contains(resp.body, resp.len, want) &&
			    !contains(resp.body, resp.len, "<script") &&
			    !contains(resp.body, resp.len, "<img") &&
			    !contains(resp.body, resp.len, "\r"),
			    "hostile request id %zu shown as %s only", i, want);
		}
	}

	/* The error page replaces whatever body was written; headers stay. */
	arena_reset(&A);
	response_init(&resp, &A);
	response_puts(&resp, "<p>secret partial output</p>");
	response_header(&resp, "Allow", "GET, HEAD");
	resp.content_type = "text/plain";
	response_error(&resp, 405, NULL);
	ok(!contains(resp.body, resp.len, "secret partial output") &&
	    contains(resp.body, resp.len, "405 Method Not Allowed"),
	    "response_error drops the earlier body");
	ok(resp.nheaders == 1 && strcmp(resp.header_name[0], "Allow") == 0,
	    "response_error keeps headers");
	ok(strcmp(resp.content_type, "text/html; charset=utf-8") == 0,
	    "response_error sets text/html");

	ok(strcmp(http_reason(200), "OK") == 0 && strcmp(http_reason(303), "See Other") == 0 &&
	    strcmp(http_reason(404), "Not Found") == 0, "http_reason of known codes");
	ok(strcmp(http_reason(299), "Error") == 0 && strcmp(http_reason(-1), "Error") == 0,
	    "http_reason of unknown codes is \"Error\"");
}

static void
test_serialise(void)
{
	struct response resp;
	size_t len = 0;
	char *out;
	char want[128];

	arena_reset(&A);
	response_init(&resp, &A);
	response_puts(&resp, "hello world\n");
	response_header(&resp, "X-Frame-Options", "DENY");
	out = response_serialise(&resp, 0, &len);
	ok(out != NULL && len > 16 && memcmp(out, "Status: 200 OK\r\n", 16) == 0,
	    "serialise starts with \"Status: 200 OK\\r\\n\"");
	ok(contains(out, len, "\r\nContent-Type: text/html; charset=utf-8\r\n"),
	    "serialise has the Content-Type line");
	ok(contains(out, len, "\r\nContent-Length: 12\r\n"), "Content-Length equals the body length");
	ok(contains(out, len, "\r\nX-Frame-Options: DENY\r\n"), "added header serialised");
	ok(len >= 16 && memcmp(out + len - 16, "\r\n\r\nhello world\n", 16) == 0,
	    "blank line, then the body at the end");
	ok(out[len] == '\0' && strlen(out) == len, "output length matches");

	out = response_serialise(&resp, 1, &len);
	ok(out != NULL && len >= 4 && memcmp(out + len - 4, "\r\n\r\n", 4) == 0 &&
	    !contains(out, len, "hello world"), "head_only: headers end the output, no body");
	ok(contains(out, len, "\r\nContent-Length: 12\r\n"), "head_only keeps the body's Content-Length");

	/* Binary body with NUL bytes survives intact. */
	arena_reset(&A);
	response_init(&resp, &A);
	resp.status = 404;
	resp.content_type = "application/octet-stream";
	response_write(&resp, "a\0b\0c", 5);
	out = response_serialise(&resp, 0, &len);
	ok(out != NULL && memcmp(out, "Status: 404 Not Found\r\n", 23) == 0,
	    "status line for 404");
	ok(contains(out, len, "Content-Length: 5\r\n") && len > 5 &&
	    memcmp(out + len - 5, "a\0b\0c", 5) == 0, "body with NUL bytes kept whole");

	/* Empty body: Content-Length 0. */
	arena_reset(&A);
	response_init(&resp, &A);
	resp.status = 303;
	response_header(&resp, "Location", "/contacts");
	out = response_serialise(&resp, 0, &len);
	snprintf(want, sizeof(want), "Status: 303 See Other\r\n");
	ok(out != NULL && memcmp(out, want, strlen(want)) == 0 &&
	    contains(out, len, "Content-Length: 0\r\n") &&
	    memcmp(out + len - 4, "\r\n\r\n", 4) == 0, "empty body: Content-Length 0, nothing after");

	/* An error page serialised never carries a script tag. */
	arena_reset(&A);
	response_init(&resp, &A);
	response_error(&resp, 400, "<script>alert('x')</script>");
	out = response_serialise(&resp, 0, &len);
	snprintf(want, sizeof(want), "Content-Length: %zu\r\n", resp.len);
	ok(!contains(out, len, "<script") && contains(out, len, want),
	    "serialised error page: no <script, right Content-Length");
}

static void
test_growth(void)
{
	struct response resp;
	size_t total = 0, chunk = 1;
	char *want = malloc(300000);
	bool same;

	if (want == NULL)
		abort();
	arena_reset(&A);
	response_init(&resp, &A);
	/* Chunks of 1..997 bytes, each a different byte pattern. */
	while (total < 250000) {
		char buf[1000];
		for (size_t i = 0; i < chunk; i++)
			buf[i] = (char)('A' + (total + i) % 53);
		response_write(&resp, buf, chunk);
		memcpy(want + total, buf, chunk);
		total += chunk;
		chunk = chunk * 7 % 997 + 1;
	}
	same = resp.len == total && memcmp(resp.body, want, total) == 0;
	ok(same, "response_write of %zu bytes in chunks keeps the content", total);
	ok(resp.body[resp.len] == '\0', "body stays NUL-terminated");
	ok(resp.cap > resp.len, "capacity exceeds length");

	response_puts(&resp, "END");
	ok(resp.len == total + 3 && memcmp(resp.body + total, "END", 3) == 0 &&
	    memcmp(resp.body, want, total) == 0, "response_puts appends after a large body");
	{
		size_t len;
		char *out = response_serialise(&resp, 0, &len);
		char cl[64];
		snprintf(cl, sizeof(cl), "Content-Length: %zu\r\n", total + 3);
		ok(contains(out, 400, cl) && len > total + 3 &&
		    memcmp(out + len - total - 3, want, total) == 0,
		    "large body serialised whole with its length");
	}
	/* A write exactly filling the first block, then one more byte. */
	arena_reset(&A);
	response_init(&resp, &A);
	memset(want, 'x', 4095);
	response_write(&resp, want, 4095);
	response_write(&resp, "y", 1);
	ok(resp.len == 4096 && resp.body[4095] == 'y' && resp.body[4094] == 'x' &&
	    resp.body[4096] == '\0', "growth across the 4096-byte boundary");
	free(want);
}

/* What a streamed response sent, as the worker's writer would. */
static char sent_buf[4096];
static size_t sent_len;
static int send_fails;

static int
capture(void *arg, const char *data, size_t len)
{
	(void)arg;
	if (send_fails || sent_len + len > sizeof(sent_buf))
		return -1;
	memcpy(sent_buf + sent_len, data, len);
	sent_len += len;
	return 0;
}

static void
test_flush(void)
{
	struct response resp;

	response_init(&resp, &A);
	response_puts(&resp, "top");
	ok(response_flush(&resp) == -1 && !resp.streamed, "no writer: no streaming");
	resp.send = capture;
	response_header(&resp, "X-Request-Id", "abc");
	ok(response_flush(&resp) == 0 && resp.streamed, "the first flush streams");
	ok(memcmp(sent_buf, "Status: 200 OK\r\n", 16) == 0 && contains(sent_buf, sent_len, "X-Request-Id: abc\r\n") &&
	    contains(sent_buf, sent_len, "X-Accel-Buffering: no\r\n") &&
	    !contains(sent_buf, sent_len, "Content-Length"), "status and headers, no length, no buffering");
	ok(sent_len > 7 && memcmp(sent_buf + sent_len - 7, "\r\n\r\ntop", 7) == 0, "then the body so far");
	sent_len = 0;
	response_puts(&resp, "<li>1</li>");
	ok(response_flush(&resp) == 0 && sent_len == 10 && memcmp(sent_buf, "<li>1</li>", 10) == 0,
	    "a later flush sends only the new bytes");
	ok(resp.sent == resp.len, "everything sent is counted");
	send_fails = 1;
	response_puts(&resp, "x");
	ok(response_flush(&resp) == -1 && resp.sent == resp.len - 1, "a client gone: -1, nothing counted");
	send_fails = 0;
}

int
main(void)
{
	arena_init(&A);
	test_headers();
	test_errors();
	test_serialise();
	test_growth();
	test_flush();
	arena_reset(&A);
	return tap_done();
}
