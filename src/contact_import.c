/* contact_import.c: owns importing contacts from CSV (contact_import.h).
 * Rows are validated with contact_form (page_contacts.c), so an import
 * accepts exactly what the contact form accepts; duplicates are found by
 * the normalised email and phone, in the file through a hash table and
 * in the database through the blind indexes (within the user's view
 * scope, so the answer tells nothing about contacts the user cannot
 * see). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "contact_import.h"
#include "envelope.h"
#include "form.h"
#include "handler.h"
#include "json.h"
#include "keyring.h"
#include "record_scope.h"
#include "session.h"

extern const struct form_def contact_form;

const char *const import_target_names[IT__MAX + 1] = {
	"first_name", "last_name", "email", "phone", "address", "birth_date", "ignore"
};
const char *const import_target_labels[IT__MAX + 1] = {
	N_("First name"), N_("Last name"), N_("Email"), N_("Phone"), N_("Address"), N_("Birth date"),
	N_("Ignore this column")
};

#define MSG_UNMAPPED N_("Choose the columns that hold the first and the last name.")
#define MSG_TWICE N_("Two columns go to the same field: choose one.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")
#define MSG_CELLS N_("This row does not have as many cells as the header. Cells in the row:")
#define MSG_DUP_FILE N_("The same email address or phone number is already on line:")
#define MSG_DUP_DB N_("A contact with this email address or phone number already exists.")

/* Header spellings per target: lower case, without spaces, '_' or '-'. */
static const char *const guesses[IT__MAX][8] = {
	{ "firstname", "first", "givenname", "forename", "名", "名字", NULL },
	{ "lastname", "last", "surname", "familyname", "姓", "姓氏", NULL },
	{ "email", "emailaddress", "mail", "邮箱", "电子邮件", "电子邮箱", NULL },
	{ "phone", "phonenumber", "telephone", "tel", "mobile", "电话", "手机", NULL },
	{ "address", "postaladdress", "地址", NULL },
	{ "birthdate", "birthday", "dateofbirth", "dob", "生日", "出生日期", NULL },
};

enum import_target
import_guess(const char *header)
{
	char key[64];
	size_t n = 0;

	for (const char *s = header; *s && n < sizeof(key) - 1; s++)
		if (*s != ' ' && *s != '_' && *s != '-')
			key[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	key[n] = '\0';
	for (int t = 0; t < IT__MAX; t++)
		for (int k = 0; guesses[t][k] != NULL; k++)
			if (strcmp(key, guesses[t][k]) == 0)
				return (enum import_target)t;
	return IT_IGNORE;
}

int
import_target_by_name(const char *name)
{
	for (int t = 0; t <= IT__MAX; t++)
		if (strcmp(name, import_target_names[t]) == 0)
			return t;
	return -1;
}

const char *
import_check_mapping(const struct ctx *ctx, const struct import *im)
{
	int seen[IT__MAX] = { 0 };

	for (size_t c = 0; c < im->ncols; c++) {
		int t = im->map[c];
		if (t == IT_IGNORE)
			continue;
		if (seen[t]++)
			return MSG_TWICE;
		if (t >= IT_EMAIL && rbac_field_rule(&ctx->user->rights, MOD_CONTACTS,
		    contact_secret_names[t - IT_EMAIL]) != RULE_EDITABLE)
			return MSG_NOT_YOURS;
	}
	return seen[IT_FIRST_NAME] && seen[IT_LAST_NAME] ? NULL : MSG_UNMAPPED;
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

/* Validates one row into v[IT__MAX]; true when it passed. */
static bool
check_cells(struct ctx *ctx, struct import *im, const struct csv_row *row, const char **v)
{
	struct arena *a = ctx->req->arena;
	struct param_list in = { 0 };
	struct form_result r;
	bool good = true;

	for (size_t c = 0; c < im->ncols; c++)
		if (im->map[c] != IT_IGNORE && row->cells[c][0] != '\0') {
			const char *cell = csv_unguard(row->cells[c]);
			param_list_add(&in, a, import_target_names[im->map[c]], cell, strlen(cell));
		}
	form_validate(&contact_form, &in, a, &r);
	for (int t = 0; t < IT__MAX; t++) {
		const struct field_value *fv = form_field(&r, import_target_names[t]);
		v[t] = fv->value != NULL && fv->value[0] != '\0' ? fv->value : NULL;
		if (fv->error != NULL) {
			problem(ctx, im, row->line, fv->def->label, fv->error, form_error_arg(a, fv));
			good = false;
		}
	}
	return good;
}

/* Finds duplicates of a valid row: in the file, then in the database. */
static int
check_duplicate(struct ctx *ctx, struct import *im, struct seen *seen, long line, const char **v)
{
	struct arena *a = ctx->req->arena;
	const char *email = v[IT_EMAIL] ? normalise_email(a, v[IT_EMAIL]) : NULL;
	const char *phone = v[IT_PHONE] ? normalise_phone(a, v[IT_PHONE], "41") : NULL;
	struct db_value p[2 + RECORD_SCOPE_PARAMS];
	struct db_rows rows;
	long first = 0;

	if (email == NULL && phone == NULL)
		return 0;
	if (email != NULL)
		first = seen_add(seen, arena_printf(a, "e:%s", email), line);
	if (phone != NULL && first == 0)
		first = seen_add(seen, arena_printf(a, "p:%s", phone), line);
	if (first != 0) {
		problem(ctx, im, line, NULL, MSG_DUP_FILE, arena_printf(a, "%ld", first));
		return 0;
	}
	contact_blind_indexes(a, email, phone, &p[0], &p[1]);
	record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p + 2);
	if (db_run(ctx->db, a, STMT_CONTACT_DUPLICATE_COUNT, p, 2 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (db_cell_int(&rows, 0, 0, 0) > 0)
		problem(ctx, im, line, NULL, MSG_DUP_DB, NULL);
	return 0;
}

int
import_check_rows(struct ctx *ctx, struct import *im)
{
	struct arena *a = ctx->req->arena;
	struct seen seen;

	im->nrows = im->csv->nrows - 1;
	im->values = arena_alloc(a, (im->nrows ? im->nrows : 1) * IT__MAX * sizeof(*im->values));
	seen_init(a, &seen, 2 * im->nrows);
	for (size_t i = 0; i < im->nrows; i++) {
		const struct csv_row *row = &im->csv->rows[i + 1];
		const char **v = &im->values[i * IT__MAX];
		if (row->ncells != im->ncols) {
			problem(ctx, im, row->line, NULL, MSG_CELLS, arena_printf(a, "%zu", row->ncells));
			continue;
		}
		if (check_cells(ctx, im, row, v) && check_duplicate(ctx, im, &seen, row->line, v) == -1)
			return -1;
	}
	return 0;
}

/* One contact: the insert, then its sealed fields under its new key. */
static int
insert_row(struct ctx *ctx, const char **v)
{
	struct arena *a = ctx->req->arena;
	const char *plain[CS__MAX] = { v[IT_EMAIL], v[IT_PHONE], v[IT_ADDRESS], v[IT_BIRTH_DATE] };
	struct db_value p[7];
	struct db_rows rows;
	long long id;

	p[0] = (struct db_value){ .type = DBV_TEXT, .s = v[IT_FIRST_NAME], .len = strlen(v[IT_FIRST_NAME]) };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = v[IT_LAST_NAME], .len = strlen(v[IT_LAST_NAME]) };
	p[2] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	p[3] = ctx->user->team_id ? (struct db_value){ .type = DBV_INT, .i = ctx->user->team_id } :
	    (struct db_value){ .type = DBV_NULL };
	if (db_run(ctx->db, a, STMT_CONTACT_INSERT, p, 4, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (contact_seal_new(ctx, id, plain, p) == -1)
		return -1;
	p[6] = (struct db_value){ .type = DBV_INT, .i = id };
	return db_run(ctx->db, a, STMT_CONTACT_SET_SECRETS, p, 7, NULL) == DB_OK ? 0 : -1;
}

static const char *
detail(struct arena *a, const struct import *im, const char *file_name)
{
	const char *cols = "[";
	struct json j;
	int n = 0;

	for (size_t c = 0; c < im->ncols; c++)
		if (im->map[c] != IT_IGNORE)
			cols = arena_printf(a, "%s%s%s", cols, n++ ? "," : "",
			    json_quote(a, import_target_names[im->map[c]]));
	json_begin(&j, a);
	json_str(&j, "file", file_name);
	json_int(&j, "rows", (long long)im->nrows);
	json_raw(&j, "columns", arena_printf(a, "%s]", cols));
	return json_end(&j);
}

int
import_commit(struct ctx *ctx, const struct import *im, const char *file_name)
{
	if (im->nproblems > 0 || im->nrows == 0 || db_begin(ctx->db) != DB_OK)
		return -1;
	for (size_t i = 0; i < im->nrows; i++)
		if (insert_row(ctx, &im->values[i * IT__MAX]) == -1)
			goto fail;
	if (audit_ctx(ctx, AUDIT_IMPORT, "contacts", "", AUDIT_SUCCESS, (long long)im->nrows,
	    detail(ctx->req->arena, im, file_name)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}
