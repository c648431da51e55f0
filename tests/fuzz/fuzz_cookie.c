/* fuzz_cookie.c: fuzzes the Cookie header parser. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	char *h;
	const char *v;

	arena_init(&a);
	h = arena_strndup(&a, (const char *)data, size);
	if (strlen(h) == size) {
		v = cookie_get(&a, h, "__Host-csrf");
		if (v != NULL && (strchr(v, ';') || strchr(v, ' ') || strchr(v, '"')))
			abort();	/* a value must be cookie-octets only */
		(void)cookie_get(&a, h, "a");
	}
	arena_reset(&a);
	return 0;
}
