/* qr.c: owns QR code rendering. Encodes text with libqrencode and turns
 * the symbol into SVG path data; the template draws it inside an inline
 * <svg> (no data: URI, so the strict Content-Security-Policy holds). The
 * QRcode from libqrencode is freed before returning; the path lives in
 * the caller's arena. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "arena.h"
#include "qr.h"

#define QUIET 4		/* modules of white border, as ISO/IEC 18004 asks */

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

const char *
qr_path(struct arena *a, const char *text, int *size)
{
	QRcode *q;
	char *path;
	size_t plen;

	if (size != NULL)
		*size = 0;
	if (a == NULL || text == NULL || size == NULL || text[0] == '\0' ||
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
