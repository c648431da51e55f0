/* custom_field_store.c: owns the custom_field_admin statements
 * (custom_field_admin_sql.h): reading custom field definitions for
 * /admin/fields and every change an administrator makes to them, each
 * in one transaction with its audit record (custom_field_store.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "custom_field_store.h"
#include "deal.h"
#include "form.h"
#include "custom_field.h"
#include "handler.h"
#include "i18n.h"
#include "json.h"
#include "record_decl.h"
#include "request.h"
#include "stmt.h"

const char *const cf_families[] = { "accounts", "contacts", "leads", "deals", NULL };
const char *const cf_protects[] = { "plain", "sealed", "indexed", NULL };
const char *const cf_personals[] = { "none", "contact", "identifier", "financial", "special", NULL };
const char *const cf_langs[] = { "en", "zh-CN", NULL };

static const char *const family_labels[] = { N_("Accounts"), N_("Contacts"), N_("Leads"), N_("Deals") };
static const char *const protect_labels[] = { N_("Plain"), N_("Encrypted"), N_("Encrypted, exact search") };
static const char *const personal_labels[] = { N_("Not personal data"), N_("Contact details"),
	N_("Identifier"), N_("Financial"), N_("Special category") };

#define MSG_INDEXED N_("Exact search (a blind index) is only for text, email, phone, integer and single-choice fields.")
#define MSG_SEALED N_("User and multiple-choice fields cannot be encrypted.")
#define MSG_LIMIT N_("A record family has at most 60 live custom fields. Retire one first.")
#define MSG_OPT_LIMIT N_("A field has at most 100 options, retired ones included.")
#define MSG_LABEL_TAKEN N_("Another live field of this record family already has this English label.")
#define MSG_LABEL_STANDARD N_("A standard field of this record family already has this name or label.")
#define MSG_NO_OPTIONS N_("Only single-choice and multiple-choice fields have options.")
#define MSG_OPT_TAKEN N_("This field already has an option with this code.")
#define MSG_OPT_DEFAULT N_("This option is the field's default. Choose another default first.")
#define MSG_CURRENCY N_("A currency amount needs one of the offered currencies.")
#define MSG_BAD_KIND N_("Choose a record family, a type, a protection class and a personal-data class from the lists.")
#define MSG_EDGE N_("The field is already at that end of the list.")

static int
index_of(const char *const *list, const char *code)
{
	for (int i = 0; code && list[i]; i++)
		if (strcmp(list[i], code) == 0)
			return i;
	return -1;
}

static const char *
label_in(const char *const *codes, const char *const *labels, const char *code)
{
	int i = index_of(codes, code);

	return i >= 0 ? labels[i] : code;
}

const char *cf_family_label(const char *c) { return label_in(cf_families, family_labels, c); }
const char *
cf_type_label(const char *c)
{
	int t = custom_type_parse(c);

	return t >= 0 ? custom_type_label((enum custom_type)t) : c;
}
const char *cf_protect_label(const char *c) { return label_in(cf_protects, protect_labels, c); }
const char *cf_personal_label(const char *c) { return label_in(cf_personals, personal_labels, c); }

bool
cf_type_has_options(const char *type)
{
	return type && (strcmp(type, "choice") == 0 || strcmp(type, "multichoice") == 0);
}

static bool
is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

const char *
cf_check_kind(const struct cf_def *d)
{
	static const char *const indexable[] = { "text", "email", "phone", "integer", "choice", NULL };

	if (index_of(cf_families, d->family) < 0 || custom_type_parse(d->type) < 0 ||
	    index_of(cf_protects, d->protect) < 0 || index_of(cf_personals, d->personal) < 0)
		return MSG_BAD_KIND;
	if (!is(d->protect, "plain") && (is(d->type, "user") || is(d->type, "multichoice")))
		return MSG_SEALED;
	if (is(d->protect, "indexed") && index_of(indexable, d->type) < 0)
		return MSG_INDEXED;
	if (is(d->type, "money") != (d->currency != NULL) ||
	    (d->currency && index_of(deal_currencies, d->currency) < 0))
		return MSG_CURRENCY;
	return NULL;
}

/* --- defaults ------------------------------------------------------ */

/* Validates v as one form field of def; the normalised value or NULL
 * with *msg. */
static const char *
validate_as(struct ctx *ctx, const struct field_def *def, const char *v, const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct param_list in = { 0 };
	const struct form_def form = { "custom_default", def, 1 };
	struct form_result r;

	param_list_add(&in, a, def->name, v, strlen(v));
	if (form_validate(&form, &in, a, &r) > 0) {
		*msg = r.values[0].error ? r.values[0].error : N_("The default value is not valid for this type.");
		return NULL;
	}
	return r.values[0].value;
}

/* A date-time as the form sends it: YYYY-MM-DDTHH:MM, a real date. */
static const char *
check_datetime(struct ctx *ctx, const char *v, const char **msg)
{
	static const struct field_def date = { .name = "default_value", .label = N_("Default value"),
	    .type = FIELD_DATE };
	int h, m;
	char day[11], tail;

	if (strlen(v) != 16 || v[10] != 'T' || sscanf(v + 11, "%2d:%2d%c", &h, &m, &tail) != 2 ||
	    h < 0 || h > 23 || m < 0 || m > 59 || v[13] != ':') {
		*msg = N_("A date and time is written as 2024-12-31T17:30.");
		return NULL;
	}
	snprintf(day, sizeof(day), "%.10s", v);
	if (validate_as(ctx, &date, day, msg) == NULL)
		return NULL;
	return v;
}

/* Choice codes: one (choice) or several separated by commas, each a
 * live option; normalised without spaces. */
static const char *
check_codes(struct ctx *ctx, const struct cf_def *d, const struct cf_option *opts, size_t nopts,
    const char *v, const char **msg)
{
	char *copy = arena_strdup(ctx->req->arena, v), *save = NULL, *tok;
	const char *out = NULL;
	int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i, len;
		while (*tok == ' ')
			tok++;
		for (len = strlen(tok); len > 0 && tok[len - 1] == ' '; len--)
			tok[len - 1] = '\0';
		for (i = 0; i < nopts; i++)
			if (!opts[i].retired && strcmp(opts[i].code, tok) == 0)
				break;
		if (i == nopts) {
			*msg = N_("The default must be the code of a live option of this field.");
			return NULL;
		}
		out = out ? arena_printf(ctx->req->arena, "%s,%s", out, tok) : tok;
		n++;
	}
	if (n > 1 && !is(d->type, "multichoice")) {
		*msg = N_("A single-choice field has one default option.");
		return NULL;
	}
	return out;
}

const char *
cf_check_default(struct ctx *ctx, const struct cf_def *d, const struct cf_option *opts, size_t nopts,
    const char **norm)
{
	struct field_def def = { .name = "default_value", .label = N_("Default value"), .type = FIELD_TEXT,
	    .max_len = CF_DEFAULT_MAX };
	const char *v = d->default_value, *msg = NULL;

	*norm = NULL;
	if (v == NULL || *v == '\0')
		return NULL;
	if (strlen(v) > CF_DEFAULT_MAX)
		return N_("The default value is longer than 1000 characters.");
	if (is(d->type, "user"))
		return N_("A user field has no default.");
	if (is(d->type, "checkbox") && strcmp(v, "0") == 0)
		return NULL;	/* unticked is no default */
	if (cf_type_has_options(d->type)) {
		*norm = check_codes(ctx, d, opts, nopts, v, &msg);
		return *norm ? NULL : msg;
	}
	if (is(d->type, "datetime")) {
		*norm = check_datetime(ctx, v, &msg);
		return *norm ? NULL : msg;
	}
	if (is(d->type, "textarea"))
		def.type = FIELD_TEXTAREA;
	else if (is(d->type, "integer")) {
		def.type = FIELD_INT;
		def.min = -999999999999999LL;
		def.max = 999999999999999LL;
	} else if (is(d->type, "decimal") || is(d->type, "money"))
		def.type = FIELD_MONEY;
	else if (is(d->type, "date"))
		def.type = FIELD_DATE;
	else if (is(d->type, "checkbox"))
		def.type = FIELD_BOOL;
	else if (is(d->type, "email"))
		def.type = FIELD_EMAIL;
	else if (is(d->type, "phone"))
		def.type = FIELD_PHONE;
	else if (is(d->type, "url")) {
		def.pattern = "https?://[^[:space:]]+";
		def.pattern_msg = N_("A web address starts with https:// or http://.");
	}
	*norm = validate_as(ctx, &def, v, &msg);
	return *norm || msg == NULL ? NULL : msg;
}

/* --- reading ------------------------------------------------------- */

/* A row of cfa_list or cfa_get (the same columns) as a definition. */
#define DEF_OF(d, r) (*(d) = (struct cf_def){ \
	.id = (r)->id, .position = (r)->position, .version = (r)->version, \
	.live_options = (r)->live_options, .family = (r)->family, .type = (r)->type, \
	.protect = (r)->protect, .personal = (r)->personal, .currency = (r)->currency, \
	.default_value = (r)->default_value, .required = (r)->required != 0, \
	.retired = (r)->retired != 0, .label = { (r)->label_en, (r)->label_zh }, \
	.help = { (r)->help_en, (r)->help_zh } })

int
cf_store_list(struct ctx *ctx, const char *family, struct cf_def **out, size_t *n)
{
	struct cfa_list_out r;

	if (stmt_cfa_list(ctx->db, ctx->req->arena, &(struct cfa_list_in){ .family = family }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		DEF_OF(&(*out)[i], &r.rows[i]);
	*n = r.n;
	return 0;
}

static int
get(struct ctx *ctx, long long id, struct cf_def *out, bool lock)
{
	struct cfa_get_out r;
	const struct cfa_get_in in = { .id = id };
	enum db_error e = lock ? stmt_cfa_get_lock(ctx->db, ctx->req->arena, &in, &r) :
	    stmt_cfa_get(ctx->db, ctx->req->arena, &in, &r);

	if (e != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	DEF_OF(out, &r.rows[0]);
	return 1;
}

int
cf_store_get(struct ctx *ctx, long long id, struct cf_def *out)
{
	return get(ctx, id, out, false);
}

static int
options(struct ctx *ctx, long long field_id, struct cf_option **out, size_t *n, bool lock)
{
	struct cfa_options_out r;
	const struct cfa_options_in in = { .field_id = field_id };
	enum db_error e = lock ? stmt_cfa_options_lock(ctx->db, ctx->req->arena, &in, &r) :
	    stmt_cfa_options(ctx->db, ctx->req->arena, &in, &r);

	if (e != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct cf_option){ .code = r.rows[i].code, .position = r.rows[i].position,
		    .retired = r.rows[i].retired != 0, .label = { r.rows[i].label_en, r.rows[i].label_zh } };
	*n = r.n;
	return 0;
}

int
cf_store_options(struct ctx *ctx, long long field_id, struct cf_option **out, size_t *n)
{
	return options(ctx, field_id, out, n, false);
}

/* --- audit --------------------------------------------------------- */

static const char *
text(const char *s)
{
	return s ? s : "";
}

/* Adds key to b and f when before and after differ. */
static void
diff(struct json *b, struct json *f, const char *key, const char *before, const char *after)
{
	if (strcmp(text(before), text(after)) == 0)
		return;
	json_str(b, key, text(before));
	json_str(f, key, text(after));
}

static void
put_def(struct json *j, const struct cf_def *d)
{
	json_str(j, "type", d->type);
	json_str(j, "protect", d->protect);
	json_str(j, "personal", d->personal);
	json_bool(j, "required", d->required);
	json_str(j, "default", d->default_value);
	json_str(j, "currency", d->currency);
	json_str(j, "label_en", d->label[CF_LANG_EN]);
	json_str(j, "label_zh", d->label[CF_LANG_ZH]);
	json_str(j, "help_en", d->help[CF_LANG_EN]);
	json_str(j, "help_zh", d->help[CF_LANG_ZH]);
}

/* Writes the audit record of a change of field d: {"family", "field"
 * (its English label), "change", extra keys, "before", "after"}. */
static int
audit(struct ctx *ctx, const struct cf_def *d, const char *change, const char *option,
    const char *before, const char *after)
{
	struct arena *a = ctx->req->arena;
	struct json j;

	json_begin(&j, a);
	json_str(&j, "family", d->family);
	json_str(&j, "field", d->label[CF_LANG_EN]);
	json_str(&j, "change", change);
	if (option)
		json_str(&j, "option", option);
	json_raw(&j, "before", before);
	json_raw(&j, "after", after);
	return audit_ctx(ctx, AUDIT_SETTINGS_UPDATE, "custom_fields", arena_printf(a, "%lld", d->id),
	    AUDIT_SUCCESS, 1, json_end(&j));
}

/* --- writing ------------------------------------------------------- */

/* Ends a write: commits on CF_OK (rolls back on anything else). */
static enum cf_result
finish(struct ctx *ctx, enum cf_result rc)
{
	if (rc == CF_OK && db_commit(ctx->db) != DB_OK)
		rc = CF_ERROR;
	if (rc != CF_OK)
		db_rollback(ctx->db);
	return rc;
}

/* Writes label and help of lang for the field (code "") or an option;
 * an absent or empty label removes the language's row (zh-CN only: the
 * callers require English). */
static int
put_text(struct ctx *ctx, long long id, const char *code, int lang, const char *label, const char *help)
{
	if (label == NULL || *label == '\0')
		return stmt_cfa_text_delete(ctx->db, ctx->req->arena, &(struct cfa_text_delete_in){
		    .field_id = id, .option_code = code, .lang = cf_langs[lang] }, NULL) == DB_OK ? 0 : -1;
	return stmt_cfa_text_put(ctx->db, ctx->req->arena, &(struct cfa_text_put_in){
	    .field_id = id, .option_code = code, .lang = cf_langs[lang], .label = label,
	    .help = help && *help ? help : NULL }, NULL) == DB_OK ? 0 : -1;
}

static int
put_texts(struct ctx *ctx, long long id, const struct cf_def *d)
{
	for (int l = 0; l < CF_LANGS; l++)
		if (put_text(ctx, id, "", l, d->label[l], d->help[l]) == -1)
			return -1;
	return 0;
}

/* Whether the English label is free in the family for field id (0 for
 * a new one): NULL, or the msgid of the clash; *err on a database error. */
static const char *
label_clash(struct ctx *ctx, const char *family, long long id, const char *label, bool *err)
{
	const struct record_decl *decl = record_decl_named(family);
	struct cfa_label_taken_out r;

	for (size_t i = 0; decl && i < decl->nfields; i++)
		if (strcasecmp(decl->fields[i].def.name, label) == 0 ||
		    strcasecmp(decl->fields[i].def.label, label) == 0)
			return MSG_LABEL_STANDARD;
	if (stmt_cfa_label_taken(ctx->db, ctx->req->arena, &(struct cfa_label_taken_in){
	    .family = family, .id = id, .label = label }, &r) != DB_OK || r.n != 1) {
		*err = true;
		return NULL;
	}
	return r.rows[0].n > 0 ? MSG_LABEL_TAKEN : NULL;
}

/* Locks the family; the number of live fields and the next position. */
static int
lock_family(struct ctx *ctx, const char *family, struct cfa_family_lock_out *r, long long *live)
{
	if (stmt_cfa_family_lock(ctx->db, ctx->req->arena, &(struct cfa_family_lock_in){ .family = family }, r)
	    != DB_OK)
		return -1;
	*live = 0;
	for (size_t i = 0; i < r->n; i++)
		*live += !r->rows[i].retired;
	return 0;
}

enum cf_result
cf_store_create(struct ctx *ctx, const struct cf_def *d, long long *id, const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct cfa_family_lock_out fam;
	struct cfa_insert_out ins = { 0 };
	struct cf_def n = *d;
	struct json after;
	long long live;
	bool err = false;

	if ((*msg = cf_check_kind(d)) != NULL || (*msg = cf_check_default(ctx, d, NULL, 0, &n.default_value)))
		return CF_REFUSED;
	if (db_begin(ctx->db) != DB_OK)
		return CF_ERROR;
	if (lock_family(ctx, d->family, &fam, &live) == -1)
		return finish(ctx, CF_ERROR);
	if (live >= CF_FIELDS_MAX) {
		*msg = MSG_LIMIT;
		return finish(ctx, CF_REFUSED);
	}
	if ((*msg = label_clash(ctx, d->family, 0, d->label[CF_LANG_EN], &err)) != NULL || err)
		return finish(ctx, err ? CF_ERROR : CF_REFUSED);
	if (stmt_cfa_insert(ctx->db, a, &(struct cfa_insert_in){
	    .family = n.family, .type = n.type, .required = n.required, .default_value = n.default_value,
	    .currency = n.currency, .protect = n.protect, .personal = n.personal,
	    .position = (long long)fam.n + 1 }, &ins) != DB_OK)
		return finish(ctx, CF_ERROR);
	n.id = *id = (long long)ins.insert_id;
	if (put_texts(ctx, n.id, &n) == -1)
		return finish(ctx, CF_ERROR);
	json_begin(&after, a);
	put_def(&after, &n);
	return finish(ctx, audit(ctx, &n, "create", NULL, "{}", json_end(&after)) == -1 ? CF_ERROR : CF_OK);
}

/* The family's lock of an open write. */
struct family {
	struct cfa_family_lock_out rows;	/* its fields in display order */
	long long live;				/* how many are not retired */
};

/* Opens a write on field id from version: the transaction begun, the
 * field's family locked into *fam, the field read into *d; CF_OK, or
 * what ended it (rolled back). Every write of a family locks the family
 * first, so writes of one family queue instead of deadlocking; the
 * family is read before the transaction (it never changes), so the
 * transaction's first plain read (the label check) comes after the lock
 * and sees every change committed before it. */
static enum cf_result
open_field(struct ctx *ctx, long long id, long long version, struct cf_def *d, struct family *fam)
{
	int rc;

	if ((rc = get(ctx, id, d, false)) <= 0)
		return rc == 0 ? CF_MISSING : CF_ERROR;
	if (db_begin(ctx->db) != DB_OK)
		return CF_ERROR;
	if (lock_family(ctx, d->family, &fam->rows, &fam->live) == -1 || get(ctx, id, d, true) != 1)
		return finish(ctx, CF_ERROR);	/* a field never leaves its family */
	if (d->version != version)
		return finish(ctx, CF_STALE);
	return CF_OK;
}

/* Moves the field's version on (from version, which it holds: the row
 * is locked); CF_OK or CF_ERROR. */
static enum cf_result
touch(struct ctx *ctx, long long id, long long version)
{
	struct cfa_touch_out r;

	if (stmt_cfa_touch(ctx->db, ctx->req->arena, &(struct cfa_touch_in){ .id = id, .version = version }, &r)
	    != DB_OK || r.affected != 1)
		return CF_ERROR;
	return CF_OK;
}

enum cf_result
cf_store_update(struct ctx *ctx, const struct cf_def *d, const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct cf_def old, n;
	struct family fam;
	struct cf_option *opts;
	struct cfa_update_out up;
	struct json b, f;
	size_t nopts;
	bool err = false;
	enum cf_result rc;

	if ((rc = open_field(ctx, d->id, d->version, &old, &fam)) != CF_OK)
		return rc;
	n = old;
	n.required = d->required;
	n.personal = d->personal;
	n.default_value = d->default_value;
	for (int l = 0; l < CF_LANGS; l++) {
		n.label[l] = d->label[l];
		n.help[l] = d->help[l];
	}
	if (index_of(cf_personals, n.personal) < 0) {
		*msg = MSG_BAD_KIND;
		return finish(ctx, CF_REFUSED);
	}
	if (options(ctx, n.id, &opts, &nopts, true) == -1)
		return finish(ctx, CF_ERROR);
	if ((*msg = cf_check_default(ctx, &n, opts, nopts, &n.default_value)) != NULL)
		return finish(ctx, CF_REFUSED);
	if (!old.retired && (*msg = label_clash(ctx, n.family, n.id, n.label[CF_LANG_EN], &err)) != NULL)
		return finish(ctx, CF_REFUSED);
	if (err || stmt_cfa_update(ctx->db, a, &(struct cfa_update_in){ .required = n.required,
	    .default_value = n.default_value, .personal = n.personal, .id = n.id, .version = d->version },
	    &up) != DB_OK || up.affected != 1 || put_texts(ctx, n.id, &n) == -1)
		return finish(ctx, CF_ERROR);
	json_begin(&b, a);
	json_begin(&f, a);
	diff(&b, &f, "required", old.required ? "yes" : "no", n.required ? "yes" : "no");
	diff(&b, &f, "default", old.default_value, n.default_value);
	diff(&b, &f, "personal", old.personal, n.personal);
	diff(&b, &f, "label_en", old.label[CF_LANG_EN], n.label[CF_LANG_EN]);
	diff(&b, &f, "label_zh", old.label[CF_LANG_ZH], n.label[CF_LANG_ZH]);
	diff(&b, &f, "help_en", old.help[CF_LANG_EN], n.help[CF_LANG_EN]);
	diff(&b, &f, "help_zh", old.help[CF_LANG_ZH], n.help[CF_LANG_ZH]);
	return finish(ctx, audit(ctx, &n, "update", NULL, json_end(&b), json_end(&f)) == -1 ? CF_ERROR : CF_OK);
}

enum cf_result
cf_store_retire(struct ctx *ctx, long long id, long long version, bool retire, const char **msg)
{
	struct family fam;
	struct cfa_retire_out r;
	struct cf_def d;
	bool err = false;
	enum cf_result rc;

	if ((rc = open_field(ctx, id, version, &d, &fam)) != CF_OK)
		return rc;
	if (d.retired == retire)
		return finish(ctx, CF_STALE);	/* someone did it already */
	if (!retire) {
		if (fam.live >= CF_FIELDS_MAX) {
			*msg = MSG_LIMIT;
			return finish(ctx, CF_REFUSED);
		}
		if ((*msg = label_clash(ctx, d.family, d.id, d.label[CF_LANG_EN], &err)) != NULL || err)
			return finish(ctx, err ? CF_ERROR : CF_REFUSED);
	}
	if (stmt_cfa_retire(ctx->db, ctx->req->arena, &(struct cfa_retire_in){ .retired = retire, .id = id,
	    .version = version }, &r) != DB_OK || r.affected != 1)
		return finish(ctx, CF_ERROR);
	return finish(ctx, audit(ctx, &d, retire ? "retire" : "restore", NULL,
	    retire ? "{\"retired\":false}" : "{\"retired\":true}",
	    retire ? "{\"retired\":true}" : "{\"retired\":false}") == -1 ? CF_ERROR : CF_OK);
}

enum cf_result
cf_store_move(struct ctx *ctx, long long id, long long version, int dir, const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct family f;
	struct cfa_family_lock_out *fam = &f.rows;
	struct cf_def d;
	long long *ids;
	size_t at = 0;
	enum cf_result rc;

	if ((rc = open_field(ctx, id, version, &d, &f)) != CF_OK)
		return rc;
	while (at < fam->n && fam->rows[at].id != id)
		at++;
	if (at == fam->n)
		return finish(ctx, CF_ERROR);
	if ((dir < 0 && at == 0) || (dir > 0 && at + 1 >= fam->n)) {
		*msg = MSG_EDGE;
		return finish(ctx, CF_REFUSED);
	}
	ids = arena_alloc(a, fam->n * sizeof(*ids));
	for (size_t i = 0; i < fam->n; i++)
		ids[i] = fam->rows[i].id;
	ids[at] = ids[at + (size_t)dir];
	ids[at + (size_t)dir] = id;
	for (size_t i = 0; i < fam->n; i++)	/* renumbered 1..n: old rows may share a position */
		if (stmt_cfa_position(ctx->db, a, &(struct cfa_position_in){ .position = (long long)i + 1,
		    .id = ids[i] }, NULL) != DB_OK)
			return finish(ctx, CF_ERROR);
	if (touch(ctx, id, version) != CF_OK)
		return finish(ctx, CF_ERROR);
	return finish(ctx, audit(ctx, &d, "move", NULL, arena_printf(a, "{\"place\":%zu}", at + 1),
	    arena_printf(a, "{\"place\":%zu}", at + 1 + (size_t)dir)) == -1 ? CF_ERROR : CF_OK);
}

/* --- options ------------------------------------------------------- */

/* Opens a write on an option of field id: the field and its options
 * locked; *at the index of code in *opts (nopts when absent). */
static enum cf_result
open_options(struct ctx *ctx, long long id, long long version, const char *code, struct cf_def *d,
    struct cf_option **opts, size_t *nopts, size_t *at, const char **msg)
{
	struct family fam;
	enum cf_result rc;

	if ((rc = open_field(ctx, id, version, d, &fam)) != CF_OK)
		return rc;
	if (!cf_type_has_options(d->type)) {
		*msg = MSG_NO_OPTIONS;
		return finish(ctx, CF_REFUSED);
	}
	if (options(ctx, id, opts, nopts, true) == -1)
		return finish(ctx, CF_ERROR);
	for (*at = 0; *at < *nopts && strcmp((*opts)[*at].code, code) != 0; (*at)++)
		;
	return CF_OK;
}

static const char *
option_json(struct arena *a, const struct cf_option *o)
{
	struct json j;

	json_begin(&j, a);
	json_str(&j, "label_en", o->label[CF_LANG_EN]);
	json_str(&j, "label_zh", o->label[CF_LANG_ZH]);
	return json_end(&j);
}

enum cf_result
cf_store_option_add(struct ctx *ctx, long long id, long long version, const struct cf_option *o,
    const char **msg)
{
	struct cf_def d;
	struct cf_option *opts;
	size_t nopts, at;
	enum cf_result rc;
	enum db_error e;

	if ((rc = open_options(ctx, id, version, o->code, &d, &opts, &nopts, &at, msg)) != CF_OK)
		return rc;
	if (at < nopts) {
		*msg = MSG_OPT_TAKEN;
		return finish(ctx, CF_REFUSED);
	}
	if (nopts >= CF_OPTIONS_MAX) {
		*msg = MSG_OPT_LIMIT;
		return finish(ctx, CF_REFUSED);
	}
	e = stmt_cfa_option_insert(ctx->db, ctx->req->arena, &(struct cfa_option_insert_in){
	    .field_id = id, .code = o->code, .position = (long long)nopts + 1 }, NULL);
	if (e == DB_ERR_DUPLICATE) {
		*msg = MSG_OPT_TAKEN;
		return finish(ctx, CF_REFUSED);
	}
	if (e != DB_OK || put_text(ctx, id, o->code, CF_LANG_EN, o->label[CF_LANG_EN], NULL) == -1 ||
	    put_text(ctx, id, o->code, CF_LANG_ZH, o->label[CF_LANG_ZH], NULL) == -1 ||
	    touch(ctx, id, version) != CF_OK)
		return finish(ctx, CF_ERROR);
	return finish(ctx, audit(ctx, &d, "option.add", o->code, "{}", option_json(ctx->req->arena, o)) == -1 ?
	    CF_ERROR : CF_OK);
}

enum cf_result
cf_store_option_update(struct ctx *ctx, long long id, long long version, const struct cf_option *o,
    const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct cf_def d;
	struct cf_option *opts;
	struct json b, f;
	size_t nopts, at;
	enum cf_result rc;

	if ((rc = open_options(ctx, id, version, o->code, &d, &opts, &nopts, &at, msg)) != CF_OK)
		return rc;
	if (at == nopts)
		return finish(ctx, CF_MISSING);
	if (put_text(ctx, id, o->code, CF_LANG_EN, o->label[CF_LANG_EN], NULL) == -1 ||
	    put_text(ctx, id, o->code, CF_LANG_ZH, o->label[CF_LANG_ZH], NULL) == -1 ||
	    touch(ctx, id, version) != CF_OK)
		return finish(ctx, CF_ERROR);
	json_begin(&b, a);
	json_begin(&f, a);
	diff(&b, &f, "label_en", opts[at].label[CF_LANG_EN], o->label[CF_LANG_EN]);
	diff(&b, &f, "label_zh", opts[at].label[CF_LANG_ZH], o->label[CF_LANG_ZH]);
	return finish(ctx, audit(ctx, &d, "option.update", o->code, json_end(&b), json_end(&f)) == -1 ?
	    CF_ERROR : CF_OK);
}

enum cf_result
cf_store_option_move(struct ctx *ctx, long long id, long long version, const char *code, int dir,
    const char **msg)
{
	struct arena *a = ctx->req->arena;
	struct cf_def d;
	struct cf_option *opts, t;
	size_t nopts, at;
	enum cf_result rc;

	if ((rc = open_options(ctx, id, version, code, &d, &opts, &nopts, &at, msg)) != CF_OK)
		return rc;
	if (at == nopts)
		return finish(ctx, CF_MISSING);
	if ((dir < 0 && at == 0) || (dir > 0 && at + 1 >= nopts)) {
		*msg = N_("The option is already at that end of the list.");
		return finish(ctx, CF_REFUSED);
	}
	t = opts[at];
	opts[at] = opts[at + (size_t)dir];
	opts[at + (size_t)dir] = t;
	for (size_t i = 0; i < nopts; i++)
		if (stmt_cfa_option_position(ctx->db, a, &(struct cfa_option_position_in){
		    .position = (long long)i + 1, .field_id = id, .code = opts[i].code }, NULL) != DB_OK)
			return finish(ctx, CF_ERROR);
	if (touch(ctx, id, version) != CF_OK)
		return finish(ctx, CF_ERROR);
	return finish(ctx, audit(ctx, &d, "option.move", code, arena_printf(a, "{\"place\":%zu}", at + 1),
	    arena_printf(a, "{\"place\":%zu}", at + 1 + (size_t)dir)) == -1 ? CF_ERROR : CF_OK);
}

/* Whether code is one of the field's default codes. */
static bool
is_default(const struct cf_def *d, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = d->default_value; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, code, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

enum cf_result
cf_store_option_retire(struct ctx *ctx, long long id, long long version, const char *code, bool retire,
    const char **msg)
{
	struct cfa_option_retire_out r;
	struct cf_def d;
	struct cf_option *opts;
	size_t nopts, at;
	enum cf_result rc;

	if ((rc = open_options(ctx, id, version, code, &d, &opts, &nopts, &at, msg)) != CF_OK)
		return rc;
	if (at == nopts)
		return finish(ctx, CF_MISSING);
	if (opts[at].retired == retire)
		return finish(ctx, CF_STALE);
	if (retire && is_default(&d, code)) {
		*msg = MSG_OPT_DEFAULT;
		return finish(ctx, CF_REFUSED);
	}
	if (stmt_cfa_option_retire(ctx->db, ctx->req->arena, &(struct cfa_option_retire_in){
	    .retired = retire, .field_id = id, .code = code }, &r) != DB_OK || r.affected != 1 ||
	    touch(ctx, id, version) != CF_OK)
		return finish(ctx, CF_ERROR);
	return finish(ctx, audit(ctx, &d, retire ? "option.retire" : "option.restore", code,
	    retire ? "{\"retired\":false}" : "{\"retired\":true}",
	    retire ? "{\"retired\":true}" : "{\"retired\":false}") == -1 ? CF_ERROR : CF_OK);
}
