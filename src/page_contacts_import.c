/* page_contacts_import.c: owns /contacts/import: the upload form, then
 * for each POST of the file the column mapping and a dry run listing
 * every problem by line, then "Import" committing every row or none.
 * The file is never kept on the server: the mapping page asks for it
 * again and its import button carries a digest of the file and mapping
 * that were checked, so what is committed is what the dry run showed
 * (and it is checked again in full before the commit). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "contact_import.h"
#include "csrf.h"
#include "flash.h"
#include "multipart.h"
#include "page.h"
#include "pages.h"

#define MSG_NO_FILE N_("Choose a CSV file to import.")
#define MSG_NO_ROWS N_("The file has a header row but no contacts.")
#define MSG_BAD_MAP N_("That is not a field contacts have.")
#define MSG_NOT_CHECKED N_("Check the file again before importing: the file or the columns changed since the check.")
#define MSG_FIX_FIRST N_("Nothing was imported: correct the rows listed below, then check the file again.")
#define MSG_FAILED N_("The import failed and nothing was written. Try again; if it fails again, tell your administrator the request id.")
#define SAMPLE_CHARS 40

int
page_contacts_import_get(struct ctx *ctx)
{
	return page_render(ctx, "contacts_import", 200);
}

static int
show_upload(struct ctx *ctx, const char *msg, int status)
{
	tv_str(ctx->data, "error", msg);
	return page_render(ctx, "contacts_import", status);
}

static int
show_csv_error(struct ctx *ctx, const struct csv_error *e)
{
	tv_str(ctx->data, "error", csv_strerror(e->status));
	tv_int(ctx->data, "error_line", e->line);
	if (e->column > 0)
		tv_int(ctx->data, "error_column", (long long)e->column);
	return page_render(ctx, "contacts_import", 400);
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
 * when a value names no target. */
static int
read_mapping(struct ctx *ctx, struct import *im)
{
	for (size_t c = 0; c < im->ncols; c++) {
		const char *v = param_get(&ctx->req->form, arena_printf(ctx->req->arena, "map_%zu", c));
		int t = v ? import_target_by_name(v) : (int)import_guess(im->csv->rows[0].cells[c]);
		if (t < 0)
			return -1;
		im->map[c] = t;
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
	for (size_t c = 0; c < im->ncols; c++)
		if (EVP_DigestUpdate(h, "\n", 1) != 1 ||
		    EVP_DigestUpdate(h, import_target_names[im->map[c]], strlen(import_target_names[im->map[c]])) != 1)
			goto fail;
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
	struct tval *cols = tv_list(ctx->data, "columns");
	const struct csv_row *head = &im->csv->rows[0], *first = &im->csv->rows[1];

	for (size_t c = 0; c < im->ncols; c++) {
		struct tval *col = tv_append_map(cols), *opts = tv_list(col, "options");
		tv_strf(col, "name", "map_%zu", c);
		tv_str(col, "header", head->cells[c][0] ? head->cells[c] : "\u2014");
		tv_str(col, "sample", c < first->ncells ? sample(ctx->req->arena, csv_unguard(first->cells[c])) : "");
		for (int t = 0; t <= IT__MAX; t++) {
			struct tval *o = tv_append_map(opts);
			tv_str(o, "value", import_target_names[t]);
			tv_str(o, "label", import_target_labels[t]);
			tv_bool(o, "selected", im->map[c] == t);
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
	return page_render(ctx, "contacts_import", status);
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
	if (import_commit(ctx, im, file) == -1)
		return show_mapping(ctx, im, file, digest, false, MSG_FAILED, 503);
	flash_set(ctx, FLASH_CONTACTS_IMPORTED);
	return page_redirect(ctx, "/contacts");
}

int
page_contacts_import_post(struct ctx *ctx)
{
	const struct upload *u = find_upload(ctx->req->uploads, "file");
	const char *action = param_get(&ctx->req->form, "action"), *file, *msg, *digest;
	struct import im = { 0 };
	struct csv_limits lim;
	struct csv_table t;
	struct csv_error e;

	if (!csrf_valid(ctx))
		return 403;
	if (u == NULL || u->len == 0)
		return show_upload(ctx, MSG_NO_FILE, 400);
	csv_limits_default(&lim);
	if (csv_read(ctx->req->arena, u->data, u->len, &lim, &t, &e) != CSV_OK)
		return show_csv_error(ctx, &e);
	if (t.nrows < 2)
		return show_upload(ctx, MSG_NO_ROWS, 400);
	im.csv = &t;
	im.ncols = t.rows[0].ncells;
	if (read_mapping(ctx, &im) == -1)
		return show_upload(ctx, MSG_BAD_MAP, 400);
	file = u->filename[0] ? u->filename : "upload.csv";
	digest = checked_digest(ctx->req->arena, u, &im);
	if ((msg = import_check_mapping(ctx, &im)) != NULL)
		return show_mapping(ctx, &im, file, digest, false, msg, 400);
	if (import_check_rows(ctx, &im) == -1)
		return 503;
	if (action != NULL && strcmp(action, "import") == 0)
		return commit(ctx, &im, file, digest);
	return show_mapping(ctx, &im, file, digest, true, NULL, 200);
}
