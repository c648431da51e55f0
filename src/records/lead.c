/* lead.c: owns the lead data (lead.h): loading a lead within the user's
 * record scope, the list and its search, creating and updating a lead
 * (each with its audit record in the same transaction), the lead form's
 * flags. Converting one is lead_convert.c's. With it, the only code
 * running the LEAD statements (lead_sql.h). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "escape.h"
#include "handler.h"
#include "i18n.h"
#include "json.h"
#include "lead.h"
#include "record_audit.h"
#include "record_scope.h"
#include "search_key.h"
#include "session.h"
#include "stmt.h"

const struct secret_kind lead_secrets = {
	"leads", "lead", MOD_LEADS, LS__MAX, { "email", "phone" }, { "email", "phone" },
	{ NULL }, { NULL },
};

const char *const lead_statuses[] = { "new", "contacted", "qualified", "disqualified", NULL };
static const char *const status_labels[] = { N_("New"), N_("Contacted"), N_("Qualified"), N_("Disqualified") };

static const struct field_def lead_fields[] = {
	{ .name = "first_name", .label = N_("First name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "last_name", .label = N_("Last name"), .type = FIELD_TEXT, .required = true, .max_len = 100 },
	{ .name = "company", .label = N_("Company"), .type = FIELD_TEXT, .max_len = 200 },
	{ .name = "email", .label = N_("Email"), .type = FIELD_EMAIL },
	{ .name = "phone", .label = N_("Phone"), .type = FIELD_PHONE },
	{ .name = "status", .label = N_("Status"), .type = FIELD_CHOICE, .choices = lead_statuses },
};
const struct form_def lead_form = { "lead", lead_fields, sizeof(lead_fields) / sizeof(lead_fields[0]) };

bool
lead_editable(const struct ctx *ctx, enum lead_secret f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_LEADS, lead_secrets.columns[f]) == RULE_EDITABLE;
}

/* A select's choices under key: code, label, selected when current. */
static void
choices(struct ctx *ctx, const char *key, const char *const *codes, const char *const *labels,
    const char *current)
{
	struct tval *l = tv_list(ctx->data, key);

	for (int i = 0; codes[i]; i++) {
		struct tval *o = tv_append_map(l);
		tv_str(o, "code", codes[i]);
		tv_str(o, "label", labels[i]);
		tv_bool(o, "selected", current && strcmp(current, codes[i]) == 0);
	}
}

void
lead_form_choices(struct ctx *ctx, const char *source, const char *rating)
{
	choices(ctx, "sources", lead_sources, lead_source_labels, source);
	choices(ctx, "ratings", lead_ratings, lead_rating_labels, rating);
}

void
lead_form_flags(struct ctx *ctx, const char *current)
{
	struct tval *ed = tv_child(ctx->data, "editable"), *st = tv_list(ctx->data, "statuses");

	for (int f = 0; f < LS__MAX; f++)
		tv_bool(ed, lead_secrets.columns[f], lead_editable(ctx, f));
	for (int i = 0; lead_statuses[i]; i++) {
		struct tval *o = tv_append_map(st);
		tv_str(o, "value", lead_statuses[i]);
		tv_str(o, "label", status_labels[i]);
		tv_bool(o, "selected", current && strcmp(current, lead_statuses[i]) == 0);
	}
}

int
lead_load(struct ctx *ctx, long long id, enum rbac_action action, struct lead *l)
{
	struct lead_get_in in = { .id = id, .scope = record_scope_of(ctx, MOD_LEADS, action) };
	struct lead_get_out out;
	const struct lead_get_row *r;

	memset(l, 0, sizeof(*l));
	if (stmt_lead_get(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	if (out.n == 0)
		return 0;
	r = &out.rows[0];
	*l = (struct lead){ .id = id, .first_name = r->first_name, .last_name = r->last_name,
	    .company = r->company, .status = r->status, .owner_id = r->owner_id, .owner = r->owner,
	    .team_id = r->team_id, .team = r->team, .version = r->version, .updated = r->updated,
	    .deal_id = r->deal_id, .title = r->title, .source = r->source, .rating = r->rating };
	l->sealed[LS_EMAIL] = r->email;
	l->sealed[LS_PHONE] = r->phone;
	return secrets_open(ctx, &lead_secrets, id, l->sealed, l->plain, l->broken) == -1 ? -1 : 1;
}

/* LEAD_SEARCH_SQL's values for q (lead.h: lead_search_bind). */
struct search {
	const char *like;
	long long exact;
	struct db_value email_bidx, phone_bidx;
};

static struct search
search_of(struct arena *a, const char *q)
{
	enum search_field f = search_field_of(a, q ? q : "", NULL);
	struct db_value none = { .type = DBV_NULL };

	return (struct search){ .like = f == SEARCH_NAME ? like_escape(a, q ? q : "") : "",
	    .exact = f != SEARCH_NAME,
	    .email_bidx = f == SEARCH_EMAIL ? secrets_blind_index(a, &lead_secrets, LS_EMAIL, q) : none,
	    .phone_bidx = f == SEARCH_PHONE ? secrets_blind_index(a, &lead_secrets, LS_PHONE, q) : none };
}

int
lead_search_bind(struct arena *a, const char *q, struct db_value *p)
{
	struct search s = search_of(a, q);
	int n = 0;

	for (int k = 0; k < 4; k++)
		p[n++] = (struct db_value){ .type = DBV_TEXT, .s = s.like, .len = strlen(s.like) };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = s.exact };
	p[n++] = s.email_bidx;
	p[n++] = s.phone_bidx;
	return n;
}

int
lead_list(struct ctx *ctx, const struct lead_query *q, struct lead_page *out)
{
	struct search s = search_of(ctx->req->arena, q->q);
	const char *status = q->status ? q->status : "", *source = q->source ? q->source : "",
	    *rating = q->rating ? q->rating : "";
	struct lead_list_in in = { .scope = record_scope_of(ctx, MOD_LEADS, ACT_VIEW),
	    .status = status, .status_again = status, .owner_id = q->owner_id, .owner_id_again = q->owner_id,
	    .source = source, .source_again = source, .rating = rating, .rating_again = rating,
	    .like = s.like, .like_last = s.like, .like_first = s.like, .like_company = s.like,
	    .exact = s.exact, .email_bidx = s.email_bidx, .phone_bidx = s.phone_bidx,
	    .before = q->before, .limit = q->limit };
	struct lead_list_out rows;

	if (stmt_lead_list(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	out->n = rows.n;
	out->items = arena_alloc(ctx->req->arena, sizeof(*out->items) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct lead_list_row *r = &rows.rows[i];
		out->items[i] = (struct lead_item){ .id = r->id, .first_name = r->first_name,
		    .last_name = r->last_name, .company = r->company, .status = r->status, .owner = r->owner,
		    .source = r->source, .rating = r->rating };
	}
	return 0;
}

/* Inserts the row of v and its sealed values, in the caller's
 * transaction: its id, or -1. */
static long long
insert(struct ctx *ctx, const struct lead_values *v)
{
	struct arena *a = ctx->req->arena;
	struct lead_insert_in in = { .first_name = v->first_name, .last_name = v->last_name,
	    .company = v->company, .owner_id = ctx->user->id, .team_id = ctx->user->team_id, .status = v->status,
	    .title = v->title, .source = v->source, .rating = v->rating };
	struct lead_insert_out out;
	struct db_value sealed[LS__MAX], bidx[LS__MAX];
	struct lead_set_sealed_out none;
	long long id;

	if (stmt_lead_insert(ctx->db, a, &in, &out) != DB_OK)
		return -1;
	id = (long long)out.insert_id;
	if (secrets_seal_new(ctx, &lead_secrets, id, v->plain, sealed, bidx) == -1)
		return -1;
	if (stmt_lead_set_sealed(ctx->db, a, &(struct lead_set_sealed_in){ .email = sealed[LS_EMAIL],
	    .email_bidx = bidx[LS_EMAIL], .phone = sealed[LS_PHONE], .phone_bidx = bidx[LS_PHONE], .id = id },
	    &none) != DB_OK)
		return -1;
	return id;
}

/* The audit values of v (record_audit.h) named in names (NULL ends),
 * NULL as "", the other fields NULL: left out. */
static const char **
audit_values(struct arena *a, const struct lead_values *v, const char *const names[])
{
	const struct record_decl *d = record_decl_of(RK_LEADS);
	const char **out = arena_alloc(a, sizeof(*out) * d->nfields);

	memset(out, 0, sizeof(*out) * d->nfields);
	for (size_t k = 0; names[k] != NULL; k++) {
		const char *x = strcmp(names[k], "company") == 0 ? v->company :
		    strcmp(names[k], "status") == 0 ? v->status : strcmp(names[k], "email") == 0 ? v->plain[LS_EMAIL] :
		    strcmp(names[k], "title") == 0 ? v->title : strcmp(names[k], "source") == 0 ? v->source :
		    strcmp(names[k], "rating") == 0 ? v->rating : NULL;
		out[record_field_index(d, names[k])] = x ? x : "";
	}
	return out;
}

/* {"after":{"name":..,"company":..,"status":..,"email":"a•••","title":..,
 * "source":..,"rating":..}} of a new lead: "name" (first and last) is not
 * a declared field, and the detail lists status before email, which the
 * declaration does not. */
static const char *
created_detail(struct arena *a, const struct lead_values *v)
{
	static const char *const head[] = { "company", NULL }, *const status[] = { "status", NULL },
	    *const email[] = { "email", NULL }, *const info[] = { "title", "source", "rating", NULL };
	const struct record_decl *d = record_decl_of(RK_LEADS);
	struct json j;

	json_begin(&j, a);
	json_str(&j, "name", arena_printf(a, "%s %s", v->first_name, v->last_name));
	record_audit_put(&j, d, audit_values(a, v, head));
	record_audit_put(&j, d, audit_values(a, v, status));
	record_audit_put(&j, d, audit_values(a, v, email));
	record_audit_put(&j, d, audit_values(a, v, info));
	return arena_printf(a, "{\"after\":%s}", json_end(&j));
}

/* {"before":{"status":..},"after":{"status":..}} of an update (written
 * even when the status stays), with the title, source and rating when
 * they changed. */
static const char *
update_detail(struct arena *a, const struct lead *l, const struct lead_values *v)
{
	static const char *const status[] = { "status", NULL }, *const info[] = { "title", "source", "rating", NULL };
	const struct record_decl *d = record_decl_of(RK_LEADS);
	const struct lead_values was = { .status = l->status, .title = l->title, .source = l->source,
	    .rating = l->rating };
	struct json b, f;

	json_begin(&b, a);
	json_begin(&f, a);
	record_audit_put(&b, d, audit_values(a, &was, status));
	record_audit_put(&f, d, audit_values(a, v, status));
	record_audit_diff(&b, &f, d, audit_values(a, &was, info), audit_values(a, v, info));
	return arena_printf(a, "{\"before\":%s,\"after\":%s}", json_end(&b), json_end(&f));
}

int
lead_create(struct ctx *ctx, const struct lead_values *v, long long *id)
{
	struct arena *a = ctx->req->arena;
	const char *custom;

	if (db_begin(ctx->db) != DB_OK || (*id = insert(ctx, v)) == -1 ||
	    custom_values_write(ctx, *id, v->custom, v->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "leads", arena_printf(a, "%lld", *id), AUDIT_SUCCESS, 1,
	    custom_audit_join(a, created_detail(a, v), custom)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

/* Writes v over lead l at version, in the caller's transaction: 1, 0 no
 * row changed, -1 error. */
static int
store(struct ctx *ctx, const struct lead *l, long long version, const struct lead_values *v)
{
	struct db_value sealed[LS__MAX], bidx[LS__MAX];
	struct lead_update_in in = { .first_name = v->first_name, .last_name = v->last_name,
	    .company = v->company, .status = v->status, .title = v->title, .source = v->source,
	    .rating = v->rating, .id = l->id, .version = version,
	    .scope = record_scope_of(ctx, MOD_LEADS, ACT_EDIT) };
	struct lead_update_out out;

	if (secrets_seal(ctx, &lead_secrets, l->id, v->plain, sealed, bidx) == -1)
		return -1;
	in.email_set = in.email_set_again = lead_editable(ctx, LS_EMAIL);
	in.email = sealed[LS_EMAIL];
	in.email_bidx = bidx[LS_EMAIL];
	in.phone_set = in.phone_set_again = lead_editable(ctx, LS_PHONE);
	in.phone = sealed[LS_PHONE];
	in.phone_bidx = bidx[LS_PHONE];
	if (stmt_lead_update(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.affected != 0;
}

int
lead_update(struct ctx *ctx, const struct lead *l, long long version, const struct lead_values *v)
{
	struct arena *a = ctx->req->arena;
	const char *custom;
	int rc;

	if (db_begin(ctx->db) != DB_OK || (rc = store(ctx, l, version, v)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (custom_values_write(ctx, l->id, v->custom, v->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, "leads", arena_printf(a, "%lld", l->id), AUDIT_SUCCESS, 1,
	    custom_audit_join(a, update_detail(a, l, v), custom)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}
