/* fuzz_request.c: fuzzes request_from_params and request_set_body with FastCGI params and a body. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "request.h"
#include "utf8.h"

/* Input: "NAME=value" params separated by '\n'; after the first "\n\n"
 * comes the body, given to request_set_body when the params were good. */

#define MAX_PARAMS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct arena arena;

/* Every decoded value is a C string of value_len bytes of valid UTF-8. */
static void
check_list(const struct param_list *l, const struct request_limits *lim)
{
	int n = 0;

	for (const struct param *p = l->head; p != NULL; p = p->next, n++) {
		size_t klen = strlen(p->key);
		if (strlen(p->value) != p->value_len || !utf8_valid(p->value, p->value_len) ||
		    !utf8_valid(p->key, klen) || klen > lim->max_key || p->value_len > lim->max_value)
			abort();
		if (p->next == NULL && p != l->tail)
			abort();
	}
	if (n != l->count || n > lim->max_params)
		abort();
}

/* What a request that passed must look like. */
static void
check_request(const struct request *r, const struct request_limits *lim)
{
	size_t plen = strlen(r->path);

	if (r->path[0] != '/' || !utf8_valid(r->path, plen) || strstr(r->path, "//") != NULL ||
	    strstr(r->path, "/./") != NULL || strstr(r->path, "/../") != NULL)
		abort();
	if ((plen >= 2 && strcmp(r->path + plen - 2, "/.") == 0) ||
	    (plen >= 3 && strcmp(r->path + plen - 3, "/..") == 0))
		abort();
	for (size_t i = 0; i < plen; i++)
		if ((unsigned char)r->path[i] < 0x20 || r->path[i] == 0x7f)
			abort();
	if ((unsigned)r->method >= METHOD__MAX || r->content_length < 0 ||
	    r->content_length > lim->max_body)
		abort();
	check_list(&r->query, lim);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct request_limits lim;
	static int init;
	const char *envp[MAX_PARAMS + 1];
	const char *body = NULL;
	size_t hlen = size, blen = 0, n = 0;
	struct request r;
	char *params;

	if (!init) {
		arena_init(&arena);
		request_limits_default(&lim);
		init = 1;
	}
	for (size_t i = 0; i + 1 < size; i++)
		if (data[i] == '\n' && data[i + 1] == '\n') {
			hlen = i;
			body = (const char *)data + i + 2;
			blen = size - i - 2;
			break;
		}

	/* The params as C strings, as libfcgi hands them over. */
	params = arena_strndup(&arena, (const char *)data, hlen);
	for (char *p = params; n < MAX_PARAMS; ) {
		char *nl = memchr(p, '\n', hlen - (size_t)(p - params));
		envp[n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	envp[n] = NULL;

	if (request_from_params(&r, &arena, envp, &lim) == 0) {
		check_request(&r, &lim);
		if (body != NULL) {
			/* A copy of exactly blen bytes so ASan sees any overread. */
			char *b = malloc(blen ? blen : 1);
			int st;
			if (b == NULL)
				abort();
			memcpy(b, body, blen);
			st = request_set_body(&r, b, blen, &lim);
			if (st != 0 && st != 400 && st != 413 && st != 415)
				abort();
			if (st == 0)
				check_list(&r.form, &lim);
			free(b);
		}
	}
	arena_reset(&arena);
	return 0;
}
