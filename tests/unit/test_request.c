/* test_request.c: tests request_from_params, request_set_body, url_decode and form_decode. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "request.h"
#include "tap.h"

#define MAXENV 8

static struct arena A;
static struct arena S;	/* test-owned strings that outlive one request */
static struct request R;
static struct request_limits LIM;

/* Runs request_from_params on a fresh arena. */
static int
from(const char *const *envp)
{
	arena_reset(&A);
	return request_from_params(&R, &A, envp, &LIM);
}

/* Runs request_from_params with limits lim on a fresh arena. */
static int
from_lim(const char *const *envp, const struct request_limits *lim)
{
	arena_reset(&A);
	return request_from_params(&R, &A, envp, lim);
}

/* A GET for uri (already arena-allocated or static). */
static int
get_uri(const char *uri)
{
	const char *envp[3];

	arena_reset(&A);
	envp[0] = "REQUEST_METHOD=GET";
	envp[1] = arena_printf(&A, "REQUEST_URI=%s", uri);
	envp[2] = NULL;
	return request_from_params(&R, &A, envp, &LIM);
}

/* A string of n copies of c, malloc'd. */
static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A copy of s[0..len) safe for a TAP line (non-printable bytes as '?'),
 * in one of two rotating static buffers, cut at 40 bytes. */
static const char *
shown(const char *s, size_t len)
{
	static char buf[2][48];
	static int which;
	char *b = buf[which ^= 1];
	size_t o = 0;

	for (size_t i = 0; i < len && o < 40; i++)
		b[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	b[o] = '\0';
	return b;
}

/* shown() of a C string. */
static const char *
shows(const char *s)
{
	return s ? shown(s, strlen(s)) : "(null)";
}

/* 1. Whole param sets: status, method and (optionally) decoded path. */
static void
test_param_sets(void)
{
	static const struct {
		const char *name;
		const char *env[MAXENV];
		int want;
		int method;	/* -1: do not check */
		const char *path;	/* NULL: do not check */
	} cases[] = {
		{ "GET with query", { "REQUEST_METHOD=GET", "REQUEST_URI=/x?a=1" }, 0, METHOD_GET, "/x" },
		{ "HEAD root", { "REQUEST_METHOD=HEAD", "REQUEST_URI=/" }, 0, METHOD_HEAD, "/" },
		{ "POST form", { "REQUEST_METHOD=POST", "REQUEST_URI=/contacts",
		    "CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=7" }, 0, METHOD_POST, "/contacts" },
		{ "PUT is well-formed but other", { "REQUEST_METHOD=PUT", "REQUEST_URI=/" }, 0, METHOD_OTHER, "/" },
		{ "BREW is well-formed but other", { "REQUEST_METHOD=BREW", "REQUEST_URI=/pot" }, 0, METHOD_OTHER, "/pot" },
		{ "lower-case get is not GET", { "REQUEST_METHOD=get", "REQUEST_URI=/" }, 0, METHOD_OTHER, NULL },
		{ "M-SEARCH token", { "REQUEST_METHOD=M-SEARCH", "REQUEST_URI=/" }, 0, METHOD_OTHER, NULL },
		{ "16-char method", { "REQUEST_METHOD=ABCDEFGHIJKLMNOP", "REQUEST_URI=/" }, 0, METHOD_OTHER, NULL },
		{ "17-char method", { "REQUEST_METHOD=ABCDEFGHIJKLMNOPQ", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "missing REQUEST_METHOD", { "REQUEST_URI=/" }, 400, -1, NULL },
		{ "empty method", { "REQUEST_METHOD=", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "method with space", { "REQUEST_METHOD=GE T", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "method with control char", { "REQUEST_METHOD=G\x01" "T", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "method with '('", { "REQUEST_METHOD=GET(", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "method with high byte", { "REQUEST_METHOD=G\xc3\xa9T", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "method with tab", { "REQUEST_METHOD=GET\t", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "missing REQUEST_URI", { "REQUEST_METHOD=GET" }, 400, -1, NULL },
		{ "empty REQUEST_URI", { "REQUEST_METHOD=GET", "REQUEST_URI=" }, 400, -1, NULL },
		{ "URI without slash", { "REQUEST_METHOD=GET", "REQUEST_URI=x" }, 400, -1, NULL },
		{ "absolute-form URI", { "REQUEST_METHOD=GET", "REQUEST_URI=http://h/x" }, 400, -1, NULL },
		{ "query-only URI", { "REQUEST_METHOD=GET", "REQUEST_URI=?a=1" }, 400, -1, NULL },
		{ "param without '='", { "REQUEST_METHOD=GET", "REQUEST_URI=/", "GARBAGE" }, 400, -1, NULL },
		{ "empty param string", { "REQUEST_METHOD=GET", "", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "name prefix does not match", { "REQUEST_METHODX=GET", "REQUEST_URI=/" }, 400, -1, NULL },
		{ "CONTENT_LENGTH abc", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=abc" }, 400, -1, NULL },
		{ "CONTENT_LENGTH -1", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=-1" }, 400, -1, NULL },
		{ "CONTENT_LENGTH 1e3", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=1e3" }, 400, -1, NULL },
		{ "CONTENT_LENGTH +5", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=+5" }, 400, -1, NULL },
		{ "CONTENT_LENGTH ' 5'", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH= 5" }, 400, -1, NULL },
		{ "CONTENT_LENGTH '5 '", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=5 " }, 400, -1, NULL },
		{ "CONTENT_LENGTH 0x10", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=0x10" }, 400, -1, NULL },
		{ "CONTENT_LENGTH 0", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=0" }, 0, METHOD_POST, NULL },
		{ "CONTENT_LENGTH empty", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=" }, 0, METHOD_POST, NULL },
		{ "CONTENT_LENGTH = max_body", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=1048576" }, 0, METHOD_POST, NULL },
		{ "CONTENT_LENGTH > max_body", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=1048577" }, 413, -1, NULL },
		{ "CONTENT_LENGTH 12 digits", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=999999999999" }, 413, -1, NULL },
		{ "CONTENT_LENGTH huge", { "REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=99999999999999999999" }, 413, -1, NULL },
		{ "CONTENT_LENGTH beyond 2^64", { "REQUEST_METHOD=POST", "REQUEST_URI=/",
		    "CONTENT_LENGTH=999999999999999999999999999999999999999" }, 413, -1, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int st = from(cases[i].env);
		bool good = st == cases[i].want;
		if (good && st == 0 && cases[i].method >= 0)
			good = (int)R.method == cases[i].method;
		if (good && st == 0 && cases[i].path != NULL)
			good = streq(R.path, cases[i].path);
		ok(good, "params: %s -> %d (got %d)", cases[i].name, cases[i].want, st);
	}
}

/* 2. REQUEST_URI paths: status and decoded path. */
static void
test_paths(void)
{
	static const struct {
		const char *uri;
		int want;
		const char *path;	/* expected when want == 0 */
	} cases[] = {
		{ "/", 0, "/" },
		{ "/contacts", 0, "/contacts" },
		{ "/contacts/", 0, "/contacts/" },
		{ "/%41", 0, "/A" },
		{ "/a%20b", 0, "/a b" },
		{ "/a+b", 0, "/a+b" },			/* '+' is literal in a path */
		{ "/a%2bb", 0, "/a+b" },
		{ "/%E4%B8%AD", 0, "/\xe4\xb8\xad" },	/* "/中" */
		{ "/%e4%b8%ad", 0, "/\xe4\xb8\xad" },
		{ "/\xe4\xb8\xad", 0, "/\xe4\xb8\xad" },	/* raw UTF-8 */
		{ "/%F0%9F%98%80", 0, "/\xf0\x9f\x98\x80" },
		{ "/.hidden", 0, "/.hidden" },
		{ "/a..b", 0, "/a..b" },
		{ "/a/...", 0, "/a/..." },
		{ "/a/..b", 0, "/a/..b" },
		{ "/x?", 0, "/x" },
		{ "/a%zz", 400, NULL },
		{ "/a%4", 400, NULL },
		{ "/a%", 400, NULL },
		{ "/a%g1", 400, NULL },
		{ "/a%1g", 400, NULL },
		{ "/a%%41", 400, NULL },
		{ "/a%4?x=1", 400, NULL },		/* escape cut by '?' */
		{ "/%00", 400, NULL },
		{ "/a%00b", 400, NULL },
		{ "/%c3%28", 400, NULL },
		{ "/%ed%a0%80", 400, NULL },		/* surrogate */
		{ "/%c0%af", 400, NULL },		/* overlong '/' */
		{ "/%e0%80%af", 400, NULL },		/* overlong '/' */
		{ "/%ff", 400, NULL },
		{ "/%80", 400, NULL },
		{ "/%f4%90%80%80", 400, NULL },		/* above U+10FFFF */
		{ "/%e4%b8", 400, NULL },		/* truncated */
		{ "/\xc3", 400, NULL },			/* raw truncated */
		{ "/a/../b", 400, NULL },
		{ "/./x", 400, NULL },
		{ "/a/..", 400, NULL },
		{ "/a/.", 400, NULL },
		{ "/..", 400, NULL },
		{ "/.", 400, NULL },
		{ "/a/./b", 400, NULL },
		{ "//x", 400, NULL },
		{ "/a//b", 400, NULL },
		{ "/a/%2e%2e/b", 400, NULL },		/* encoded dot segment */
		{ "/a/%2E/b", 400, NULL },
		{ "/a%2f..%2fb", 400, NULL },		/* encoded slashes around .. */
		{ "/a%2f%2fb", 400, NULL },
		{ "/%0a", 400, NULL },
		{ "/a%0d%0aSet-Cookie:x", 400, NULL },
		{ "/a%09", 400, NULL },
		{ "/a%7f", 400, NULL },
		{ "/a\x01", 400, NULL },
		{ "/contacts%2F42", 400, NULL },	/* one route, one spelling */
		{ "/a%2fb", 400, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int st = get_uri(cases[i].uri);
		bool good = st == cases[i].want;
		if (good && st == 0)
			good = streq(R.path, cases[i].path);
		ok(good, "path %s -> %d (got %d, path %s)", shows(cases[i].uri), cases[i].want,
		    st, st == 0 ? shows(R.path) : "-");
	}
}

/* 3. Query strings. */
static void
test_query(void)
{
	static const struct {
		const char *uri;
		int want;
		int count;
		const char *key, *value;	/* param_get(key) == value */
	} cases[] = {
		{ "/s", 0, 0, "a", NULL },
		{ "/s?", 0, 0, "a", NULL },
		{ "/s?a=1", 0, 1, "a", "1" },
		{ "/s?tag=x&tag=y&tag=z", 0, 3, "tag", "x" },
		{ "/s?q=hello+world", 0, 1, "q", "hello world" },
		{ "/s?q=a%2Bb", 0, 1, "q", "a+b" },
		{ "/s?q=%E4%B8%AD", 0, 1, "q", "\xe4\xb8\xad" },
		{ "/s?a=1&&b=2", 0, 2, "b", "2" },
		{ "/s?flag", 0, 1, "flag", "" },
		{ "/s?a=1=2", 0, 1, "a", "1=2" },
		{ "/s?a=1?b=2", 0, 1, "a", "1?b=2" },
		{ "/s?first+name=Ann", 0, 1, "first name", "Ann" },
		{ "/s?a=1", 0, 1, "A", NULL },		/* keys are case-sensitive */
		{ "/s?a=%zz", 400, 0, NULL, NULL },
		{ "/s?a=%4", 400, 0, NULL, NULL },
		{ "/s?%zz=1", 400, 0, NULL, NULL },
		{ "/s?a=%c3%28", 400, 0, NULL, NULL },
		{ "/s?a=%ed%a0%80", 400, 0, NULL, NULL },
		{ "/s?a=%00", 400, 0, NULL, NULL },
		{ "/s?a=\xff", 400, 0, NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int st = get_uri(cases[i].uri);
		bool good = st == cases[i].want;
		if (good && st == 0) {
			const char *v = param_get(&R.query, cases[i].key);
			good = R.query.count == cases[i].count &&
			    (cases[i].value == NULL ? v == NULL : streq(v, cases[i].value));
		}
		ok(good, "query %s -> %d (got %d)", shows(cases[i].uri), cases[i].want, st);
	}

	/* Repeated keys keep their order; raw_query is kept undecoded. */
	{
		const char *want[] = { "x", "y", "z" };
		const struct param *p;
		int n = 0;
		bool good = get_uri("/s?tag=x&tag=y&other=1&tag=z") == 0;
		for (p = good ? R.query.head : NULL; p != NULL; p = p->next)
			if (strcmp(p->key, "tag") == 0 && n < 3 && !streq(p->value, want[n++]))
				good = false;
		ok(good && n == 3 && R.query.count == 4, "repeated keys kept in order");
		ok(good && streq(R.raw_query, "tag=x&tag=y&other=1&tag=z"), "raw_query is the undecoded query");
		ok(R.query.tail != NULL && streq(R.query.tail->value, "z") && R.query.tail->next == NULL,
		    "tail is the last pair");
	}
	ok(get_uri("/s") == 0 && streq(R.raw_query, ""), "raw_query is \"\" without '?'");
	ok(get_uri("/s?q=a+b") == 0 && R.query.head != NULL && R.query.head->value_len == 3,
	    "value_len is the decoded length");

	/* Parameter count limit: max_params allowed, one more refused. */
	{
		size_t n = (size_t)LIM.max_params;
		char *q = malloc(n * 4 + 16);
		size_t o = 0;
		if (q == NULL)
			abort();
		o += (size_t)sprintf(q, "/s?");
		for (size_t i = 0; i < n; i++)
			o += (size_t)sprintf(q + o, "a=1&");
		q[o - 1] = '\0';
		ok(get_uri(q) == 0 && R.query.count == LIM.max_params, "query with max_params fields accepted");
		sprintf(q + o - 1, "&b=2");
		ok(get_uri(q) == 400, "query with max_params+1 fields -> 400");
		free(q);
	}

	/* Key and value lengths. */
	{
		struct request_limits lim = LIM;
		const char *envp[3] = { "REQUEST_METHOD=GET", NULL, NULL };
		char *k128 = repeat('k', 128), *k129 = repeat('k', 129);
		char *v16 = repeat('v', 16), *v17 = repeat('v', 17);

		envp[1] = arena_printf(&S, "REQUEST_URI=/s?%s=1", k128);
		ok(from_lim(envp, &lim) == 0, "128-byte key accepted");
		envp[1] = arena_printf(&S, "REQUEST_URI=/s?%s=1", k129);
		ok(from_lim(envp, &lim) == 400, "129-byte key -> 400");

		lim.max_value = 16;
		envp[1] = arena_printf(&S, "REQUEST_URI=/s?k=%s", v16);
		ok(from_lim(envp, &lim) == 0 && param_get(&R.query, "k") != NULL,
		    "value of max_value bytes accepted");
		envp[1] = arena_printf(&S, "REQUEST_URI=/s?k=%s", v17);
		ok(from_lim(envp, &lim) == 400, "value of max_value+1 bytes -> 400");
		/* 6 escapes decode to 6 bytes: short after decoding, fine. */
		envp[1] = "REQUEST_URI=/s?k=%41%41%41%41%41%41";
		ok(from_lim(envp, &lim) == 0 && streq(param_get(&R.query, "k"), "AAAAAA"),
		    "escaped value counted after decoding");
		/* 17 escapes: 51 raw bytes, within 3x, 17 decoded: too long. */
		envp[1] = "REQUEST_URI=/s?k=%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41";
		ok(from_lim(envp, &lim) == 400, "17 escaped bytes with max_value 16 -> 400");
		free(k128);
		free(k129);
		free(v16);
		free(v17);
	}
}

/* 4. Lengths of REQUEST_URI and HTTP_* params, and the header fields. */
static void
test_lengths(void)
{
	char *fill = repeat('a', LIM.max_uri);
	const char *envp[5] = { "REQUEST_METHOD=GET", NULL, NULL, NULL, NULL };

	fill[0] = '/';
	arena_reset(&A);
	envp[1] = arena_printf(&A, "REQUEST_URI=%s", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 0, "URI of max_uri bytes accepted");
	arena_reset(&A);
	envp[1] = arena_printf(&A, "REQUEST_URI=%sb", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 414, "URI of max_uri+1 bytes -> 414");
	arena_reset(&A);
	envp[1] = arena_printf(&A, "REQUEST_URI=/?q=%s", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 414, "long query counts toward max_uri -> 414");
	free(fill);

	fill = repeat('u', LIM.max_header);
	arena_reset(&A);
	envp[1] = "REQUEST_URI=/";
	envp[2] = arena_printf(&A, "HTTP_USER_AGENT=%s", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 0 && R.user_agent != NULL &&
	    strlen(R.user_agent) == LIM.max_header, "HTTP_USER_AGENT of max_header bytes accepted");
	arena_reset(&A);
	envp[2] = arena_printf(&A, "HTTP_USER_AGENT=%sX", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 431, "HTTP_USER_AGENT over max_header -> 431");
	arena_reset(&A);
	envp[2] = "HTTP_USER_AGENT=a\x1b[31mred";
	ok(request_from_params(&R, &A, envp, &LIM) == 400, "control character in a header -> 400");
	envp[2] = "HTTP_USER_AGENT=a\tb \xc3\xa9";
	ok(request_from_params(&R, &A, envp, &LIM) == 0, "tab and UTF-8 in a header accepted");
	arena_reset(&A);
	envp[2] = arena_printf(&A, "HTTP_X_ANYTHING=%sX", fill);
	ok(request_from_params(&R, &A, envp, &LIM) == 431, "any HTTP_* over max_header -> 431");
	arena_reset(&A);
	envp[2] = arena_printf(&A, "HTTP_COOKIE=%sX", fill);
	envp[0] = "REQUEST_METHOD=G T";	/* header check comes first */
	ok(request_from_params(&R, &A, envp, &LIM) == 431, "oversized header reported before a bad method");
	envp[0] = "REQUEST_METHOD=GET";
	free(fill);

	{
		static const char *const env[] = {
			"REQUEST_METHOD=GET", "REQUEST_URI=/", "REMOTE_ADDR=192.0.2.7",
			"HTTP_USER_AGENT=curl/8", "HTTP_COOKIE=s=abc", "HTTP_ACCEPT_LANGUAGE=de-CH",
			"HTTP_COOKIE2=wrong", NULL
		};
		int st = from(env);
		ok(st == 0 && streq(R.remote_addr, "192.0.2.7"), "remote_addr set");
		ok(st == 0 && streq(R.user_agent, "curl/8"), "user_agent set");
		ok(st == 0 && streq(R.cookie_header, "s=abc"), "cookie_header set");
		ok(st == 0 && streq(R.accept_language, "de-CH"), "accept_language set");
		ok(st == 0 && R.content_length == 0 && R.content_type == NULL,
		    "no CONTENT_* gives length 0 and no type");
		ok(st == 0 && streq(R.method_name, "GET"), "method_name set");
	}
	{
		static const char *const env[] = {
			"REQUEST_METHOD=POST", "REQUEST_URI=/",
			"CONTENT_TYPE=Application/X-WWW-Form-Urlencoded; charset=UTF-8",
			"CONTENT_LENGTH=1000", NULL
		};
		int st = from(env);
		ok(st == 0 && streq(R.content_type, "application/x-www-form-urlencoded"),
		    "content type lower-cased, parameters dropped");
		ok(st == 0 && R.content_length == 1000, "content_length parsed");
	}
	{
		struct request_limits lim = LIM;
		static const char *const env[] = {
			"REQUEST_METHOD=POST", "REQUEST_URI=/", "CONTENT_LENGTH=101", NULL
		};
		lim.max_body = 100;
		ok(from_lim(env, &lim) == 413, "CONTENT_LENGTH over a custom max_body -> 413");
	}
}

/* Sets up a POST with content type ctype (NULL: none) for body tests. */
static int
post(const char *ctype)
{
	const char *envp[4] = { "REQUEST_METHOD=POST", "REQUEST_URI=/contacts", NULL, NULL };

	arena_reset(&A);
	if (ctype != NULL)
		envp[2] = arena_printf(&A, "CONTENT_TYPE=%s", ctype);
	return request_from_params(&R, &A, envp, &LIM);
}

/* 5. request_set_body. */
static void
test_body(void)
{
	static const char *const urlenc = "application/x-www-form-urlencoded";
	static const struct {
		const char *ctype;
		const char *body;
		size_t len;	/* 0: strlen(body) */
		int want;
		const char *key, *value;
	} cases[] = {
		{ urlenc, "name=Ann+Lee&email=a%40b.example", 0, 0, "name", "Ann Lee" },
		{ urlenc, "name=Ann+Lee&email=a%40b.example", 0, 0, "email", "a@b.example" },
		{ urlenc, "a=1&a=2", 0, 0, "a", "1" },
		{ urlenc, "note=%E4%B8%AD%E6%96%87", 0, 0, "note", "\xe4\xb8\xad\xe6\x96\x87" },
		{ urlenc, "a=1XXXXXXXX", 3, 0, "a", "1" },	/* length, not NUL, ends the body */
		{ "Application/X-WWW-Form-Urlencoded; charset=UTF-8", "x=y", 0, 0, "x", "y" },
		{ "APPLICATION/X-WWW-FORM-URLENCODED", "x=y", 0, 0, "x", "y" },
		{ "application/x-www-form-urlencoded;charset=utf-8", "x=y", 0, 0, "x", "y" },
		{ urlenc, "a=%zz", 0, 400, NULL, NULL },
		{ urlenc, "a=%4", 0, 400, NULL, NULL },
		{ urlenc, "a=%ff", 0, 400, NULL, NULL },
		{ urlenc, "a=%c0%af", 0, 400, NULL, NULL },
		{ urlenc, "a=%00", 0, 400, NULL, NULL },
		{ urlenc, "a=b\0c", 5, 400, NULL, NULL },	/* raw NUL byte */
		{ "text/plain", "a=1", 0, 415, NULL, NULL },
		{ "multipart/form-data; boundary=xyz", "--xyz\r\n", 0, 400, NULL, NULL },
		{ "multipart/form-data; boundary=xyz",
		  "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n", 0, 0, "a", "1" },
		{ "application/json", "{\"a\":1}", 0, 415, NULL, NULL },
		{ "application/x-www-form-urlencodedX", "a=1", 0, 415, NULL, NULL },
		{ NULL, "a=1", 0, 415, NULL, NULL },
		{ NULL, "", 0, 0, NULL, NULL },			/* empty body: nothing to decode */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].body);
		int st = post(cases[i].ctype);
		bool good;
		if (st == 0)
			st = request_set_body(&R, cases[i].body, len, &LIM);
		good = st == cases[i].want;
		if (good && st == 0 && cases[i].key != NULL)
			good = streq(param_get(&R.form, cases[i].key), cases[i].value);
		ok(good, "body [%s] \"%s\" -> %d (got %d)",
		    shows(cases[i].ctype), shown(cases[i].body, len), cases[i].want, st);
	}

	ok(post(urlenc) == 0 && request_set_body(&R, "a=1&b=2", 7, &LIM) == 0 &&
	    R.form.count == 2 && R.query.count == 0, "form fields go to r.form, not r.query");

	/* Field count limit. */
	{
		size_t n = (size_t)LIM.max_params;
		char *b = malloc(n * 4 + 16);
		size_t o = 0;
		if (b == NULL)
			abort();
		for (size_t i = 0; i < n; i++)
			o += (size_t)sprintf(b + o, "a=1&");
		ok(post(urlenc) == 0 && request_set_body(&R, b, o - 1, &LIM) == 0 &&
		    R.form.count == LIM.max_params, "form with max_params fields accepted");
		o += (size_t)sprintf(b + o, "b=2");
		ok(post(urlenc) == 0 && request_set_body(&R, b, o, &LIM) == 413,
		    "form with max_params+1 fields -> 413");
		free(b);
	}
	/* Field length and body size limits. */
	{
		struct request_limits lim = LIM;
		char *k = repeat('k', 129);
		lim.max_body = 16;
		ok(post(urlenc) == 0 && request_set_body(&R, "a=0123456789abcd", 16, &lim) == 0,
		    "body of max_body bytes accepted");
		ok(post(urlenc) == 0 && request_set_body(&R, "a=0123456789abcde", 17, &lim) == 413,
		    "body over max_body -> 413");
		ok(post(urlenc) == 0 && request_set_body(&R, k, 129, &LIM) == 413,
		    "form key over max_key -> 413");
		free(k);
	}
}

/* 6. url_decode and form_decode directly. */
static void
test_decoders(void)
{
	static const struct {
		const char *in;
		size_t len;	/* 0: strlen */
		bool plus;
		enum decode_status want;
		const char *out;
		size_t outlen;
	} dec[] = {
		{ "%41", 0, false, DECODE_OK, "A", 1 },
		{ "%4a%4A", 0, false, DECODE_OK, "JJ", 2 },
		{ "a+b", 0, true, DECODE_OK, "a b", 3 },
		{ "a+b", 0, false, DECODE_OK, "a+b", 3 },
		{ "%2B", 0, true, DECODE_OK, "+", 1 },
		{ "%20", 0, false, DECODE_OK, " ", 1 },
		{ "%c3%a9", 0, false, DECODE_OK, "\xc3\xa9", 2 },
		{ "%C3%A9", 0, false, DECODE_OK, "\xc3\xa9", 2 },
		{ "", 0, false, DECODE_OK, "", 0 },
		{ "abc%41", 3, false, DECODE_OK, "abc", 3 },
		{ "%", 0, false, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "%4", 0, false, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "%41", 2, false, DECODE_BAD_ESCAPE, NULL, 0 },	/* must not read past len */
		{ "%zz", 0, false, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "%4g", 0, false, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "%+1", 0, true, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "% 1", 0, false, DECODE_BAD_ESCAPE, NULL, 0 },
		{ "%00", 0, false, DECODE_NUL, NULL, 0 },
		{ "a\0b", 3, false, DECODE_NUL, NULL, 0 },
		{ "%ff", 0, false, DECODE_BAD_UTF8, NULL, 0 },
		{ "%c3", 0, false, DECODE_BAD_UTF8, NULL, 0 },
		{ "%ed%b0%80", 0, false, DECODE_BAD_UTF8, NULL, 0 },
	};

	for (size_t i = 0; i < sizeof(dec) / sizeof(dec[0]); i++) {
		char *out = NULL;
		size_t outlen = 999;
		size_t len = dec[i].len ? dec[i].len : strlen(dec[i].in);
		enum decode_status st;
		bool good;

		arena_reset(&A);
		st = url_decode(&A, dec[i].in, len, dec[i].plus, &out, &outlen);
		good = st == dec[i].want;
		if (good && st == DECODE_OK)
			good = out != NULL && outlen == dec[i].outlen &&
			    memcmp(out, dec[i].out, outlen) == 0 && out[outlen] == '\0';
		ok(good, "url_decode(\"%s\", %zu, plus=%d) -> %s (got %s)", shown(dec[i].in, len), len,
		    dec[i].plus, decode_status_str(dec[i].want), decode_status_str(st));
	}

	{
		static const struct {
			const char *in;
			enum decode_status want;
			int count;
			const char *key, *value;	/* first pair, when count > 0 */
		} fd[] = {
			{ "", DECODE_OK, 0, NULL, NULL },
			{ "&&&", DECODE_OK, 0, NULL, NULL },
			{ "a=1&&b=2", DECODE_OK, 2, "a", "1" },
			{ "&a=1&", DECODE_OK, 1, "a", "1" },
			{ "a", DECODE_OK, 1, "a", "" },
			{ "a=", DECODE_OK, 1, "a", "" },
			{ "=x", DECODE_OK, 1, "", "x" },
			{ "a=1=2", DECODE_OK, 1, "a", "1=2" },
			{ "k+x=v+y", DECODE_OK, 1, "k x", "v y" },
			{ "%41=%42", DECODE_OK, 1, "A", "B" },
			{ "a=%zz", DECODE_BAD_ESCAPE, 0, NULL, NULL },
			{ "%zz=1", DECODE_BAD_ESCAPE, 0, NULL, NULL },
			{ "a=%ff", DECODE_BAD_UTF8, 0, NULL, NULL },
			{ "a=%00", DECODE_NUL, 0, NULL, NULL },
			{ "%00", DECODE_NUL, 0, NULL, NULL },
		};
		for (size_t i = 0; i < sizeof(fd) / sizeof(fd[0]); i++) {
			struct param_list l = { NULL, NULL, 0 };
			enum decode_status st;
			bool good;

			arena_reset(&A);
			st = form_decode(&l, &A, fd[i].in, strlen(fd[i].in), &LIM);
			good = st == fd[i].want;
			if (good && st == DECODE_OK) {
				good = l.count == fd[i].count;
				if (good && fd[i].count > 0)
					good = l.head != NULL && streq(l.head->key, fd[i].key) &&
					    streq(l.head->value, fd[i].value) &&
					    l.head->value_len == strlen(fd[i].value);
				if (good && fd[i].count == 0)
					good = l.head == NULL && l.tail == NULL;
			}
			ok(good, "form_decode(\"%s\") -> %s, %d pairs (got %s, %d)", shows(fd[i].in),
			    decode_status_str(fd[i].want), fd[i].count, decode_status_str(st), l.count);
		}
	}

	/* "a" with key only, and appending to a non-empty list. */
	{
		struct param_list l = { NULL, NULL, 0 };
		arena_reset(&A);
		ok(form_decode(&l, &A, "a=1&b", 5, &LIM) == DECODE_OK &&
		    form_decode(&l, &A, "a=2&c=3", 7, &LIM) == DECODE_OK &&
		    l.count == 4 && streq(param_get(&l, "a"), "1") && streq(param_get(&l, "c"), "3") &&
		    streq(param_get(&l, "b"), "") && param_get(&l, "d") == NULL,
		    "form_decode appends to an existing list");
	}
	{
		struct param_list l = { NULL, NULL, 0 };
		struct request_limits lim = LIM;
		lim.max_params = 2;
		arena_reset(&A);
		ok(form_decode(&l, &A, "a=1&b=2&c=3", 11, &lim) == DECODE_TOO_MANY,
		    "form_decode over max_params -> DECODE_TOO_MANY");
		l.head = l.tail = NULL;
		l.count = 0;
		ok(form_decode(&l, &A, "a=1&&&b=2&", 10, &lim) == DECODE_OK && l.count == 2,
		    "empty pairs do not count toward max_params");
		l.head = l.tail = NULL;
		l.count = 0;
		lim.max_key = 2;
		ok(form_decode(&l, &A, "abc=1", 5, &lim) == DECODE_TOO_LONG,
		    "form_decode key over max_key -> DECODE_TOO_LONG");
		l.head = l.tail = NULL;
		l.count = 0;
		lim.max_key = 128;
		lim.max_value = 2;
		ok(form_decode(&l, &A, "a=%41%41%41", 11, &lim) == DECODE_TOO_LONG,
		    "form_decode decoded value over max_value -> DECODE_TOO_LONG");
	}

	ok(strcmp(decode_status_str(DECODE_BAD_UTF8), "invalid UTF-8") == 0, "decode_status_str names");
	ok(strcmp(decode_status_str(DECODE__MAX), "?") == 0, "decode_status_str out of range");

	{
		static const char *const env[] = { "AB=1", "A=2", "A=3", "B", NULL };
		ok(streq(fcgi_param(env, "A"), "2"), "fcgi_param matches the whole name, first wins");
		ok(fcgi_param(env, "B") == NULL, "fcgi_param ignores a param without '='");
		ok(fcgi_param(NULL, "A") == NULL, "fcgi_param(NULL) is NULL");
	}
}

int
main(void)
{
	arena_init(&A);
	arena_init(&S);
	request_limits_default(&LIM);

	ok(LIM.max_params == 256 && LIM.max_key == 128 && LIM.max_uri == 8192 &&
	    LIM.max_header == 8192 && LIM.max_body == 1048576, "request_limits_default values");
	test_param_sets();
	test_paths();
	test_query();
	test_lengths();
	test_body();
	test_decoders();

	arena_reset(&A);
	arena_reset(&S);
	return tap_done();
}
