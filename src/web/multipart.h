/* multipart.h: strict, bounded multipart/form-data decoding (RFC 7578, RFC 2046). */
#ifndef CRM_MULTIPART_H
#define CRM_MULTIPART_H

#include <stddef.h>

#include "arena.h"
#include "param.h"

struct upload {
	const char *field;		/* form field name (valid UTF-8, NUL-free) */
	const char *filename;		/* as sent, valid UTF-8, NUL-free; "" when empty; path components stripped to the last '/' or '\\' */
	const char *content_type;	/* part's Content-Type, lower-cased media type, or "application/octet-stream" */
	const char *data;		/* bytes, arena memory, NUL-terminated for convenience but may contain NULs */
	size_t len;
	struct upload *next;
};

struct multipart_limits {
	int max_parts;		/* total parts (fields + files) */
	size_t max_field;	/* bytes of one text field's value */
	size_t max_file;	/* bytes of one file */
	int max_files;
	size_t max_part_headers;	/* bytes of one part's header block */
};

void multipart_limits_default(struct multipart_limits *lim); /* 256 parts, 64 KiB field, 10 MiB file, 4 files, 8 KiB headers */

/* Parses body (len bytes) using the boundary from content_type_raw (the full
 * Content-Type header value, e.g. "multipart/form-data; boundary=----x" or
 * with a quoted boundary). Text parts (no filename parameter) are appended to
 * form with param_list_add (key and value must be valid UTF-8 without NUL,
 * else 400); file parts are appended in order to *uploads. Returns 0, 400 for
 * anything malformed (missing/invalid boundary — RFC 2046: 1..70 chars from
 * the bchars set —, missing final delimiter, part without
 * Content-Disposition: form-data, missing name, bad header syntax, header line
 * without CRLF, unknown or duplicate disposition parameters are fine to ignore
 * but malformed quoting is 400), or 413 when a limit is exceeded. Never reads
 * outside body; all memory from the arena; on error *uploads and form may hold
 * partial results that the caller discards.
 *
 * Details of this implementation: the media type must be
 * multipart/form-data; a part header block over max_part_headers (its header
 * lines with their CRLFs, not the empty line ending the block) is treated as
 * malformed (400); a repeated name, filename or filename* parameter, or a
 * repeated Content-Disposition or Content-Type header, is 400 rather than
 * guessed at; a body holding only the close delimiter is an empty form (0). */
int multipart_parse(struct arena *a, const char *content_type_raw, const char *body, size_t len, const struct multipart_limits *lim, struct param_list *form, struct upload **uploads);

#endif
