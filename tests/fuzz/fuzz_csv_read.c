/* fuzz_csv_read.c: fuzzes csv_read with small limits; every cell must be
 * valid UTF-8 within its limit, and writing the cells back with csv_cell
 * (after a BOM) and reading them again must give the same cells
 * (csv_unguard'ed). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "csv_read.h"
#include "response.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct csv_table *t, const struct csv_limits *lim)
{
	if (t->nrows == 0 || t->nrows > lim->max_rows)
		abort();
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].ncells == 0 || t->rows[r].ncells > lim->max_columns || t->rows[r].line < 1 ||
		    (r > 0 && t->rows[r].line <= t->rows[r - 1].line))
			abort();
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const char *s = t->rows[r].cells[c];
			if (strlen(s) > lim->max_field || !utf8_valid(s, strlen(s)))
				abort();
		}
	}
}

/* Writes t back and reads it again: the same cells. */
static void
round_trip(struct arena *a, const struct csv_table *t, const struct csv_limits *lim)
{
	struct csv_limits big = { lim->max_columns, 2 * lim->max_field + 2, lim->max_rows };
	struct response out;
	struct csv_table u;
	struct csv_error e;
	size_t k = 0;

	response_init(&out, a);
	/* A BOM first, as an export with the option writes it: the reader
	 * skips exactly one, so a first cell that itself starts with U+FEFF
	 * keeps it. */
	response_write(&out, "\xef\xbb\xbf", 3);
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r].ncells == 1 && t->rows[r].cells[0][0] == '\0')
			continue;	/* written as an empty line, which reads as no row */
		for (size_t c = 0; c < t->rows[r].ncells; c++)
			csv_cell(&out, csv_unguard(t->rows[r].cells[c]), c == 0);
		csv_end_row(&out);
		k++;
	}
	if (k == 0)
		return;
	if (csv_read(a, out.body, out.len, &big, &u, &e) != CSV_OK)
		abort();
	for (size_t r = 0, i = 0; r < t->nrows; r++) {
		if (t->rows[r].ncells == 1 && t->rows[r].cells[0][0] == '\0')
			continue;
		if (u.rows[i].ncells != t->rows[r].ncells)
			abort();
		for (size_t c = 0; c < t->rows[r].ncells; c++)
			if (strcmp(csv_unguard(u.rows[i].cells[c]), csv_unguard(t->rows[r].cells[c])) != 0)
				abort();
		i++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_limits lim = { .max_columns = 16, .max_field = 256, .max_rows = 200 };
	struct arena a;
	struct csv_table t;
	struct csv_error e;
	enum csv_status st;

	arena_init(&a);
	st = csv_read(&a, (const char *)data, size, &lim, &t, &e);
	if (st == CSV_OK) {
		check(&t, &lim);
		round_trip(&a, &t, &lim);
	} else if (st != e.status || st >= CSV__MAX || e.line < 1 || t.nrows != 0 || csv_strerror(st)[0] == '\0')
		abort();
	arena_reset(&a);
	return 0;
}
