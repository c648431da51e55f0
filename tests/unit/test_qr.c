/* test_qr.c: QR symbols as SVG path data: the path draws exactly the dark
 * modules libqrencode computes, inside the quiet zone, and bad input is
 * refused. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "qr.h"
#include "tap.h"

/* Paints the runs of path into a size x size grid; returns the number of
 * dark modules, or -1 when the path is not made of "MxyhNv1h-Nz" runs. */
static int
paint(const char *path, int size, unsigned char *grid)
{
	int dark = 0, x, y, n, m, used;

	while (*path) {
		if (sscanf(path, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &m, &used) != 4 || n != m ||
		    x < 0 || y < 0 || n < 1 || x + n > size || y >= size)
			return -1;
		for (int i = 0; i < n; i++) {
			if (grid[y * size + x + i])
				return -1;	/* runs overlap */
			grid[y * size + x + i] = 1;
			dark++;
		}
		path += used;
	}
	return dark;
}

static void
check_symbol(struct arena *a, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int size = -1, dark, expect = 0, same = 1;
	const char *path = qr_path(a, text, &size);
	unsigned char *grid;

	ok(q != NULL && path != NULL, "\"%.20s...\" encodes", text);
	if (q == NULL || path == NULL) {
		QRcode_free(q);
		return;
	}
	ok(size == q->width + 8, "viewBox side is the symbol plus two quiet zones (%d)", size);
	ok(strspn(path, "Mhvz-0123456789 ") == strlen(path), "path holds only path commands and numbers");
	grid = calloc((size_t)size * (size_t)size, 1);
	dark = paint(path, size, grid);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++) {
			int d = q->data[y * q->width + x] & 1;
			expect += d;
			same &= grid[(y + 4) * size + x + 4] == d;
		}
	ok(dark == expect && same, "the path draws exactly the %d dark modules", expect);
	for (int i = 0; i < size; i++)
		same &= !grid[i] && !grid[(size - 1) * size + i] && !grid[i * size] && !grid[i * size + size - 1];
	ok(same, "the quiet zone stays white");
	free(grid);
	QRcode_free(q);
}

int
main(void)
{
	struct arena a;
	char big[2001];
	int size = 7, s1 = 0, s2 = 0;

	arena_init(&a);
	check_symbol(&a, "otpauth://totp/CRM:sam?secret=JBSWY3DPEHPK3PXP&issuer=CRM&algorithm=SHA1&digits=6&period=30");
	check_symbol(&a, "A");
	check_symbol(&a, "张伟 <\"&'> \xe2\x80\xae");
	qr_path(&a, "short", &s1);
	memset(big, 'x', 1000);
	big[1000] = '\0';
	qr_path(&a, big, &s2);
	ok(s2 > s1, "more text, a larger symbol (%d > %d)", s2, s1);
	memset(big, 'x', 2000);
	big[2000] = '\0';
	ok(qr_path(&a, big, &size) == NULL && size == 0, "2000 bytes refused, size 0");
	big[1025] = '\0';
	ok(qr_path(&a, big, &size) == NULL, "1025 bytes refused");
	big[1024] = '\0';
	ok(qr_path(&a, big, &size) != NULL, "1024 bytes accepted");
	ok(qr_path(&a, NULL, &size) == NULL && qr_path(&a, "", &size) == NULL, "NULL and empty text refused");
	ok(qr_path(&a, "x", NULL) == NULL, "NULL size refused");
	arena_reset(&a);
	return tap_done();
}
