/* fuzz_po.c: fuzzes po_parse on raw PO catalog text and, on the same bytes
 * as a NUL-terminated string, i18n_negotiate and lang_from_code. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every string handed out is non-empty (msgid, msgstr), at most 64 KiB
 * and valid UTF-8; anything else is a parser bug. */
static void
check_string(const char *s, bool nonempty)
{
	size_t n = strlen(s);

	if ((nonempty && n == 0) || n > (64u << 10) || !utf8_valid(s, n))
		abort();
}

static void
check_entry(const char *ctx, const char *msgid, const char *msgstr, void *arg)
{
	if (ctx != NULL)
		check_string(ctx, false);
	check_string(msgid, true);
	check_string(msgstr, true);
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	size_t entries = 0;
	char *text;
	int rc, lang;

	/* An exact-size heap copy so ASan sees any read past the end. */
	text = malloc(size ? size : 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	err[0] = '\0';
	rc = po_parse(text, size, "fuzz.po", check_entry, &entries, err, sizeof(err));
	if ((rc != 0 && rc != -1) || (rc == -1 && strncmp(err, "fuzz.po:", 8) != 0))
		abort();
	if (entries > size / 16)	/* msgid "x"\nmsgstr "y"\n is 22 bytes */
		abort();
	free(text);

	/* The same bytes as a C string (up to the first NUL), exact size. */
	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if ((unsigned)i18n_negotiate(text) >= LANG__MAX)
		abort();
	lang = lang_from_code(text);
	if (lang < -1 || lang >= LANG__MAX)
		abort();
	free(text);
	return 0;
}
