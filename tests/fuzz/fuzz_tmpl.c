/* fuzz_tmpl.c: fuzzes the template compiler with arbitrary XHTML and
 * renders whatever compiles against hostile data. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct arena a;
	struct response out;
	struct tval *d, *list;

	if (tmpl_load_string("/nonexistent", (const char *)data, size, err, sizeof(err)) == -1)
		return 0;
	arena_init(&a);
	d = tv_map(&a);
	tv_str(d, "v", "<script>alert(1)</script>\"'&");
	tv_str(d, "u", "javascript:alert(1)");
	tv_bool(d, "b", true);
	list = tv_list(d, "l");
	tv_append_str(list, "x\xff<y>");
	tv_str(tv_append_map(list), "v", "\"><svg onload=1>");
	for (int l = 0; l < LANG__MAX; l++) {
		response_init(&out, &a);
		tmpl_render(&out, "test", (enum lang)l, d);
		if (out.len && strstr(out.body, "<script>alert") != NULL)
			abort();	/* data printed as markup */
	}
	arena_reset(&a);
	tmpl_free();
	return 0;
}
