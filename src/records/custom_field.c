/* custom_field.c: owns the worker's registry of custom field definitions
 * (custom_field.h): read from the database in three statements, kept in
 * an arena of its own, replaced whole when the rights generation moves. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "custom_field.h"
#include "log.h"
#include "stmt.h"

const char *const custom_type_names[CT__MAX + 1] = {
	"text", "textarea", "integer", "decimal", "money", "date", "datetime", "choice", "multichoice",
	"checkbox", "email", "phone", "url", "user", NULL
};
static const char *const type_labels[CT__MAX] = {
	N_("Text"), N_("Long text"), N_("Integer"), N_("Decimal"), N_("Currency amount"), N_("Date"),
	N_("Date and time"), N_("Single choice"), N_("Multiple choice"), N_("Checkbox"), N_("Email"),
	N_("Phone"), N_("Web address (URL)"), N_("User"),
};
static const char *const tables[RK__MAX] = {
	[RK_CONTACTS] = "contact_custom_values", [RK_ACCOUNTS] = "account_custom_values",
	[RK_LEADS] = "lead_custom_values", [RK_DEALS] = "deal_custom_values",
};
static const char *const subjects[RK__MAX] = {
	[RK_CONTACTS] = "contact", [RK_ACCOUNTS] = "account", [RK_LEADS] = "lead", [RK_DEALS] = "deal",
};

/* The registry: all fields by kind (live first, position order), and the
 * generation they were read at. */
static struct registry {
	struct arena arena;
	bool used;
	unsigned long long generation;
	const struct custom_field **by_kind[RK__MAX];
	size_t nlive[RK__MAX], nall[RK__MAX];
	const struct custom_field **live;	/* every kind's live fields */
	size_t nlive_all;
} reg;

const char *custom_type_name(enum custom_type t) { return t < CT__MAX ? custom_type_names[t] : "?"; }
const char *custom_type_label(enum custom_type t) { return t < CT__MAX ? type_labels[t] : "?"; }

int
custom_type_parse(const char *s)
{
	for (int t = 0; s != NULL && t < CT__MAX; t++)
		if (strcmp(custom_type_names[t], s) == 0)
			return t;
	return -1;
}

const char *
custom_values_table(enum record_kind_id k)
{
	return (unsigned)k < RK__MAX ? tables[k] : NULL;
}

static int
kind_of_family(const char *family)
{
	static const enum record_kind_id kinds[] = { RK_CONTACTS, RK_ACCOUNTS, RK_LEADS, RK_DEALS };

	for (size_t i = 0; family != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(record_decl_of(kinds[i])->table, family) == 0)
			return (int)kinds[i];
	return -1;
}

/* The form type and limits of type t on def. */
static void
form_type(struct field_def *def, enum custom_type t)
{
	static const enum field_type ft[CT__MAX] = {
		[CT_TEXT] = FIELD_TEXT, [CT_TEXTAREA] = FIELD_TEXTAREA, [CT_INTEGER] = FIELD_INT,
		[CT_DECIMAL] = FIELD_MONEY, [CT_MONEY] = FIELD_MONEY, [CT_DATE] = FIELD_DATE,
		[CT_DATETIME] = FIELD_TEXT, [CT_CHOICE] = FIELD_CHOICE, [CT_MULTICHOICE] = FIELD_TEXT,
		[CT_CHECKBOX] = FIELD_BOOL, [CT_EMAIL] = FIELD_EMAIL, [CT_PHONE] = FIELD_PHONE,
		[CT_URL] = FIELD_TEXT, [CT_USER] = FIELD_ID,
	};

	def->type = ft[t];
	switch (t) {
	case CT_TEXT:
		def->max_len = 200;
		break;
	case CT_TEXTAREA:
		def->max_len = 4000;
		break;
	case CT_INTEGER:
		def->min = -999999999999LL;
		def->max = 999999999999LL;
		break;
	case CT_DECIMAL:
	case CT_MONEY:
		def->min = -99999999999999LL;
		def->max = 99999999999999LL;
		break;
	case CT_DATETIME:
		def->pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}";
		def->pattern_msg = N_("Enter a date and time as YYYY-MM-DDTHH:MM.");
		def->max_len = 16;
		break;
	case CT_URL:
		def->max_len = 500;
		def->pattern = "https?://[^[:space:]/?#]+[^[:space:]]*";
		def->pattern_msg = N_("Enter a web address beginning with http:// or https://.");
		break;
	case CT_MULTICHOICE:
		def->max_len = 2000;	/* codes joined by commas (custom_value.c) */
		break;
	default:
		break;
	}
}

static enum field_protect
protect_of(const char *s)
{
	if (s != NULL && strcmp(s, "indexed") == 0)
		return PROTECT_INDEXED;
	return s != NULL && strcmp(s, "sealed") == 0 ? PROTECT_SEALED : PROTECT_PLAIN;
}

static enum personal_class
personal_of(const char *s)
{
	static const char *const names[] = { "none", "contact", "identifier", "financial", "special" };

	for (int i = 0; s != NULL && i < 5; i++)
		if (strcmp(names[i], s) == 0)
			return (enum personal_class)i;
	return PERSONAL_NONE;
}

/* The blind index normaliser of a field of type t. */
static const char *
index_of(enum custom_type t)
{
	return t == CT_EMAIL ? "email" : t == CT_PHONE ? "phone" : "exact";
}

/* Fills the derived record_field and secret_kind of f. */
static void
derive(struct arena *a, struct custom_field *f)
{
	struct field_def *def = &f->rf.def;

	def->name = arena_printf(a, "cf_%lld", f->id);
	def->label = f->label[LANG_EN];
	def->required = f->required;
	form_type(def, f->type);
	f->rf.column = "v_sealed";
	f->rf.flags = RF_FORM | RF_LIST | RF_EXPORT | RF_IMPORT | RF_RULED;
	if (f->rf.protect != PROTECT_SEALED)
		f->rf.flags |= RF_FILTER;
	if (f->rf.protect != PROTECT_PLAIN) {
		f->secrets = (struct secret_kind){ .table = tables[f->kind], .subject = subjects[f->kind],
		    .module = record_decl_of(f->kind)->module, .n = 1 };
		f->secrets.columns[0] = "v_sealed";
		f->secrets.rule_names[0] = def->name;
		if (f->rf.protect == PROTECT_INDEXED) {
			f->secrets.index[0] = index_of(f->type);
			f->secrets.index_domains[0] = arena_printf(a, "%s.%s", tables[f->kind], def->name);
		}
	}
}

static enum lang
lang_of(const char *s)
{
	return s != NULL && strcmp(s, "zh-CN") == 0 ? LANG_ZH_CN : LANG_EN;
}

/* The options of every field, into fs (sorted by id as read). */
static int
load_options(struct db *db, struct arena *a, struct custom_field *fs, size_t n)
{
	struct custom_field_options_all_out o;

	if (stmt_custom_field_options_all(db, a, &(struct custom_field_options_all_in){ 0 }, &o) != DB_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct custom_field *f = &fs[i];
		struct custom_option *opts = arena_alloc(a, sizeof(*opts) * (o.n + 1));
		const char **choices = arena_alloc(a, sizeof(*choices) * (o.n + 1));
		size_t live = 0;
		f->noptions = 0;
		for (size_t r = 0; r < o.n; r++) {
			if (o.rows[r].field_id != f->id || f->noptions == CUSTOM_OPTIONS_MAX)
				continue;
			opts[f->noptions] = (struct custom_option){ .code = o.rows[r].code,
			    .retired = o.rows[r].retired != 0 };
			if (!o.rows[r].retired)
				choices[live++] = o.rows[r].code;
			f->noptions++;
		}
		choices[live] = NULL;
		f->options = opts;
		if (f->type == CT_CHOICE)
			f->rf.def.choices = choices;
	}
	return 0;
}

/* The labels and help texts of fields and options. */
static int
load_texts(struct db *db, struct arena *a, struct custom_field *fs, size_t n)
{
	struct custom_field_texts_all_out t;

	if (stmt_custom_field_texts_all(db, a, &(struct custom_field_texts_all_in){ 0 }, &t) != DB_OK)
		return -1;
	for (size_t r = 0; r < t.n; r++) {
		const struct custom_field_texts_all_row *row = &t.rows[r];
		enum lang l = lang_of(row->lang);
		for (size_t i = 0; i < n; i++) {
			struct custom_field *f = &fs[i];
			if (f->id != row->field_id)
				continue;
			if (row->option_code == NULL || row->option_code[0] == '\0') {
				f->label[l] = row->label;
				f->help[l] = row->help != NULL && row->help[0] != '\0' ? row->help : NULL;
			} else
				for (size_t k = 0; k < f->noptions; k++)
					if (strcmp(f->options[k].code, row->option_code) == 0)
						f->options[k].label[l] = row->label;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (fs[i].label[LANG_EN] == NULL)
			fs[i].label[LANG_EN] = arena_printf(a, "cf_%lld", fs[i].id);
		for (size_t k = 0; k < fs[i].noptions; k++)
			if (fs[i].options[k].label[LANG_EN] == NULL)
				fs[i].options[k].label[LANG_EN] = fs[i].options[k].code;
	}
	return 0;
}

/* The fields as read, before options and texts. */
static struct custom_field *
load_fields(struct db *db, struct arena *a, size_t *n)
{
	struct custom_field_all_out o;
	struct custom_field *fs;

	*n = 0;
	if (stmt_custom_field_all(db, a, &(struct custom_field_all_in){ 0 }, &o) != DB_OK)
		return NULL;
	fs = arena_alloc(a, sizeof(*fs) * (o.n + 1));
	for (size_t r = 0; r < o.n; r++) {
		const struct custom_field_all_row *row = &o.rows[r];
		int k = kind_of_family(row->family), t = custom_type_parse(row->type);
		if (k < 0 || t < 0) {
			crm_err("custom field %lld has an unknown family or type: ignored", row->id);
			continue;
		}
		fs[*n] = (struct custom_field){ .id = row->id, .kind = (enum record_kind_id)k,
		    .type = (enum custom_type)t, .required = row->required != 0, .retired = row->retired != 0,
		    .default_value = row->default_value, .currency = row->currency, .version = row->version };
		fs[*n].rf.protect = protect_of(row->protect);
		fs[*n].rf.personal = personal_of(row->personal);
		(*n)++;
	}
	return fs;
}

/* Files the loaded fields by kind (they come live first, by position). */
static void
file_fields(struct registry *r, struct custom_field *fs, size_t n)
{
	r->live = arena_alloc(&r->arena, sizeof(*r->live) * (n + 1));
	r->nlive_all = 0;
	for (int k = 0; k < RK__MAX; k++) {
		r->by_kind[k] = arena_alloc(&r->arena, sizeof(*r->by_kind[k]) * (n + 1));
		r->nlive[k] = r->nall[k] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct custom_field *f = &fs[i];
		derive(&r->arena, f);
		r->by_kind[f->kind][r->nall[f->kind]++] = f;
		if (!f->retired) {
			r->nlive[f->kind]++;
			r->live[r->nlive_all++] = f;
		}
	}
}

int
custom_fields_sync(struct db *db, unsigned long long generation)
{
	struct registry next = { .generation = generation, .used = true };
	struct custom_field *fs;
	size_t n;

	if (reg.used && generation != 0 && reg.generation == generation)
		return 0;
	arena_init(&next.arena);
	if ((fs = load_fields(db, &next.arena, &n)) == NULL ||
	    load_options(db, &next.arena, fs, n) == -1 || load_texts(db, &next.arena, fs, n) == -1) {
		arena_reset(&next.arena);
		return -1;
	}
	file_fields(&next, fs, n);
	if (reg.used)
		arena_reset(&reg.arena);
	reg = next;
	return 0;
}

struct custom_set
custom_fields_of(enum record_kind_id k, bool with_retired)
{
	if ((unsigned)k >= RK__MAX || !reg.used)
		return (struct custom_set){ 0 };
	return (struct custom_set){ .fields = reg.by_kind[k], .n = with_retired ? reg.nall[k] : reg.nlive[k] };
}

const struct custom_field *
custom_field_named(enum record_kind_id k, const char *name)
{
	struct custom_set s = custom_fields_of(k, true);

	for (size_t i = 0; name != NULL && i < s.n; i++)
		if (strcmp(s.fields[i]->rf.def.name, name) == 0)
			return s.fields[i];
	return NULL;
}

const struct custom_field *const *
custom_fields_all(size_t *n)
{
	*n = reg.used ? reg.nlive_all : 0;
	return reg.used ? reg.live : NULL;
}

const char *
custom_label(const struct custom_field *f, enum lang l)
{
	return (unsigned)l < LANG__MAX && f->label[l] != NULL ? f->label[l] : f->label[LANG_EN];
}

const char *
custom_help(const struct custom_field *f, enum lang l)
{
	return (unsigned)l < LANG__MAX && f->help[l] != NULL ? f->help[l] : f->help[LANG_EN];
}

const char *
custom_option_label(const struct custom_option *o, enum lang l)
{
	return (unsigned)l < LANG__MAX && o->label[l] != NULL ? o->label[l] : o->label[LANG_EN];
}

const struct custom_option *
custom_option_of(const struct custom_field *f, const char *code)
{
	for (size_t i = 0; code != NULL && i < f->noptions; i++)
		if (strcmp(f->options[i].code, code) == 0)
			return &f->options[i];
	return NULL;
}
