/* export.h: CSV export of a record list, one driver for every list
 * (contacts, accounts, leads, deals, activities): the form asking why,
 * the rows of the user's export scope matching the list's search, the
 * field rules applied per column (hidden: no column, masked: masked as
 * the record's page shows it), a row cap, a file name naming exporter
 * and minute, and the audit record written before a byte leaves. What
 * differs per list is a struct export_kind (src/page_exports.c); the
 * statements are transfer_sql.h's export_*. */
#ifndef CRM_EXPORT_H
#define CRM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "rbac.h"

struct ctx;

/* What differs per list. The columns: for contacts, accounts and leads
 * the RF_EXPORT fields of the list's declaration (record_decl.h, in
 * declaration order; sealed ones opened through record_secret_kind());
 * for deals and activities export.c's own. export.c runs the list's
 * statement (transfer_sql.h) and the search on q. */
struct export_kind {
	const char *name;		/* "leads": /leads/export, leads-<user>-<time>.csv,
					 * audit object type, template "leads_export",
					 * the declaration's table */
	enum rbac_module module;
	const char *search_hint;	/* msgid: what the search matches */
	/* The masked form of value v (not empty) of the column following
	 * field rule field, as the record's page shows it. */
	const char *(*mask)(struct arena *a, const char *field, const char *v);
};

/* GET /X/export: the form, with the list's search (?q=) kept. */
int export_page_get(struct ctx *ctx, const struct export_kind *k);

/* POST /X/export: the CSV, or the form again with the reason it was
 * refused (400: no reason, over the cap). 503 when the rows or the
 * audit record cannot be had: then not a byte of the file is sent. */
int export_page_post(struct ctx *ctx, const struct export_kind *k);

/* For a list page: "export_href" (with the list's search q) when the
 * user may export list, "import_href" when they may import it and
 * importable is true. */
void export_list_links(struct ctx *ctx, const char *list, enum rbac_module m, const char *q,
    bool importable);

#endif
