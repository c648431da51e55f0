/* csv.h: writing CSV (RFC 4180) for exports, with every cell escaped in
 * one place, including against spreadsheet formula injection. */
#ifndef CRM_CSV_H
#define CRM_CSV_H

#include <stdbool.h>

#include "response.h"

/* Writes s as one cell: quoted when it holds a comma, quote, CR or LF
 * (quotes doubled); a cell that a spreadsheet would run as a formula
 * (starting with = + - @ TAB or CR) gets a leading apostrophe, inside the
 * quotes (OWASP "CSV injection"). NULL is an empty cell. first: no
 * separating comma before it. */
void csv_cell(struct response *out, const char *s, bool first);

/* Ends a row with CRLF. */
void csv_end_row(struct response *out);

#endif
