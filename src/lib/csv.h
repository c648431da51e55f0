/* csv.h: writing CSV (RFC 4180) for exports, with every cell escaped in
 * one place, including against spreadsheet formula injection. */
#ifndef CRM_CSV_H
#define CRM_CSV_H

#include <stdbool.h>

#include "response.h"

/* True when a spreadsheet would run s as a formula (it starts with
 * = + - @ TAB or CR), or when s already starts with the apostrophe that
 * guards one (so that guard is guarded too and csv_unguard is exact). */
bool csv_is_formula(const char *s);

/* Writes s as one cell: quoted when it holds a comma, quote, CR or LF
 * (quotes doubled); a cell that a spreadsheet would run as a formula
 * (csv_is_formula) gets a leading apostrophe, inside the
 * quotes (OWASP "CSV injection"). NULL is an empty cell. first: no
 * separating comma before it. */
void csv_cell(struct response *out, const char *s, bool first);

/* Ends a row with CRLF. */
void csv_end_row(struct response *out);

#endif
