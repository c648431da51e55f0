/* import.c: owns importing records from CSV (import.h). Rows are
 * validated with the list's create form, so an import accepts exactly
 * what the form accepts; duplicates are found by the kind's keys, in the
 * file through a hash table and in the database by the kind's query
 * (within the user's view scope, so the answer tells nothing about
 * records the user cannot see). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "audit.h"
#include "custom_value.h"
#include "handler.h"
#include "import.h"
#include "json.h"
#include "session.h"

#define MSG_TWICE N_("Two columns go to the same field: choose one.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")
#define MSG_CELLS N_("This row does not have as many cells as the header. Cells in the row:")

/* A header as guesses are spelled: without spaces, '_' or '-', ASCII
 * letters in lower case, at most 63 bytes, into key. */
static void
header_key(const char *header, char key[64])
{
	size_t n = 0;

	for (const char *s = header; *s && n < 63; s++)
		if (*s != ' ' && *s != '_' && *s != '-')
			key[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	key[n] = '\0';
}

static const char *
import_key(struct arena *a, const char *s)
{
	char key[64];

	header_key(s, key);
	return arena_strdup(a, key);
}

/* s without surrounding spaces. */
static const char *
import_trim(struct arena *a, const char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return arena_strndup(a, s, n);
}

/* How closely field f's spellings name key: 0 its own name, n its n-th
 * guess, -1 not at all. */
static int
guess_rank(const struct import_field *f, const char *key)
{
	char own[64];
	int n = 1;

	header_key(f->name, own);
	if (strcmp(key, own) == 0)
		return 0;
	for (const char *const *g = f->guesses; *g != NULL; g++, n++)
		if (strcmp(key, *g) == 0)
			return n;
	return -1;
}

/* The field whose spellings name the header most closely (its own name,
 * then the earlier guess; the first field on a tie): "Mobile" is a
 * contact's mobile, and a lead's phone, which has no mobile. */
int
import_guess(const struct import_kind *k, const char *header)
{
	char key[64];
	int best = k->nfields, best_rank = -1;

	header_key(header, key);
	for (int f = 0; f < k->nfields; f++) {
		int rank = guess_rank(&k->fields[f], key);
		if (rank >= 0 && (best_rank < 0 || rank < best_rank)) {
			best = f;
			best_rank = rank;
		}
	}
	return best;
}

const char *
import_field_name(const struct import_kind *k, int f)
{
	return f < k->nfields ? k->fields[f].name : "ignore";
}

int
import_field_by_name(const struct import_kind *k, const char *name)
{
	for (int f = 0; f <= k->nfields; f++)
		if (strcmp(name, import_field_name(k, f)) == 0)
			return f;
	return -1;
}

const char *
import_check_mapping(const struct ctx *ctx, const struct import *im, size_t *column)
{
	const struct import_kind *k = im->kind;
	int seen[IMPORT_ALL_FIELDS_MAX] = { 0 };

	*column = 0;
	for (size_t c = 0; c < im->ncols; c++) {
		int f = im->map[c];
		*column = c;
		if (f == k->nfields)
			continue;
		if (seen[f]++)
			return MSG_TWICE;
		if (k->fields[f].sealed && rbac_field_rule(&ctx->user->rights, k->module,
		    k->fields[f].name) != RULE_EDITABLE)
			return MSG_NOT_YOURS;
	}
	*column = 0;
	for (size_t d = 0; d < k->form->nfields; d++)
		if (k->form->fields[d].required &&
		    (import_field_by_name(k, k->form->fields[d].name) < 0 ||
		    !seen[import_field_by_name(k, k->form->fields[d].name)]))
			return k->unmapped;
	return NULL;
}

static void
problem(struct ctx *ctx, struct import *im, long line, const char *label, const char *msg, const char *arg)
{
	if (im->nlisted < IMPORT_MAX_PROBLEMS) {
		if (im->problems == NULL)
			im->problems = arena_alloc(ctx->req->arena, IMPORT_MAX_PROBLEMS * sizeof(*im->problems));
		im->problems[im->nlisted++] = (struct import_problem){ line, label, msg, arg };
	}
	im->nproblems++;
}

/* A set of strings in the arena (open addressing), each with the line it
 * was first seen on: the duplicates within the file. */
struct seen {
	const char **key;
	long *line;
	size_t mask;
};

static void
seen_init(struct arena *a, struct seen *s, size_t n)
{
	size_t cap = 64;

	while (cap < 4 * n)
		cap *= 2;
	s->key = arena_alloc(a, cap * sizeof(*s->key));
	s->line = arena_alloc(a, cap * sizeof(*s->line));
	memset(s->key, 0, cap * sizeof(*s->key));
	s->mask = cap - 1;
}

/* The line key was first seen on, or 0 after recording it at line. */
static long
seen_add(struct seen *s, const char *key, long line)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (size_t i = (size_t)h & s->mask;; i = (i + 1) & s->mask) {
		if (s->key[i] == NULL) {
			s->key[i] = key;
			s->line[i] = line;
			return 0;
		}
		if (strcmp(s->key[i], key) == 0)
			return s->line[i];
	}
}

/* The number of the list's own fields (the custom ones follow). */
static int
own_fields(const struct import_kind *k)
{
	return k->custom_from > 0 ? k->custom_from : k->nfields;
}

const struct import_kind *
import_with_custom(struct ctx *ctx, const struct import_kind *k)
{
	const struct record_decl *d = record_decl_named(k->name);
	struct custom_set s = d != NULL ? custom_fields_of(d->kind, false) : (struct custom_set){ 0 };
	struct import_kind *out;
	struct import_field *fields;
	struct arena *a = ctx->req->arena;

	if (s.n == 0)
		return k;
	out = arena_alloc(a, sizeof(*out));
	*out = *k;
	fields = arena_alloc(a, sizeof(*fields) * (size_t)(k->nfields + (int)s.n));
	memcpy(fields, k->fields, sizeof(*fields) * (size_t)k->nfields);
	out->custom_from = k->nfields;
	for (size_t i = 0; i < s.n && out->nfields < IMPORT_ALL_FIELDS_MAX; i++) {
		const struct custom_field *f = s.fields[i];
		const char **g = arena_alloc(a, sizeof(*g) * 4);
		if (rbac_field_rule(&ctx->user->rights, k->module, f->rf.def.name) != RULE_EDITABLE)
			continue;
		g[0] = import_key(a, f->label[LANG_EN]);
		g[1] = f->label[LANG_ZH_CN] != NULL ? import_key(a, f->label[LANG_ZH_CN]) : NULL;
		g[2] = g[1] != NULL ? import_key(a, f->rf.def.name) : NULL;
		if (g[1] == NULL)
			g[1] = import_key(a, f->rf.def.name);
		fields[out->nfields++] = (struct import_field){ f->rf.def.name, f->label[LANG_EN], g, true };
	}
	out->fields = fields;
	return out;
}

/* Checks the custom cells of a row (cells[f]: field f's cell or NULL)
 * as the record's form would, into v[custom_from..]. */
static bool
check_custom(struct ctx *ctx, struct import *im, long line, const char *const *cells, const char **v)
{
	const struct import_kind *k = im->kind;
	struct arena *a = ctx->req->arena;
	const struct record_decl *d = record_decl_named(k->name);
	struct param_list in = { 0 };
	struct custom_values none;
	struct custom_form cf;
	bool good = true;

	for (int f = k->custom_from; f < k->nfields; f++) {
		const struct custom_field *cfd = custom_field_named(d->kind, k->fields[f].name);
		const char *cell = cells[f] != NULL ? cells[f] : cfd->default_value;
		char *copy, *save = NULL;
		if (cell == NULL || cell[0] == '\0')
			continue;
		if (cfd->type != CT_MULTICHOICE) {
			param_list_add(&in, a, cfd->rf.def.name, cell, strlen(cell));
			continue;
		}
		copy = arena_strdup(a, cell);
		for (char *c = strtok_r(copy, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save)) {
			const char *key = arena_printf(a, "%s.%s", cfd->rf.def.name, import_trim(a, c));
			if (custom_option_of(cfd, import_trim(a, c)) == NULL) {
				problem(ctx, im, line, cfd->label[LANG_EN], N_("There is no such option."), c);
				good = false;
			}
			param_list_add(&in, a, key, "1", 1);
		}
	}
	custom_values_empty(ctx, d->kind, &none);
	if (custom_form_read(ctx, d->kind, &in, &none, &cf) == -1)
		return false;
	for (size_t i = 0; i < cf.n; i++)
		for (int f = k->custom_from; f < k->nfields; f++)
			if (strcmp(k->fields[f].name, cf.in[i].field->rf.def.name) == 0) {
				v[f] = cf.in[i].text;
				if (cf.in[i].error != NULL) {
					problem(ctx, im, line, cf.in[i].field->label[LANG_EN], cf.in[i].error,
					    form_error_arg(a, &(struct field_value){ .error = cf.in[i].error,
					    .error_arg = cf.in[i].error_arg, .error_arg_kind = cf.in[i].error_arg_kind }));
					good = false;
				}
			}
	return good;
}

/* A checkbox's "no" in a file ("0", "no", "false", "off": what an
 * export writes, and spreadsheets' spellings) as the form's unticked
 * box: empty. Other cells as they are; the form judges them. */
static const char *
unticked(const struct import_kind *k, const char *field, const char *cell)
{
	static const char *const no[] = { "0", "no", "false", "off", NULL };
	char key[64];

	for (size_t d = 0; d < k->form->nfields; d++)
		if (k->form->fields[d].type == FIELD_BOOL && strcmp(k->form->fields[d].name, field) == 0) {
			header_key(cell, key);
			for (const char *const *n = no; *n != NULL; n++)
				if (strcmp(key, *n) == 0)
					return "";
		}
	return cell;
}

/* The label of field name in k's form, or NULL. */
static const char *
form_label(const struct import_kind *k, const char *name)
{
	for (size_t d = 0; d < k->form->nfields; d++)
		if (strcmp(k->form->fields[d].name, name) == 0)
			return k->form->fields[d].label;
	return NULL;
}

/* Validates one row into v[kind->nfields]; true when it passed. */
static bool
check_cells(struct ctx *ctx, struct import *im, const struct csv_row *row, const char **v)
{
	const struct import_kind *k = im->kind;
	struct arena *a = ctx->req->arena;
	struct param_list in = { 0 };
	const char **cells = arena_alloc(a, sizeof(*cells) * (size_t)(k->nfields + 1));
	struct form_result r;
	const char *msg, *field = NULL;
	bool good = true;

	for (size_t c = 0; c < im->ncols; c++)
		if (im->map[c] != k->nfields && row->cells[c][0] != '\0') {
			const char *cell = csv_unguard(row->cells[c]);
			cells[im->map[c]] = cell;
			if (im->map[c] < own_fields(k)) {
				cell = unticked(k, k->fields[im->map[c]].name, cell);
				param_list_add(&in, a, k->fields[im->map[c]].name, cell, strlen(cell));
			}
		}
	if (k->custom_from > 0 && !check_custom(ctx, im, row->line, cells, v))
		good = false;
	form_validate(k->form, &in, a, &r);
	for (int f = 0; f < own_fields(k); f++) {
		const struct field_value *fv = form_field(&r, k->fields[f].name);
		v[f] = fv->value != NULL && fv->value[0] != '\0' ? fv->value : NULL;
		if (fv->error != NULL) {
			problem(ctx, im, row->line, fv->def->label, fv->error, form_error_arg(a, fv));
			good = false;
		}
	}
	if (good && k->check != NULL && (msg = k->check(k, v, &field)) != NULL) {
		problem(ctx, im, row->line, form_label(k, field), msg, NULL);
		good = false;
	}
	return good;
}

/* Finds duplicates of a valid row: in the file, then in the database. */
static int
check_duplicate(struct ctx *ctx, struct import *im, struct seen *seen, long line, const char *const *v)
{
	struct arena *a = ctx->req->arena;
	const char *keys[IMPORT_KEYS] = { NULL };
	long first = 0;
	int rc;

	im->kind->keys(a, v, keys);
	for (int i = 0; i < IMPORT_KEYS && first == 0; i++)
		if (keys[i] != NULL)
			first = seen_add(seen, keys[i], line);
	if (first != 0) {
		problem(ctx, im, line, NULL, im->kind->dup_file, arena_printf(a, "%ld", first));
		return 0;
	}
	if ((rc = im->kind->exists(ctx, v)) == -1)
		return -1;
	if (rc == 1)
		problem(ctx, im, line, NULL, im->kind->dup_db, NULL);
	return 0;
}

int
import_check_rows(struct ctx *ctx, struct import *im)
{
	struct arena *a = ctx->req->arena;
	size_t nf = (size_t)im->kind->nfields;
	struct seen seen;

	im->nrows = im->csv->nrows - 1;
	im->values = arena_alloc(a, (im->nrows ? im->nrows : 1) * nf * sizeof(*im->values));
	seen_init(a, &seen, IMPORT_KEYS * im->nrows);
	for (size_t i = 0; i < im->nrows; i++) {
		const struct csv_row *row = &im->csv->rows[i + 1];
		const char **v = &im->values[i * nf];
		if (row->ncells != im->ncols) {
			problem(ctx, im, row->line, NULL, MSG_CELLS, arena_printf(a, "%zu", row->ncells));
			continue;
		}
		if (check_cells(ctx, im, row, v) && check_duplicate(ctx, im, &seen, row->line, v) == -1)
			return -1;
	}
	return 0;
}

static const char *
detail(struct arena *a, const struct import *im, const char *file_name)
{
	const char *cols = "[";
	struct json j;
	int n = 0;

	for (size_t c = 0; c < im->ncols; c++)
		if (im->map[c] != im->kind->nfields)
			cols = arena_printf(a, "%s%s%s", cols, n++ ? "," : "",
			    json_quote(a, import_field_name(im->kind, im->map[c])));
	json_begin(&j, a);
	json_str(&j, "file", file_name);
	json_int(&j, "rows", (long long)im->nrows);
	json_raw(&j, "columns", arena_printf(a, "%s]", cols));
	return json_end(&j);
}

/* Writes the custom values of row v for new record id. 0 or -1. */
static int
insert_custom(struct ctx *ctx, const struct import_kind *k, long long id, const char *const *v)
{
	const struct record_decl *d = record_decl_named(k->name);
	struct custom_values none;
	struct custom_form cf = { 0 };
	const char *audit;

	if (k->custom_from == 0)
		return 0;
	custom_values_empty(ctx, d->kind, &none);
	cf.in = arena_alloc(ctx->req->arena, sizeof(*cf.in) * (size_t)(k->nfields - k->custom_from + 1));
	for (int f = k->custom_from; f < k->nfields; f++)
		cf.in[cf.n++] = (struct custom_input){ .field = custom_field_named(d->kind, k->fields[f].name),
		    .text = v[f] };
	return custom_values_write(ctx, id, &cf, &none, &audit);
}

int
import_commit(struct ctx *ctx, const struct import *im, const char *file_name,
    import_progress_fn progress, void *arg)
{
	size_t nf = (size_t)im->kind->nfields;

	if (im->nproblems > 0 || im->nrows == 0 || db_begin(ctx->db) != DB_OK)
		return -1;
	for (size_t i = 0; i < im->nrows; i++) {
		long long id = im->kind->insert(ctx, &im->values[i * nf]);
		if (id == -1 || insert_custom(ctx, im->kind, id, &im->values[i * nf]) == -1)
			goto fail;
		if (progress != NULL && (i + 1) % IMPORT_PROGRESS_ROWS == 0 && i + 1 < im->nrows &&
		    progress(ctx, i + 1, im->nrows, arg) == -1)
			goto fail;
	}
	if (audit_ctx(ctx, AUDIT_IMPORT, im->kind->name, "", AUDIT_SUCCESS, (long long)im->nrows,
	    detail(ctx->req->arena, im, file_name)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}
