/* import_store.c: owns the statements of CSV import (import_store.h,
 * transfer_sql.h): duplicate checks and inserts of contacts, leads and
 * accounts. Field values are found by name through the declarations
 * (record_decl.h); the sealed ones are sealed as each family's record
 * pages seal them (contact.c; record_secret_kind for the others); the
 * plain standard fields go in with the row (a flag as 0 or 1, an
 * account's revenue in cents, as its form stores them). */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "contact.h"
#include "envelope.h"
#include "handler.h"
#include "import_store.h"
#include "record_decl.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "search_key.h"
#include "session.h"
#include "stmt.h"


const char *
import_value(const struct record_decl *d, const char *const *v, const char *name)
{
	int n = 0;

	for (size_t i = 0; i < d->nfields; i++) {
		if (!(d->fields[i].flags & RF_IMPORT))
			continue;
		if (strcmp(d->fields[i].def.name, name) == 0)
			return v[n];
		n++;
	}
	return NULL;
}

const char *
import_collapse(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s), *o = out;

	for (const char *p = s; *p; p++)
		if (!strchr(" \t", *p) || (o > out && o[-1] != ' '))
			*o++ = strchr(" \t", *p) ? ' ' : *p;
	*o = '\0';
	return out;
}

static struct db_value
null_value(void)
{
	return (struct db_value){ .type = DBV_NULL };
}

static struct db_value
team_of(const struct ctx *ctx)
{
	struct db_value v = null_value();

	if (ctx->user->team_id != 0) {
		v.type = DBV_INT;
		v.i = ctx->user->team_id;
	}
	return v;
}

/* d's value of field, when the user may key on it (rbac_field_keyable),
 * else NULL: a duplicate check never looks up a field the user sees
 * masked or hidden (import_check_mapping already refuses mapping one). */
static const char *
keyable(const struct ctx *ctx, const struct record_decl *d, const char *const *v, const char *field)
{
	const char *s = import_value(d, v, field);

	return s != NULL && rbac_field_keyable(&ctx->user->rights, d->module, field) ? s : NULL;
}

static int
dups(struct ctx *ctx, struct import_dups_in *in, bool lead)
{
	struct import_dups_out o;
	enum db_error e = lead ? stmt_import_lead_dups(ctx->db, ctx->req->arena, in, &o) :
	    stmt_import_contact_dups(ctx->db, ctx->req->arena, in, &o);

	if (e != DB_OK)
		return -1;
	return o.n == 1 && o.rows[0].n > 0;
}

int
import_contact_exists(struct ctx *ctx, const char *const *v)
{
	const struct record_decl *d = record_decl_of(RK_CONTACTS);
	struct arena *a = ctx->req->arena;
	const char *email = keyable(ctx, d, v, "email"), *phone = keyable(ctx, d, v, "phone");
	struct import_dups_in in = { .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW) };

	if (email == NULL && phone == NULL)
		return 0;
	contact_blind_indexes(a, email ? normalise_email(a, email) : NULL,
	    phone ? normalise_phone(a, phone, conf_phone_region()) : NULL, &in.email_bidx, &in.phone_bidx);
	return dups(ctx, &in, false);
}

/* The index of sealed column name in k (a declared one: 0 otherwise). */
static int
col(const struct secret_kind *k, const char *name)
{
	for (int i = 0; i < k->n; i++)
		if (strcmp(k->columns[i], name) == 0)
			return i;
	return 0;
}

/* The blind index of field of the lead, or NULL when v has none. */
static struct db_value
lead_bidx(struct arena *a, const char *v, const char *field)
{
	const struct secret_kind *k = record_secret_kind(record_decl_of(RK_LEADS));

	return v != NULL ? secrets_blind_index(a, k, col(k, field), v) : null_value();
}

int
import_lead_exists(struct ctx *ctx, const char *const *v)
{
	const struct record_decl *d = record_decl_of(RK_LEADS);
	const char *email = keyable(ctx, d, v, "email"), *phone = keyable(ctx, d, v, "phone");
	struct import_dups_in in = { .scope = record_scope_of(ctx, MOD_LEADS, ACT_VIEW) };

	if (email == NULL && phone == NULL)
		return 0;
	in.email_bidx = lead_bidx(ctx->req->arena, email, "email");
	in.phone_bidx = lead_bidx(ctx->req->arena, phone, "phone");
	return dups(ctx, &in, true);
}

int
import_account_exists(struct ctx *ctx, const char *const *v)
{
	struct import_account_dups_in in = {
		.name = import_collapse(ctx->req->arena, import_value(record_decl_of(RK_ACCOUNTS), v, "name")),
		.scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
	};
	struct import_account_dups_out o;

	if (stmt_import_account_dups(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	return o.n == 1 && o.rows[0].n > 0;
}

/* A checkbox's normalised value ("1" ticked, "0" or NULL not) as 1 or 0. */
static long long
ticked(const char *v)
{
	return v != NULL && strcmp(v, "1") == 0;
}

long long
import_contact_insert(struct ctx *ctx, const char *const *v)
{
	const struct record_decl *d = record_decl_of(RK_CONTACTS);
	const char *plain[CS__MAX];
	struct import_contact_insert_in in = { .first_name = import_value(d, v, "first_name"),
	    .last_name = import_value(d, v, "last_name"), .owner_id = ctx->user->id, .team_id = team_of(ctx),
	    .title = import_value(d, v, "title"), .department = import_value(d, v, "department"),
	    .preferred_language = import_value(d, v, "preferred_language"),
	    .do_not_call = ticked(import_value(d, v, "do_not_call")),
	    .email_opt_out = ticked(import_value(d, v, "email_opt_out")) };
	struct import_contact_insert_out o;
	bool any = false;

	for (int f = 0; f < CS__MAX; f++)
		any |= (plain[f] = import_value(d, v, contact_secret_names[f])) != NULL;
	if (stmt_import_contact_insert(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	if (!any)
		return (long long)o.insert_id;
	return contact_seal_store_new(ctx, (long long)o.insert_id, plain) == -1 ? -1 : (long long)o.insert_id;
}

/* Seals the declared sealed fields of v (record_secret_kind order) for
 * new record id: 1 sealed, 0 none to seal, -1 on an error. */
static int
seal_new(struct ctx *ctx, const struct record_decl *d, const char *const *v, long long id,
    struct db_value *sealed, struct db_value *bidx)
{
	const struct secret_kind *k = record_secret_kind(d);
	const char *plain[SECRETS_MAX];
	bool any = false;

	for (int i = 0; i < k->n; i++)
		any |= (plain[i] = import_value(d, v, k->columns[i])) != NULL;
	if (!any)
		return 0;
	return secrets_seal_new(ctx, k, id, plain, sealed, bidx) == -1 ? -1 : 1;
}

/* A money field's normalised value ("1234.50") in cents ("123450"), as
 * the account form stores the revenue. */
static const char *
cents(struct arena *a, const char *money)
{
	char *out = arena_strdup(a, money), *o = out;

	for (const char *p = money; *p; p++)
		if (*p != '.')
			*o++ = *p;
	*o = '\0';
	return out;
}

long long
import_account_insert(struct ctx *ctx, const char *const *v)
{
	const struct record_decl *d = record_decl_of(RK_ACCOUNTS);
	const char *revenue = import_value(d, v, "annual_revenue");
	struct import_account_insert_in in = { .name = import_collapse(ctx->req->arena, import_value(d, v, "name")),
	    .owner_id = ctx->user->id, .team_id = team_of(ctx), .industry = import_value(d, v, "industry"),
	    .website = import_value(d, v, "website"), .phone = import_value(d, v, "phone"),
	    .billing_address = import_value(d, v, "billing_address"),
	    .shipping_address = import_value(d, v, "shipping_address"), .employees = import_value(d, v, "employees"),
	    .annual_revenue = revenue ? cents(ctx->req->arena, revenue) : NULL,
	    .revenue_currency = import_value(d, v, "revenue_currency") };
	struct import_account_insert_out o;
	struct db_value sealed[SECRETS_MAX], bidx[SECRETS_MAX];
	struct import_account_secrets_in s;
	const struct secret_kind *k;
	int rc;

	if (stmt_import_account_insert(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	if ((rc = seal_new(ctx, d, v, (long long)o.insert_id, sealed, bidx)) <= 0)
		return rc == 0 ? (long long)o.insert_id : -1;
	k = record_secret_kind(d);
	s = (struct import_account_secrets_in){ .tax_id = sealed[col(k, "tax_id")],
	    .bank_account = sealed[col(k, "bank_account")], .id = (long long)o.insert_id };
	return stmt_import_account_secrets(ctx->db, ctx->req->arena, &s, NULL) == DB_OK ?
	    (long long)o.insert_id : -1;
}

long long
import_lead_insert(struct ctx *ctx, const char *const *v)
{
	const struct record_decl *d = record_decl_of(RK_LEADS);
	const char *company = import_value(d, v, "company"), *status = import_value(d, v, "status");
	struct import_lead_insert_in in = { .first_name = import_value(d, v, "first_name"),
	    .last_name = import_value(d, v, "last_name"), .company = company ? company : "",
	    .status = status ? status : "new", .owner_id = ctx->user->id, .team_id = team_of(ctx),
	    .title = import_value(d, v, "title"), .source = import_value(d, v, "source"),
	    .rating = import_value(d, v, "rating") };
	struct import_lead_insert_out o;
	struct db_value sealed[SECRETS_MAX], bidx[SECRETS_MAX];
	struct import_lead_secrets_in s;
	const struct secret_kind *k;
	int rc;

	if (stmt_import_lead_insert(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	if ((rc = seal_new(ctx, d, v, (long long)o.insert_id, sealed, bidx)) <= 0)
		return rc == 0 ? (long long)o.insert_id : -1;
	k = record_secret_kind(d);
	s = (struct import_lead_secrets_in){ .email = sealed[col(k, "email")], .email_bidx = bidx[col(k, "email")],
	    .phone = sealed[col(k, "phone")], .phone_bidx = bidx[col(k, "phone")], .id = (long long)o.insert_id };
	return stmt_import_lead_secrets(ctx->db, ctx->req->arena, &s, NULL) == DB_OK ?
	    (long long)o.insert_id : -1;
}
