/* test_csv_read.c: tests csv_read against a table of good and broken
 * inputs (cells, line numbers, errors), its limits, and the round trip
 * csv_cell -> csv_read -> csv_unguard. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "csv_read.h"
#include "response.h"
#include "tap.h"

struct read_case {
	const char *name;
	const char *in;
	size_t len;
	enum csv_status st;
	const char *cells;	/* expected cells: "|" between cells, "\n" between rows (OK cases) */
	long line;		/* OK: line of the last row; error: the line reported */
	size_t column;		/* error: the column reported */
};

#define C(name, lit, st, cells, line, col) { name, lit, sizeof(lit) - 1, st, cells, line, col }

static const struct read_case cases[] = {
	C("one cell", "a", CSV_OK, "a", 1, 0),
	C("CRLF rows", "a,b\r\nc,d\r\n", CSV_OK, "a|b\nc|d", 2, 0),
	C("LF rows, no final line end", "a,b\nc,d", CSV_OK, "a|b\nc|d", 2, 0),
	C("lone CR ends a row", "a\rb", CSV_OK, "a\nb", 2, 0),
	C("empty cells", ",,\n", CSV_OK, "||", 1, 0),
	C("quoted comma", "\"a,b\",c", CSV_OK, "a,b|c", 1, 0),
	C("doubled quote", "\"say \"\"hi\"\"\"", CSV_OK, "say \"hi\"", 1, 0),
	C("empty quoted", "\"\",x", CSV_OK, "|x", 1, 0),
	C("newline in quotes counts lines", "\"a\nb\"\nc", CSV_OK, "a\nb\nc", 3, 0),
	C("CRLF in quotes kept", "\"a\r\nb\",c\r\nd", CSV_OK, "a\r\nb|c\nd", 3, 0),
	C("BOM skipped", "\xef\xbb\xbfname\n", CSV_OK, "name", 1, 0),
	C("empty lines skipped", "a\n\n\r\nb\n", CSV_OK, "a\nb", 4, 0),
	C("Chinese", "\xe5\xbc\xa0,\xe4\xb8\x89\n", CSV_OK, "\xe5\xbc\xa0|\xe4\xb8\x89", 1, 0),
	C("quote in unquoted cell", "a,b\"c\n", CSV_QUOTE_IN_FIELD, NULL, 1, 2),
	C("text after closing quote", "x\n\"ab\"c,d", CSV_AFTER_QUOTE, NULL, 2, 1),
	C("unterminated quote, line of the quote", "a\nb,\"open\n\nmore", CSV_UNTERMINATED, NULL, 2, 2),
	C("invalid UTF-8", "ok\nx,\xc3\x28", CSV_BAD_UTF8, NULL, 2, 2),
	C("overlong UTF-8 in quotes", "\"\xc0\xaf\"", CSV_BAD_UTF8, NULL, 1, 1),
	C("NUL byte", "a,b\0c", CSV_NUL, NULL, 1, 2),
	C("NUL in quotes", "\"a\0\"", CSV_NUL, NULL, 1, 1),
	C("empty file", "", CSV_EMPTY, NULL, 1, 0),
	C("only a BOM and line ends", "\xef\xbb\xbf\r\n\n", CSV_EMPTY, NULL, 1, 0),
};

/* The table as "a|b\nc|d" for comparison. */
static const char *
flatten(struct arena *a, const struct csv_table *t)
{
	const char *s = "";

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->rows[r].ncells; c++)
			s = arena_printf(a, "%s%s%s", s, c ? "|" : (r ? "\n" : ""), t->rows[r].cells[c]);
	return s;
}

static void
test_cases(struct arena *a)
{
	struct csv_limits lim;

	csv_limits_default(&lim);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct read_case *k = &cases[i];
		struct csv_table t;
		struct csv_error e;
		enum csv_status st = csv_read(a, k->in, k->len, &lim, &t, &e);

		if (k->st == CSV_OK)
			ok(st == CSV_OK && strcmp(flatten(a, &t), k->cells) == 0 &&
			    t.rows[t.nrows - 1].line == k->line, "%s", k->name);
		else
			ok(st == k->st && e.status == st && e.line == k->line && e.column == k->column &&
			    t.nrows == 0, "%s: %s (line %ld col %zu)", k->name, csv_strerror(st), e.line, e.column);
	}
}

static void
test_limits(struct arena *a)
{
	struct csv_limits lim = { .max_columns = 3, .max_field = 5, .max_rows = 2 };
	struct csv_table t;
	struct csv_error e;

	ok(csv_read(a, "a,b,c\n", 6, &lim, &t, &e) == CSV_OK && t.rows[0].ncells == 3, "3 columns fit");
	ok(csv_read(a, "a,b,c,d\n", 8, &lim, &t, &e) == CSV_TOO_MANY_COLUMNS && e.column == 4,
	    "4 columns refused at column 4");
	ok(csv_read(a, "12345\n", 6, &lim, &t, &e) == CSV_OK, "5 bytes fit");
	ok(csv_read(a, "123456\n", 7, &lim, &t, &e) == CSV_FIELD_TOO_LONG, "6 bytes refused");
	ok(csv_read(a, "\"12\"\"45\"", 8, &lim, &t, &e) == CSV_OK && strcmp(t.rows[0].cells[0], "12\"45") == 0,
	    "limit counts unquoted bytes");
	ok(csv_read(a, "\"123456\"", 8, &lim, &t, &e) == CSV_FIELD_TOO_LONG, "quoted 6 bytes refused");
	ok(csv_read(a, "a\nb\n", 4, &lim, &t, &e) == CSV_OK && t.nrows == 2, "2 rows fit");
	ok(csv_read(a, "a\nb\nc\n", 6, &lim, &t, &e) == CSV_TOO_MANY_ROWS && e.line == 3, "3rd row refused");
}

static void
test_many_rows(struct arena *a)
{
	struct csv_limits lim;
	struct csv_table t;
	struct csv_error e;
	char *big = arena_alloc(a, 3000 * 4);
	size_t n = 0;

	csv_limits_default(&lim);
	for (int i = 0; i < 3000; i++)
		n += (size_t)snprintf(big + n, 4, "%c,\n", 'a' + i % 26);
	ok(csv_read(a, big, n, &lim, &t, &e) == CSV_OK && t.nrows == 3000 && t.rows[2999].line == 3000 &&
	    strcmp(t.rows[2999].cells[0], "j") == 0 && t.rows[2999].ncells == 2, "3000 rows (growth)");
}

/* csv_cell's output, read back and unguarded, is the original cells. */
static void
test_round_trip(struct arena *a)
{
	static const char *const cells[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf",
	    "=cmd|' /C calc'!A0", "+41 44 123 45 67", "-5", "@SUM(A1)", "\ttab", "'=already", "''+x",
	    "'quoted", "\xe5\xbc\xa0\xe4\xb8\x89, \xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82", "", "last" };
	size_t n = sizeof(cells) / sizeof(cells[0]);
	struct response out;
	struct csv_limits lim;
	struct csv_table t;
	struct csv_error e;
	bool same = true;

	response_init(&out, a);
	csv_limits_default(&lim);
	for (int r = 0; r < 2; r++) {
		for (size_t i = 0; i < n; i++)
			csv_cell(&out, cells[i], i == 0);
		csv_end_row(&out);
	}
	ok(csv_read(a, out.body, out.len, &lim, &t, &e) == CSV_OK && t.nrows == 2, "round trip parses");
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t i = 0; i < n; i++)
			if (t.rows[r].ncells != n || strcmp(csv_unguard(t.rows[r].cells[i]), cells[i]) != 0) {
				same = false;
				printf("# cell %zu differs\n", i);
			}
	ok(same, "round trip gives every cell back");
	ok(t.nrows == 2 && strcmp(t.rows[0].cells[5], "'=cmd|' /C calc'!A0") == 0,
	    "formula cell is read guarded");
	ok(strcmp(csv_unguard("'abc"), "'abc") == 0 && strcmp(csv_unguard("'-1"), "-1") == 0,
	    "unguard strips only a guard");
}

int
main(void)
{
	struct arena a;

	arena_init(&a);
	test_cases(&a);
	test_limits(&a);
	test_many_rows(&a);
	test_round_trip(&a);
	arena_reset(&a);
	return tap_done();
}
