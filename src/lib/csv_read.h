/* csv_read.h: reading CSV (RFC 4180) from untrusted uploads into rows of
 * cells, with hard limits and errors that name the line. The inverse of
 * csv.h: what csv_cell writes, csv_read and csv_unguard give back. */
#ifndef CRM_CSV_READ_H
#define CRM_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct csv_limits {
	size_t max_columns;	/* cells in one row */
	size_t max_field;	/* bytes of one cell, after unquoting */
	size_t max_rows;	/* rows, header included */
};

/* 64 columns, 10 000 bytes a cell, 50 001 rows (a header and 50 000). */
void csv_limits_default(struct csv_limits *lim);

enum csv_status {
	CSV_OK,
	CSV_QUOTE_IN_FIELD,	/* a '"' inside a cell that did not begin with one */
	CSV_AFTER_QUOTE,	/* text after a closing quote, before , or the line end */
	CSV_UNTERMINATED,	/* a quoted cell still open at the end of the file */
	CSV_BAD_UTF8,		/* a cell that is not valid UTF-8 */
	CSV_NUL,		/* a NUL byte */
	CSV_TOO_MANY_COLUMNS,
	CSV_FIELD_TOO_LONG,
	CSV_TOO_MANY_ROWS,
	CSV_EMPTY,		/* no row at all */
	CSV__MAX
};

/* An English sentence (a msgid) for s. */
const char *csv_strerror(enum csv_status s);

struct csv_row {
	const char **cells;	/* ncells NUL-terminated, valid UTF-8, NUL-free strings */
	size_t ncells;
	long line;		/* physical line (1-based) the row starts on */
};

struct csv_table {
	struct csv_row *rows;
	size_t nrows;
	bool bom;		/* the input began with a UTF-8 byte order mark */
};

struct csv_error {
	enum csv_status status;
	long line;		/* 1-based physical line of the problem (of the opening quote for CSV_UNTERMINATED) */
	size_t column;		/* 1-based cell within its row; 0 when it does not apply */
};

/* Parses data[0..len). Rows end in CRLF, LF or a lone CR outside quotes;
 * a quoted cell may hold commas, doubled quotes and line ends (kept as
 * sent). A leading UTF-8 BOM is skipped; a final line end is optional;
 * a line that is entirely empty is skipped (it carries no cell). Returns
 * CSV_OK with *out filled (all memory from a), or the first problem with
 * err set; on error *out is empty. Never reads outside data. */
enum csv_status csv_read(struct arena *a, const char *data, size_t len,
    const struct csv_limits *lim, struct csv_table *out, struct csv_error *err);

/* s without the apostrophe csv_cell puts before a cell a spreadsheet
 * would run as a formula: s + 1 when csv_is_formula(s + 1) and s[0] is
 * that apostrophe, else s. */
const char *csv_unguard(const char *s);

#endif
