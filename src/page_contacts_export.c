/* page_contacts_export.c: owns /contacts/export: a form asking why (a
 * reason), then the CSV of the contacts in the user's export scope that
 * match the list's search. Field rules hold: hidden fields are no
 * column, masked ones are exported masked. A filter matching more rows
 * than [server] export_row_cap is refused, not cut. The whole file is
 * built first; the audit record (reason, filter, columns, rows) is
 * written before the response leaves, and when it cannot be, nothing
 * is sent. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "csv.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "record_scope.h"
#include "session.h"

#define MSG_TOO_MANY N_("Too many contacts match to export them in one file. Narrow the search; maximum number of rows:")

static const struct field_def export_fields[] = {
	{ .name = "reason", .label = N_("Reason"), .type = FIELD_TEXT, .required = true, .min_len = 5, .max_len = 200 },
	{ .name = "bom", .label = N_("UTF-8 with BOM for spreadsheets"), .type = FIELD_BOOL },
	{ .name = "q", .label = N_("Search"), .type = FIELD_TEXT, .max_len = 200 },
};

static const struct form_def export_form = {
	"contacts_export", export_fields, sizeof(export_fields) / sizeof(export_fields[0])
};

int
page_contacts_export_get(struct ctx *ctx)
{
	const char *q = param_get(&ctx->req->query, "q");
	struct tval *form = tv_child(ctx->data, "form");

	tv_str(tv_child(form, "q"), "value", q ? q : "");
	return page_render(ctx, "contacts_export", 200);
}

/* The columns the user's field rules let out: names, then each sealed
 * field not hidden. Returns how many, into cols (2 + CS__MAX). */
static size_t
columns(const struct ctx *ctx, int *cols)
{
	size_t n = 0;

	cols[n++] = -2;	/* first_name */
	cols[n++] = -1;	/* last_name */
	for (int f = 0; f < CS__MAX; f++)
		if (rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]) != RULE_HIDDEN)
			cols[n++] = f;
	return n;
}

static const char *
column_name(int col)
{
	return col == -2 ? "first_name" : col == -1 ? "last_name" : contact_secret_names[col];
}

/* One contact's cells; a field that does not open is an empty cell (the
 * integrity alert is contact_open's). 0, or -1 when keys are unusable. */
static int
write_row(struct ctx *ctx, const struct db_rows *rows, size_t i, const int *cols, size_t ncols)
{
	struct contact c = { .id = db_cell_int(rows, i, 0, 0) };

	for (int f = 0; f < CS__MAX; f++)
		c.sealed[f] = rows->cells[i * rows->ncols + 3 + f];
	if (contact_open(ctx, &c) == -1)
		return -1;
	for (size_t k = 0; k < ncols; k++) {
		int f = cols[k];
		const char *v;
		if (f < 0)
			v = db_cell_text(rows, i, f == -2 ? 1 : 2);
		else if (c.broken[f] || c.plain[f] == NULL)
			v = "";
		else if (rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]) == RULE_MASKED)
			v = contact_mask(ctx->req->arena, f, c.plain[f]);
		else
			v = c.plain[f];
		csv_cell(ctx->resp, v, k == 0);
	}
	csv_end_row(ctx->resp);
	return 0;
}

/* "contacts-sam-20261129T1305Z.csv": the exporter (safe characters
 * only) and the UTC minute. */
static const char *
file_name(struct ctx *ctx)
{
	char stamp[32], user[65];
	time_t now = time(NULL);
	struct tm tm;
	size_t n = 0;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%MZ", &tm);
	for (const char *s = ctx->user->username; *s && n < sizeof(user) - 1; s++)
		user[n++] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s) ? *s : '_';
	user[n] = '\0';
	return arena_printf(ctx->req->arena, "contacts-%s-%s.csv", user, stamp);
}

static const char *
detail(struct arena *a, const char *reason, const char *q, const int *cols, size_t ncols)
{
	const char *list = "[";
	struct json j;

	for (size_t k = 0; k < ncols; k++)
		list = arena_printf(a, "%s%s%s", list, k ? "," : "", json_quote(a, column_name(cols[k])));
	json_begin(&j, a);
	json_str(&j, "reason", reason);
	json_str(&j, "filter", q);
	json_raw(&j, "columns", arena_printf(a, "%s]", list));
	return json_end(&j);
}

/* The matching rows, at most cap + 1 (one more tells "too many"). */
static int
fetch(struct ctx *ctx, const char *q, struct db_rows *rows)
{
	struct db_value p[RECORD_SCOPE_PARAMS + CONTACT_SEARCH_PARAMS + 1];
	size_t n = RECORD_SCOPE_PARAMS;

	record_scope_bind(ctx, MOD_CONTACTS, ACT_EXPORT, p);
	n += (size_t)contact_search_bind(ctx->req->arena, q, p + n);
	p[n++] = (struct db_value){ .type = DBV_INT, .i = (long long)ctx->conf->export_row_cap + 1 };
	return db_run(ctx->db, ctx->req->arena, STMT_CONTACTS_EXPORT, p, n, rows) == DB_OK ? 0 : -1;
}

static int
refuse(struct ctx *ctx, const struct form_result *r, const char *msg, long long arg)
{
	page_form(ctx, r);
	tv_bool(ctx->data, "bom", form_field(r, "bom")->i == 1);
	if (msg != NULL) {
		tv_str(ctx->data, "error", msg);
		tv_strf(ctx->data, "error_arg", "%lld", arg);
	}
	return page_render(ctx, "contacts_export", 400);
}

int
page_contacts_export_post(struct ctx *ctx)
{
	struct form_result r;
	struct db_rows rows;
	int cols[2 + CS__MAX];
	size_t ncols;
	const char *q, *reason;

	if (!csrf_valid(ctx))
		return 403;
	if (form_validate(&export_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return refuse(ctx, &r, NULL, 0);
	q = form_field(&r, "q")->value ? form_field(&r, "q")->value : "";
	reason = form_field(&r, "reason")->value;
	if (fetch(ctx, q, &rows) == -1)
		return 503;
	if (rows.nrows > (size_t)ctx->conf->export_row_cap)
		return refuse(ctx, &r, MSG_TOO_MANY, ctx->conf->export_row_cap);
	ncols = columns(ctx, cols);
	if (form_field(&r, "bom")->i)
		response_write(ctx->resp, "\xef\xbb\xbf", 3);
	for (size_t k = 0; k < ncols; k++)
		csv_cell(ctx->resp, column_name(cols[k]), k == 0);
	csv_end_row(ctx->resp);
	for (size_t i = 0; i < rows.nrows; i++)
		if (write_row(ctx, &rows, i, cols, ncols) == -1)
			goto fail;
	if (audit_ctx(ctx, AUDIT_EXPORT, "contacts", "", AUDIT_SUCCESS, (long long)rows.nrows,
	    detail(ctx->req->arena, reason, q, cols, ncols)) == -1)
		goto fail;
	ctx->resp->content_type = "text/csv; charset=utf-8";
	response_header(ctx->resp, "Content-Disposition",
	    arena_printf(ctx->req->arena, "attachment; filename=\"%s\"", file_name(ctx)));
	response_header(ctx->resp, "Cache-Control", "no-store");
	return 200;
fail:
	ctx->resp->len = 0;	/* not a byte without its audit record */
	return 503;
}
