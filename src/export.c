/* export.c: owns exporting a record list as CSV (export.h). A filter
 * matching more rows than the user's export row cap (export_row_cap():
 * the largest of their roles' caps, [server] export_row_cap for a role
 * without one) is refused, not cut, and so is a search by a field the
 * user sees masked or hidden (search_key.h), before any query runs.
 * The whole file is built first; the audit record (reason, filter,
 * columns, rows) is written before the response leaves, and when it
 * cannot be, nothing is sent. Sealed fields the user's rule hides are
 * never decrypted. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "csrf.h"
#include "csv.h"
#include "escape.h"
#include "export.h"
#include "json.h"
#include "page.h"
#include "permission.h"
#include "record_decl.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "search_key.h"
#include "session.h"

#define MSG_TOO_MANY N_("Too many records match to export them in one file. Narrow the search; maximum number of rows:")
#define SEARCH_PARAMS_MAX 8

static const struct field_def export_fields[] = {
	{ .name = "reason", .label = N_("Reason"), .type = FIELD_TEXT, .required = true, .min_len = 5, .max_len = 200 },
	{ .name = "bom", .label = N_("UTF-8 with BOM for spreadsheets"), .type = FIELD_BOOL },
	{ .name = "q", .label = N_("Search"), .type = FIELD_TEXT, .max_len = 200 },
};

static const struct form_def export_form = {
	"export", export_fields, sizeof(export_fields) / sizeof(export_fields[0])
};

/* What every state of the form shows about the list. */
static int
render(struct ctx *ctx, const struct export_kind *k, int status)
{
	tv_strf(ctx->data, "action", "/%s/export", k->name);
	tv_strf(ctx->data, "back", "/%s", k->name);
	tv_str(ctx->data, "search_hint", k->search_hint);
	return page_render(ctx, arena_printf(ctx->req->arena, "%s_export", k->name), status);
}

int
export_page_get(struct ctx *ctx, const struct export_kind *k)
{
	const char *q = param_get(&ctx->req->query, "q");
	struct tval *form = tv_child(ctx->data, "form");

	tv_str(tv_child(form, "q"), "value", q ? q : "");
	return render(ctx, k, 200);
}

static enum field_rule
rule(const struct ctx *ctx, const struct export_kind *k, const struct export_col *c)
{
	return c->rule ? rbac_field_rule(&ctx->user->rights, k->module, c->rule) : RULE_EDITABLE;
}

/* The columns the user's field rules let out, as indexes into k->cols.
 * Returns how many. */
static size_t
columns(const struct ctx *ctx, const struct export_kind *k, size_t *cols)
{
	size_t n = 0;

	for (size_t c = 0; c < k->ncols; c++)
		if (rule(ctx, k, &k->cols[c]) != RULE_HIDDEN)
			cols[n++] = c;
	return n;
}

static const char *
money(struct arena *a, long long cents)
{
	unsigned long long u = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;

	return arena_printf(a, "%s%llu.%02llu", cents < 0 ? "-" : "", u / 100, u % 100);
}

/* One row's cells. 0, or -1 when keys are unusable. */
static int
write_row(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows, size_t i,
    const size_t *cols, size_t ncols)
{
	const char *plain[EXPORT_SECRETS_MAX] = { NULL };

	if (k->open != NULL && k->open(ctx, k, rows, i, plain) == -1)
		return -1;
	for (size_t n = 0; n < ncols; n++) {
		const struct export_col *c = &k->cols[cols[n]];
		const char *v = c->how == EXP_SECRET ? plain[c->arg] : db_cell_text(rows, i, (size_t)c->arg);
		if (c->how == EXP_MONEY && v != NULL)
			v = money(ctx->req->arena, db_cell_int(rows, i, (size_t)c->arg, 0));
		if (v != NULL && v[0] != '\0' && rule(ctx, k, c) == RULE_MASKED)
			v = c->mask(ctx->req->arena, v);
		csv_cell(ctx->resp, v, n == 0);
	}
	csv_end_row(ctx->resp);
	return 0;
}

/* "accounts-sam-20261129T1305Z.csv": the list, the exporter (safe
 * characters only) and the UTC minute. */
static const char *
file_name(struct ctx *ctx, const struct export_kind *k)
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
	return arena_printf(ctx->req->arena, "%s-%s-%s.csv", k->name, user, stamp);
}

static const char *
detail(struct arena *a, const struct export_kind *k, const char *reason, const char *q,
    const size_t *cols, size_t ncols)
{
	const char *list = "[";
	struct json j;

	for (size_t n = 0; n < ncols; n++)
		list = arena_printf(a, "%s%s%s", list, n ? "," : "", json_quote(a, k->cols[cols[n]].name));
	json_begin(&j, a);
	json_str(&j, "reason", reason);
	json_str(&j, "filter", q);
	json_raw(&j, "columns", arena_printf(a, "%s]", list));
	return json_end(&j);
}

/* The matching rows, at most cap + 1 (one more tells "too many"). */
static int
fetch(struct ctx *ctx, const struct export_kind *k, const char *q, int cap, struct db_rows *rows)
{
	struct db_value p[RECORD_SCOPE_PARAMS + SEARCH_PARAMS_MAX + 1];
	size_t n = RECORD_SCOPE_PARAMS;

	record_scope_bind(ctx, k->module, ACT_EXPORT, p);
	n += (size_t)k->search(ctx->req->arena, q, p + n);
	p[n++] = (struct db_value){ .type = DBV_INT, .i = (long long)cap + 1 };
	return db_run(ctx->db, ctx->req->arena, k->stmt, p, n, rows) == DB_OK ? 0 : -1;
}

static int
refuse_status(struct ctx *ctx, const struct export_kind *k, const struct form_result *r, const char *msg,
    long long arg, int status)
{
	page_form(ctx, r);
	tv_bool(ctx->data, "bom", form_field(r, "bom")->i == 1);
	if (msg != NULL) {
		tv_str(ctx->data, "error", msg);
		tv_strf(ctx->data, "error_arg", "%lld", arg);
	}
	return render(ctx, k, status);
}

static int
refuse(struct ctx *ctx, const struct export_kind *k, const struct form_result *r, const char *msg,
    long long arg)
{
	return refuse_status(ctx, k, r, msg, arg, 400);
}

int
export_page_post(struct ctx *ctx, const struct export_kind *k)
{
	struct form_result r;
	struct db_rows rows;
	size_t cols[EXPORT_COLS_MAX], ncols;
	const char *q, *reason, *why;
	int cap = export_row_cap(ctx);

	if (form_validate(&export_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return refuse(ctx, k, &r, NULL, 0);
	q = form_field(&r, "q")->value ? form_field(&r, "q")->value : "";
	reason = form_field(&r, "reason")->value;
	if ((why = search_refusal(&ctx->user->rights, ctx->req->arena, k->module, q)) != NULL) {
		form_set_error(&r, "q", why);
		return refuse_status(ctx, k, &r, NULL, 0, 403);
	}
	if (fetch(ctx, k, q, cap, &rows) == -1)
		return 503;
	if (rows.nrows > (size_t)cap)
		return refuse(ctx, k, &r, MSG_TOO_MANY, cap);
	ncols = columns(ctx, k, cols);
	if (form_field(&r, "bom")->i)
		response_write(ctx->resp, "\xef\xbb\xbf", 3);
	for (size_t n = 0; n < ncols; n++)
		csv_cell(ctx->resp, k->cols[cols[n]].name, n == 0);
	csv_end_row(ctx->resp);
	for (size_t i = 0; i < rows.nrows; i++)
		if (write_row(ctx, k, &rows, i, cols, ncols) == -1)
			goto fail;
	if (audit_ctx(ctx, AUDIT_EXPORT, k->name, "", AUDIT_SUCCESS, (long long)rows.nrows,
	    detail(ctx->req->arena, k, reason, q, cols, ncols)) == -1)
		goto fail;
	ctx->resp->content_type = "text/csv; charset=utf-8";
	response_header(ctx->resp, "Content-Disposition",
	    arena_printf(ctx->req->arena, "attachment; filename=\"%s\"", file_name(ctx, k)));
	return 200;
fail:
	ctx->resp->len = 0;	/* not a byte without its audit record */
	return 503;
}

int
export_open_secrets(struct ctx *ctx, const struct export_kind *k, const struct db_rows *rows,
    size_t i, const char **plain)
{
	const struct db_value *sealed = &rows->cells[i * rows->ncols + (size_t)k->sealed_cell];
	bool broken[SECRETS_MAX];

	const struct secret_kind *sk = k->secrets ? k->secrets : record_secret_kind(record_decl_named(k->name));

	return secrets_open(ctx, sk, db_cell_int(rows, i, 0, 0), sealed, plain, broken);
}

/* The prefix q bound n + 1 times: "? = ''", then each LIKE. */
static int
prefix(struct arena *a, const char *q, struct db_value *p, int n)
{
	const char *like = like_escape(a, q);

	for (int k = 0; k <= n; k++)
		p[k] = (struct db_value){ .type = DBV_TEXT, .s = like, .len = strlen(like) };
	return n + 1;
}

int
export_prefix1(struct arena *a, const char *q, struct db_value *p)
{
	return prefix(a, q, p, 1);
}

int
export_prefix3(struct arena *a, const char *q, struct db_value *p)
{
	return prefix(a, q, p, 3);
}

void
export_list_links(struct ctx *ctx, const char *list, enum rbac_module m, const char *q, bool importable)
{
	if (permission_can(ctx, m, ACT_EXPORT))
		tv_strf(ctx->data, "export_href", "/%s/export%s%s", list, q && q[0] ? "?q=" : "",
		    q ? url_encode(ctx->req->arena, q) : "");
	if (importable && permission_can(ctx, m, ACT_IMPORT))
		tv_strf(ctx->data, "import_href", "/%s/import", list);
}
