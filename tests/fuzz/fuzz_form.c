/* fuzz_form.c: fuzzes form_decode (and url_decode) on raw application/x-www-form-urlencoded bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "request.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena arena;
	static struct request_limits lim;
	static int init;
	struct param_list list = { NULL, NULL, 0 };
	enum decode_status st;
	char *in, *out;
	size_t outlen;

	if (!init) {
		arena_init(&arena);
		request_limits_default(&lim);
		lim.max_params = 32;	/* small limits so the fuzzer reaches them */
		lim.max_key = 16;
		lim.max_value = 64;
		init = 1;
	}
	/* An exact-size heap copy so ASan sees any read past the end. */
	in = malloc(size ? size : 1);
	if (in == NULL)
		abort();
	memcpy(in, data, size);

	st = form_decode(&list, &arena, in, size, &lim);
	if ((unsigned)st >= DECODE__MAX)
		abort();
	if (list.count > lim.max_params)
		abort();
	if (st == DECODE_OK) {
		int n = 0;
		for (const struct param *p = list.head; p != NULL; p = p->next, n++) {
			size_t klen = strlen(p->key);
			if (klen > lim.max_key || p->value_len > lim.max_value ||
			    strlen(p->value) != p->value_len ||
			    !utf8_valid(p->key, klen) || !utf8_valid(p->value, p->value_len))
				abort();
		}
		if (n != list.count)
			abort();
	}

	for (int plus = 0; plus < 2; plus++) {
		st = url_decode(&arena, in, size, plus != 0, &out, &outlen);
		if (st == DECODE_OK && (outlen > size || strlen(out) != outlen ||
		    !utf8_valid(out, outlen) || (plus && memchr(out, '+', outlen) != NULL &&
		    memchr(in, '%', size) == NULL)))
			abort();
	}
	free(in);
	arena_reset(&arena);
	return 0;
}
