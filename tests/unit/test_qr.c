/* test_qr.c: tests qr_svg: well-formed SVG (parsed with libxml2), no
 * script, style or event attributes, label escaping, the size limit, and
 * the module count against libqrencode's own symbol. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <qrencode.h>

#include "arena.h"
#include "qr.h"
#include "tap.h"

/* A literal as libxml2 strings, without casting const away. */
#define X(s) ((const xmlChar *)(s))

#define URI "otpauth://totp/ACME%20Corp:sam%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" \
	"&issuer=ACME%20Corp&algorithm=SHA1&digits=6&period=30"

/* svg parsed without network access, or NULL when not well-formed XML. */
static xmlDocPtr
parse(const char *svg)
{
	if (svg == NULL)
		return NULL;
	return xmlReadMemory(svg, (int)strlen(svg), "qr.svg", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* True when no element under n has an on* or style attribute or is a script. */
static bool
inert(xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, X("script")) == 0)
			return false;
		for (xmlAttrPtr at = n->properties; at != NULL; at = at->next)
			if (xmlStrncasecmp(at->name, X("on"), 2) == 0 ||
			    xmlStrcasecmp(at->name, X("style")) == 0)
				return false;
		if (!inert(n->children))
			return false;
	}
	return true;
}

/* The root's attribute name as a malloc'd string (xmlFree), or NULL. */
static char *
root_attr(xmlDocPtr doc, const char *name)
{
	xmlNodePtr r = doc ? xmlDocGetRootElement(doc) : NULL;

	return r ? (char *)xmlGetProp(r, X(name)) : NULL;
}

/* Dark modules drawn by the path in svg: the sum of the hN runs. */
static long
dark_in_path(const char *svg)
{
	const char *d = strstr(svg, " d=\"");
	long n = 0;

	if (d == NULL)
		return -1;
	for (const char *p = d + 4; *p && *p != '"'; p++)
		if (*p == 'h' && p[1] != '-')
			n += strtol(p + 1, NULL, 10);
	return n;
}

static void
test_shape(struct arena *a)
{
	const char *svg = qr_svg(a, URI, "Scan with your authenticator app");
	xmlDocPtr doc = parse(svg);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	char *vb = root_attr(doc, "viewBox"), *role = root_attr(doc, "role");
	QRcode *q = QRcode_encodeString(URI, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	char want[64];
	long dark = 0;

	ok(svg != NULL, "qr_svg returns markup for an otpauth URI");
	ok(doc != NULL, "the markup is well-formed XML");
	ok(root != NULL && xmlStrcmp(root->name, X("svg")) == 0, "the root element is svg");
	ok(root != NULL && root->ns != NULL &&
	    xmlStrcmp(root->ns->href, X("http://www.w3.org/2000/svg")) == 0, "in the SVG namespace");
	ok(svg != NULL && strstr(svg, "<path") != NULL && strstr(svg, "<rect") != NULL,
	    "contains a background rect and a path");
	ok(role != NULL && strcmp(role, "img") == 0, "role=\"img\"");
	ok(svg != NULL && strstr(svg, "<script") == NULL && strstr(svg, "style=") == NULL &&
	    strstr(svg, "data:") == NULL && root != NULL && inert(root),
	    "no script, style, on* attributes or data: URI");
	ok(q != NULL && vb != NULL && (snprintf(want, sizeof(want), "0 0 %d %d",
	    q->width + 8, q->width + 8), strcmp(vb, want) == 0),
	    "viewBox is QRcode->width plus a 4-module quiet zone each side");
	if (q != NULL)
		for (int i = 0; i < q->width * q->width; i++)
			dark += q->data[i] & 1;
	ok(svg != NULL && q != NULL && dark_in_path(svg) == dark,
	    "the path draws exactly the dark modules (%ld)", dark);
	ok(svg != NULL && strstr(svg, "h1v1h-1z") != NULL && strstr(svg, "v1h-2z") != NULL,
	    "runs are merged horizontally");
	QRcode_free(q);
	xmlFree(vb);
	xmlFree(role);
	xmlFreeDoc(doc);
}

static void
test_label(struct arena *a)
{
	const char *svg = qr_svg(a, "x", "<\"&>'");
	xmlDocPtr doc = parse(svg);
	char *label = root_attr(doc, "aria-label");

	ok(svg != NULL && strstr(svg, "aria-label=\"&lt;&quot;&amp;&gt;&#39;\"") != NULL,
	    "label <\"&>' is escaped");
	ok(label != NULL && strcmp(label, "<\"&>'") == 0, "and parses back to the label");
	xmlFree(label);
	xmlFreeDoc(doc);
	svg = qr_svg(a, "x", "bad \xff\x01 \xef\xbf\xbe utf-8\n");
	doc = parse(svg);
	ok(doc != NULL, "invalid UTF-8, controls and U+FFFE in the label stay well-formed");
	xmlFreeDoc(doc);
	svg = qr_svg(a, "x", NULL);
	ok(svg != NULL && strstr(svg, "aria-label=\"\"") != NULL, "NULL label is empty");
}

static void
test_limits(struct arena *a)
{
	char big[2001];
	const char *s1, *s2;

	memset(big, 'a', sizeof(big) - 1);
	big[2000] = '\0';
	ok(qr_svg(a, big, "big") == NULL, "2000-byte text refused");
	big[1025] = '\0';
	ok(qr_svg(a, big, "big") == NULL, "1025-byte text refused");
	big[1024] = '\0';
	ok(qr_svg(a, big, "big") != NULL, "1024-byte text accepted");
	ok(qr_svg(a, NULL, "x") == NULL, "NULL text refused");
	ok(qr_svg(a, "", "x") == NULL, "empty text refused");
	s1 = qr_svg(a, "a", "x");
	big[300] = '\0';
	s2 = qr_svg(a, big, "x");
	ok(s1 != NULL && s2 != NULL && strlen(s2) > strlen(s1), "size grows with input");
	ok(s1 != NULL && strstr(s1, "viewBox=\"0 0 29 29\"") != NULL, "one byte gives a version 1 symbol");
}

static void
test_path(struct arena *a)
{
	int size = -1;
	const char *p = qr_path(a, URI, &size);
	const char *svg = qr_svg(a, URI, "x");
	char *d = NULL;

	if (p != NULL && svg != NULL)
		d = arena_printf(a, " d=\"%s\"/></svg>", p);
	ok(p != NULL && strspn(p, "0123456789Mhvz- ") == strlen(p), "qr_path is bare path data");
	ok(d != NULL && strstr(svg, d) != NULL, "qr_path matches the path in qr_svg");
	ok(svg != NULL && size > 0 && strstr(svg, arena_printf(a, "viewBox=\"0 0 %d %d\"", size, size)) != NULL,
	    "qr_path's size matches qr_svg's viewBox");
	size = -1;
	ok(qr_path(a, "", &size) == NULL && size == 0, "qr_path refuses empty text and zeroes size");
}

int
main(void)
{
	struct arena a;

	xmlInitParser();
	arena_init(&a);
	test_shape(&a);
	test_label(&a);
	test_limits(&a);
	test_path(&a);
	arena_reset(&a);
	xmlCleanupParser();
	return tap_done();
}
