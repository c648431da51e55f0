/* test_i18n.c: tests po_parse on good and malformed catalogs, i18n_load
 * with i18n_get/i18n_has (temporary and real po/ directories),
 * i18n_negotiate on Accept-Language headers, and the language codes. */
#include "config.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "tap.h"

static char err[512];

/* The entries po_parse handed to the callback, copied. */
#define MAX_GOT 16
static struct got {
	char *ctx, *id, *str;
} got[MAX_GOT];
static int ngot, nextra;

static char *
xstrdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s != NULL && d == NULL)
		abort();
	return d;
}

static void
collect(const char *ctx, const char *msgid, const char *msgstr, void *arg)
{
	(void)arg;
	if (ngot == MAX_GOT) {
		nextra++;
		return;
	}
	got[ngot].ctx = xstrdup(ctx);
	got[ngot].id = xstrdup(msgid);
	got[ngot].str = xstrdup(msgstr);
	ngot++;
}

static void
got_clear(void)
{
	for (int i = 0; i < ngot; i++) {
		free(got[i].ctx);
		free(got[i].id);
		free(got[i].str);
	}
	memset(got, 0, sizeof(got));
	ngot = nextra = 0;
}

/* Parses text[0..len) as "test.po" into got[]; returns po_parse's result. */
static int
parse_n(const char *text, size_t len)
{
	got_clear();
	err[0] = '\0';
	return po_parse(text, len, "test.po", collect, NULL, err, sizeof(err));
}

static int
parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Entry i of got[] is (ctx or NULL, id, str). */
static bool
got_is(int i, const char *ctx, const char *id, const char *str)
{
	if (i >= ngot)
		return false;
	if (ctx == NULL ? got[i].ctx != NULL : !streq(got[i].ctx, ctx))
		return false;
	return streq(got[i].id, id) && streq(got[i].str, str);
}

/* Shows text on one TAP line: newlines as '|', other controls as '?'. */
static const char *
oneline(const char *s)
{
	static char buf[80];
	size_t o = 0;

	for (; *s && o < 60; s++)
		buf[o++] = *s == '\n' ? '|' : ((unsigned char)*s < 0x20 ? '?' : *s);
	buf[o] = '\0';
	return buf;
}

#define HEADER \
	"# Test catalog.\n" \
	"msgid \"\"\n" \
	"msgstr \"\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Language: zh_CN\\n\"\n" \
	"\"Plural-Forms: nplurals=1; plural=0;\\n\"\n" \
	"\n"

static void
test_parse_good(void)
{
	int rc;

	rc = parse(HEADER "msgid \"Hello\"\nmsgstr \"你好\"\n");
	ok(rc == 0 && ngot == 1 && got_is(0, NULL, "Hello", "你好"),
	    "one entry after the header; header skipped (%s)", err);

	rc = parse("msgid \"\"\nmsgstr \"Language: zh_CN\\n\"\n");
	ok(rc == 0 && ngot == 0, "header alone gives no entries (%s)", err);

	rc = parse("");
	ok(rc == 0 && ngot == 0, "empty text parses, no entries");

	rc = parse("# only\n#. comments\n\n\n");
	ok(rc == 0 && ngot == 0, "comments and blank lines only (%s)", err);

	rc = parse("msgid \"\"\n\"Long \"\n\"text\"\nmsgstr \"\"\n\"长\"\n\"文本\"\n");
	ok(rc == 0 && got_is(0, NULL, "Long text", "长文本"),
	    "multi-line msgid and msgstr are joined (%s)", err);

	rc = parse("msgid \"a\\nb\\tc\\\"d\\\\e\"\nmsgstr \"A\\nB\\tC\\\"D\\\\E\"\n");
	ok(rc == 0 && got_is(0, NULL, "a\nb\tc\"d\\e", "A\nB\tC\"D\\E"),
	    "escapes \\n \\t \\\" \\\\ decoded (%s)", err);

	rc = parse("msgctxt \"HTTP status\"\nmsgid \"Not Found\"\nmsgstr \"未找到\"\n\n"
	    "msgid \"Not Found\"\nmsgstr \"没有\"\n");
	ok(rc == 0 && ngot == 2 && got_is(0, "HTTP status", "Not Found", "未找到") &&
	    got_is(1, NULL, "Not Found", "没有"), "msgctxt passed; absent ctx is NULL (%s)", err);

	rc = parse("msgctxt \"\"\nmsgid \"x\"\nmsgstr \"y\"\n");
	ok(rc == 0 && got_is(0, "", "x", "y"), "empty msgctxt is \"\", not NULL (%s)", err);

	rc = parse("msgid \"%d file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"%d 个文件\"\n\n"
	    "msgid \"one\"\nmsgid_plural \"many\"\nmsgstr[0] \"一\"\nmsgstr[1] \"多\"\nmsgstr[2] \"\"\n");
	ok(rc == 0 && ngot == 2 && got_is(0, NULL, "%d file", "%d 个文件") &&
	    got_is(1, NULL, "one", "一"), "plural: msgstr[0] stored, others dropped (%s)", err);

	rc = parse("#, fuzzy\nmsgid \"a\"\nmsgstr \"b\"\n\n"
	    "#, c-format, fuzzy\nmsgid \"c\"\nmsgstr \"d\"\n\n"
	    "#,fuzzy\nmsgid \"e\"\nmsgstr \"f\"\n\n"
	    "#, c-format\nmsgid \"g\"\nmsgstr \"h\"\n\n"
	    "#, fuzzy-not\nmsgid \"i\"\nmsgstr \"j\"\n");
	ok(rc == 0 && ngot == 2 && got_is(0, NULL, "g", "h") && got_is(1, NULL, "i", "j"),
	    "fuzzy entries skipped, other flags kept (%s)", err);

	rc = parse("#, fuzzy\n\nmsgid \"a\"\nmsgstr \"b\"\n");
	ok(rc == 0 && ngot == 0, "fuzzy flag survives a blank line before msgid (%s)", err);

	rc = parse("#  translator\n#. extracted\n#: src/a.c:1\n#| msgid \"old\"\n"
	    "msgid \"a\"\nmsgstr \"b\"\n#~ msgid \"gone\"\n#~ msgstr \"走了\"\n"
	    "#: src/b.c\nmsgid \"c\"\nmsgstr \"d\"\n");
	ok(rc == 0 && ngot == 2 && got_is(0, NULL, "a", "b") && got_is(1, NULL, "c", "d"),
	    "comments of every kind, obsolete #~ entries ignored (%s)", err);

	rc = parse("msgid \"a\"\nmsgstr \"\"\n\nmsgid \"b\"\nmsgid_plural \"bs\"\nmsgstr[0] \"\"\n");
	ok(rc == 0 && ngot == 0, "untranslated (empty msgstr) entries skipped (%s)", err);

	rc = parse("msgctxt \"c\"\nmsgid \"\"\nmsgstr \"x\"\n");
	ok(rc == 0 && ngot == 0, "entry with context but empty msgid skipped (%s)", err);

	rc = parse("msgid \"a\"\r\nmsgstr \"b\"\r\n\r\nmsgid \"c\"\r\nmsgstr \"d\"");
	ok(rc == 0 && ngot == 2 && got_is(0, NULL, "a", "b") && got_is(1, NULL, "c", "d"),
	    "CRLF lines and no final newline (%s)", err);

	rc = parse("\xef\xbb\xbfmsgid \"a\"\nmsgstr \"b\"\n");
	ok(rc == 0 && got_is(0, NULL, "a", "b"), "leading byte order mark skipped (%s)", err);

	rc = parse("  msgid   \"a\"  \n\tmsgstr\t\"b\"\t\n   \"c\"\n");
	ok(rc == 0 && got_is(0, NULL, "a", "bc"), "blanks around keywords and strings (%s)", err);

	rc = parse("msgid \"a\"\nmsgstr \"b\"\nmsgid \"c\"\nmsgstr \"d\"\n");
	ok(rc == 0 && ngot == 2 && got_is(1, NULL, "c", "d"),
	    "entries without blank lines between them (%s)", err);

	rc = parse("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=utf-8\\n\"\n");
	ok(rc == 0, "charset=utf-8 in any case accepted (%s)", err);

	rc = parse("msgid \"tab\"\nmsgstr \"a\tb\"\n");
	ok(rc == 0 && got_is(0, NULL, "tab", "a\tb"), "raw tab inside a string accepted (%s)", err);
}

/* Texts that must fail, and what err must contain. */
static void
test_parse_bad(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "msgid \"abc\nmsgstr \"x\"\n", "test.po:1: unterminated string" },
		{ "msgid \"a\"\nmsgstr \"abc\\\"\n", "test.po:2: unterminated string" },
		{ "msgid \"a\"\nmsgstr \"x\\\n", "test.po:2: unterminated string" },
		{ "msgid \"a\\x41\"\nmsgstr \"b\"\n", "test.po:1: unknown escape" },
		{ "msgid \"a\"\nmsgstr \"b\\r\"\n", "test.po:2: unknown escape" },
		{ "msgid \"a\"\nmsgstr \"b\"\n\"\\101\"\n", "test.po:3: unknown escape" },
		{ "msgstr \"b\"\n", "test.po:1: msgstr without msgid" },
		{ "# c\n\nmsgctxt \"c\"\nmsgstr \"b\"\n", "test.po:4: msgstr without msgid" },
		{ "msgid \"a\"\nmsgstr \"\xff\"\n", "test.po:2: string is not valid UTF-8" },
		{ "msgid \"\xc0\xaf\"\nmsgstr \"b\"\n", "test.po:1: string is not valid UTF-8" },
		{ "msgid \"a\"\nmsgstr \"\xed\xa0\x80\"\n", "test.po:2: string is not valid UTF-8" },
		{ "msgid \"a\"\nmsgstr \"\xe4\xbd\"\n", "test.po:2: string is not valid UTF-8" },
		{ "msgid \"a\"\nmsgstr \"b\"\nhello world\n", "test.po:3: unknown keyword" },
		{ "msgid \"a\"\nmsgstr \"b\"\n\n123\n", "test.po:4: expected a keyword" },
		{ "msgid \"a\"\nmsgstr \"b\"\n}\n", "test.po:3: expected a keyword" },
		{ "msgid \"a\" x\nmsgstr \"b\"\n", "test.po:1: text after the closing quote" },
		{ "msgid a\nmsgstr \"b\"\n", "test.po:1: expected a quoted string" },
		{ "msgid\nmsgstr \"b\"\n", "test.po:1: keyword without a string" },
		{ "msgid\"a\"\nmsgstr \"b\"\n", "test.po:1: expected a keyword" },
		{ "\"a\"\n", "test.po:1: string without a keyword" },
		{ "msgid \"a\"\nmsgstr \"b\"\n# c\n\"d\"\n", "test.po:4: string without a keyword" },
		{ "msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", "test.po:2: second msgid" },
		{ "msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", "test.po:3: second msgstr" },
		{ "msgid \"a\"\nmsgctxt \"b\"\nmsgstr \"c\"\n", "test.po:2: msgctxt inside an entry" },
		{ "msgid \"a\"\n\nmsgstr \"b\"\n", "test.po:2: entry ends before its msgstr" },
		{ "msgid \"a\"\n# c\nmsgstr \"b\"\n", "test.po:2: comment inside an entry" },
		{ "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", "test.po:4: end of file before" },
		{ "msgctxt \"a\"\n", "test.po:1: end of file before" },
		{ "msgid \"a\"\nmsgstr[0] \"b\"\n", "test.po:2: msgstr[N] without msgid_plural" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n",
		  "test.po:3: msgstr after msgid_plural must be msgstr[0]" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", "test.po:3: msgstr[N] out of order" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[0] \"c\"\n",
		  "test.po:4: msgstr[N] out of order" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[] \"b\"\n", "test.po:3: malformed index" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0 \"b\"\n", "test.po:3: malformed index" },
		{ "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[99999999999] \"b\"\n",
		  "test.po:3: malformed index" },
		{ "msgid_plural \"as\"\n", "test.po:1: msgid_plural must follow msgid" },
		{ "msgid[0] \"a\"\n", "test.po:1: only msgstr takes an index" },
		{ "msgid \"a\"\nmsgstr \"b\x01\"\n", "test.po:2: control character" },
		{ "msgid \"a\"\nmsgstr \"b\x1b[31m\"\n", "test.po:2: control character" },
		{ "msgid \"a\"\nmsgstr \"b\r\"x\n", "test.po:2: control character" },
		{ "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
		  "test.po:2: the header's charset must be UTF-8" },
		{ "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=CHARSET\\n\"\n\nmsgid \"a\"\n",
		  "test.po:3: the header's charset must be UTF-8" },
		{ "MSGID \"a\"\nmsgstr \"b\"\n", "test.po:1: expected a keyword" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = parse(cases[i].text);
		ok(rc == -1 && strstr(err, cases[i].msg) != NULL && strncmp(err, "test.po:", 8) == 0,
		    "rejects \"%s\": %s (got \"%s\")", oneline(cases[i].text), cases[i].msg, err);
	}
}

/* NUL bytes, size limits, the file name in messages. */
static void
test_parse_limits(void)
{
	size_t big = (64u << 10) + 64 + 3 * 20;
	char *text = malloc((1u << 20) + 2);
	size_t o;
	int rc;

	if (text == NULL)
		abort();
	{
		static const char nul[] = "msgid \"a\"\nmsgstr \"b\0c\"\n";
		rc = parse_n(nul, sizeof(nul) - 1);
		ok(rc == -1 && strstr(err, "test.po:2: NUL byte") != NULL,
		    "NUL byte in a string -> error (got \"%s\")", err);
	}
	/* Exactly 64 KiB in one string: accepted. */
	o = (size_t)sprintf(text, "msgid \"a\"\nmsgstr \"");
	memset(text + o, 'x', 64u << 10);
	o += 64u << 10;
	o += (size_t)sprintf(text + o, "\"\n");
	rc = parse_n(text, o);
	ok(rc == 0 && ngot == 1 && strlen(got[0].str) == (64u << 10),
	    "64 KiB string accepted (%s)", err);
	/* One byte more on a continuation line: refused. */
	o += (size_t)sprintf(text + o, "\"y\"\n");
	rc = parse_n(text, o);
	ok(rc == -1 && strstr(err, "test.po:3: string longer than 64 KiB") != NULL,
	    "64 KiB + 1 over two lines refused (got \"%s\")", err);
	/* Escapes count decoded: 40000 "\n" are 40000 bytes, fine. */
	o = (size_t)sprintf(text, "msgid \"a\"\nmsgstr \"");
	for (int i = 0; i < 40000; i++, o += 2)
		memcpy(text + o, "\\n", 2);
	o += (size_t)sprintf(text + o, "\"\n");
	rc = parse_n(text, o);
	ok(rc == 0 && ngot == 1 && strlen(got[0].str) == 40000,
	    "string length counted after decoding escapes (%s)", err);
	/* One long msgid line over 64 KiB. */
	o = (size_t)sprintf(text, "# c\nmsgid \"");
	memset(text + o, 'x', big);
	o += big;
	o += (size_t)sprintf(text + o, "\"\nmsgstr \"b\"\n");
	rc = parse_n(text, o);
	ok(rc == -1 && strstr(err, "test.po:2: string longer than 64 KiB") != NULL,
	    "msgid over 64 KiB refused (got \"%s\")", err);
	/* 1 MiB of comments is fine, 1 MiB + 1 is not. */
	memset(text, '#', 1u << 20);
	for (o = 100; o < (1u << 20); o += 100)
		text[o] = '\n';
	rc = parse_n(text, 1u << 20);
	ok(rc == 0, "1 MiB input accepted (%s)", err);
	text[1u << 20] = '\n';
	rc = parse_n(text, (1u << 20) + 1);
	ok(rc == -1 && strstr(err, "test.po:1: larger than 1 MiB") != NULL,
	    "1 MiB + 1 input refused (got \"%s\")", err);
	free(text);

	rc = po_parse("msgid \"a\"\n\nx", 12, "/usr/share/crm/po/zh_CN.po", collect, NULL,
	    err, sizeof(err));
	ok(rc == -1 && strncmp(err, "/usr/share/crm/po/zh_CN.po:2: ", 30) == 0,
	    "message starts with the given file name and line (got \"%s\")", err);
	{
		char small[16];
		rc = po_parse("msgstr \"b\"\n", 11, "long-file-name.po", collect, NULL,
		    small, sizeof(small));
		ok(rc == -1 && strlen(small) == sizeof(small) - 1,
		    "message truncated to errsz, terminated");
	}
	got_clear();
}

/* Temporary directory for i18n_load tests. */
static char tmpdir[] = "/tmp/crm-test-i18n.XXXXXX";

static const char *
tmppath(const char *name)
{
	static char buf[300];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

/* Writes text to tmpdir/name; 0 or -1. */
static int
write_file(const char *name, const char *text, size_t len)
{
	int fd = open(tmppath(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd == -1)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int
write_po(const char *text)
{
	return write_file("zh_CN.po", text, strlen(text));
}

static void
test_load_small(void)
{
	static const char *const hello = "Hello";
	const char *s;

	ok(write_po(HEADER
	    "msgid \"Hello\"\nmsgstr \"你好\"\n\n"
	    "msgctxt \"HTTP status\"\nmsgid \"Not Found\"\nmsgstr \"未找到\"\n\n"
	    "msgctxt \"menu\"\nmsgid \"Open\"\nmsgstr \"打开\"\n\n"
	    "msgctxt \"state\"\nmsgid \"Open\"\nmsgstr \"未结\"\n\n"
	    "#, fuzzy\nmsgid \"Fuzzy\"\nmsgstr \"模糊\"\n\n"
	    "msgid \"Empty\"\nmsgstr \"\"\n") == 0, "write a small zh_CN.po");
	err[0] = '\0';
	ok(i18n_load(tmpdir, err, sizeof(err)) == 0, "i18n_load of the small catalog (%s)", err);
	ok(streq(i18n_get(LANG_ZH_CN, NULL, "Hello"), "你好"), "i18n_get translates");
	ok(i18n_get(LANG_EN, NULL, hello) == hello, "LANG_EN returns msgid itself");
	ok(i18n_get(LANG_ZH_CN, NULL, "Goodbye") != NULL &&
	    strcmp(i18n_get(LANG_ZH_CN, NULL, "Goodbye"), "Goodbye") == 0,
	    "missing translation falls back to msgid");
	ok(streq(i18n_get(LANG_ZH_CN, "HTTP status", "Not Found"), "未找到"),
	    "i18n_get with context");
	ok(streq(i18n_get(LANG_ZH_CN, NULL, "Not Found"), "Not Found") &&
	    streq(i18n_get(LANG_ZH_CN, "other", "Not Found"), "Not Found") &&
	    streq(i18n_get(LANG_ZH_CN, "", "Not Found"), "Not Found"),
	    "a context entry is not found without or with another context");
	ok(streq(i18n_get(LANG_ZH_CN, "menu", "Open"), "打开") &&
	    streq(i18n_get(LANG_ZH_CN, "state", "Open"), "未结") &&
	    streq(i18n_get(LANG_ZH_CN, NULL, "Open"), "Open"),
	    "same msgid in two contexts kept apart");
	ok(streq(i18n_get(LANG_ZH_CN, NULL, "Fuzzy"), "Fuzzy") &&
	    !i18n_has(LANG_ZH_CN, NULL, "Fuzzy"), "fuzzy entry not loaded");
	ok(streq(i18n_get(LANG_ZH_CN, NULL, "Empty"), "Empty") &&
	    !i18n_has(LANG_ZH_CN, NULL, "Empty"), "empty msgstr not loaded");
	ok(!i18n_has(LANG_ZH_CN, NULL, "") && streq(i18n_get(LANG_ZH_CN, NULL, ""), ""),
	    "header (empty msgid) not loaded");
	ok(i18n_has(LANG_ZH_CN, NULL, "Hello") && i18n_has(LANG_ZH_CN, "HTTP status", "Not Found") &&
	    !i18n_has(LANG_ZH_CN, NULL, "Goodbye") && !i18n_has(LANG_ZH_CN, NULL, "Not Found"),
	    "i18n_has for present, missing and context entries");
	ok(i18n_has(LANG_EN, NULL, "anything at all") && i18n_has(LANG_EN, "ctx", "x"),
	    "i18n_has is true for LANG_EN always");
	ok(i18n_get(LANG_ZH_CN, NULL, NULL) == NULL && !i18n_has(LANG_ZH_CN, NULL, NULL) &&
	    streq(i18n_get((enum lang)7, NULL, "Hello"), "Hello") &&
	    !i18n_has((enum lang)7, NULL, "Hello"),
	    "NULL msgid and out-of-range language handled");
	s = i18n_get(LANG_ZH_CN, NULL, "Hello");

	/* A failed load leaves the loaded tables in place. */
	ok(write_po("msgid \"a\"\nmsgstr \"b\\q\"\n") == 0, "write a broken zh_CN.po");
	err[0] = '\0';
	ok(i18n_load(tmpdir, err, sizeof(err)) == -1 && strstr(err, tmppath("zh_CN.po")) != NULL &&
	    strstr(err, "zh_CN.po:2: unknown escape") != NULL,
	    "parse error names path and line (got \"%s\")", err);
	ok(i18n_get(LANG_ZH_CN, NULL, "Hello") == s, "earlier tables kept after a failed load");

	ok(write_po("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n") == 0,
	    "write a zh_CN.po with a duplicate");
	err[0] = '\0';
	ok(i18n_load(tmpdir, err, sizeof(err)) == -1 && strstr(err, "appear twice") != NULL &&
	    strstr(err, "\"a\"") != NULL, "duplicate msgid refused (got \"%s\")", err);
	ok(write_po("msgctxt \"x\"\nmsgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n") == 0,
	    "write a zh_CN.po with one msgid in and out of context");
	ok(i18n_load(tmpdir, err, sizeof(err)) == 0 && streq(i18n_get(LANG_ZH_CN, "x", "a"), "b") &&
	    streq(i18n_get(LANG_ZH_CN, NULL, "a"), "c") && !i18n_has(LANG_ZH_CN, NULL, "Hello"),
	    "same msgid with and without context is not a duplicate; reload replaces (%s)", err);
	i18n_free();
	ok(!i18n_has(LANG_ZH_CN, "x", "a") && streq(i18n_get(LANG_ZH_CN, "x", "a"), "a"),
	    "after i18n_free nothing is translated");
	i18n_free();	/* twice is harmless */

	unlink(tmppath("zh_CN.po"));
	err[0] = '\0';
	ok(i18n_load(tmpdir, err, sizeof(err)) == -1 && strstr(err, "zh_CN.po") != NULL &&
	    strstr(err, "No such file") != NULL, "missing catalog refused (got \"%s\")", err);
	ok(mkdir(tmppath("zh_CN.po"), 0700) == 0, "mkdir zh_CN.po");
	ok(i18n_load(tmpdir, err, sizeof(err)) == -1 && strstr(err, "not a regular file") != NULL,
	    "directory as catalog refused (got \"%s\")", err);
	rmdir(tmppath("zh_CN.po"));
}

/* Many entries: the table grows and every one is still found. */
static void
test_load_many(void)
{
	enum { N = 3000 };
	char *text = malloc(N * 80 + 1);
	size_t o = 0;
	int found = 0;

	if (text == NULL)
		abort();
	for (int i = 0; i < N; i++)
		o += (size_t)sprintf(text + o, "%smsgid \"m%d\"\nmsgstr \"译%d\"\n\n",
		    i % 3 == 0 ? "msgctxt \"c\"\n" : "", i, i);
	ok(write_file("zh_CN.po", text, o) == 0, "write a zh_CN.po of %d entries", N);
	free(text);
	ok(i18n_load(tmpdir, err, sizeof(err)) == 0, "3000 entries load (%s)", err);
	for (int i = 0; i < N; i++) {
		char id[32], want[32];
		snprintf(id, sizeof(id), "m%d", i);
		snprintf(want, sizeof(want), "译%d", i);
		found += streq(i18n_get(LANG_ZH_CN, i % 3 == 0 ? "c" : NULL, id), want) &&
		    !i18n_has(LANG_ZH_CN, i % 3 == 0 ? NULL : "c", id);
	}
	ok(found == N, "all %d entries found, each only in its own context (%d)", N, found);
	i18n_free();
	unlink(tmppath("zh_CN.po"));
}

static void
test_load_real(void)
{
	err[0] = '\0';
	ok(i18n_load(CRM_SRCDIR "/po", err, sizeof(err)) == 0, "the shipped po/ loads (%s)", err);
	ok(streq(i18n_get(LANG_ZH_CN, NULL, "Not Found"), "未找到") &&
	    streq(i18n_get(LANG_ZH_CN, NULL, "Not found"), "未找到") &&
	    streq(i18n_get(LANG_ZH_CN, NULL, "Back to the start page"), "返回首页"),
	    "shipped zh_CN translates an error page");
	ok(i18n_has(LANG_ZH_CN, NULL, "The request could not be understood. Check the address "
	    "or the form and try again."), "a multi-line msgid of the shipped catalog is found");
	i18n_free();
}

static void
test_negotiate(void)
{
	static const struct {
		const char *header;
		enum lang want;
	} cases[] = {
		{ "zh-CN", LANG_ZH_CN },
		{ "zh", LANG_ZH_CN },
		{ "zh-Hans", LANG_ZH_CN },
		{ "zh-Hans-CN", LANG_ZH_CN },
		{ "zh-SG", LANG_ZH_CN },
		{ "ZH-cn", LANG_ZH_CN },
		{ "zh-chs", LANG_ZH_CN },
		{ "en", LANG_EN },
		{ "en-US,en;q=0.9", LANG_EN },
		{ "en-GB, zh-CN", LANG_EN },
		{ "fr-FR, zh-CN;q=0.8, en;q=0.5", LANG_ZH_CN },
		{ "zh-CN,zh;q=0.9,en;q=0.8", LANG_ZH_CN },
		{ "en;q=0.5, zh;q=0.6", LANG_ZH_CN },
		{ "en;q=0.6, zh;q=0.6", LANG_EN },		/* tie: header order */
		{ "zh;q=0.6, en;q=0.6", LANG_ZH_CN },
		{ "zh-TW", LANG_EN },
		{ "zh-TW, zh-CN;q=0.5", LANG_ZH_CN },	/* falls through */
		{ "zh-HK,zh;q=0.9", LANG_ZH_CN },
		{ "zh-Hant-TW, en;q=0.1", LANG_EN },
		{ "zh-Hant, zh-Hans;q=0.2", LANG_ZH_CN },
		{ "zh-Hant-CN", LANG_EN },
		{ "zh-MO", LANG_EN },
		{ "zh-TW, fr, *;q=0.1", LANG_EN },
		{ "zh-CN;q=0, en;q=0.1", LANG_EN },
		{ "zh-CN;q=0", LANG_EN },
		{ "zh;q=0.0, fr", LANG_EN },
		{ "en;q=0, zh;q=0.001", LANG_ZH_CN },
		{ "*", LANG_EN },
		{ "*;q=0.5, zh;q=0.4", LANG_EN },
		{ "fr, de;q=0.9", LANG_EN },
		{ "", LANG_EN },
		{ "   ", LANG_EN },
		{ ",, ,zh-CN, ,", LANG_ZH_CN },		/* empty list elements */
		{ "  zh-CN  ;  q=0.7  ,  en ; q=0.3 ", LANG_ZH_CN },
		{ "en;q=0.3,\tzh;Q=0.5", LANG_ZH_CN },
		{ "zh;q=1", LANG_ZH_CN },
		{ "zh;q=1.000, en", LANG_ZH_CN },
		{ "en;q=0.999, zh", LANG_ZH_CN },
		/* malformed: English whatever else the header says */
		{ "zh-CN;q=2", LANG_EN },
		{ "zh-CN;q=1.5", LANG_EN },
		{ "zh-CN;q=0.5000", LANG_EN },
		{ "zh-CN;q=.5", LANG_EN },
		{ "zh-CN;q=", LANG_EN },
		{ "zh-CN;q", LANG_EN },
		{ "zh-CN;q=abc", LANG_EN },
		{ "zh-CN;level=1", LANG_EN },
		{ "zh-CN;q=0.5;q=0.6", LANG_EN },
		{ "zh-CN; q = 0.5", LANG_EN },
		{ "zh-CN q=0.5", LANG_EN },
		{ "zh_CN", LANG_EN },
		{ "zh-", LANG_EN },
		{ "zh--CN", LANG_EN },
		{ "zh-CN-", LANG_EN },
		{ "-zh", LANG_EN },
		{ "abcdefghi", LANG_EN },
		{ "zh-abcdefghi", LANG_EN },
		{ "*-CN", LANG_EN },
		{ "z\xc3\xa9", LANG_EN },
		{ "zh-CN, \"x\"", LANG_EN },
		{ "zh-CN\r\n", LANG_EN },
		{ "zh-CN;", LANG_EN },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(i18n_negotiate(cases[i].header) == cases[i].want, "negotiate \"%s\" -> %s",
		    oneline(cases[i].header), lang_code(cases[i].want));
	ok(i18n_negotiate(NULL) == LANG_EN, "negotiate NULL -> en");

	/* Length limit: 4096 bytes is read, 4097 is treated as absent. */
	{
		char *h = malloc(5000);
		size_t o;

		if (h == NULL)
			abort();
		for (o = 0; o + 3 <= 4096 - 5; o += 3)
			memcpy(h + o, "fr,", 3);
		memset(h + o, ' ', 4096 - 5 - o);
		memcpy(h + 4096 - 5, "zh-CN", 6);
		ok(strlen(h) == 4096 && i18n_negotiate(h) == LANG_ZH_CN,
		    "4096-byte header read to its end");
		memmove(h + 1, h, 4097);
		h[0] = ' ';
		ok(strlen(h) == 4097 && i18n_negotiate(h) == LANG_EN,
		    "4097-byte header treated as absent");
		free(h);
	}
	/* Not NUL-terminated beyond what strnlen may see: an exact-size buffer. */
	{
		char *h = malloc(6);
		if (h == NULL)
			abort();
		memcpy(h, "zh-CN", 6);
		ok(i18n_negotiate(h) == LANG_ZH_CN, "exact-size heap header (ASan checks reads)");
		free(h);
	}
}

static void
test_codes(void)
{
	ok(streq(lang_code(LANG_EN), "en") && streq(lang_code(LANG_ZH_CN), "zh-CN"),
	    "lang_code en, zh-CN");
	ok(streq(lang_code((enum lang)42), "en"), "lang_code of an unknown value is en");
	ok(lang_po_name(LANG_EN) == NULL && streq(lang_po_name(LANG_ZH_CN), "zh_CN") &&
	    lang_po_name((enum lang)42) == NULL, "lang_po_name NULL, zh_CN, NULL");
	ok(lang_from_code("en") == LANG_EN && lang_from_code("EN") == LANG_EN,
	    "lang_from_code en, EN");
	ok(lang_from_code("zh-CN") == LANG_ZH_CN && lang_from_code("zh_CN") == LANG_ZH_CN &&
	    lang_from_code("ZH-cn") == LANG_ZH_CN && lang_from_code("zh_cn") == LANG_ZH_CN,
	    "lang_from_code zh-CN, zh_CN in any case");
	ok(lang_from_code("zh") == -1 && lang_from_code("zh-TW") == -1 &&
	    lang_from_code("en-US") == -1 && lang_from_code("") == -1 &&
	    lang_from_code(" en") == -1 && lang_from_code("fr") == -1 && lang_from_code(NULL) == -1,
	    "lang_from_code refuses zh, zh-TW, en-US, empty, padded, fr, NULL");
	for (int l = 0; l < LANG__MAX; l++)
		ok(lang_from_code(lang_code((enum lang)l)) == l,
		    "lang_from_code(lang_code(%d)) round-trips", l);
}

int
main(void)
{
	test_parse_good();
	test_parse_bad();
	test_parse_limits();
	if (mkdtemp(tmpdir) != NULL) {
		test_load_small();
		test_load_many();
		ok(rmdir(tmpdir) == 0, "temporary directory cleaned up");
	} else
		ok(0, "mkdtemp %s", tmpdir);
	test_load_real();
	test_negotiate();
	test_codes();
	return tap_done();
}
