/* export.c: owns exporting a record list as CSV (export.h). A filter
 * matching more rows than the user's export row cap (export_row_cap():
 * the largest of their roles' caps, [server] export_row_cap for a role
 * without one) is refused, not cut, and so is a search by a field the
 * user sees masked or hidden (search_key.h), before any query runs.
 * The whole file is built first; the audit record (reason, filter,
 * columns, rows) is written before the response leaves, and when it
 * cannot be, nothing is sent. Sealed fields the user's rule hides are
 * never decrypted. The rows come from the list's typed statement
 * (transfer_sql.h: export_*); the columns of contacts, accounts and
 * leads are their declarations' RF_EXPORT fields (record_decl.h), in
 * declaration order (new fields after the older ones); an account's
 * parent is its name when the exporter may view it. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "csv.h"
#include "custom_value.h"
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
#include "stmt.h"

#define MSG_TOO_MANY N_("Too many records match to export them in one file. Narrow the search; maximum number of rows:")
#define EXPORT_COLS_MAX (32 + CUSTOM_FIELDS_MAX)

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

/* One column: its header, where its value is in a struct rec, and the
 * field rule (of the list's module) it follows, or NULL. */
struct col {
	const char *name;
	bool sealed;		/* plain[arg] once opened, else text[arg] */
	int arg;
	const char *rule;
	const struct custom_field *custom;	/* a custom field: custom[arg] */
};

/* One row as the list's fetch gives it (arrays sized by table_alloc). */
struct rec {
	long long id;
	const char **text;		/* plain values (declared lists: by field index) */
	struct db_value *sealed;	/* sealed values (declared lists: record_secret_kind order) */
	const char *related;			/* activities: the attached record's type */
	long long related_id;
	const char **custom;			/* custom fields' canonical values, by column arg */
};

struct table {
	size_t n;
	struct rec *rows;
};

/* How a list's rows are had and opened. */
struct list {
	const char *name;
	/* The rows of the export scope matching q, at most limit: 0 or -1. */
	int (*fetch)(struct ctx *ctx, const char *q, long long limit, struct table *t);
	/* Opens a row's sealed fields into plain[]: 0, or -1 when keys cannot
	 * be had. NULL: the declaration's (record_secret_kind). */
	int (*open)(struct ctx *ctx, const struct rec *r, const char **plain);
	const struct col *cols;		/* NULL: the declaration's RF_EXPORT fields */
	size_t ncols;
};

static enum field_rule
rule(const struct ctx *ctx, const struct export_kind *k, const struct col *c)
{
	return c->rule ? rbac_field_rule(&ctx->user->rights, k->module, c->rule) : RULE_EDITABLE;
}

/* An amount in cents as "1234.50" (what a money field accepts back). */
static const char *
money(struct arena *a, long long cents)
{
	unsigned long long u = cents < 0 ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;

	return arena_printf(a, "%s%llu.%02llu", cents < 0 ? "-" : "", u / 100, u % 100);
}

/* ---- the declared lists: contacts, accounts, leads ---- */

static const struct record_decl *
decl_of(const char *name)
{
	return record_decl_named(name);
}

/* Index of declared field name among d's sealed fields (record_secret_kind order), or -1. */
static int
secret_index(const struct record_decl *d, const char *name)
{
	int n = 0;

	for (size_t f = 0; f < d->nfields; f++) {
		if (strcmp(d->fields[f].def.name, name) == 0)
			return record_field_sealed(&d->fields[f]) ? n : -1;
		if (record_field_sealed(&d->fields[f]))
			n++;
	}
	return -1;
}

/* n rows of ntext plain and nsealed sealed values each (NULL, DBV_NULL). */
static void
table_alloc(struct arena *a, struct table *t, size_t n, size_t ntext, size_t nsealed)
{
	t->n = n;
	t->rows = arena_alloc(a, (n ? n : 1) * sizeof(*t->rows));
	for (size_t i = 0; i < n; i++) {
		t->rows[i].text = arena_alloc(a, (ntext ? ntext : 1) * sizeof(*t->rows[i].text));
		t->rows[i].sealed = arena_alloc(a, (nsealed ? nsealed : 1) * sizeof(*t->rows[i].sealed));
		for (size_t f = 0; f < nsealed; f++)
			t->rows[i].sealed[f] = (struct db_value){ .type = DBV_NULL };
	}
}

/* table_alloc for the declaration d: a plain value per field, a sealed
 * one per sealed field. */
static void
decl_table_alloc(struct arena *a, const struct record_decl *d, struct table *t, size_t n)
{
	table_alloc(a, t, n, d->nfields, (size_t)record_secret_kind(d)->n);
}

static void
put_text(const struct record_decl *d, struct rec *r, const char *name, const char *v)
{
	int f = record_field_index(d, name);

	if (f >= 0)
		r->text[f] = v;
}

static void
put_sealed(const struct record_decl *d, struct rec *r, const char *name, struct db_value v)
{
	int f = secret_index(d, name);

	if (f >= 0)
		r->sealed[f] = v;
}

static int
fetch_contacts(struct ctx *ctx, const char *q, long long limit, struct table *t)
{
	struct arena *a = ctx->req->arena;
	const struct record_decl *d = decl_of("contacts");
	struct db_value idx = { .type = DBV_BLOB, .s = "", .len = 0 };
	bool exact = contact_exact_search(a, q, &idx, &idx);
	const char *like = exact ? "" : contact_like_prefix(a, q);
	struct export_contacts_in in = { .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_EXPORT),
	    .like = like, .like_last = like, .like_first = like, .exact = exact,
	    .email_bidx = idx, .phone_bidx = idx, .limit = limit };
	struct export_contacts_out out;

	if (d == NULL || stmt_export_contacts(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	decl_table_alloc(a, d, t, out.n);
	for (size_t i = 0; i < out.n; i++) {
		const struct export_contacts_row *row = &out.rows[i];
		struct rec *r = &t->rows[i];

		r->id = row->id;
		put_text(d, r, "first_name", row->first_name);
		put_text(d, r, "last_name", row->last_name);
		put_sealed(d, r, "email", row->email);
		put_sealed(d, r, "phone", row->phone);
		put_sealed(d, r, "address", row->address);
		put_sealed(d, r, "birth_date", row->birth_date);
		put_text(d, r, "title", row->title);
		put_text(d, r, "department", row->department);
		put_sealed(d, r, "mobile", row->mobile);
		put_text(d, r, "preferred_language", row->preferred_language);
		put_text(d, r, "do_not_call", row->do_not_call);
		put_text(d, r, "email_opt_out", row->email_opt_out);
	}
	return 0;
}

static int
fetch_accounts(struct ctx *ctx, const char *q, long long limit, struct table *t)
{
	struct arena *a = ctx->req->arena;
	const struct record_decl *d = decl_of("accounts");
	const char *like = like_escape(a, q);
	struct export_accounts_in in = { .parent_scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
	    .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_EXPORT),
	    .like = like, .like_name = like, .limit = limit };
	struct export_accounts_out out;

	if (d == NULL || stmt_export_accounts(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	decl_table_alloc(a, d, t, out.n);
	for (size_t i = 0; i < out.n; i++) {
		const struct export_accounts_row *row = &out.rows[i];
		struct rec *r = &t->rows[i];

		r->id = row->id;
		put_text(d, r, "name", row->name);
		put_sealed(d, r, "tax_id", row->tax_id);
		put_sealed(d, r, "bank_account", row->bank_account);
		put_text(d, r, "industry", row->industry);
		put_text(d, r, "website", row->website);
		put_text(d, r, "phone", row->phone);
		put_text(d, r, "billing_address", row->billing_address);
		put_text(d, r, "shipping_address", row->shipping_address);
		put_text(d, r, "employees", row->employees);
		put_text(d, r, "annual_revenue",
		    row->annual_revenue.type == DBV_NULL ? NULL : money(a, row->annual_revenue.i));
		put_text(d, r, "revenue_currency", row->revenue_currency);
		put_text(d, r, "parent", row->parent);
	}
	return 0;
}

/* LEAD_SEARCH_SQL's values, as lead.c binds them (lead_search_bind). */
static void
lead_search(struct arena *a, const struct record_decl *d, const char *q, struct export_leads_in *in)
{
	const struct secret_kind *sk = record_secret_kind(d);
	enum search_field f = search_field_of(a, q, NULL);
	struct db_value none = { .type = DBV_NULL };
	const char *like = f == SEARCH_NAME ? like_escape(a, q) : "";

	in->like = in->like_last = in->like_first = in->like_company = like;
	in->exact = f != SEARCH_NAME;
	in->email_bidx = f == SEARCH_EMAIL ? secrets_blind_index(a, sk, secret_index(d, "email"), q) : none;
	in->phone_bidx = f == SEARCH_PHONE ? secrets_blind_index(a, sk, secret_index(d, "phone"), q) : none;
}

static int
fetch_leads(struct ctx *ctx, const char *q, long long limit, struct table *t)
{
	struct arena *a = ctx->req->arena;
	const struct record_decl *d = decl_of("leads");
	struct export_leads_in in = { .scope = record_scope_of(ctx, MOD_LEADS, ACT_EXPORT), .limit = limit };
	struct export_leads_out out;

	if (d == NULL)
		return -1;
	lead_search(a, d, q, &in);
	if (stmt_export_leads(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	decl_table_alloc(a, d, t, out.n);
	for (size_t i = 0; i < out.n; i++) {
		const struct export_leads_row *row = &out.rows[i];
		struct rec *r = &t->rows[i];

		r->id = row->id;
		put_text(d, r, "first_name", row->first_name);
		put_text(d, r, "last_name", row->last_name);
		put_text(d, r, "company", row->company);
		put_sealed(d, r, "email", row->email);
		put_sealed(d, r, "phone", row->phone);
		put_text(d, r, "status", row->status);
		put_text(d, r, "title", row->title);
		put_text(d, r, "source", row->source);
		put_text(d, r, "rating", row->rating);
	}
	return 0;
}

/* The RF_EXPORT fields of d as columns: n, or -1 when one does not fit. */
static int
decl_cols(const struct record_decl *d, struct col *cols)
{
	int n = 0;

	for (size_t f = 0; f < d->nfields; f++) {
		const struct record_field *rf = &d->fields[f];
		bool sealed = record_field_sealed(rf);

		if (!(rf->flags & RF_EXPORT))
			continue;
		if (n == EXPORT_COLS_MAX)
			return -1;
		cols[n++] = (struct col){ .name = rf->def.name, .sealed = sealed,
		    .arg = sealed ? secret_index(d, rf->def.name) : (int)f,
		    .rule = rf->flags & RF_RULED ? rf->def.name : NULL };
	}
	return n;
}

static int
decl_open(struct ctx *ctx, const char *name, const struct rec *r, const char **plain)
{
	bool broken[SECRETS_MAX];

	return secrets_open(ctx, record_secret_kind(decl_of(name)), r->id, r->sealed, plain, broken);
}

/* ---- deals: the amount under the deals.amount rule; the account named
 * only when the user may view it (else empty, as when there is none);
 * the forecast category as its code ---- */

enum { D_NAME, D_ACCOUNT, D_STAGE, D_AMOUNT, D_CURRENCY, D_PROBABILITY, D_CLOSE, D_NEXT, D_FORECAST, D_LOST, D__N };

static const struct col deal_cols[] = {
	{ "name", false, D_NAME, NULL, NULL },
	{ "account", false, D_ACCOUNT, NULL, NULL },
	{ "stage", false, D_STAGE, NULL, NULL },
	{ "amount", false, D_AMOUNT, "amount", NULL },
	{ "currency", false, D_CURRENCY, NULL, NULL },
	{ "probability", false, D_PROBABILITY, NULL, NULL },
	{ "expected_close", false, D_CLOSE, NULL, NULL },
	{ "next_step", false, D_NEXT, NULL, NULL },
	{ "forecast_category", false, D_FORECAST, NULL, NULL },
	{ "lost_reason", false, D_LOST, NULL, NULL },
};

static int
fetch_deals(struct ctx *ctx, const char *q, long long limit, struct table *t)
{
	struct arena *a = ctx->req->arena;
	const char *like = like_escape(a, q);
	struct export_deals_in in = { .account_scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
	    .scope = record_scope_of(ctx, MOD_DEALS, ACT_EXPORT),
	    .like = like, .like_name = like, .limit = limit };
	struct export_deals_out out;

	if (stmt_export_deals(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	table_alloc(a, t, out.n, D__N, 0);
	for (size_t i = 0; i < out.n; i++) {
		const struct export_deals_row *row = &out.rows[i];
		struct rec *r = &t->rows[i];

		r->id = row->id;
		r->text[D_NAME] = row->name;
		r->text[D_ACCOUNT] = row->account;
		r->text[D_STAGE] = row->stage;
		r->text[D_AMOUNT] = row->amount_cents.type == DBV_NULL ? NULL : money(a, row->amount_cents.i);
		r->text[D_CURRENCY] = row->currency;
		r->text[D_PROBABILITY] = row->probability;
		r->text[D_CLOSE] = row->expected_close;
		r->text[D_NEXT] = row->next_step;
		r->text[D_FORECAST] = row->forecast;
		r->text[D_LOST] = row->lost_reason;
	}
	return 0;
}

/* ---- activities: the notes under the attached record's key ---- */

enum { A_KIND, A_SUBJECT, A_RELATED_TYPE, A_RELATED_ID, A_DUE, A_DONE, A_CREATED, A__N };

static const struct col activity_cols[] = {
	{ "kind", false, A_KIND, NULL, NULL },
	{ "subject", false, A_SUBJECT, NULL, NULL },
	{ "related_type", false, A_RELATED_TYPE, NULL, NULL },
	{ "related_id", false, A_RELATED_ID, NULL, NULL },
	{ "due", false, A_DUE, NULL, NULL },
	{ "done", false, A_DONE, NULL, NULL },
	{ "created", false, A_CREATED, NULL, NULL },
	{ "notes", true, 0, "body", NULL },
};

static int
fetch_activities(struct ctx *ctx, const char *q, long long limit, struct table *t)
{
	struct arena *a = ctx->req->arena;
	const char *like = like_escape(a, q);
	struct export_activities_in in = { .scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_EXPORT),
	    .like = like, .like_subject = like, .limit = limit };
	struct export_activities_out out;

	if (stmt_export_activities(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	table_alloc(a, t, out.n, A__N, 1);
	for (size_t i = 0; i < out.n; i++) {
		const struct export_activities_row *row = &out.rows[i];
		struct rec *r = &t->rows[i];
		bool has_related = row->related_id.type != DBV_NULL;

		r->id = row->id;
		r->text[A_KIND] = row->kind;
		r->text[A_SUBJECT] = row->subject;
		r->text[A_RELATED_TYPE] = row->related_type;
		r->text[A_RELATED_ID] = has_related ? row->related_id.s : NULL;
		r->text[A_DUE] = row->due;
		r->text[A_DONE] = row->done;
		r->text[A_CREATED] = row->created;
		r->sealed[0] = row->body;
		r->related = row->related_type;
		r->related_id = has_related ? row->related_id.i : 0;
	}
	return 0;
}

static int
open_activity(struct ctx *ctx, const struct rec *r, const char **plain)
{
	struct activity a = {
		.id = r->id,
		.related = activity_parse(activity_related_names, AR__MAX, r->related),
		.related_id = r->related_id,
		.sealed = r->sealed[0],
	};

	if (a.related < 0)
		return 0;
	if (activity_open(ctx, &a) == -1)
		return -1;
	plain[0] = a.broken ? NULL : a.body;
	return 0;
}

static const struct list lists[] = {
	{ "contacts", fetch_contacts, NULL, NULL, 0 },
	{ "accounts", fetch_accounts, NULL, NULL, 0 },
	{ "leads", fetch_leads, NULL, NULL, 0 },
	{ "deals", fetch_deals, NULL, deal_cols, sizeof(deal_cols) / sizeof(deal_cols[0]) },
	{ "activities", fetch_activities, open_activity, activity_cols,
	    sizeof(activity_cols) / sizeof(activity_cols[0]) },
};

static const struct list *
list_of(const struct export_kind *k)
{
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(lists[i].name, k->name) == 0)
			return &lists[i];
	return NULL;
}

/* All the list's columns: n, or -1. */
static int
all_columns(const struct list *l, struct col *cols)
{
	const struct record_decl *d;

	if (l->cols != NULL) {
		memcpy(cols, l->cols, l->ncols * sizeof(*cols));
		return (int)l->ncols;
	}
	d = decl_of(l->name);
	return d ? decl_cols(d, cols) : -1;
}

/* ---- custom fields: a column each after the list's own (header: the
 * English label, which import maps back), canonical values ---- */

/* The live custom fields of the list's family as columns after cols[0..n). */
static int
custom_cols(const struct export_kind *k, struct col *cols, int n)
{
	const struct record_decl *d = decl_of(k->name);
	struct custom_set s = d != NULL ? custom_fields_of(d->kind, false) : (struct custom_set){ 0 };
	int first = n;

	for (size_t i = 0; i < s.n && n < EXPORT_COLS_MAX; i++, n++)
		cols[n] = (struct col){ .name = s.fields[i]->label[LANG_EN], .arg = n - first,
		    .rule = s.fields[i]->rf.def.name, .custom = s.fields[i] };
	return n;
}

/* The values of the custom columns among cols for every row of t, read
 * by pages of CUSTOM_PAGE_IDS records and CUSTOM_PAGE_FIELDS fields. */
static int
custom_fill(struct ctx *ctx, const struct col *cols, size_t ncols, struct table *t)
{
	const struct custom_field *f[CUSTOM_PAGE_FIELDS];
	int arg[CUSTOM_PAGE_FIELDS];
	struct custom_value v[CUSTOM_PAGE_FIELDS * CUSTOM_PAGE_IDS];
	long long ids[CUSTOM_PAGE_IDS];
	size_t nf = 0;

	for (size_t i = 0; i < t->n; i++)
		t->rows[i].custom = arena_alloc(ctx->req->arena, sizeof(char *) * (ncols + 1));
	for (size_t c = 0; c <= ncols; c++) {
		if (c < ncols && cols[c].custom != NULL) {
			f[nf] = cols[c].custom;
			arg[nf++] = cols[c].arg;
		}
		if (nf == 0 || (nf < CUSTOM_PAGE_FIELDS && c < ncols))
			continue;
		for (size_t r0 = 0; r0 < t->n; r0 += CUSTOM_PAGE_IDS) {
			size_t nr = t->n - r0 < CUSTOM_PAGE_IDS ? t->n - r0 : CUSTOM_PAGE_IDS;
			for (size_t r = 0; r < nr; r++)
				ids[r] = t->rows[r0 + r].id;
			if (custom_values_page(ctx, f[0]->kind, f, nf, ids, nr, v) == -1)
				return -1;
			for (size_t r = 0; r < nr; r++)
				for (size_t x = 0; x < nf; x++)
					t->rows[r0 + r].custom[arg[x]] = v[r * nf + x].text;
		}
		nf = 0;
	}
	return 0;
}

/* The columns the user's field rules let out (compacted in cols). Returns how many. */
static size_t
columns(const struct ctx *ctx, const struct export_kind *k, struct col *cols, size_t n)
{
	size_t kept = 0;

	for (size_t c = 0; c < n; c++)
		if (rule(ctx, k, &cols[c]) != RULE_HIDDEN)
			cols[kept++] = cols[c];
	return kept;
}

/* One row's cells. 0, or -1 when keys are unusable. */
static int
write_row(struct ctx *ctx, const struct export_kind *k, const struct list *l, const struct rec *r,
    const struct col *cols, size_t ncols)
{
	const char *plain[SECRETS_MAX] = { NULL };
	int rc = l->open ? l->open(ctx, r, plain) : decl_open(ctx, l->name, r, plain);

	if (rc == -1)
		return -1;
	for (size_t n = 0; n < ncols; n++) {
		const struct col *c = &cols[n];
		const char *v = c->custom != NULL ? r->custom[c->arg] : c->sealed ? plain[c->arg] : r->text[c->arg];
		if (v != NULL && v[0] != '\0' && rule(ctx, k, c) == RULE_MASKED)
			v = c->custom != NULL ? custom_masked(ctx, c->custom, v) : k->mask(ctx->req->arena, c->rule, v);
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
detail(struct arena *a, const char *reason, const char *q, const struct col *cols, size_t ncols)
{
	const char *list = "[";
	struct json j;

	for (size_t n = 0; n < ncols; n++)
		list = arena_printf(a, "%s%s%s", list, n ? "," : "", json_quote(a, cols[n].name));
	json_begin(&j, a);
	json_str(&j, "reason", reason);
	json_str(&j, "filter", q);
	json_raw(&j, "columns", arena_printf(a, "%s]", list));
	return json_end(&j);
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
	const struct list *l = list_of(k);
	struct form_result r;
	struct table t;
	struct col cols[EXPORT_COLS_MAX];
	size_t ncols;
	int all;
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
	if (l == NULL || (all = all_columns(l, cols)) < 0)
		return 503;
	all = custom_cols(k, cols, all);
	if (l->fetch(ctx, q, (long long)cap + 1, &t) == -1)
		return 503;
	if (t.n > (size_t)cap)
		return refuse(ctx, k, &r, MSG_TOO_MANY, cap);
	ncols = columns(ctx, k, cols, (size_t)all);
	if (custom_fill(ctx, cols, ncols, &t) == -1)
		return 503;
	if (form_field(&r, "bom")->i)
		response_write(ctx->resp, "\xef\xbb\xbf", 3);
	for (size_t n = 0; n < ncols; n++)
		csv_cell(ctx->resp, cols[n].name, n == 0);
	csv_end_row(ctx->resp);
	for (size_t i = 0; i < t.n; i++)
		if (write_row(ctx, k, l, &t.rows[i], cols, ncols) == -1)
			goto fail;
	if (audit_ctx(ctx, AUDIT_EXPORT, k->name, "", AUDIT_SUCCESS, (long long)t.n,
	    detail(ctx->req->arena, reason, q, cols, ncols)) == -1)
		goto fail;
	ctx->resp->content_type = "text/csv; charset=utf-8";
	response_header(ctx->resp, "Content-Disposition",
	    arena_printf(ctx->req->arena, "attachment; filename=\"%s\"", file_name(ctx, k)));
	return 200;
fail:
	ctx->resp->len = 0;	/* not a byte without its audit record */
	return 503;
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
