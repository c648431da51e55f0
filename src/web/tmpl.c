/* tmpl.c: owns templates. Each page is parsed once with libxml2 and
 * compiled, per language, into a flat list of operations: static bytes
 * (markup and already-translated, already-escaped text) and slots that
 * take a value from the handler's data and escape it for the context the
 * slot sits in. Rendering walks the list; it never parses.
 *
 * The attribute language (namespace urn:crm:template, prefix t):
 *   <t:page layout="_layout.xhtml" title="Contacts">...</t:page>
 *                        a page: its children fill the layout's <t:content/>
 *   <t:content/>         where a page goes in the layout
 *   <t:title/>           the page's translated title
 *   <t:include file="_nav.xhtml"/>   another file's root element, inline
 *   t:text="path"        element content := value at path, escaped
 *   t:msg="path"         element content := translation of the msgid at path
 *   t:if="path" t:unless="path"      render the element or not
 *   t:each="item in path"            repeat the element per list item
 *   t:NAME="path"        attribute NAME := value at path (omitted when
 *                        absent); URL attributes accept only relative or
 *                        http(s) URLs; checked/selected/... are boolean
 * Static text and the attributes title, alt, placeholder and aria-label
 * are translated at compile time (the English text is the msgid).
 * There is no construct that prints data as markup, and inline scripts,
 * styles and event-handler attributes are refused at compile time.
 * Besides XHTML, a few SVG shape elements (svg, g, path, rect, title) are
 * allowed, so a drawing such as a QR code is data in a path's d
 * attribute, escaped like any other attribute. */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "escape.h"
#include "log.h"
#include "tmpl.h"

#define T_NS "urn:crm:template"
#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define SVG_NS "http://www.w3.org/2000/svg"
#define MAX_INCLUDE_DEPTH 8
#define MAX_TEMPLATE_BYTES (1 << 20)

enum op_kind {
	OP_STATIC,	/* s[0..len) */
	OP_TEXT,	/* escape_text(value) */
	OP_MSG,		/* escape_text(translate(value)) */
	OP_ATTR,	/* name="escape_attr(value)" */
	OP_URL_ATTR,	/* the same, only for a safe URL */
	OP_BOOL_ATTR,	/* name="name" when truthy */
	OP_IF,
	OP_UNLESS,
	OP_EACH,
	OP_END
};

struct op {
	enum op_kind kind;
	char *s;		/* OP_STATIC bytes, or the attribute name */
	size_t len;
	char *path;		/* value path */
	char *var;		/* OP_EACH loop variable */
	size_t end;		/* OP_IF, OP_UNLESS, OP_EACH: index of OP_END */
};

struct page {
	char *name;
	enum lang lang;
	struct op *ops;
	size_t nops, cap;
	char **missing;		/* msgids without a translation */
	size_t nmissing;
};

struct registry {
	struct page *pages;
	size_t n;
};

static struct registry current;

struct compiler {
	struct page *p;
	enum lang lang;
	const char *dir;
	const char *file;		/* for messages */
	xmlNodePtr page_root;		/* <t:page>, whose children fill <t:content/> */
	const char *page_file;		/* the page's file, for messages about its content */
	const char *title;		/* translated page title */
	int depth;
	struct arena arena;
	struct response buf;		/* static bytes not yet emitted */
	char *err;
	size_t errsz;
};

static const char *const void_elements[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr", NULL
};
static const char *const url_attributes[] = {
	"href", "src", "action", "formaction", "poster", "cite", "data",
	"background", "manifest", "icon", "srcset", NULL
};
static const char *const bool_attributes[] = {
	"checked", "selected", "disabled", "readonly", "required", "multiple",
	"hidden", "autofocus", "open", NULL
};
/* Inline SVG for drawings such as QR codes: shapes only, no scripts,
 * links, foreign objects or animation. */
static const char *const svg_elements[] = {
	"svg", "g", "path", "rect", "title", NULL
};
static const char *const translated_attributes[] = {
	"title", "alt", "placeholder", "aria-label", NULL
};

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcasecmp(*list, s) == 0)
			return true;
	return false;
}

static int
fail(struct compiler *c, xmlNodePtr n, const char *why, const char *what)
{
	snprintf(c->err, c->errsz, "%s:%ld: %s%s%s", c->file,
	    n ? (long)xmlGetLineNo(n) : 0L, why, what ? ": " : "", what ? what : "");
	return -1;
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		fatal("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		fatal("out of memory");
	return d;
}

static struct op *
new_op(struct page *p, enum op_kind kind)
{
	struct op *op;

	if (p->nops == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->ops = xrealloc(p->ops, p->cap * sizeof(*p->ops));
	}
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	return op;
}

/* Turns the pending static bytes into one OP_STATIC. */
static void
flush(struct compiler *c)
{
	struct op *op;

	if (c->buf.len == 0)
		return;
	op = new_op(c->p, OP_STATIC);
	op->s = xrealloc(NULL, c->buf.len);
	memcpy(op->s, c->buf.body, c->buf.len);
	op->len = c->buf.len;
	c->buf.len = 0;
}

static struct op *
emit(struct compiler *c, enum op_kind kind, const char *s, const char *path)
{
	struct op *op;

	flush(c);
	op = new_op(c->p, kind);
	op->s = s ? xstrdup(s) : NULL;
	op->path = path ? xstrdup(path) : NULL;
	return op;
}

static void
note_missing(struct compiler *c, const char *msgid)
{
	struct page *p = c->p;

	for (size_t i = 0; i < p->nmissing; i++)
		if (strcmp(p->missing[i], msgid) == 0)
			return;
	p->missing = xrealloc(p->missing, (p->nmissing + 1) * sizeof(*p->missing));
	p->missing[p->nmissing++] = xstrdup(msgid);
}

/* The translation of msgid in the compiler's language. */
static const char *
translate(struct compiler *c, const char *msgid)
{
	if (c->lang != LANG_EN && !i18n_has(c->lang, NULL, msgid))
		note_missing(c, msgid);
	return i18n_get(c->lang, NULL, msgid);
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Static text: surrounding whitespace kept, the words in between (runs of
 * whitespace collapsed) translated as one msgid, then escaped. */
static void
compile_text(struct compiler *c, const char *text)
{
	size_t len = strlen(text), a = 0, b = len, o = 0;
	char *core;

	while (a < len && is_space(text[a]))
		a++;
	while (b > a && is_space(text[b - 1]))
		b--;
	if (a == b) {
		response_write(&c->buf, text, len);
		return;
	}
	core = arena_alloc(&c->arena, b - a + 1);
	for (size_t i = a; i < b; i++) {
		if (is_space(text[i])) {
			if (o > 0 && core[o - 1] == ' ')
				continue;
			core[o++] = ' ';
		} else
			core[o++] = text[i];
	}
	core[o] = '\0';
	response_write(&c->buf, text, a);
	escape_text(&c->buf, translate(c, core));
	response_write(&c->buf, text + b, len - b);
}

static int compile_node(struct compiler *c, xmlNodePtr n);
static int compile_file_root(struct compiler *c, const char *file, xmlNodePtr at);

static int
compile_children(struct compiler *c, xmlNodePtr parent)
{
	for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
		if (compile_node(c, n) == -1)
			return -1;
	return 0;
}

static bool
is_t(xmlNodePtr n)
{
	return n->ns != NULL && strcmp((const char *)n->ns->href, T_NS) == 0;
}

static bool
attr_is_t(xmlAttrPtr a)
{
	return a->ns != NULL && strcmp((const char *)a->ns->href, T_NS) == 0;
}

static const char *
attr_value(xmlAttrPtr a)
{
	return a->children && a->children->content ? (const char *)a->children->content : "";
}

/* A value path: letters, digits, '_' and '.', starting with a letter. */
static bool
path_ok(const char *p)
{
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			return false;
	return true;
}

/* Directives that are elements: content, title, include. */
static int
compile_directive(struct compiler *c, xmlNodePtr n)
{
	const char *name = (const char *)n->name;

	if (strcmp(name, "content") == 0) {
		xmlNodePtr page = c->page_root;
		int rc;
		if (page == NULL || c->depth == 0)
			return fail(c, n, "<t:content/> outside a layout", NULL);
		const char *saved = c->file;
		c->page_root = NULL;	/* the page itself cannot hold content */
		c->file = c->page_file;
		rc = compile_children(c, page);
		c->file = saved;
		c->page_root = page;
		return rc;
	}
	if (strcmp(name, "title") == 0) {
		escape_text(&c->buf, c->title ? c->title : "");
		return 0;
	}
	if (strcmp(name, "include") == 0) {
		xmlChar *file = xmlGetProp(n, (const xmlChar *)"file");
		int rc;
		if (file == NULL)
			return fail(c, n, "<t:include> needs file=", NULL);
		rc = compile_file_root(c, (const char *)file, n);
		xmlFree(file);
		return rc;
	}
	return fail(c, n, "unknown directive", name);
}

struct element_attrs {
	const char *if_path, *unless_path, *each, *text, *msg;
};

/* Reads the control attributes (t:if, t:each, ...); 0 or -1. */
static int
read_controls(struct compiler *c, xmlNodePtr n, struct element_attrs *ea)
{
	memset(ea, 0, sizeof(*ea));
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *)a->name, *v = attr_value(a);
		const char **slot = NULL;
		if (!attr_is_t(a))
			continue;
		if (strcmp(name, "if") == 0)
			slot = &ea->if_path;
		else if (strcmp(name, "unless") == 0)
			slot = &ea->unless_path;
		else if (strcmp(name, "each") == 0)
			slot = &ea->each;
		else if (strcmp(name, "text") == 0)
			slot = &ea->text;
		else if (strcmp(name, "msg") == 0)
			slot = &ea->msg;
		if (slot == NULL)
			continue;
		if (strcmp(name, "each") != 0 && !path_ok(v))
			return fail(c, n, "bad value path", v);
		*slot = v;
	}
	if (ea->text && ea->msg)
		return fail(c, n, "t:text and t:msg on one element", NULL);
	return 0;
}

static bool
is_control(const char *name)
{
	return strcmp(name, "if") == 0 || strcmp(name, "unless") == 0 ||
	    strcmp(name, "each") == 0 || strcmp(name, "text") == 0 ||
	    strcmp(name, "msg") == 0;
}

static bool
forbidden_attribute(const char *name)
{
	return strncasecmp(name, "on", 2) == 0 || strcasecmp(name, "style") == 0 ||
	    strcasecmp(name, "srcdoc") == 0;
}

/* One static attribute: escaped, translated when it is read by people. */
static int
compile_static_attr(struct compiler *c, xmlNodePtr n, xmlAttrPtr a)
{
	const char *name = (const char *)a->name, *v = attr_value(a);

	if (a->ns != NULL)
		return fail(c, n, "attribute in a foreign namespace", name);
	if (forbidden_attribute(name))
		return fail(c, n, "inline scripts and styles are not allowed", name);
	if (in_list(url_attributes, name) && !url_is_safe(v))
		return fail(c, n, "unsafe URL", v);
	if (xmlHasNsProp(n, a->name, (const xmlChar *)T_NS) != NULL)
		return fail(c, n, "attribute both static and dynamic", name);
	response_puts(&c->buf, " ");
	response_puts(&c->buf, name);
	response_puts(&c->buf, "=\"");
	escape_attr(&c->buf, in_list(translated_attributes, name) && v[0] ?
	    translate(c, v) : v);
	response_puts(&c->buf, "\"");
	return 0;
}

static int
compile_dynamic_attr(struct compiler *c, xmlNodePtr n, xmlAttrPtr a)
{
	const char *name = (const char *)a->name, *v = attr_value(a);
	enum op_kind kind = OP_ATTR;

	if (forbidden_attribute(name))
		return fail(c, n, "inline scripts and styles are not allowed", name);
	if (!path_ok(v))
		return fail(c, n, "bad value path", v);
	if (in_list(url_attributes, name))
		kind = OP_URL_ATTR;
	else if (in_list(bool_attributes, name))
		kind = OP_BOOL_ATTR;
	emit(c, kind, name, v);
	return 0;
}

static int
compile_start_tag(struct compiler *c, xmlNodePtr n)
{
	response_puts(&c->buf, "<");
	response_puts(&c->buf, (const char *)n->name);
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		int rc = 0;
		if (!attr_is_t(a))
			rc = compile_static_attr(c, n, a);
		else if (!is_control((const char *)a->name))
			rc = compile_dynamic_attr(c, n, a);
		if (rc == -1)
			return -1;
	}
	response_puts(&c->buf, ">");
	return 0;
}

/* The element itself, without t:each / t:if around it. */
static int
compile_element_body(struct compiler *c, xmlNodePtr n, const struct element_attrs *ea)
{
	const char *name = (const char *)n->name;
	bool is_void = in_list(void_elements, name);

	if (strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0) {
		if (n->children != NULL || ea->text || ea->msg)
			return fail(c, n, "inline scripts and styles are not allowed", name);
	}
	if (compile_start_tag(c, n) == -1)
		return -1;
	if (is_void) {
		if (n->children != NULL || ea->text || ea->msg)
			return fail(c, n, "void element with content", name);
		return 0;
	}
	if (ea->text)
		emit(c, OP_TEXT, NULL, ea->text);
	else if (ea->msg)
		emit(c, OP_MSG, NULL, ea->msg);
	else if (compile_children(c, n) == -1)
		return -1;
	response_puts(&c->buf, "</");
	response_puts(&c->buf, name);
	response_puts(&c->buf, ">");
	return 0;
}

/* Opens a block op (t:if, t:each); returns its index for close_block. */
static size_t
open_block(struct compiler *c, enum op_kind kind, const char *path, const char *var)
{
	struct op *op = emit(c, kind, NULL, path);

	op->var = var ? xstrdup(var) : NULL;
	return c->p->nops - 1;
}

static void
close_block(struct compiler *c, size_t at)
{
	emit(c, OP_END, NULL, NULL);
	c->p->ops[at].end = c->p->nops - 1;
}

/* "item in contacts" -> var "item", path "contacts". */
static int
parse_each(struct compiler *c, xmlNodePtr n, const char *each, char *var,
    size_t varsz, const char **path)
{
	const char *in = strstr(each, " in ");
	size_t vlen = in ? (size_t)(in - each) : 0;

	if (in == NULL || vlen == 0 || vlen >= varsz)
		return fail(c, n, "t:each wants \"name in path\"", each);
	memcpy(var, each, vlen);
	var[vlen] = '\0';
	*path = in + 4;
	if (!path_ok(var) || strchr(var, '.') || !path_ok(*path))
		return fail(c, n, "t:each wants \"name in path\"", each);
	return 0;
}

static int
compile_element(struct compiler *c, xmlNodePtr n)
{
	struct element_attrs ea;
	size_t each_at = 0, if_at = 0;
	char var[64];
	const char *list = NULL;
	int rc;

	if (n->ns == NULL || (strcmp((const char *)n->ns->href, XHTML_NS) != 0 &&
	    !(strcmp((const char *)n->ns->href, SVG_NS) == 0 && in_list(svg_elements, (const char *)n->name))))
		return fail(c, n, "element outside the XHTML namespace", (const char *)n->name);
	if (read_controls(c, n, &ea) == -1)
		return -1;
	if (ea.each) {
		if (parse_each(c, n, ea.each, var, sizeof(var), &list) == -1)
			return -1;
		each_at = open_block(c, OP_EACH, list, var);
	}
	if (ea.if_path || ea.unless_path)
		if_at = open_block(c, ea.if_path ? OP_IF : OP_UNLESS,
		    ea.if_path ? ea.if_path : ea.unless_path, NULL);
	rc = compile_element_body(c, n, &ea);
	if (ea.if_path || ea.unless_path)
		close_block(c, if_at);
	if (ea.each)
		close_block(c, each_at);
	return rc;
}

static int
compile_node(struct compiler *c, xmlNodePtr n)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		return is_t(n) ? compile_directive(c, n) : compile_element(c, n);
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		compile_text(c, (const char *)n->content);
		return 0;
	case XML_COMMENT_NODE:
	case XML_PI_NODE:
		return 0;
	default:
		return fail(c, n, "unsupported markup (entity or DTD?)", NULL);
	}
}

/* libxml2 reports parse errors here; the first one is kept. */
static void
keep_first_error(void *ctx, xmlErrorPtr e)
{
	char *err = ctx;

	if (err[0] == '\0' && e != NULL)
		snprintf(err, 256, "%d: %s", e->line, e->message ? e->message : "parse error");
}

/* Parses dir/file without network, entities or DTD loading. NULL with
 * the reason in c->err on failure; the caller frees the document. */
static xmlDocPtr
parse_file(struct compiler *c, const char *file, xmlNodePtr at)
{
	char path[1024], perr[256] = "";
	xmlDocPtr doc;

	if (strchr(file, '/') || file[0] == '.' || strlen(file) > 200) {
		fail(c, at, "template names are plain file names", file);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", c->dir, file);
	xmlSetStructuredErrorFunc(perr, keep_first_error);
	doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL) {
		char *nl = strchr(perr, '\n');
		if (nl)
			*nl = '\0';
		if (at != NULL)
			snprintf(c->err, c->errsz, "%s:%ld: cannot include %s: %s", c->file,
			    (long)xmlGetLineNo(at), file, perr[0] ? perr : "cannot parse");
		else
			snprintf(c->err, c->errsz, "%s:%s", path, perr[0] ? perr : " cannot parse");
		return NULL;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		snprintf(c->err, c->errsz, "%s: templates must not have a DOCTYPE "
		    "(the layout writes it)", path);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static int
compile_file_root(struct compiler *c, const char *file, xmlNodePtr at)
{
	const char *saved = c->file;
	char fullname[256];
	xmlDocPtr doc;
	int rc;

	if (++c->depth > MAX_INCLUDE_DEPTH) {
		c->depth--;
		return fail(c, at, "includes nested too deep (a cycle?)", file);
	}
	if ((doc = parse_file(c, file, at)) == NULL) {
		c->depth--;
		return -1;
	}
	snprintf(fullname, sizeof(fullname), "%s", file);
	c->file = fullname;
	rc = compile_node(c, xmlDocGetRootElement(doc));
	c->file = saved;
	c->depth--;
	xmlFreeDoc(doc);
	return rc;
}

/* Compiles a page document (root <t:page>) for c->lang into c->p. */
static int
compile_page_doc(struct compiler *c, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlChar *layout, *title;
	int rc;

	if (root == NULL || !is_t(root) || strcmp((const char *)root->name, "page") != 0)
		return fail(c, root, "a page's root element must be <t:page>", NULL);
	layout = xmlGetProp(root, (const xmlChar *)"layout");
	title = xmlGetProp(root, (const xmlChar *)"title");
	c->page_root = root;
	c->page_file = c->file;
	c->title = title ? translate(c, (const char *)title) : NULL;
	response_puts(&c->buf, "<!DOCTYPE html>\n");
	if (layout)
		rc = compile_file_root(c, (const char *)layout, root);
	else
		rc = compile_children(c, root);
	flush(c);
	xmlFree(layout);
	xmlFree(title);
	return rc;
}

static void
page_free(struct page *p)
{
	for (size_t i = 0; i < p->nops; i++) {
		free(p->ops[i].s);
		free(p->ops[i].path);
		free(p->ops[i].var);
	}
	for (size_t i = 0; i < p->nmissing; i++)
		free(p->missing[i]);
	free(p->ops);
	free(p->missing);
	free(p->name);
}

static void
registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++)
		page_free(&r->pages[i]);
	free(r->pages);
	memset(r, 0, sizeof(*r));
}

/* Compiles doc as page name in every language into r. */
static int
compile_all_languages(struct registry *r, const char *dir, const char *name,
    const char *file, xmlDocPtr doc, char *err, size_t errsz)
{
	for (int l = 0; l < LANG__MAX; l++) {
		struct compiler c = { .lang = (enum lang)l, .dir = dir, .file = file,
		    .err = err, .errsz = errsz };
		struct page *p;
		int rc;

		r->pages = xrealloc(r->pages, (r->n + 1) * sizeof(*r->pages));
		p = &r->pages[r->n++];
		memset(p, 0, sizeof(*p));
		p->name = xstrdup(name);
		p->lang = (enum lang)l;
		c.p = p;
		arena_init(&c.arena);
		response_init(&c.buf, &c.arena);
		rc = compile_page_doc(&c, doc);
		arena_reset(&c.arena);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static int
load_page(struct registry *r, const char *dir, const char *file, char *err, size_t errsz)
{
	struct compiler c = { .dir = dir, .file = file, .err = err, .errsz = errsz };
	char name[256];
	xmlDocPtr doc;
	int rc;

	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 6), file);
	if ((doc = parse_file(&c, file, NULL)) == NULL)
		return -1;
	rc = compile_all_languages(r, dir, name, file, doc, err, errsz);
	xmlFreeDoc(doc);
	return rc;
}

static int
is_template_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '_' && d->d_name[0] != '.' && n > 6 &&
	    strcmp(d->d_name + n - 6, ".xhtml") == 0;
}

/* Makes r the current registry when rc says it compiled, else drops it;
 * the running templates stay until a complete new set replaces them. */
static int
install(struct registry *r, int rc)
{
	if (rc == -1) {
		registry_free(r);
		return -1;
	}
	registry_free(&current);
	current = *r;
	return 0;
}

int
tmpl_load(const char *dir, char *err, size_t errsz)
{
	struct registry r = { 0 };
	struct dirent **files;
	int n, rc = 0;

	if ((n = scandir(dir, &files, is_template_file, alphasort)) < 0) {
		snprintf(err, errsz, "templates directory %s: cannot list it", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (rc == 0 && load_page(&r, dir, files[i]->d_name, err, errsz) == -1)
			rc = -1;
		free(files[i]);
	}
	free(files);
	if (rc == 0 && r.n == 0) {
		snprintf(err, errsz, "templates directory %s holds no page", dir);
		rc = -1;
	}
	return install(&r, rc);
}

int
tmpl_load_string(const char *dir, const char *text, size_t len, char *err, size_t errsz)
{
	struct registry r = { 0 };
	char perr[256] = "";
	xmlDocPtr doc;
	int rc;

	if (len > MAX_TEMPLATE_BYTES) {
		snprintf(err, errsz, "test: template too large");
		return -1;
	}
	xmlSetStructuredErrorFunc(perr, keep_first_error);
	doc = xmlReadMemory(text, (int)len, "test.xhtml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL) {
		snprintf(err, errsz, "test.xhtml:%.200s", perr[0] ? perr : " cannot parse");
		return -1;
	}
	if (doc->intSubset != NULL) {
		snprintf(err, errsz, "test.xhtml: templates must not have a DOCTYPE");
		xmlFreeDoc(doc);
		return -1;
	}
	rc = compile_all_languages(&r, dir, "test", "test.xhtml", doc, err, errsz);
	xmlFreeDoc(doc);
	return install(&r, rc);
}

void
tmpl_free(void)
{
	registry_free(&current);
}

/* ---- rendering ---- */

struct scope {
	const char *var;
	const struct tval *val;
	const struct scope *up;
};

struct render {
	const struct page *p;
	const struct tval *data;
	struct response *out;
};

static const struct tval *
resolve(const struct render *r, const struct scope *sc, const char *path)
{
	size_t len = strcspn(path, ".");

	for (; sc != NULL; sc = sc->up)
		if (strlen(sc->var) == len && strncmp(sc->var, path, len) == 0)
			return path[len] ? tv_get(sc->val, path + len + 1) : sc->val;
	return tv_get(r->data, path);
}

static const char *
string_at(const struct render *r, const struct scope *sc, const char *path)
{
	const struct tval *v = resolve(r, sc, path);

	return v != NULL && v->kind == TV_STR ? v->s : NULL;
}

static void
render_attr(const struct render *r, const struct op *op, const char *v)
{
	if (v == NULL)
		return;
	if (op->kind == OP_URL_ATTR && !url_is_safe(v)) {
		char esc[128];
		crm_warnx("page %s: unsafe URL left out of %s: %s", r->p->name, op->s,
		    log_escape(esc, sizeof(esc), v));
		return;
	}
	response_puts(r->out, " ");
	response_puts(r->out, op->s);
	response_puts(r->out, "=\"");
	escape_attr(r->out, v);
	response_puts(r->out, "\"");
}

static void render_range(const struct render *r, size_t from, size_t to,
    const struct scope *sc);

static void
render_each(const struct render *r, const struct op *op, size_t at, const struct scope *sc)
{
	const struct tval *list = resolve(r, sc, op->path);

	if (list == NULL || list->kind != TV_LIST)
		return;
	for (size_t i = 0; i < list->n; i++) {
		struct scope inner = { op->var, list->items[i], sc };
		render_range(r, at + 1, op->end, &inner);
	}
}

static void
render_range(const struct render *r, size_t from, size_t to, const struct scope *sc)
{
	for (size_t i = from; i < to; i++) {
		const struct op *op = &r->p->ops[i];
		switch (op->kind) {
		case OP_STATIC:
			response_write(r->out, op->s, op->len);
			break;
		case OP_TEXT:
			escape_text(r->out, string_at(r, sc, op->path));
			break;
		case OP_MSG: {
			const char *id = string_at(r, sc, op->path);
			if (id != NULL)
				escape_text(r->out, i18n_get(r->p->lang, NULL, id));
			break;
		}
		case OP_ATTR:
		case OP_URL_ATTR:
			render_attr(r, op, string_at(r, sc, op->path));
			break;
		case OP_BOOL_ATTR:
			if (tv_truthy(resolve(r, sc, op->path)))
				render_attr(r, op, op->s);
			break;
		case OP_IF:
		case OP_UNLESS:
			if (tv_truthy(resolve(r, sc, op->path)) != (op->kind == OP_IF))
				i = op->end;
			break;
		case OP_EACH:
			render_each(r, op, i, sc);
			i = op->end;
			break;
		case OP_END:
			break;
		}
	}
}

static const struct page *
find_page(const char *name, enum lang lang)
{
	for (size_t i = 0; i < current.n; i++)
		if (current.pages[i].lang == lang && strcmp(current.pages[i].name, name) == 0)
			return &current.pages[i];
	return NULL;
}

int
tmpl_render(struct response *out, const char *name, enum lang lang, const struct tval *data)
{
	const struct page *p = find_page(name, lang);
	struct render r = { p, data, out };

	if (p == NULL) {
		crm_err("no template named %s", name);
		return -1;
	}
	render_range(&r, 0, p->nops, NULL);
	return 0;
}

size_t
tmpl_missing(enum lang lang, void (*fn)(const char *, const char *, void *), void *arg)
{
	size_t n = 0;

	for (size_t i = 0; i < current.n; i++) {
		const struct page *p = &current.pages[i];
		if (p->lang != lang)
			continue;
		for (size_t k = 0; k < p->nmissing; k++, n++)
			if (fn)
				fn(p->name, p->missing[k], arg);
	}
	return n;
}
