/* fuzz_totp.c: fuzzes totp_verify and recovery_code_hash on arbitrary
 * strings: no crash, and totp_verify returns 0 or one of its three
 * candidate steps, never one at or before last_used_step. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "totp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char secret[TOTP_SECRET_BYTES] = "12345678901234567890";
	const time_t now = 1700000000;
	const uint64_t step = totp_step(now);
	uint64_t last = 0, r;
	struct arena a;
	const char *h;
	char *text;

	if (size >= 1) {	/* the first byte picks last_used_step around now */
		last = step - 3 + (data[0] % 6);
		data++;
		size--;
	}
	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	r = totp_verify(secret, text, now, last);
	if (r != 0 && ((r != step - 1 && r != step && r != step + 1) || r <= last))
		abort();
	arena_init(&a);
	h = recovery_code_hash(&a, text);
	if (h != NULL && strlen(h) != 64)
		abort();
	arena_reset(&a);
	free(text);
	return 0;
}
