/* i18n.c: owns the PO catalog parser, the process-wide translation tables
 * (one open-addressing hash table per language, filled once at start by
 * i18n_load and only read afterwards) and Accept-Language negotiation.
 * Catalogs are parsed here rather than through the C library's gettext,
 * so translations never depend on the locales installed on the host. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"
#include "utf8.h"

#define PO_MAX_INPUT	(1u << 20)	/* bytes of one catalog */
#define PO_MAX_STRING	(64u << 10)	/* bytes of one decoded string */
#define AL_MAX		4096		/* longer Accept-Language: absent */

static const struct {
	const char *code;	/* BCP 47, for <html lang> */
	const char *po_name;	/* po/<name>.po; NULL for the source language */
} langs[LANG__MAX] = {
	[LANG_EN] = { "en", NULL },
	[LANG_ZH_CN] = { "zh-CN", "zh_CN" },
};

const char *
lang_code(enum lang l)
{
	return (unsigned)l < LANG__MAX ? langs[l].code : langs[LANG_EN].code;
}

const char *
lang_po_name(enum lang l)
{
	return (unsigned)l < LANG__MAX ? langs[l].po_name : NULL;
}

int
lang_from_code(const char *code)
{
	if (code == NULL)
		return -1;
	if (strcasecmp(code, "en") == 0)
		return LANG_EN;
	if (strcasecmp(code, "zh-CN") == 0 || strcasecmp(code, "zh_CN") == 0)
		return LANG_ZH_CN;
	return -1;
}

/* ---- PO parser ---- */

typedef void po_entry_fn(const char *ctx, const char *msgid, const char *msgstr,
    void *arg);

/* A decoded string, NUL-terminated at len; grows up to PO_MAX_STRING. */
struct po_buf {
	char *s;
	size_t len, cap;
};

/* Which string a continuation ("...") line appends to. */
enum po_field { PF_NONE, PF_CTX, PF_ID, PF_PLURAL, PF_STR, PF_STR_N };

struct po_parser {
	po_entry_fn *fn;
	void *arg;
	int lineno;
	enum po_field field;
	bool has_ctx, has_id, has_plural, has_str, fuzzy;
	int nstr;		/* msgstr[N] seen after msgid_plural */
	struct po_buf ctx, id, str;
	struct po_buf scratch;	/* msgid_plural, msgstr[N > 0]: checked, dropped */
};

static void
po_reset_entry(struct po_parser *p)
{
	p->field = PF_NONE;
	p->has_ctx = p->has_id = p->has_plural = p->has_str = p->fuzzy = false;
	p->nstr = 0;
	p->ctx.len = p->id.len = p->str.len = p->scratch.len = 0;
	p->ctx.s[0] = p->id.s[0] = p->str.s[0] = p->scratch.s[0] = '\0';
}

/* Returns NULL, or a reason when a header's charset is not UTF-8. */
static const char *
po_check_header(const char *hdr)
{
	const char *v;
	size_t n;

	for (v = hdr; *v != '\0'; v++)
		if (strncasecmp(v, "charset=", 8) == 0)
			break;
	if (*v == '\0')
		return NULL;
	v += 8;
	n = strcspn(v, " \t\n;");
	if ((n == 5 && strncasecmp(v, "UTF-8", 5) == 0) ||
	    (n == 4 && strncasecmp(v, "UTF8", 4) == 0))
		return NULL;
	return "the header's charset must be UTF-8";
}

/* Ends the current entry, handing a complete translation to fn; returns
 * NULL or the reason the entry is wrong. */
static const char *
po_flush(struct po_parser *p)
{
	const char *why = NULL;

	if (p->has_str && !p->has_ctx && p->id.len == 0)
		why = po_check_header(p->str.s);
	else if (p->has_str && !p->fuzzy && p->id.len > 0 && p->str.len > 0)
		p->fn(p->has_ctx ? p->ctx.s : NULL, p->id.s, p->str.s, p->arg);
	po_reset_entry(p);
	return why;
}

/* Doubles b (to at most PO_MAX_STRING + 1 bytes); 0 or -1 on
 * out-of-memory, when b is left as it was. */
static int
po_buf_grow(struct po_buf *b)
{
	size_t cap = b->cap * 2 < PO_MAX_STRING + 1 ? b->cap * 2 : PO_MAX_STRING + 1;
	char *s = realloc(b->s, cap);

	if (s == NULL)
		return -1;
	b->s = s;
	b->cap = cap;
	return 0;
}

/* Decodes the quoted string s[0..n) (s[0] is '"') onto the end of b;
 * returns NULL or the reason it is wrong. Only blanks may follow it. */
static const char *
po_string(struct po_buf *b, const char *s, size_t n)
{
	size_t i = 1, start = b->len;

	for (;;) {
		unsigned char c;

		if (i >= n)
			return "unterminated string";
		if ((c = (unsigned char)s[i++]) == '"')
			break;
		if (c == '\\') {
			if (i >= n)
				return "unterminated string";
			switch (s[i++]) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			default:
				return "unknown escape sequence (only \\n \\t \\\" \\\\ are allowed)";
			}
		} else if ((c < 0x20 && c != '\t') || c == 0x7f)
			return "control character in string (write \\n or \\t)";
		if (b->len >= PO_MAX_STRING)
			return "string longer than 64 KiB";
		if (b->len + 1 >= b->cap && po_buf_grow(b) == -1)
			return "out of memory";
		b->s[b->len++] = (char)c;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n)
		return "text after the closing quote";
	b->s[b->len] = '\0';
	if (!utf8_valid(b->s + start, b->len - start))
		return "string is not valid UTF-8";
	return NULL;
}

static struct po_buf *
po_field_buf(struct po_parser *p, enum po_field f)
{
	switch (f) {
	case PF_CTX: return &p->ctx;
	case PF_ID: return &p->id;
	case PF_STR: return &p->str;
	case PF_PLURAL:
	case PF_STR_N: return &p->scratch;
	case PF_NONE: break;
	}
	return NULL;
}

/* Starts field f with the string s[0..n); returns NULL or a reason. */
static const char *
po_start_field(struct po_parser *p, enum po_field f, const char *s, size_t n)
{
	struct po_buf *b = po_field_buf(p, f);

	p->field = f;
	b->len = 0;
	return po_string(b, s, n);
}

/* "msgstr[N]": checks the index; returns NULL or a reason. */
static const char *
po_msgstr_n(struct po_parser *p, long idx, const char *s, size_t n)
{
	if (!p->has_id)
		return "msgstr without msgid";
	if (!p->has_plural)
		return "msgstr[N] without msgid_plural";
	if (idx != p->nstr)
		return "msgstr[N] out of order (expected msgstr[0], msgstr[1], ...)";
	p->nstr++;
	if (idx > 0)
		return po_start_field(p, PF_STR_N, s, n);
	p->has_str = true;
	return po_start_field(p, PF_STR, s, n);
}

/* One keyword (idx -1 when it had no [N]) followed by its first string. */
static const char *
po_keyword(struct po_parser *p, const char *kw, size_t kwlen, long idx,
    const char *s, size_t n)
{
	const char *why = NULL;

#define KW(name) (kwlen == sizeof(name) - 1 && memcmp(kw, name, kwlen) == 0)
	if (idx >= 0)
		return KW("msgstr") ? po_msgstr_n(p, idx, s, n) : "only msgstr takes an index [N]";
	if ((KW("msgctxt") || KW("msgid")) && p->has_str)
		why = po_flush(p);
	if (why != NULL)
		return why;
	if (KW("msgctxt")) {
		if (p->has_ctx || p->has_id)
			return "msgctxt inside an entry (missing msgstr?)";
		p->has_ctx = true;
		return po_start_field(p, PF_CTX, s, n);
	}
	if (KW("msgid")) {
		if (p->has_id)
			return "second msgid in one entry (missing msgstr?)";
		p->has_id = true;
		return po_start_field(p, PF_ID, s, n);
	}
	if (KW("msgid_plural")) {
		if (!p->has_id || p->has_plural || p->has_str)
			return "msgid_plural must follow msgid";
		p->has_plural = true;
		return po_start_field(p, PF_PLURAL, s, n);
	}
	if (KW("msgstr")) {
		if (!p->has_id)
			return "msgstr without msgid";
		if (p->has_plural)
			return "msgstr after msgid_plural must be msgstr[0]";
		if (p->has_str)
			return "second msgstr in one entry";
		p->has_str = true;
		return po_start_field(p, PF_STR, s, n);
	}
#undef KW
	return "unknown keyword";
}

static bool
po_known_keyword(const char *kw, size_t n)
{
	static const char *const known[] = { "msgctxt", "msgid", "msgid_plural", "msgstr" };

	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		if (strlen(known[k]) == n && memcmp(kw, known[k], n) == 0)
			return true;
	return false;
}

/* A line starting with a letter: keyword, optional [N], blanks, string. */
static const char *
po_keyword_line(struct po_parser *p, const char *s, size_t n)
{
	size_t i = 0, kwlen;
	long idx = -1;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	kwlen = i;
	if (kwlen == 0)
		return "expected a keyword, a comment or a string";
	if (!po_known_keyword(s, kwlen))
		return "unknown keyword";
	if (i < n && s[i] == '[') {
		idx = 0;
		for (i++; i < n && s[i] >= '0' && s[i] <= '9' && idx < 1000; i++)
			idx = idx * 10 + (s[i] - '0');
		if (i >= n || s[i] != ']' || s[i - 1] == '[')
			return "malformed index: expected msgstr[N]";
		i++;
	}
	if (i >= n || (s[i] != ' ' && s[i] != '\t'))
		return kwlen == n ? "keyword without a string" :
		    "expected a keyword, a comment or a string";
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '"')
		return "expected a quoted string after the keyword";
	return po_keyword(p, s, kwlen, idx, s + i, n - i);
}

/* "#, flag, flag": marks the entry fuzzy when one flag is "fuzzy". */
static void
po_flags(struct po_parser *p, const char *s, size_t n)
{
	size_t i = 2;

	while (i < n) {
		size_t start, end;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
			i++;
		start = i;
		while (i < n && s[i] != ',')
			i++;
		end = i;
		while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
			end--;
		if (end - start == 5 && memcmp(s + start, "fuzzy", 5) == 0)
			p->fuzzy = true;
	}
}

/* One line without its newline and outer blanks; NULL or a reason. */
static const char *
po_line(struct po_parser *p, const char *s, size_t n)
{
	const char *why = NULL;

	if (n == 0 || s[0] == '#') {
		/* Blank lines and comments end a complete entry. */
		if (p->has_str)
			why = po_flush(p);
		else if (p->has_ctx || p->has_id)
			return n == 0 ? "entry ends before its msgstr" :
			    "comment inside an entry (before its msgstr)";
		if (why == NULL && n >= 2 && s[1] == ',')
			po_flags(p, s, n);
		p->field = PF_NONE;
		return why;
	}
	if (s[0] == '"') {
		if (p->field == PF_NONE)
			return "string without a keyword before it";
		return po_string(po_field_buf(p, p->field), s, n);
	}
	return po_keyword_line(p, s, n);
}

/* Splits text into lines for po_line; NULL or a reason (p->lineno set). */
static const char *
po_lines(struct po_parser *p, const char *text, size_t len)
{
	size_t start = 0;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;	/* a byte order mark some editors add */
	while (start < len) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		const char *s = text + start;
		size_t n = end - start;
		const char *why;

		p->lineno++;
		if (memchr(s, '\0', n) != NULL)
			return "NUL byte";
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		while (n > 0 && (s[0] == ' ' || s[0] == '\t'))
			s++, n--;
		if ((why = po_line(p, s, n)) != NULL)
			return why;
		start = end + 1;
	}
	if (p->has_str)
		return po_flush(p);
	if (p->has_ctx || p->has_id)
		return "end of file before the entry's msgstr";
	return NULL;
}

static void
po_parser_free(struct po_parser *p)
{
	if (p == NULL)
		return;
	free(p->ctx.s);
	free(p->id.s);
	free(p->str.s);
	free(p->scratch.s);
	free(p);
}

/* Returns a parser the caller frees with po_parser_free, or NULL. */
static struct po_parser *
po_parser_new(po_entry_fn *fn, void *arg)
{
	struct po_parser *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	struct po_buf *bufs[] = { &p->ctx, &p->id, &p->str, &p->scratch };
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++) {
		bufs[i]->cap = 256;	/* grows on demand */
		if ((bufs[i]->s = malloc(bufs[i]->cap)) == NULL) {
			po_parser_free(p);
			return NULL;
		}
	}
	p->fn = fn;
	p->arg = arg;
	po_reset_entry(p);
	return p;
}

int
po_parse(const char *text, size_t len, const char *filename, po_entry_fn *fn,
    void *arg, char *err, size_t errsz)
{
	struct po_parser *p;
	const char *why;
	int lineno;

	if (len > PO_MAX_INPUT) {
		snprintf(err, errsz, "%s:1: larger than 1 MiB", filename);
		return -1;
	}
	if ((p = po_parser_new(fn, arg)) == NULL) {
		snprintf(err, errsz, "%s:1: out of memory", filename);
		return -1;
	}
	why = po_lines(p, text, len);
	lineno = p->lineno > 0 ? p->lineno : 1;
	po_parser_free(p);
	if (why == NULL)
		return 0;
	snprintf(err, errsz, "%s:%d: %s", filename, lineno, why);
	return -1;
}

/* ---- translation tables ---- */

/* One translation; the strings follow the struct in the same allocation. */
struct i18n_entry {
	const char *ctx;	/* NULL: no msgctxt */
	const char *msgid;
	const char *msgstr;
	uint32_t hash;
	char text[];
};

/* Open addressing with linear probing; at most half full, so every probe
 * sequence reaches an empty slot. */
struct i18n_table {
	struct i18n_entry **slots;
	size_t cap;		/* 0 or a power of two */
	size_t count;
};

static struct i18n_table tables[LANG__MAX];

/* FNV-1a over ctx, an EOT separator (as in .mo files), then msgid; a
 * missing ctx hashes differently from an empty one. */
static uint32_t
key_hash(const char *ctx, const char *msgid)
{
	uint32_t h = 2166136261u;

	if (ctx != NULL) {
		for (const unsigned char *s = (const unsigned char *)ctx; *s; s++)
			h = (h ^ *s) * 16777619u;
		h = (h ^ 0x04) * 16777619u;
	}
	for (const unsigned char *s = (const unsigned char *)msgid; *s; s++)
		h = (h ^ *s) * 16777619u;
	return h;
}

static bool
key_equal(const struct i18n_entry *e, const char *ctx, const char *msgid)
{
	if ((e->ctx == NULL) != (ctx == NULL))
		return false;
	return (ctx == NULL || strcmp(e->ctx, ctx) == 0) && strcmp(e->msgid, msgid) == 0;
}

/* Returns the slot holding (ctx, msgid), or the empty slot where it would
 * go; t->cap must be non-zero. Does not allocate. */
static struct i18n_entry **
table_slot(const struct i18n_table *t, uint32_t h, const char *ctx, const char *msgid)
{
	size_t mask = t->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct i18n_entry *e = t->slots[i];
		if (e == NULL || (e->hash == h && key_equal(e, ctx, msgid)))
			return &t->slots[i];
	}
}

static const struct i18n_entry *
table_find(const struct i18n_table *t, const char *ctx, const char *msgid)
{
	if (t->cap == 0 || msgid == NULL)
		return NULL;
	return *table_slot(t, key_hash(ctx, msgid), ctx, msgid);
}

/* Doubles the table (or creates it); 0 or -1 on out-of-memory, when the
 * table is left as it was. */
static int
table_grow(struct i18n_table *t)
{
	struct i18n_table bigger = { NULL, t->cap ? t->cap * 2 : 64, t->count };

	if ((bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots))) == NULL)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct i18n_entry *e = t->slots[i];
		if (e != NULL)
			*table_slot(&bigger, e->hash, e->ctx, e->msgid) = e;
	}
	free(t->slots);
	*t = bigger;
	return 0;
}

/* Copies (ctx, msgid, msgstr) into t; returns NULL or a static reason. */
static const char *
table_add(struct i18n_table *t, const char *ctx, const char *msgid, const char *msgstr)
{
	size_t lc = ctx ? strlen(ctx) + 1 : 0, li = strlen(msgid) + 1;
	size_t ls = strlen(msgstr) + 1;
	uint32_t h = key_hash(ctx, msgid);
	struct i18n_entry **slot, *e;

	if ((t->count + 1) * 2 > t->cap && table_grow(t) == -1)
		return "out of memory";
	if (*(slot = table_slot(t, h, ctx, msgid)) != NULL)
		return "the same msgctxt and msgid appear twice";
	if ((e = malloc(sizeof(*e) + lc + li + ls)) == NULL)
		return "out of memory";
	e->hash = h;
	e->msgid = memcpy(e->text, msgid, li);
	e->msgstr = memcpy(e->text + li, msgstr, ls);
	e->ctx = ctx ? memcpy(e->text + li + ls, ctx, lc) : NULL;
	*slot = e;
	t->count++;
	return NULL;
}

static void
table_free(struct i18n_table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i]);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* po_parse callback of i18n_load: keeps the first failure. */
struct load_state {
	struct i18n_table *t;
	const char *why;
	char msgid[64];		/* escaped, for the message */
};

static void
load_entry(const char *ctx, const char *msgid, const char *msgstr, void *arg)
{
	struct load_state *st = arg;

	if (st->why == NULL &&
	    (st->why = table_add(st->t, ctx, msgid, msgstr)) != NULL)
		log_escape(st->msgid, sizeof(st->msgid), msgid);
}

/* Reads the regular file path (at most 1 MiB) into a malloc'd buffer the
 * caller frees; NULL with err on failure. */
static char *
read_catalog(const char *path, size_t *len, char *err, size_t errsz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;

	if (fd == -1) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)PO_MAX_INPUT) {
		snprintf(err, errsz, "%s: not a regular file of at most 1 MiB", path);
		close(fd);
		return NULL;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		snprintf(err, errsz, "%s: out of memory", path);
		close(fd);
		return NULL;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return buf;
}

/* Loads po_dir/name.po into t; 0 or -1 with err. */
static int
load_catalog(struct i18n_table *t, const char *po_dir, const char *name,
    char *err, size_t errsz)
{
	struct load_state st = { t, NULL, "" };
	char path[PATH_MAX];
	size_t len = 0;
	char *text;
	int rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s.po", po_dir, name) >= sizeof(path)) {
		snprintf(err, errsz, "%s: path too long", po_dir);
		return -1;
	}
	if ((text = read_catalog(path, &len, err, errsz)) == NULL)
		return -1;
	rc = po_parse(text, len, path, load_entry, &st, err, errsz);
	free(text);
	if (rc == 0 && st.why != NULL) {
		snprintf(err, errsz, "%s: msgid \"%s\": %s", path, st.msgid, st.why);
		rc = -1;
	}
	return rc;
}

int
i18n_load(const char *po_dir, char *err, size_t errsz)
{
	struct i18n_table fresh[LANG__MAX];

	memset(fresh, 0, sizeof(fresh));
	for (int l = 0; l < LANG__MAX; l++) {
		if (langs[l].po_name == NULL)
			continue;
		if (load_catalog(&fresh[l], po_dir, langs[l].po_name, err, errsz) == -1) {
			for (int k = 0; k <= l; k++)
				table_free(&fresh[k]);
			return -1;
		}
	}
	i18n_free();
	memcpy(tables, fresh, sizeof(tables));
	return 0;
}

void
i18n_free(void)
{
	for (int l = 0; l < LANG__MAX; l++)
		table_free(&tables[l]);
}

const char *
i18n_get(enum lang l, const char *ctx, const char *msgid)
{
	const struct i18n_entry *e;

	if ((unsigned)l >= LANG__MAX || l == LANG_EN)
		return msgid;
	e = table_find(&tables[l], ctx, msgid);
	return e != NULL ? e->msgstr : msgid;
}

bool
i18n_has(enum lang l, const char *ctx, const char *msgid)
{
	if (l == LANG_EN)
		return true;
	return (unsigned)l < LANG__MAX && table_find(&tables[l], ctx, msgid) != NULL;
}

/* ---- Accept-Language ---- */

static bool
al_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
al_alnum(char c)
{
	return al_alpha(c) || (c >= '0' && c <= '9');
}

static size_t
al_ows(const char *h, size_t n, size_t i)
{
	while (i < n && (h[i] == ' ' || h[i] == '\t'))
		i++;
	return i;
}

/* The Chinese variant a subtag after "zh" selects: 1 simplified, 0 not
 * ours (traditional), -1 says nothing. */
static int
al_zh_subtag(const char *t, size_t n)
{
	static const char *const simplified[] = { "hans", "chs", "cn", "sg" };
	static const char *const traditional[] = { "hant", "cht", "tw", "hk", "mo" };

	for (size_t k = 0; k < sizeof(simplified) / sizeof(simplified[0]); k++)
		if (strlen(simplified[k]) == n && strncasecmp(t, simplified[k], n) == 0)
			return 1;
	for (size_t k = 0; k < sizeof(traditional) / sizeof(traditional[0]); k++)
		if (strlen(traditional[k]) == n && strncasecmp(t, traditional[k], n) == 0)
			return 0;
	return -1;
}

/* Parses a language-range at h[*i]; sets *lang to the language it selects
 * or -1. Returns 0, or -1 when malformed. */
static int
al_range(const char *h, size_t n, size_t *i, int *lang)
{
	size_t j = *i, start = j;
	int zh = -1;	/* -1 undecided: plain "zh" is simplified */

	if (j < n && h[j] == '*') {
		*i = j + 1;
		*lang = LANG_EN;
		return 0;
	}
	while (j < n && al_alpha(h[j]) && j - start < 9)
		j++;
	if (j == start || j - start > 8)
		return -1;
	*lang = j - start == 2 && strncasecmp(h + start, "en", 2) == 0 ? LANG_EN :
	    j - start == 2 && strncasecmp(h + start, "zh", 2) == 0 ? LANG_ZH_CN : -1;
	while (j < n && h[j] == '-') {
		size_t sub = ++j;
		while (j < n && al_alnum(h[j]) && j - sub < 9)
			j++;
		if (j == sub || j - sub > 8)
			return -1;
		if (*lang == LANG_ZH_CN && zh == -1)
			zh = al_zh_subtag(h + sub, j - sub);
	}
	if (zh == 0)
		*lang = -1;
	*i = j;
	return 0;
}

/* Parses an optional OWS ";" OWS "q=" qvalue at h[*i] into *q (0..1000);
 * returns 0, or -1 when malformed. */
static int
al_weight(const char *h, size_t n, size_t *i, int *q)
{
	size_t j = al_ows(h, n, *i);
	int scale = 100;

	*q = 1000;
	if (j >= n || h[j] != ';')
		return 0;
	j = al_ows(h, n, j + 1);
	if (j + 2 >= n || (h[j] != 'q' && h[j] != 'Q') || h[j + 1] != '=' ||
	    (h[j + 2] != '0' && h[j + 2] != '1'))
		return -1;
	*q = h[j + 2] == '1' ? 1000 : 0;
	j += 3;
	if (j < n && h[j] == '.') {
		for (j++; j < n && h[j] >= '0' && h[j] <= '9' && scale > 0; j++, scale /= 10) {
			if (*q == 1000 && h[j] != '0')
				return -1;
			*q += (h[j] - '0') * scale;
		}
	}
	*i = j;
	return 0;
}

enum lang
i18n_negotiate(const char *accept_language)
{
	const char *h = accept_language;
	size_t n, i = 0;
	int best = LANG_EN, best_q = 0;

	if (h == NULL || (n = strnlen(h, AL_MAX + 1)) > AL_MAX)
		return LANG_EN;
	for (;;) {
		int lang, q;

		if ((i = al_ows(h, n, i)) >= n)
			break;
		if (h[i] == ',') {	/* empty list elements are allowed */
			i++;
			continue;
		}
		if (al_range(h, n, &i, &lang) == -1 || al_weight(h, n, &i, &q) == -1)
			return LANG_EN;
		if ((i = al_ows(h, n, i)) < n && h[i] != ',')
			return LANG_EN;
		if (lang >= 0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return (enum lang)best;
}
