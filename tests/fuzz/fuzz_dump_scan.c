/* fuzz_dump_scan.c: fuzzes the dump scanner (dump_scan.h). The input is
 * scanned whole, cut in two at a place taken from its first byte, and in
 * pieces of a size taken from its second: all three must find the same
 * tables, rows, SHA-256s, binary log position, completed flag and error.
 * Whatever it finds must keep the limits (tables, name lengths, rows no
 * more than lines), and a failed scan must say why. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct result {
	int rc;
	char error[160];
	size_t ntables;
	struct dump_table tables[DUMP_TABLES_MAX];
	char binlog_file[DUMP_NAME_MAX + 1];
	unsigned long long binlog_pos;
	bool completed;
};

static struct result whole, cut, pieces;

/* Scans p[0..len): first bytes (0 too), then pieces of step bytes. */
static void
scan(const char *p, size_t len, size_t first, size_t step, struct result *r)
{
	struct dump_scan *s = dump_scan_new();
	const struct dump_table *t;
	size_t off = first < len ? first : len, n;

	if (s == NULL)
		abort();
	r->rc = dump_scan_feed(s, p, off);	/* may be 0 bytes */
	while (off < len && r->rc == 0) {
		n = step < len - off ? step : len - off;
		r->rc = dump_scan_feed(s, p + off, n);
		off += n;
	}
	if (r->rc == 0)
		r->rc = dump_scan_finish(s);
	else if (dump_scan_finish(s) != -1)
		abort();	/* a failed scanner stays failed */
	snprintf(r->error, sizeof(r->error), "%s", dump_scan_error(s));
	t = dump_scan_tables(s, &r->ntables);
	if (r->ntables > DUMP_TABLES_MAX)
		abort();
	memcpy(r->tables, t, r->ntables * sizeof(*t));
	if (strlen(dump_scan_binlog_file(s)) > DUMP_NAME_MAX)
		abort();
	strcpy(r->binlog_file, dump_scan_binlog_file(s));
	r->binlog_pos = dump_scan_binlog_pos(s);
	r->completed = dump_scan_completed(s);
	dump_scan_free(s);
}

static void
same(const struct result *a, const struct result *b)
{
	if (a->rc != b->rc || strcmp(a->error, b->error) != 0 || a->ntables != b->ntables ||
	    strcmp(a->binlog_file, b->binlog_file) != 0 || a->binlog_pos != b->binlog_pos ||
	    a->completed != b->completed)
		abort();
	for (size_t i = 0; i < a->ntables; i++)
		if (strcmp(a->tables[i].name, b->tables[i].name) != 0 || a->tables[i].rows != b->tables[i].rows ||
		    memcmp(a->tables[i].sha256, b->tables[i].sha256, 32) != 0)
			abort();
}

/* What any scan must keep to. */
static void
check(const struct result *r, const uint8_t *data, size_t size)
{
	unsigned long long lines = 1, rows = 0;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if ((r->rc == -1) != (r->error[0] != '\0') || (r->rc != 0 && r->rc != -1))
		abort();
	for (size_t i = 0; i < r->ntables; i++) {
		size_t n = strlen(r->tables[i].name);
		if (n == 0 || n > DUMP_NAME_MAX || strchr(r->tables[i].name, '`') != NULL)
			abort();
		rows += r->tables[i].rows;
	}
	if (rows > lines)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t at = size ? (size_t)data[0] * size / 255 : 0;
	size_t step = size > 1 ? 1 + data[1] % 64 : 1;

	scan(p, size, size, 1, &whole);
	check(&whole, data, size);
	scan(p, size, at, size, &cut);
	same(&whole, &cut);
	scan(p, size, step, step, &pieces);
	same(&whole, &pieces);
	return 0;
}
