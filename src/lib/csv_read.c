/* csv_read.c: owns parsing uploaded CSV (csv_read.h): a single pass over
 * the bytes with a cursor, each cell copied (unquoted) into the arena,
 * every limit checked before memory is taken for it. */
#include "config.h"

#include <string.h>

#include "csv.h"
#include "csv_read.h"
#include "i18n.h"
#include "utf8.h"

static const char *const messages[CSV__MAX] = {
	[CSV_OK] = "",
	[CSV_QUOTE_IN_FIELD] = N_("A quote inside a cell that does not start with one: quote the whole cell and double the quote."),
	[CSV_AFTER_QUOTE] = N_("Text after a closing quote: a quoted cell must end at a comma or the end of the line."),
	[CSV_UNTERMINATED] = N_("A quoted cell is never closed: a quote is missing."),
	[CSV_BAD_UTF8] = N_("This is not UTF-8 text: save the file as CSV UTF-8."),
	[CSV_NUL] = N_("The file holds a NUL byte: it is not a text file."),
	[CSV_TOO_MANY_COLUMNS] = N_("Too many columns in a row."),
	[CSV_FIELD_TOO_LONG] = N_("A cell is too long."),
	[CSV_TOO_MANY_ROWS] = N_("Too many rows: split the file."),
	[CSV_EMPTY] = N_("The file is empty."),
};

struct cursor {
	const char *p, *end;
	long line;
};

void
csv_limits_default(struct csv_limits *lim)
{
	lim->max_columns = 64;
	lim->max_field = 10000;
	lim->max_rows = 50001;
}

const char *
csv_strerror(enum csv_status s)
{
	return (unsigned)s < CSV__MAX ? messages[s] : "?";
}

const char *
csv_unguard(const char *s)
{
	return s[0] == '\'' && csv_is_formula(s + 1) ? s + 1 : s;
}

static enum csv_status
fail(struct csv_error *err, enum csv_status st, long line, size_t column)
{
	err->status = st;
	err->line = line;
	err->column = column;
	return st;
}

/* Consumes a line end at c->p (CRLF, LF or CR); true when there was one. */
static bool
line_end(struct cursor *c)
{
	if (c->p < c->end && *c->p == '\r') {
		c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return true;
	}
	if (c->p < c->end && *c->p == '\n') {
		c->p++;
		c->line++;
		return true;
	}
	return false;
}

/* A quoted cell from c->p (just after the opening quote) into *out. */
static enum csv_status
quoted(struct arena *a, struct cursor *c, const struct csv_limits *lim, size_t col,
    struct csv_error *err, const char **out)
{
	long start = c->line;
	const char *q = c->p;
	char *buf, *o;

	for (;;) {	/* find the closing quote first, to size the copy */
		const char *nq = memchr(q, '"', (size_t)(c->end - q));
		if (nq == NULL)
			return fail(err, CSV_UNTERMINATED, start, col);
		if (nq + 1 < c->end && nq[1] == '"') {
			q = nq + 2;
			continue;
		}
		q = nq;
		break;
	}
	buf = o = arena_alloc(a, (size_t)(q - c->p) + 1);
	for (const char *s = c->p; s < q; s++) {
		if (*s == '\0')
			return fail(err, CSV_NUL, c->line, col);
		if (*s == '\n' || (*s == '\r' && (s + 1 == q || s[1] != '\n')))
			c->line++;
		*o++ = *s;
		if (*s == '"')
			s++;	/* the second of a doubled quote */
	}
	*o = '\0';
	c->p = q + 1;
	if ((size_t)(o - buf) > lim->max_field)
		return fail(err, CSV_FIELD_TOO_LONG, start, col);
	if (c->p < c->end && *c->p != ',' && *c->p != '\r' && *c->p != '\n')
		return fail(err, CSV_AFTER_QUOTE, c->line, col);
	*out = buf;
	return CSV_OK;
}

/* One cell at c->p, leaving c->p at the ',' or line end after it. */
static enum csv_status
cell(struct arena *a, struct cursor *c, const struct csv_limits *lim, size_t col,
    struct csv_error *err, const char **out)
{
	const char *s = c->p;
	enum csv_status st;

	if (s < c->end && *s == '"') {
		c->p++;
		if ((st = quoted(a, c, lim, col, err, out)) != CSV_OK)
			return st;
	} else {
		while (c->p < c->end && *c->p != ',' && *c->p != '\r' && *c->p != '\n') {
			if (*c->p == '"')
				return fail(err, CSV_QUOTE_IN_FIELD, c->line, col);
			if (*c->p == '\0')
				return fail(err, CSV_NUL, c->line, col);
			c->p++;
		}
		if ((size_t)(c->p - s) > lim->max_field)
			return fail(err, CSV_FIELD_TOO_LONG, c->line, col);
		*out = arena_strndup(a, s, (size_t)(c->p - s));
	}
	if (!utf8_valid(*out, strlen(*out)))
		return fail(err, CSV_BAD_UTF8, c->line, col);
	return CSV_OK;
}

/* One row at c->p into r; its cells first go to scratch (max_columns). */
static enum csv_status
row(struct arena *a, struct cursor *c, const struct csv_limits *lim, const char **scratch,
    struct csv_row *r, struct csv_error *err)
{
	enum csv_status st;
	size_t n = 0;

	r->line = c->line;
	for (;;) {
		if (n == lim->max_columns)
			return fail(err, CSV_TOO_MANY_COLUMNS, c->line, n + 1);
		if ((st = cell(a, c, lim, n + 1, err, &scratch[n])) != CSV_OK)
			return st;
		n++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		line_end(c);
		break;
	}
	r->cells = arena_alloc(a, n * sizeof(*r->cells));
	memcpy(r->cells, scratch, n * sizeof(*r->cells));
	r->ncells = n;
	return CSV_OK;
}

enum csv_status
csv_read(struct arena *a, const char *data, size_t len, const struct csv_limits *lim,
    struct csv_table *out, struct csv_error *err)
{
	struct cursor c = { data, data + len, 1 };
	const char **scratch = arena_alloc(a, (lim->max_columns + 1) * sizeof(*scratch));
	size_t cap = 0;
	enum csv_status st;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		c.p += 3;
		out->bom = true;
	}
	while (c.p < c.end) {
		if (line_end(&c))
			continue;	/* an empty line: no cell */
		if (out->nrows == lim->max_rows) {
			st = fail(err, CSV_TOO_MANY_ROWS, c.line, 0);
			goto bad;
		}
		if (out->nrows == cap) {	/* grow by doubling; the arena keeps the old copy */
			struct csv_row *grown = arena_alloc(a, (cap ? 2 * cap : 64) * sizeof(*grown));
			if (cap)
				memcpy(grown, out->rows, cap * sizeof(*grown));
			out->rows = grown;
			cap = cap ? 2 * cap : 64;
		}
		if ((st = row(a, &c, lim, scratch, &out->rows[out->nrows], err)) != CSV_OK)
			goto bad;
		out->nrows++;
	}
	if (out->nrows == 0)
		return fail(err, CSV_EMPTY, 1, 0);
	return CSV_OK;
bad:
	out->rows = NULL;
	out->nrows = 0;
	return st;
}
