/* export.h: CSV export of a record list, one driver for every list
 * (contacts, accounts, leads, deals, activities): the form asking why,
 * the rows of the user's export scope matching the list's search, the
 * field rules applied per column (hidden: no column, masked: masked as
 * the record's page shows it), a row cap, a file name naming exporter
 * and minute, and the audit record written before a byte leaves. What
 * differs per list is a struct export_kind (src/page_exports.c). */
#ifndef CRM_EXPORT_H
#define CRM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"
#include "rbac.h"

struct ctx;
struct secret_kind;

#define EXPORT_SECRETS_MAX 8
#define EXPORT_COLS_MAX 32

/* Where a column's value comes from. */
enum export_source {
	EXP_TEXT,	/* the statement's cell arg, as stored (NULL: empty) */
	EXP_MONEY,	/* cents in cell arg, written "1234.50" */
	EXP_SECRET,	/* sealed field arg, opened by the kind's open() */
};

struct export_col {
	const char *name;		/* header */
	enum export_source how;
	int arg;
	const char *rule;		/* the field rule (of the kind's module) it follows, or NULL */
	const char *(*mask)(struct arena *a, const char *v);	/* masked form, when rule is set */
};

struct export_kind {
	const char *name;		/* "leads": /leads/export, leads-<user>-<time>.csv,
					 * audit object type, template "leads_export" */
	enum rbac_module module;
	enum stmt_id stmt;		/* params: scope (7), the search's, the limit */
	/* Binds the search condition on q ("" matches all) into p; returns
	 * how many parameters. */
	int (*search)(struct arena *a, const char *q, struct db_value *p);
	const char *search_hint;	/* msgid: what the search matches */
	const struct export_col *cols;
	size_t ncols;
	/* Opens row i's sealed fields the user may see into plain[] (NULL:
	 * empty, hidden, or failing its integrity check, which logs the
	 * alert). 0, or -1 when keys cannot be had. NULL: no sealed field. */
	int (*open)(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows,
	    size_t i, const char **plain);
	const struct secret_kind *secrets;	/* for open(): the kind's sealed fields; NULL:
					 * the declaration's (record_secret_kind) */
	int sealed_cell;		/* for open(): the row's first sealed cell */
};

/* GET /X/export: the form, with the list's search (?q=) kept. */
int export_page_get(struct ctx *ctx, const struct export_kind *k);

/* POST /X/export: the CSV, or the form again with the reason it was
 * refused (400: no reason, over the cap). 503 when the rows or the
 * audit record cannot be had: then not a byte of the file is sent. */
int export_page_post(struct ctx *ctx, const struct export_kind *k);

/* open() for kinds whose fields are a struct secret_kind's
 * (record_secrets.h), sealed from cell k->sealed_cell on. */
int export_open_secrets(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows,
    size_t i, const char **plain);

/* A search on one name prefix, bound n times ("" matches all; LIKE
 * wildcards escaped): export_prefix1 for one column, export_prefix3 for
 * three. */
int export_prefix1(struct arena *a, const char *q, struct db_value *p);
int export_prefix3(struct arena *a, const char *q, struct db_value *p);

/* For a list page: "export_href" (with the list's search q) when the
 * user may export list, "import_href" when they may import it and
 * importable is true. */
void export_list_links(struct ctx *ctx, const char *list, enum rbac_module m, const char *q,
    bool importable);

#endif
