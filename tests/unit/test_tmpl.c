/* test_tmpl.c: the template engine: compile errors, every escaping
 * context against a corpus of hostile values, loops, conditions,
 * includes and layouts, and translation at compile time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "i18n.h"
#include "log.h"
#include "tap.h"
#include "tmpl.h"

#define HEAD "<t:page xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:t=\"urn:crm:template\">"
#define TAIL "</t:page>"

static char dir[] = "/tmp/crm-test-tmpl.XXXXXX";
static char err[512];

/* A printable copy of s for a TAP line: hostile values hold newlines. */
static const char *
show(const char *s)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	return log_escape(buf[i], sizeof(buf[i]), s);
}

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

static int
compile(const char *body)
{
	char *t = malloc(strlen(body) + sizeof(HEAD) + sizeof(TAIL));
	int rc;

	sprintf(t, "%s%s%s", HEAD, body, TAIL);
	err[0] = '\0';
	rc = tmpl_load_string(dir, t, strlen(t), err, sizeof(err));
	free(t);
	return rc;
}

/* Renders the compiled "test" page with data; returns the body without
 * the DOCTYPE line, in the arena. */
static const char *
render(struct arena *a, const struct tval *data, enum lang lang)
{
	struct response out;
	const char *body;

	response_init(&out, a);
	if (tmpl_render(&out, "test", lang, data) == -1)
		return "(no page)";
	body = out.body ? out.body : "";
	if (strncmp(body, "<!DOCTYPE html>\n", 16) == 0)
		body += 16;
	return body;
}

static const char *
render_one(struct arena *a, const char *body, const char *value)
{
	struct tval *d = tv_map(a);

	tv_str(d, "v", value);
	if (compile(body) == -1)
		return err;
	return render(a, d, LANG_EN);
}

static void
test_compile_errors(void)
{
	static const struct {
		const char *body, *why;
	} cases[] = {
		{ "<p onclick=\"x()\">a</p>", "inline scripts" },
		{ "<p t:onclick=\"v\">a</p>", "inline scripts" },
		{ "<p style=\"color:red\">a</p>", "inline scripts" },
		{ "<p t:style=\"v\">a</p>", "inline scripts" },
		{ "<iframe t:srcdoc=\"v\"></iframe>", "inline scripts" },
		{ "<script>alert(1)</script>", "inline scripts" },
		{ "<script t:text=\"v\"></script>", "inline scripts" },
		{ "<style>p{}</style>", "inline scripts" },
		{ "<a href=\"javascript:alert(1)\">x</a>", "unsafe URL" },
		{ "<a href=\" javascript:alert(1)\">x</a>", "unsafe URL" },
		{ "<form action=\"data:text/html,x\"></form>", "unsafe URL" },
		{ "<p t:text=\"1bad\">a</p>", "bad value path" },
		{ "<p t:text=\"a b\">a</p>", "bad value path" },
		{ "<p t:text=\"v\" t:msg=\"v\">a</p>", "t:text and t:msg" },
		{ "<p t:each=\"v\">a</p>", "t:each wants" },
		{ "<p t:each=\"x.y in v\">a</p>", "t:each wants" },
		{ "<p t:each=\"x in \">a</p>", "t:each wants" },
		{ "<br>x</br>", "void element" },
		{ "<input t:text=\"v\"/>", "void element" },
		{ "<t:bogus/>", "unknown directive" },
		{ "<t:content/>", "outside a layout" },
		{ "<t:include/>", "needs file=" },
		{ "<t:include file=\"../etc/passwd\"/>", "plain file names" },
		{ "<t:include file=\"missing.xhtml\"/>", "missing.xhtml" },
		{ "<t:include file=\"_loop.xhtml\"/>", "nested too deep" },
		{ "<svg:foreignObject xmlns:svg=\"http://www.w3.org/2000/svg\"/>", "outside the XHTML" },
		{ "<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\"/>", "outside the XHTML" },
		{ "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:path t:d=\"v\"/></svg:svg>", NULL },
		{ "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>", "inline scripts" },
		{ "<p title=\"a\" t:title=\"v\">x</p>", "both static and dynamic" },
		{ "<p xml:lang=\"en\">x</p>", "foreign namespace" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = compile(cases[i].body);
		if (cases[i].why == NULL)
			ok(rc == 0, "compiles: %s (%s)", cases[i].body, err);
		else
			ok(rc == -1 && strstr(err, cases[i].why) != NULL && strstr(err, ".xhtml:") != NULL,
			    "refused: %s -> \"%s\" (got \"%s\")", cases[i].body, cases[i].why, show(err));
	}
}

static void
test_parse_errors(void)
{
	static const char *const bad[] = {
		"<t:page xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:t=\"urn:crm:template\"><p>",
		"<!DOCTYPE x [<!ENTITY e \"boom\">]><t:page xmlns:t=\"urn:crm:template\">&e;</t:page>",
		"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><t:page xmlns:t=\"urn:crm:template\">&e;</t:page>",
		"<t:page xmlns:t=\"urn:crm:template\">&nbsp;</t:page>",
		"<p xmlns=\"http://www.w3.org/1999/xhtml\">not a page</p>",
		"",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ok(tmpl_load_string(dir, bad[i], strlen(bad[i]), err, sizeof(err)) == -1 &&
		    strstr(err, "test.xhtml") != NULL && strstr(err, "root:") == NULL,
		    "malformed template %zu refused with file and reason (%s)", i, err);
	}
}

/* The hostile corpus: each value goes through every context. */
static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"\"><img src=x onerror=alert(1)>",
	"' onmouseover='alert(1)",
	"</p><script>alert(1)</script><p>",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	" javascript:alert(1)",
	"java\tscript:alert(1)",
	"java\nscript:alert(1)",
	"\x01javascript:alert(1)",
	"vbscript:msgbox(1)",
	"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	"&#106;avascript:alert(1)",
	"&lt;script&gt;",
	"\xc0\xbcscript\xc0\xbe",			/* overlong '<' '>' */
	"\xe2\x80\xae" "gnp.exe",			/* RIGHT-TO-LEFT OVERRIDE */
	"\xef\xbc\x9cscript\xef\xbc\x9e",		/* fullwidth < > */
	"a\xc2\x85" "b\x7f" "c",			/* C1 NEL, DEL */
	"\xff\xfe",
	"{{7*7}} ${7*7} <%= 7*7 %>",
	"</textarea><svg onload=alert(1)>",
	"%3Cscript%3Ealert(1)%3C/script%3E",
	"http://example.com/\"onmouseover=\"x",
	"//evil.example/path",
	"张伟 <b>",
};

/* True when s (a text segment) holds no markup: no '<', '>', and every '&'
 * starts one of the entities we write. */
static int
text_is_inert(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<' || s[i] == '>')
			return 0;
		if (s[i] == '&' && strncmp(s + i, "&amp;", 5) && strncmp(s + i, "&lt;", 4) &&
		    strncmp(s + i, "&gt;", 4) && strncmp(s + i, "&quot;", 6) && strncmp(s + i, "&#39;", 5))
			return 0;
	}
	return 1;
}

static void
test_contexts(void)
{
	struct arena a;

	arena_init(&a);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *v = hostile[i], *out;
		size_t n;
		char label[64];

		snprintf(label, sizeof(label), "hostile value %zu", i);
		out = render_one(&a, "<p t:text=\"v\">x</p>", v);
		n = strlen(out);
		ok(n >= 7 && strncmp(out, "<p>", 3) == 0 && strcmp(out + n - 4, "</p>") == 0 &&
		    text_is_inert(out + 3, n - 7), "%s in text stays text: %s", label, show(out));

		out = render_one(&a, "<p t:title=\"v\">x</p>", v);
		n = strlen(out);
		ok(strncmp(out, "<p title=\"", 10) == 0 && strstr(out, "\">x</p>") == out + n - 7 &&
		    text_is_inert(out + 10, n - 17) && memchr(out + 10, '"', n - 17) == NULL &&
		    memchr(out + 10, '\'', n - 17) == NULL,
		    "%s in an attribute stays inside it: %s", label, show(out));

		out = render_one(&a, "<a t:href=\"v\">x</a>", v);
		if (url_is_safe(v))
			ok(strncmp(out, "<a href=\"", 9) == 0 && text_is_inert(out + 9, strlen(out) - 16),
			    "%s as a URL is kept, escaped: %s", label, show(out));
		else
			ok(strcmp(out, "<a>x</a>") == 0, "%s as a URL is left out: %s", label, show(out));

		out = render_one(&a, "<p t:msg=\"v\">x</p>", v);
		n = strlen(out);
		ok(n >= 7 && text_is_inert(out + 3, n - 7), "%s as a message stays text: %s", label, show(out));
		arena_reset(&a);
	}
}

static void
test_url_rules(void)
{
	static const struct {
		const char *url;
		int safe;
	} cases[] = {
		{ "/contacts/42", 1 }, { "?page=2", 1 }, { "#top", 1 }, { "edit", 1 },
		{ "http://example.com/", 1 }, { "HTTPS://example.com/", 1 }, { "https:x", 1 },
		{ "/a:b", 1 }, { "a/b:c", 1 }, { "", 1 },
		{ "javascript:x", 0 }, { "JAVASCRIPT:x", 0 }, { "data:x", 0 }, { "vbscript:x", 0 },
		{ "file:///etc/passwd", 0 }, { "mailto:a@b", 0 }, { "ftp://x", 0 },
		{ "java script:x", 0 }, { "/a b", 0 }, { "\tjavascript:x", 0 }, { "https\n:x", 0 },
		{ "httpx://y", 0 }, { "http", 1 }, { ":x", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(url_is_safe(cases[i].url) == (cases[i].safe != 0), "url_is_safe(\"%s\") == %d",
		    show(cases[i].url), cases[i].safe);
}

static void
test_structure(void)
{
	struct arena a;
	struct tval *d, *list, *m;
	const char *out;

	arena_init(&a);
	ok(compile("<ul><li t:each=\"c in contacts\" t:if=\"c.show\"><a t:href=\"c.url\" t:text=\"c.name\">n</a></li></ul>"
	    "<p t:unless=\"contacts\">none</p>") == 0, "loop and conditions compile (%s)", err);
	d = tv_map(&a);
	list = tv_list(d, "contacts");
	m = tv_append_map(list);
	tv_str(m, "name", "Ann & Bob");
	tv_str(m, "url", "/contacts/1");
	tv_bool(m, "show", true);
	m = tv_append_map(list);
	tv_str(m, "name", "hidden");
	tv_bool(m, "show", false);
	m = tv_append_map(list);
	tv_str(m, "name", "张伟");
	tv_str(m, "url", "javascript:alert(1)");
	tv_bool(m, "show", true);
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<ul><li><a href=\"/contacts/1\">Ann &amp; Bob</a></li><li><a>张伟</a></li></ul>") == 0,
	    "loop renders items, skips hidden, drops the unsafe URL: %s", show(out));
	d = tv_map(&a);
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<ul></ul><p>none</p>") == 0, "empty list: t:unless shows: %s", show(out));

	ok(compile("<p t:each=\"x in outer\"><b t:each=\"y in x.inner\" t:text=\"y\">-</b></p>") == 0,
	    "nested loops compile");
	d = tv_map(&a);
	list = tv_list(d, "outer");
	m = tv_list(tv_append_map(list), "inner");
	tv_append_str(m, "1");
	tv_append_str(m, "2");
	tv_append_str(tv_list(tv_append_map(list), "inner"), "3");
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<p><b>1</b><b>2</b></p><p><b>3</b></p>") == 0, "nested loops: %s", show(out));

	ok(compile("<input type=\"checkbox\" t:checked=\"on\"/><input t:value=\"missing\"/>") == 0,
	    "boolean and absent attributes compile");
	d = tv_map(&a);
	tv_bool(d, "on", true);
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<input type=\"checkbox\" checked=\"checked\"><input>") == 0,
	    "checked when true, absent value left out: %s", show(out));
	tv_bool(d, "on", false);
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<input type=\"checkbox\"><input>") == 0, "unchecked when false: %s", show(out));

	ok(compile("<p>Tom &amp; Jerry &lt;3</p><!-- a comment --><![CDATA[<b>]]>") == 0, "entities and CDATA compile");
	out = render(&a, tv_map(&a), LANG_EN);
	ok(strcmp(out, "<p>Tom &amp; Jerry &lt;3</p>&lt;b&gt;") == 0,
	    "static text re-escaped, comments dropped: %s", show(out));
	arena_reset(&a);
}

static void
test_layout_and_include(void)
{
	static const char page[] =
	    "<t:page xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:t=\"urn:crm:template\" "
	    "layout=\"_l.xhtml\" title=\"Contacts\"><p t:text=\"v\">x</p></t:page>";
	struct arena a;
	struct tval *d;
	const char *out;

	arena_init(&a);
	ok(tmpl_load_string(dir, page, strlen(page), err, sizeof(err)) == 0, "page with layout compiles (%s)", err);
	d = tv_map(&a);
	tv_str(d, "v", "<hi>");
	tv_str(d, "lang", "en");
	out = render(&a, d, LANG_EN);
	ok(strcmp(out, "<html lang=\"en\"><head><title>Contacts</title></head><body>"
	    "<nav>Home</nav><main><p>&lt;hi&gt;</p></main></body></html>") == 0,
	    "layout wraps the page, include inlined, title set: %s", show(out));
	{
		static const char bad[] = "<t:page xmlns=\"http://www.w3.org/1999/xhtml\" "
		    "xmlns:t=\"urn:crm:template\" layout=\"_l.xhtml\">\n<p style=\"x\">y</p></t:page>";
		ok(tmpl_load_string(dir, bad, strlen(bad), err, sizeof(err)) == -1 &&
		    strncmp(err, "test.xhtml:2:", 13) == 0,
		    "an error in a page's content names the page, not the layout (%s)", show(err));
	}
	arena_reset(&a);
}

static void
test_translation(void)
{
	struct arena a;
	struct tval *d;
	const char *out;
	size_t missing;

	arena_init(&a);
	ok(compile("<p title=\"Save\">  Save \n  the   contact </p><p t:msg=\"m\">x</p><p>Zzz untranslated</p>") == 0,
	    "translatable page compiles");
	d = tv_map(&a);
	tv_str(d, "m", "Save");
	out = render(&a, d, LANG_ZH_CN);
	ok(strstr(out, "<p title=\"保存\">  保存联系人 </p>") != NULL, "static text and title translated, spaces kept: %s", show(out));
	ok(strstr(out, "<p>保存</p>") != NULL, "t:msg translated at render time: %s", show(out));
	ok(strstr(out, "<p>Zzz untranslated</p>") != NULL, "untranslated text falls back to English");
	missing = tmpl_missing(LANG_ZH_CN, NULL, NULL);
	ok(missing == 1, "one missing translation recorded (got %zu)", missing);
	ok(tmpl_missing(LANG_EN, NULL, NULL) == 0, "English is never missing");
	out = render(&a, d, LANG_EN);
	ok(strstr(out, "<p title=\"Save\">  Save the contact </p>") != NULL, "English collapses whitespace: %s", show(out));
	arena_reset(&a);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	write_file("_l.xhtml", "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:t=\"urn:crm:template\" t:lang=\"lang\">"
	    "<head><title><t:title/></title></head><body><t:include file=\"_n.xhtml\"/><main><t:content/></main></body></html>");
	write_file("_n.xhtml", "<nav xmlns=\"http://www.w3.org/1999/xhtml\">Home</nav>");
	write_file("_loop.xhtml", "<div xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:t=\"urn:crm:template\"><t:include file=\"_loop.xhtml\"/></div>");
	write_file("zh_CN.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
	    "msgid \"Save\"\nmsgstr \"保存\"\n\nmsgid \"Save the contact\"\nmsgstr \"保存联系人\"\n\n"
	    "msgid \"Contacts\"\nmsgstr \"联系人\"\n\nmsgid \"Home\"\nmsgstr \"首页\"\n");
	if (i18n_load(dir, err, sizeof(err)) == -1) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	test_compile_errors();
	test_parse_errors();
	test_contexts();
	test_url_rules();
	test_structure();
	test_layout_and_include();
	test_translation();
	tmpl_free();
	i18n_free();
	{
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		ok(system(cmd) == 0, "temporary directory removed");
	}
	return tap_done();
}
