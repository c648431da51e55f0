/* custom_value.c: owns custom field values (custom_value.h): reading,
 * checking, writing and showing them; the one module that runs the
 * value tables' statements (custom_value_sql.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "custom_value.h"
#include "handler.h"
#include "i18n.h"
#include "json.h"
#include "pick.h"
#include "record_secrets.h"
#include "session.h"
#include "stmt.h"


struct family_stmts {
	enum db_error (*of)(struct db *, struct arena *, const struct custom_values_of_in *,
	    struct custom_values_of_out *);
	enum db_error (*page)(struct db *, struct arena *, const struct custom_values_page_in *,
	    struct custom_values_page_out *);
	enum db_error (*insert)(struct db *, struct arena *, const struct custom_value_insert_in *,
	    struct custom_value_insert_out *);
	enum db_error (*update)(struct db *, struct arena *, const struct custom_value_update_in *,
	    struct custom_value_update_out *);
	enum db_error (*delete)(struct db *, struct arena *, const struct custom_value_delete_in *,
	    struct custom_value_delete_out *);
	enum db_error (*packed)(struct db *, struct arena *, const struct custom_values_packed_in *,
	    struct custom_values_packed_out *);
	enum db_error (*pack)(struct db *, struct arena *, const struct custom_values_pack_in *,
	    struct custom_values_pack_out *);
	enum db_error (*unpack)(struct db *, struct arena *, const struct custom_values_unpack_in *,
	    struct custom_values_unpack_out *);
};

#define FAMILY(s) { stmt_custom_##s##_values_of, stmt_custom_##s##_values_page, \
	stmt_custom_##s##_value_insert, stmt_custom_##s##_value_update, stmt_custom_##s##_value_delete, \
	stmt_custom_##s##_values_packed, stmt_custom_##s##_values_pack, stmt_custom_##s##_values_unpack }
static const struct family_stmts family[RK__MAX] = {
	[RK_CONTACTS] = FAMILY(contact), [RK_ACCOUNTS] = FAMILY(account), [RK_LEADS] = FAMILY(lead),
	[RK_DEALS] = FAMILY(deal),
};

bool
custom_type_numeric(enum custom_type t)
{
	return t == CT_INTEGER || t == CT_DECIMAL || t == CT_MONEY || t == CT_DATE || t == CT_DATETIME ||
	    t == CT_CHECKBOX || t == CT_USER;
}

static bool
sealed(const struct custom_field *f)
{
	return f->rf.protect != PROTECT_PLAIN;
}

/* Canonical text of a stored number. */
static const char *
text_of_int(struct arena *a, enum custom_type t, long long i)
{
	long long m = i < 0 ? -i : i;

	switch (t) {
	case CT_DECIMAL:
	case CT_MONEY:
		return arena_printf(a, "%s%lld.%02lld", i < 0 ? "-" : "", m / 100, m % 100);
	case CT_DATE:
		return arena_printf(a, "%04lld-%02lld-%02lld", i / 10000, i / 100 % 100, i % 100);
	case CT_DATETIME:
		return arena_printf(a, "%04lld-%02lld-%02lldT%02lld:%02lld", i / 100000000, i / 1000000 % 100,
		    i / 10000 % 100, i / 100 % 100, i % 100);
	default:
		return arena_printf(a, "%lld", i);
	}
}

long long
custom_int_of_text(enum custom_type t, const char *s)
{
	int y, mo, d, h, mi;
	long long whole, frac = 0;
	bool neg = s[0] == '-';

	switch (t) {
	case CT_DECIMAL:
	case CT_MONEY:
		whole = llabs(strtoll(s, NULL, 10));
		if (strchr(s, '.') != NULL)
			frac = strtoll(strchr(s, '.') + 1, NULL, 10);
		return (neg ? -1 : 1) * (whole * 100 + frac);
	case CT_DATE:
		return sscanf(s, "%d-%d-%d", &y, &mo, &d) == 3 ? y * 10000LL + mo * 100 + d : 0;
	case CT_DATETIME:
		return sscanf(s, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) == 5 ?
		    ((y * 10000LL + mo * 100 + d) * 100 + h) * 100 + mi : 0;
	default:
		return strtoll(s, NULL, 10);
	}
}

/* A sealed value's canonical text, the field id prefix checked. */
static const char *
unprefix(const struct custom_field *f, const char *plain, bool *broken)
{
	char want[32];
	size_t n = (size_t)snprintf(want, sizeof(want), "%lld:", f->id);

	if (plain == NULL)
		return NULL;
	if (strncmp(plain, want, n) != 0) {
		*broken = true;	/* moved from another field */
		return NULL;
	}
	return plain + n;
}

/* Fills v from one row of a values statement. */
static int
value_of_row(struct ctx *ctx, const struct custom_field *f, const struct custom_values_of_row *row,
    struct custom_value *v)
{
	struct arena *a = ctx->req->arena;

	*v = (struct custom_value){ .field = f, .row_id = row->id, .username = row->username };
	if (!sealed(f)) {
		if (custom_type_numeric(f->type) && row->v_int.type != DBV_NULL)
			v->text = text_of_int(a, f->type, row->v_int.i);
		else if (!custom_type_numeric(f->type))
			v->text = row->v_text;
		return 0;
	} else {
		struct db_value *key = arena_alloc(a, sizeof(*key) * 3);
		const char *plain = NULL;
		key[0] = row->key_id;
		key[1] = row->kek_version;
		key[2] = row->wrapped;
		if (secrets_open_under_row(ctx, &f->secrets, f->secrets.subject, row->record_id, row->id,
		    row->key_id.type == DBV_NULL ? NULL : key, &row->v_sealed, &plain, &v->broken) == -1)
			return -1;
		v->text = unprefix(f, plain, &v->broken);
		return 0;
	}
}

void
custom_values_empty(struct ctx *ctx, enum record_kind_id k, struct custom_values *out)
{
	struct custom_set s = custom_fields_of(k, true);

	*out = (struct custom_values){ .kind = k, .n = s.n };
	out->v = arena_alloc(ctx->req->arena, sizeof(*out->v) * (s.n + 1));
	for (size_t i = 0; i < s.n; i++)
		out->v[i] = (struct custom_value){ .field = s.fields[i] };
}

int
custom_values_load(struct ctx *ctx, enum record_kind_id k, long long id, struct custom_values *out)
{
	struct custom_values_of_out rows;

	custom_values_empty(ctx, k, out);
	out->record_id = id;
	if (out->n == 0 || family[k].of == NULL)
		return 0;
	if (family[k].of(ctx->db, ctx->req->arena, &(struct custom_values_of_in){ .record_id = id },
	    &rows) != DB_OK)
		return -1;
	for (size_t r = 0; r < rows.n; r++)
		for (size_t i = 0; i < out->n; i++)
			if (out->v[i].field->id == rows.rows[r].field_id &&
			    value_of_row(ctx, out->v[i].field, &rows.rows[r], &out->v[i]) == -1)
				return -1;
	return 0;
}

bool
custom_codes_have(const char *text, const char *code)
{
	size_t n = strlen(code);

	for (const char *s = text; s != NULL && *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] == ','))
		if (strncmp(s, code, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return true;
	return false;
}

const struct custom_value *
custom_value_of(const struct custom_values *vs, const struct custom_field *f)
{
	for (size_t i = 0; vs != NULL && i < vs->n; i++)
		if (vs->v[i].field == f)
			return &vs->v[i];
	return NULL;
}

/* Whether field f's list values come from the value table (sealed ones,
 * opened under the record's key; users, named from the users table)
 * rather than the packed row. */
static bool
slow_column(const struct custom_field *f)
{
	return sealed(f) || f->type == CT_USER;
}

/* The value table's rows for the slow columns among fields (those with
 * want[c] set), into out. 0 or -1. */
static int
page_from_values(struct ctx *ctx, enum record_kind_id k, const struct custom_field *const *fields,
    size_t nfields, const bool *want, const long long *ids, size_t nids, struct custom_value *out)
{
	struct custom_values_page_in in = { 0 };
#define SLOT(t, n) &in.n,
	long long *fslot[CUSTOM_PAGE_FIELDS] = { F8(SLOT) };
	long long *islot[CUSTOM_PAGE_IDS] = { I10(SLOT, a) I10(SLOT, b) I10(SLOT, c) I10(SLOT, d) I10(SLOT, e) };
#undef SLOT
	struct custom_values_page_out rows;
	size_t nf = 0;

	for (size_t c = 0; c < nfields; c++)
		if (want[c])
			*fslot[nf++] = fields[c]->id;
	for (size_t r = 0; r < nids; r++)
		*islot[r] = ids[r];
	if (family[k].page(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.n; i++) {
		const struct custom_values_page_row *p = &rows.rows[i];
		struct custom_values_of_row row = { .id = p->id, .record_id = p->record_id,
		    .field_id = p->field_id, .v_int = p->v_int, .v_text = p->v_text, .v_sealed = p->v_sealed,
		    .key_id = p->key_id, .kek_version = p->kek_version, .wrapped = p->wrapped,
		    .username = p->username };
		for (size_t r = 0; r < nids; r++)
			for (size_t c = 0; c < nfields && ids[r] == p->record_id; c++)
				if (want[c] && fields[c]->id == p->field_id &&
				    value_of_row(ctx, fields[c], &row, &out[r * nfields + c]) == -1)
					return -1;
	}
	return 0;
}

/* Reads one packed value at *s (end at end): its field id and its
 * canonical text (numbers as stored, made canonical by the caller).
 * Returns the next position, or NULL when the row is malformed. */
static const char *
unpack_one(struct arena *a, const char *s, const char *end, long long *field, char *kind, const char **text)
{
	char *p;
	unsigned long long len;

	*field = strtoll(s, &p, 10);
	if (p >= end || *p != ':' || p + 2 > end)
		return NULL;
	*kind = p[1];
	s = p + 2;
	if (*kind == 'i') {
		strtoll(s, &p, 10);
		if (p >= end || *p != ';')
			return NULL;
		*text = arena_strndup(a, s, (size_t)(p - s));
		return p + 1;
	}
	len = strtoull(s, &p, 10);
	if (*kind != 't' || p >= end || *p != ':' || len + 2 > (unsigned long long)(end - p) ||
	    p[1 + len] != ';')
		return NULL;
	*text = arena_strndup(a, p + 1, (size_t)len);
	return p + 2 + len;
}

/* Fills the plain columns of record row r from its packed values. */
static void
unpack_row(struct ctx *ctx, const struct db_value *packed, const struct custom_field *const *fields,
    size_t nfields, const bool *slow, struct custom_value *out)
{
	char *copy = arena_alloc(ctx->req->arena, packed->len + 1);	/* NUL-ended for strtoll */
	const char *s = copy, *end = copy + packed->len, *text;
	long long field;
	char kind;

	if (packed->type != DBV_BLOB && packed->type != DBV_TEXT)
		return;
	memcpy(copy, packed->s, packed->len);
	copy[packed->len] = '\0';

	while (s != NULL && s < end) {
		s = unpack_one(ctx->req->arena, s, end, &field, &kind, &text);
		for (size_t c = 0; s != NULL && c < nfields; c++)
			if (!slow[c] && fields[c]->id == field)
				out[c].text = kind == 'i' ? text_of_int(ctx->req->arena, fields[c]->type,
				    strtoll(text, NULL, 10)) : text;
	}
}

int
custom_values_page(struct ctx *ctx, enum record_kind_id k, const struct custom_field *const *fields,
    size_t nfields, const long long *ids, size_t nids, struct custom_value *out)
{
	struct custom_values_packed_in in = { 0 };
#define SLOT(t, n) &in.n,
	long long *islot[CUSTOM_PAGE_IDS] = { I10(SLOT, a) I10(SLOT, b) I10(SLOT, c) I10(SLOT, d) I10(SLOT, e) };
#undef SLOT
	struct custom_values_packed_out rows;
	bool slow[CUSTOM_PAGE_FIELDS], any_slow = false, any_fast = false;

	if (nfields > CUSTOM_PAGE_FIELDS)
		nfields = CUSTOM_PAGE_FIELDS;
	if (nids > CUSTOM_PAGE_IDS)
		nids = CUSTOM_PAGE_IDS;
	for (size_t r = 0; r < nids; r++)
		for (size_t c = 0; c < nfields; c++)
			out[r * nfields + c] = (struct custom_value){ .field = fields[c] };
	if (nfields == 0 || nids == 0 || family[k].page == NULL)
		return 0;
	for (size_t c = 0; c < nfields; c++) {
		slow[c] = slow_column(fields[c]);
		any_slow |= slow[c];
		any_fast |= !slow[c];
	}
	if (any_slow && page_from_values(ctx, k, fields, nfields, slow, ids, nids, out) == -1)
		return -1;
	if (!any_fast)
		return 0;
	for (size_t r = 0; r < nids; r++)
		*islot[r] = ids[r];
	if (family[k].packed(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	for (size_t i = 0; i < rows.n; i++)
		for (size_t r = 0; r < nids; r++)
			if (ids[r] == rows.rows[i].record_id)
				unpack_row(ctx, &rows.rows[i].packed, fields, nfields, slow, &out[r * nfields]);
	return 0;
}

/* ---- writing ---- */

static bool
same(const char *a, const char *b)
{
	return (a == NULL || a[0] == '\0') ? (b == NULL || b[0] == '\0') : (b != NULL && strcmp(a, b) == 0);
}

/* The sealed value and blind index of text for row of record id. */
static int
seal(struct ctx *ctx, const struct custom_field *f, long long id, long long row, const char *text,
    struct db_value *sv, struct db_value *bidx)
{
	struct arena *a = ctx->req->arena;
	struct secret_kind k = f->secrets;
	const char *plain[1] = { arena_printf(a, "%lld:%s", f->id, text) };
	struct db_value unused;

	k.index[0] = NULL;	/* the index is of the value, not of the prefixed text */
	if (secrets_seal_under(ctx, &k, f->secrets.subject, id, row, plain, sv, &unused) == -1)
		return -1;
	*bidx = (struct db_value){ .type = DBV_NULL };
	if (f->rf.protect == PROTECT_INDEXED &&
	    secrets_index_normalised(a, &f->secrets, 0, secrets_normalise(a, &f->secrets, 0, text), bidx) == -1)
		return -1;
	return 0;
}

/* Stores text as f's value of record id in row (inserted when 0). */
static int
store(struct ctx *ctx, const struct family_stmts *st, const struct custom_field *f, long long id,
    long long row, const char *text)
{
	struct arena *a = ctx->req->arena;
	struct db_value vi = { .type = DBV_NULL };
	const char *vt = NULL;
	struct custom_value_update_in u = { .v_int = { .type = DBV_NULL }, .v_sealed = { .type = DBV_NULL },
	    .v_bidx = { .type = DBV_NULL } };
	struct custom_value_insert_out io;
	struct custom_value_update_out uo;

	if (!sealed(f) && custom_type_numeric(f->type))
		vi = (struct db_value){ .type = DBV_INT, .i = custom_int_of_text(f->type, text) };
	else if (!sealed(f))
		vt = text;
	if (row == 0) {
		if (st->insert(ctx->db, a, &(struct custom_value_insert_in){ .record_id = id, .field_id = f->id,
		    .v_int = vi, .v_text = vt }, &io) != DB_OK)
			return -1;
		row = (long long)io.insert_id;
		if (!sealed(f))
			return 0;
	}
	u.v_int = vi;
	u.v_text = vt;
	u.id = row;
	if (sealed(f) && seal(ctx, f, id, row, text, &u.v_sealed, &u.v_bidx) == -1)
		return -1;
	return st->update(ctx->db, a, &u, &uo) == DB_OK ? 0 : -1;
}

/* How a value reads in the audit trail: masked when protected. */
static const char *
audit_text(struct ctx *ctx, const struct custom_field *f, const char *text)
{
	if (text == NULL)
		return "";
	return sealed(f) ? json_mask(ctx->req->arena, text) : text;
}

/* Packs record id's plain values again (the lists' copy). 0 or -1. */
static int
repack(struct ctx *ctx, const struct family_stmts *st, long long id)
{
	struct custom_values_pack_out po;
	struct custom_values_unpack_out uo;

	if (st->pack(ctx->db, ctx->req->arena, &(struct custom_values_pack_in){ .record_id = id }, &po) != DB_OK ||
	    st->unpack(ctx->db, ctx->req->arena, &(struct custom_values_unpack_in){ .record_id = id,
	    .record_id_again = id }, &uo) != DB_OK)
		return -1;
	return 0;
}

int
custom_values_write(struct ctx *ctx, long long id, const struct custom_form *f,
    const struct custom_values *before, const char **audit)
{
	const struct family_stmts *st = before != NULL ? &family[before->kind] : NULL;
	struct json jb, ja;
	bool changed = false;

	*audit = "";
	if (f == NULL || before == NULL)
		return 0;	/* no custom fields in this save */
	json_begin(&jb, ctx->req->arena);
	json_begin(&ja, ctx->req->arena);
	for (size_t i = 0; i < f->n; i++) {
		const struct custom_input *in = &f->in[i];
		const struct custom_value *was = custom_value_of(before, in->field);
		long long row = was != NULL ? was->row_id : 0;
		const char *old = was != NULL ? was->text : NULL;
		if (same(old, in->text) && !(was != NULL && was->broken && in->text != NULL))
			continue;
		if (in->text == NULL || in->text[0] == '\0') {
			if (row != 0 && st->delete(ctx->db, ctx->req->arena,
			    &(struct custom_value_delete_in){ .id = row }, &(struct custom_value_delete_out){ 0 }) != DB_OK)
				return -1;
		} else if (store(ctx, st, in->field, id, row, in->text) == -1)
			return -1;
		json_str(&jb, in->field->label[LANG_EN], audit_text(ctx, in->field, old));
		json_str(&ja, in->field->label[LANG_EN], audit_text(ctx, in->field, in->text));
		changed = true;
	}
	if (changed && repack(ctx, st, id) == -1)
		return -1;
	if (changed)
		*audit = arena_printf(ctx->req->arena, ",\"custom\":{\"before\":%s,\"after\":%s}", json_end(&jb),
		    json_end(&ja));
	return 0;
}

const char *
custom_audit_join(struct arena *a, const char *detail, const char *custom)
{
	size_t n = strlen(detail);

	if (custom == NULL || custom[0] == '\0' || n < 2 || detail[n - 1] != '}')
		return detail;
	if (n == 2)	/* "{}": nothing else */
		return arena_printf(a, "{%s}", custom + 1);
	return arena_printf(a, "%.*s%s}", (int)(n - 1), detail, custom);
}

/* ---- showing ---- */

/* The labels of the option codes in text (comma-separated). */
static const char *
option_labels(struct ctx *ctx, const struct custom_field *f, const char *text)
{
	const char *out = NULL;
	char *copy = arena_strdup(ctx->req->arena, text), *save = NULL;

	for (char *c = strtok_r(copy, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save)) {
		const struct custom_option *o = custom_option_of(f, c);
		const char *l = o != NULL ? custom_option_label(o, ctx->lang) : c;
		out = out == NULL ? l : arena_printf(ctx->req->arena, "%s, %s", out, l);
	}
	return out != NULL ? out : "";
}

const char *
custom_display(struct ctx *ctx, const struct custom_value *v)
{
	const struct custom_field *f = v->field;
	struct arena *a = ctx->req->arena;

	if (v->text == NULL || v->text[0] == '\0')
		return "";
	switch (f->type) {
	case CT_MONEY:
		return arena_printf(a, "%s %s", format_money(a, custom_int_of_text(f->type, v->text)),
		    f->currency != NULL ? f->currency : "");
	case CT_DECIMAL:
		return format_money(a, custom_int_of_text(f->type, v->text));
	case CT_CHOICE:
	case CT_MULTICHOICE:
		return option_labels(ctx, f, v->text);
	case CT_CHECKBOX:
		return i18n_get(ctx->lang, NULL, strcmp(v->text, "1") == 0 ? N_("Yes") : N_("No"));
	case CT_USER:
		return v->username != NULL ? v->username : v->text;
	case CT_DATETIME:
		return arena_printf(a, "%.10s %s", v->text, v->text + 11);
	default:
		return v->text;
	}
}

const char *
custom_masked(struct ctx *ctx, const struct custom_field *f, const char *display)
{
	return secret_mask_value(ctx->req->arena, f->type == CT_EMAIL, display);
}
