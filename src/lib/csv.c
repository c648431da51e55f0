/* csv.c: owns the CSV encoding of exports (csv.h). */
#include "config.h"

#include <string.h>

#include "csv.h"

bool
csv_is_formula(const char *s)
{
	while (*s == '\'')
		s++;
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL;
}

void
csv_cell(struct response *out, const char *s, bool first)
{
	bool formula, quote;

	if (!first)
		response_write(out, ",", 1);
	if (s == NULL || *s == '\0')
		return;
	formula = csv_is_formula(s);
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		response_write(out, "\"", 1);
	if (formula)
		response_write(out, "'", 1);
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\"");
		response_write(out, p, n);
		p += n;
		if (*p == '"') {
			response_write(out, "\"\"", 2);
			p++;
		}
	}
	if (quote)
		response_write(out, "\"", 1);
}

void
csv_end_row(struct response *out)
{
	response_write(out, "\r\n", 2);
}
