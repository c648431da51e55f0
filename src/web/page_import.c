/* page_import.c: owns the pages of an import (import.h), the same for
 * every importable list: the upload form, then for each POST of the file
 * the column mapping and a dry run listing every problem by line, then
 * "Import" committing every row or none. The file is never kept on the
 * server: the mapping page asks for it again and its import button
 * carries a digest of the file and mapping that were checked, so what is
 * committed is what the dry run showed (and it is checked again in full
 * before the commit). A commit of more than IMPORT_PROGRESS_ROWS rows
 * streams its page: the top at once, a line per IMPORT_PROGRESS_ROWS rows
 * written, then the outcome, so the user sees progress and nginx's read
 * timeout never runs out on a long import; a client that goes away
 * before the end abandons the import (rolled back). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "csrf.h"
#include "escape.h"
#include "flash.h"
#include "import.h"
#include "log.h"
#include "multipart.h"
#include "page.h"

#define MSG_NO_FILE N_("Choose a CSV file to import.")
#define MSG_BAD_MAP N_("That is not a field of this list.")
#define MSG_NOT_CHECKED N_("Check the file again before importing: the file or the columns changed since the check.")
#define MSG_FIX_FIRST N_("Nothing was imported: correct the rows listed below, then check the file again.")
#define MSG_FAILED N_("The import failed and nothing was written. Try again; if it fails again, tell your administrator the request id.")
#define MSG_WRITTEN N_("Rows written, not yet committed:")
#define MSG_DONE N_("Imported and committed. Rows:")
#define PROGRESS_MARK "id=\"import-progress\""
#define SAMPLE_CHARS 40

static int
render(struct ctx *ctx, const struct import_kind *k, int status)
{
	tv_strf(ctx->data, "action", "/%s/import", k->name);
	tv_strf(ctx->data, "back", "/%s", k->name);
	return page_render(ctx, arena_printf(ctx->req->arena, "%s_import", k->name), status);
}

int
import_page_get(struct ctx *ctx, const struct import_kind *k)
{
	return render(ctx, k, 200);
}

static int
show_upload(struct ctx *ctx, const struct import_kind *k, const char *msg, int status)
{
	tv_str(ctx->data, "error", msg);
	return render(ctx, k, status);
}

static int
show_csv_error(struct ctx *ctx, const struct import_kind *k, const struct csv_error *e)
{
	tv_str(ctx->data, "error", csv_strerror(e->status));
	tv_int(ctx->data, "error_line", e->line);
	if (e->column > 0)
		tv_int(ctx->data, "error_column", (long long)e->column);
	return render(ctx, k, 400);
}

static const struct upload *
find_upload(const struct upload *u, const char *field)
{
	for (; u != NULL; u = u->next)
		if (strcmp(u->field, field) == 0)
			return u;
	return NULL;
}

/* The mapping sent (map_0, map_1...), or guessed from the header. -1
 * when a value names no field. */
static int
read_mapping(struct ctx *ctx, struct import *im)
{
	for (size_t c = 0; c < im->ncols; c++) {
		const char *v = param_get(&ctx->req->form, arena_printf(ctx->req->arena, "map_%zu", c));
		int f = v ? import_field_by_name(im->kind, v) : import_guess(im->kind, im->csv->rows[0].cells[c]);
		if (f < 0)
			return -1;
		im->map[c] = f;
	}
	return 0;
}

/* Hex SHA-256 of the file and the mapping: what the dry run checked. */
static const char *
checked_digest(struct arena *a, const struct upload *u, const struct import *im)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	char *hex;

	if (h == NULL || EVP_DigestInit_ex(h, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(h, u->data, u->len) != 1)
		goto fail;
	for (size_t c = 0; c < im->ncols; c++) {
		const char *name = import_field_name(im->kind, im->map[c]);
		if (EVP_DigestUpdate(h, "\n", 1) != 1 || EVP_DigestUpdate(h, name, strlen(name)) != 1)
			goto fail;
	}
	if (EVP_DigestFinal_ex(h, md, &n) != 1)
		goto fail;
	EVP_MD_CTX_free(h);
	hex = arena_alloc(a, 2 * n + 1);
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
fail:
	EVP_MD_CTX_free(h);
	return "";
}

/* The first characters of a sample cell (whole UTF-8 sequences). */
static const char *
sample(struct arena *a, const char *s)
{
	size_t n = 0, chars = 0;

	while (s[n] && chars < SAMPLE_CHARS) {
		n++;
		while ((s[n] & 0xc0) == 0x80)
			n++;
		chars++;
	}
	return s[n] ? arena_printf(a, "%.*s\u2026", (int)n, s) : s;
}

static void
add_columns(struct ctx *ctx, const struct import *im)
{
	const struct import_kind *k = im->kind;
	struct tval *cols = tv_list(ctx->data, "columns");
	const struct csv_row *head = &im->csv->rows[0], *first = &im->csv->rows[1];

	for (size_t c = 0; c < im->ncols; c++) {
		struct tval *col = tv_append_map(cols), *opts = tv_list(col, "options");
		tv_strf(col, "name", "map_%zu", c);
		if (tv_get(ctx->data, "map_invalid") != NULL &&
		    strcmp(tv_get(ctx->data, "map_invalid")->s, tv_get(col, "name")->s) == 0) {
			tv_str(col, "invalid", "true");
			tv_str(col, "described", "import-error");
		}
		tv_str(col, "header", head->cells[c][0] ? head->cells[c] : "\u2014");
		tv_str(col, "sample", c < first->ncells ? sample(ctx->req->arena, csv_unguard(first->cells[c])) : "");
		for (int f = 0; f <= k->nfields; f++) {
			struct tval *o = tv_append_map(opts);
			tv_str(o, "value", import_field_name(k, f));
			tv_str(o, "label", f < k->nfields ? k->fields[f].label : N_("Ignore this column"));
			tv_bool(o, "selected", im->map[c] == f);
		}
	}
}

static void
add_problems(struct ctx *ctx, const struct import *im)
{
	struct tval *list = tv_list(ctx->data, "problems");

	for (size_t i = 0; i < im->nlisted; i++) {
		struct tval *p = tv_append_map(list);
		tv_int(p, "line", im->problems[i].line);
		if (im->problems[i].label)
			tv_str(p, "label", im->problems[i].label);
		tv_str(p, "message", im->problems[i].message);
		if (im->problems[i].arg)
			tv_str(p, "arg", im->problems[i].arg);
	}
}

/* The column whose field choice msg is about: its list marked, and
 * linked from the error summary under the column's header. */
static void
mapping_error(struct ctx *ctx, const struct import *im, size_t column, const char *msg)
{
	const char *head = im->csv->rows[0].cells[column];
	struct tval *e = tv_append_map(tv_open(ctx->data, "custom_errors", TV_LIST));

	tv_strf(e, "href", "#map_%zu", column);
	tv_str(e, "label", head[0] ? head : "\u2014");
	tv_str(e, "msg", msg);
	tv_strf(ctx->data, "map_invalid", "map_%zu", column);
	tv_bool(ctx->data, "error_summary", true);
}

/* The mapping page with the dry run's outcome (checked: rows were). */
static int
show_mapping(struct ctx *ctx, const struct import *im, const char *file, const char *digest,
    bool checked, const char *msg, int status)
{
	add_columns(ctx, im);
	tv_str(ctx->data, "file_name", file);
	tv_bool(ctx->data, "mapping", true);
	if (msg != NULL)
		tv_str(ctx->data, "error", msg);
	if (checked) {
		tv_int(ctx->data, "checked_rows", (long long)im->nrows);
		tv_int(ctx->data, "nproblems", (long long)im->nproblems);
		if (im->nproblems > im->nlisted)
			tv_int(ctx->data, "unlisted", (long long)(im->nproblems - im->nlisted));
		add_problems(ctx, im);
		if (im->nproblems == 0) {
			tv_str(ctx->data, "checked", digest);
			tv_int(ctx->data, "import_rows", (long long)im->nrows);
		}
	}
	return render(ctx, im->kind, status);
}

/* One line of the streamed progress list: a translated message, a
 * number; the message and number are escaped like any page text. */
static void
progress_line(struct ctx *ctx, const char *msgid, size_t n)
{
	response_puts(ctx->resp, "<li>");
	escape_text(ctx->resp, i18n_get(ctx->lang, NULL, msgid));
	response_puts(ctx->resp, arena_printf(ctx->req->arena, " %zu</li>\n", n));
}

static int
progress(struct ctx *ctx, size_t done, size_t total, void *arg)
{
	(void)total;
	(void)arg;
	progress_line(ctx, MSG_WRITTEN, done);
	if (response_flush(ctx->resp) == -1) {
		crm_info("client went away during an import: rolled back");
		return -1;
	}
	return 0;
}

/* A large commit: the page up to its progress list goes at once, then a
 * line per IMPORT_PROGRESS_ROWS rows, the outcome, and the rest. */
static int
commit_streamed(struct ctx *ctx, const struct import *im, const char *file)
{
	const char *mark, *tail;
	size_t at;

	ctx->resp->len = 0;
	tv_bool(ctx->data, "streaming", true);
	tv_int(ctx->data, "import_rows", (long long)im->nrows);
	tv_str(ctx->data, "file_name", file);
	if (render(ctx, im->kind, 200) != 200 || ctx->resp->body == NULL ||
	    (mark = strstr(ctx->resp->body, PROGRESS_MARK)) == NULL || (mark = strstr(mark, "</ol>")) == NULL)
		return 500;
	at = (size_t)(mark - ctx->resp->body);
	tail = arena_strdup(ctx->req->arena, ctx->resp->body + at);
	ctx->resp->len = at;
	ctx->resp->status = 200;
	if (response_flush(ctx->resp) == -1)
		return 200;	/* gone before anything was written */
	if (import_commit(ctx, im, file, progress, NULL) == -1) {
		response_puts(ctx->resp, "<li class=\"form-error\" role=\"alert\">");
		escape_text(ctx->resp, i18n_get(ctx->lang, NULL, MSG_FAILED));
		response_puts(ctx->resp, "</li>\n");
	} else
		progress_line(ctx, MSG_DONE, im->nrows);
	response_puts(ctx->resp, tail);
	return 200;
}

/* The commit, once the same file and mapping passed the dry run. */
static int
commit(struct ctx *ctx, struct import *im, const char *file, const char *digest)
{
	const char *checked = param_get(&ctx->req->form, "checked");

	if (checked == NULL || digest[0] == '\0' || strcmp(checked, digest) != 0)
		return show_mapping(ctx, im, file, digest, true, MSG_NOT_CHECKED, 409);
	if (im->nproblems > 0)
		return show_mapping(ctx, im, file, digest, true, MSG_FIX_FIRST, 400);
	if (im->nrows > IMPORT_PROGRESS_ROWS)
		return commit_streamed(ctx, im, file);
	if (import_commit(ctx, im, file, NULL, NULL) == -1)
		return show_mapping(ctx, im, file, digest, false, MSG_FAILED, 503);
	flash_set(ctx, (enum flash)im->kind->flash);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/%s", im->kind->name));
}

int
import_page_post(struct ctx *ctx, const struct import_kind *k)
{
	const struct upload *u = find_upload(ctx->req->uploads, "file");
	const char *action = param_get(&ctx->req->form, "action"), *file, *msg, *digest;
	struct import im = { .kind = k };
	struct csv_limits lim;
	struct csv_table t;
	struct csv_error e;
	size_t column;

	if (u == NULL || u->len == 0)
		return show_upload(ctx, k, MSG_NO_FILE, 400);
	csv_limits_default(&lim);
	lim.max_columns = IMPORT_COLUMNS_MAX;
	if (csv_read(ctx->req->arena, u->data, u->len, &lim, &t, &e) != CSV_OK)
		return show_csv_error(ctx, k, &e);
	if (t.nrows < 2)
		return show_upload(ctx, k, k->no_rows, 400);
	im.csv = &t;
	im.ncols = t.rows[0].ncells;
	if (read_mapping(ctx, &im) == -1)
		return show_upload(ctx, k, MSG_BAD_MAP, 400);
	file = u->filename[0] ? u->filename : "upload.csv";
	digest = checked_digest(ctx->req->arena, u, &im);
	if ((msg = import_check_mapping(ctx, &im, &column)) != NULL) {
		mapping_error(ctx, &im, column, msg);
		return show_mapping(ctx, &im, file, digest, false, msg, 400);
	}
	if (import_check_rows(ctx, &im) == -1)
		return 503;
	if (action != NULL && strcmp(action, "import") == 0)
		return commit(ctx, &im, file, digest);
	return show_mapping(ctx, &im, file, digest, true, NULL, 200);
}
