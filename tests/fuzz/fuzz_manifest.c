/* fuzz_manifest.c: fuzzes the manifest parser (backup_manifest_parse).
 * A refusal must say why. What it accepts must keep the format's limits,
 * render (the text backup_manifest_write signs and writes) within
 * MANIFEST_MAX_BYTES, parse back equal, and render again to the same
 * bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backup_manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct backup_manifest m, back;
static char text[MANIFEST_MAX_BYTES], again[MANIFEST_MAX_BYTES];

/* Names and ids are single words; times are 19 bytes; no line ends. */
static void
check(const struct backup_manifest *x)
{
	if (x->format != 1 || x->installation[0] == '\0' || x->name[0] == '\0' ||
	    strlen(x->created_at) != 19 || strlen(x->finished_at) != 19 || x->schema_version <= 0 ||
	    x->nfiles == 0 || x->nfiles > MANIFEST_FILES_MAX || x->ntables > DUMP_TABLES_MAX ||
	    strchr(x->server, '\n') != NULL || strpbrk(x->installation, " \n") != NULL ||
	    strpbrk(x->name, " \n") != NULL || strpbrk(x->binlog_file, " \n") != NULL)
		abort();
	for (size_t i = 0; i < x->ntables; i++)
		if (x->tables[i].name[0] == '\0' || strpbrk(x->tables[i].name, " \n") != NULL ||
		    backup_manifest_table(x, x->tables[i].name) == NULL)
			abort();
	for (size_t i = 0; i < x->nfiles; i++)
		if (x->files[i].name[0] == '\0' || strpbrk(x->files[i].name, " \n") != NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[300] = "";
	int len, len2;

	if (backup_manifest_parse((const char *)data, size, &m, err, sizeof(err)) == -1) {
		if (err[0] == '\0')
			abort();
		return 0;
	}
	check(&m);
	len = backup_manifest_render(&m, text, sizeof(text));
	if (len <= 0 || (size_t)len != strlen(text))
		abort();
	if (backup_manifest_parse(text, (size_t)len, &back, err, sizeof(err)) == -1 ||
	    !backup_manifest_equal(&m, &back))
		abort();
	len2 = backup_manifest_render(&back, again, sizeof(again));
	if (len2 != len || memcmp(text, again, (size_t)len) != 0)
		abort();
	return 0;
}
