/* qr.c: owns QR code rendering. Encodes text with libqrencode and writes
 * the symbol as a self-contained SVG element: markup only (no script, no
 * style attribute, no data: URI), so the enrolment page can inline it
 * under a strict Content-Security-Policy. The QRcode from libqrencode is
 * freed before returning; the SVG lives in the caller's arena. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "arena.h"
#include "qr.h"

#define QUIET 4		/* modules of white border, as ISO/IEC 18004 asks */
#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* Writes the "M x y hN v1 h-N z" runs of q's dark modules to buf[0..cap)
 * (nothing is written when buf is NULL). Returns the length of the whole
 * path data, which the caller uses to size buf on a first pass. */
static size_t
path_runs(const QRcode *q, char *buf, size_t cap)
{
	size_t len = 0;
	int w = q->width;

	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w; ) {
			int run = 0;

			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (run == 0) {
				x++;
				continue;
			}
			len += (size_t)snprintf(buf ? buf + len : NULL, buf ? cap - len : 0,
			    "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	return len;
}

/* Length of the well-formed UTF-8 sequence at s, or 0 when malformed
 * (overlong forms, surrogates and values above U+10FFFF included). */
static size_t
utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k <= n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return n + 1;
}

/* The replacement for one UTF-8 sequence s of length n inside a
 * double-quoted attribute, or NULL when it is copied as is. Besides the
 * escape_attr rules, U+FFFE and U+FFFF become U+FFFD: XML forbids them. */
static const char *
attr_rep(const unsigned char *s, size_t n)
{
	if (n == 0)
		return REPLACEMENT;
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return REPLACEMENT;	/* C1 controls */
	if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return REPLACEMENT;
	if (n > 1)
		return NULL;
	switch (*s) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': return "&#9;";	/* attribute normalisation would turn */
	case '\n': return "&#10;";	/* these into spaces otherwise */
	case '\r': return "&#13;";
	default:
		return *s < 0x20 || *s == 0x7f ? REPLACEMENT : NULL;
	}
}

/* label escaped for a double-quoted attribute, in the arena. */
static char *
attr_escape(struct arena *a, const char *label)
{
	const unsigned char *s = (const unsigned char *)label;
	char *out = arena_alloc(a, strlen(label) * 6 + 1), *o = out;

	while (*s) {
		size_t n = utf8_seq(s);
		const char *rep = attr_rep(s, n);

		if (n == 0)
			n = 1;
		if (rep != NULL) {
			memcpy(o, rep, strlen(rep));
			o += strlen(rep);
		} else {
			memcpy(o, s, n);
			o += n;
		}
		s += n;
	}
	*o = '\0';
	return out;
}

const char *
qr_path(struct arena *a, const char *text, int *size)
{
	QRcode *q;
	char *path;
	size_t plen;

	if (size != NULL)
		*size = 0;
	if (a == NULL || text == NULL || size == NULL ||
	    strnlen(text, QR_MAX_TEXT + 1) > QR_MAX_TEXT)
		return NULL;
	q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return NULL;
	plen = path_runs(q, NULL, 0);
	path = arena_alloc(a, plen + 1);
	path_runs(q, path, plen + 1);
	*size = q->width + 2 * QUIET;
	QRcode_free(q);
	return path;
}

const char *
qr_svg(struct arena *a, const char *text, const char *label)
{
	int size;
	const char *path = qr_path(a, text, &size);

	if (path == NULL)
		return NULL;
	return arena_printf(a, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\" "
	    "shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>"
	    "<path fill=\"#000000\" d=\"%s\"/></svg>",
	    size, size, size * 4, size * 4, attr_escape(a, label ? label : ""), size, size, path);
}
