/* fuzz_multipart.c: fuzzes multipart_parse with a Content-Type header value and a multipart body. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "multipart.h"
#include "request.h"
#include "utf8.h"

/* Input: the Content-Type header value up to the first '\n', then the body. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when s is a C string of valid UTF-8 (so NUL-free by construction). */
static int
is_text(const char *s)
{
	return s != NULL && utf8_valid(s, strlen(s));
}

/* Every field, even in a partial result after an error, went through the
 * checks: valid UTF-8, NUL-free, within its limit, a copy of body bytes. */
static void
check(const struct param_list *form, const struct upload *uploads,
    const struct multipart_limits *lim, const char *body, size_t len)
{
	int n = 0, nfiles = 0;

	for (const struct param *p = form->head; p != NULL; p = p->next, n++)
		if (!is_text(p->key) || strlen(p->value) != p->value_len ||
		    !utf8_valid(p->value, p->value_len) || p->value_len > lim->max_field ||
		    (p->value_len > 0 && memmem(body, len, p->value, p->value_len) == NULL))
			abort();
	if (n != form->count)
		abort();
	for (const struct upload *u = uploads; u != NULL; u = u->next, nfiles++)
		if (!is_text(u->field) || !is_text(u->filename) || strpbrk(u->filename, "/\\") != NULL ||
		    u->content_type == NULL || u->content_type[0] == '\0' ||
		    u->len > lim->max_file || u->data[u->len] != '\0' ||
		    (u->len > 0 && memmem(body, len, u->data, u->len) == NULL))
			abort();
	if (nfiles > lim->max_files || n + nfiles > lim->max_parts)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena arena;
	static struct multipart_limits lim;
	static int init;
	struct param_list form = { NULL, NULL, 0 };
	struct upload *uploads = NULL;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t ctlen = nl ? (size_t)(nl - data) : size;
	size_t blen = nl ? size - ctlen - 1 : 0;
	char *ct, *body;
	int st;

	if (!init) {
		arena_init(&arena);
		multipart_limits_default(&lim);
		lim.max_parts = 8;	/* small limits so the fuzzer reaches them */
		lim.max_field = 64;
		lim.max_file = 256;
		lim.max_files = 3;
		lim.max_part_headers = 256;
		init = 1;
	}
	/* Exact-size heap copies so ASan sees any read past the end; the
	 * header value is a C string, as FastCGI hands it over. */
	ct = malloc(ctlen + 1);
	body = malloc(blen ? blen : 1);
	if (ct == NULL || body == NULL)
		abort();
	memcpy(ct, data, ctlen);
	ct[ctlen] = '\0';
	if (blen > 0)
		memcpy(body, nl + 1, blen);

	st = multipart_parse(&arena, ct, body, blen, &lim, &form, &uploads);
	if (st != 0 && st != 400 && st != 413)
		abort();
	check(&form, uploads, &lim, body, blen);
	free(ct);
	free(body);
	arena_reset(&arena);
	return 0;
}
