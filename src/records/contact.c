/* contact.c: owns the contact record's storage (contact.h): scope-bound
 * loading, creating and editing (each one transaction with its audit
 * record), the sealed fields under the contact's data key (AAD: table
 * "contacts", the column, the contact id) and the blind indexes of the
 * normalised email, phone and mobile, all through record_secrets.h; the
 * plain standard fields (title, department, preferred language, the
 * do-not-call and email opt-out flags). The only code besides
 * contact_list.c and contact_relations.c that runs SQL about contacts
 * (the statements: contact_sql.h). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "contact.h"
#include "escape.h"
#include "handler.h"
#include "json.h"
#include "record_audit.h"
#include "record_decl.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "search_key.h"
#include "session.h"
#include "stmt.h"
#include "subject_key.h"

const char *const contact_secret_names[CS__MAX] = { "email", "phone", "address", "birth_date", "mobile" };

/* The declaration's sealed fields in its order (record_secret_kind gives
 * the same; the unit test compares them). */
const struct secret_kind contact_secrets = {
	"contacts", "contact", MOD_CONTACTS, CS__MAX,
	{ "email", "phone", "address", "birth_date", "mobile" },
	{ "email", "phone", NULL, NULL, "phone" },
	{ NULL }, { NULL },
};

const char *const contact_info_fields[CI__MAX] = {
	"title", "department", "preferred_language", "do_not_call", "email_opt_out",
};

/* A flag of contact_info as the column's 0 or 1. */
static long long
flag(const char *v)
{
	return v != NULL && strcmp(v, "1") == 0;
}

const struct form_def *
contact_form_def(void)
{
	return record_form(record_decl_of(RK_CONTACTS));
}

const struct db_value *
contact_key_row(struct arena *a, struct db_value id, struct db_value kek_version, struct db_value wrapped)
{
	const struct db_value row[] = { id, kek_version, wrapped };

	return memcpy(arena_alloc(a, sizeof(row)), row, sizeof(row));
}

int
contact_load(struct ctx *ctx, long long id, enum rbac_action action, struct contact *c)
{
	struct contact_get_in in = { .account_scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW), .id = id,
	    .scope = record_scope_of(ctx, MOD_CONTACTS, action) };
	struct contact_get_out out;
	const struct contact_get_row *r;

	memset(c, 0, sizeof(*c));
	if (stmt_contact_get(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	if (out.n == 0)
		return 0;
	r = &out.rows[0];
	*c = (struct contact){
		.id = id, .owner_id = r->owner_id, .team_id = r->team_id, .version = r->version,
		.account_id = r->account_id, .account_name = r->account_name,
		.first_name = r->first_name, .last_name = r->last_name, .owner = r->owner,
		.team = r->team, .updated = r->updated,
		.info = { r->title, r->department, r->preferred_language, r->do_not_call, r->email_opt_out },
		.sealed = { r->email, r->phone, r->address, r->birth_date, r->mobile },
		.key_row = contact_key_row(ctx->req->arena, r->key_id, r->kek_version, r->wrapped),
	};
	return 1;
}

int
contact_open(struct ctx *ctx, struct contact *c)
{
	return secrets_open_row(ctx, &contact_secrets, c->id, c->key_row, c->sealed, c->plain, c->broken);
}

/* --- sealing --- */

/* The stored form of plain for contact id: sealed fields, their indexes. */
static int
seal_into(const struct subject_key *k, struct arena *a, long long id, const char *const plain[CS__MAX],
    struct contact_store_secrets_in *in)
{
	struct db_value sealed[CS__MAX], bidx[CS__MAX];

	if (secrets_seal_with(&contact_secrets, k, a, id, plain, sealed, bidx) == -1)
		return -1;
	*in = (struct contact_store_secrets_in){
		.email = sealed[CS_EMAIL], .email_bidx = bidx[CS_EMAIL],
		.phone = sealed[CS_PHONE], .phone_bidx = bidx[CS_PHONE],
		.address = sealed[CS_ADDRESS], .birth_date = sealed[CS_BIRTH_DATE],
		.mobile = sealed[CS_MOBILE], .mobile_bidx = bidx[CS_MOBILE], .id = id,
	};
	return 0;
}

/* The contact's data key: created (new) or looked up, created if none. */
static int
key_for(struct ctx *ctx, long long id, bool new, struct subject_key **k)
{
	enum subject_key_status st = SUBJECT_KEY_MISSING;

	/* A new contact's key is created, never looked up first: a locking
	 * read of a key that does not exist yet takes a gap lock, and two
	 * concurrent creates deadlock. */
	if (!new)
		st = subject_key_get(ctx->db, ctx->req->arena, "contact", id, k);
	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, ctx->req->arena, "contact", id, k);
	return st == SUBJECT_KEY_OK ? 0 : -1;
}

static int
seal_ctx(struct ctx *ctx, long long id, bool new, const char *const plain[CS__MAX],
    struct contact_store_secrets_in *in)
{
	struct subject_key *k = NULL;

	if (key_for(ctx, id, new, &k) == -1)
		return -1;
	return seal_into(k, ctx->req->arena, id, plain, in);
}

int
contact_seal_store_new(struct ctx *ctx, long long id, const char *const plain[CS__MAX])
{
	struct contact_store_secrets_in in;
	struct contact_store_secrets_out out;

	if (seal_ctx(ctx, id, true, plain, &in) == -1)
		return -1;
	return stmt_contact_store_secrets(ctx->db, ctx->req->arena, &in, &out) == DB_OK ? 0 : -1;
}

int
contact_store_secrets(struct db *db, struct arena *a, const struct subject_key *k, long long id,
    const char *const plain[CS__MAX])
{
	struct contact_store_secrets_in in;
	struct contact_store_secrets_out out;

	if (seal_into(k, a, id, plain, &in) == -1)
		return -1;
	return stmt_contact_store_secrets(db, a, &in, &out) == DB_OK ? 0 : -1;
}

/* --- writing --- */

long long
contact_insert_row(struct db *db, struct arena *a, long long account_id, const char *first,
    const char *last, long long owner_id, long long team_id)
{
	struct contact_add_in in = { .account_id = account_id, .first_name = first, .last_name = last,
	    .owner_id = owner_id, .team_id = team_id };
	struct contact_add_out out;

	if (stmt_contact_add(db, a, &in, &out) != DB_OK)
		return -1;
	return (long long)out.insert_id;
}

static bool
any_value(const char *const plain[CS__MAX])
{
	for (int f = 0; f < CS__MAX; f++)
		if (plain[f] != NULL)
			return true;
	return false;
}

long long
contact_add(struct ctx *ctx, long long account_id, const struct contact_input *in)
{
	struct contact_store_secrets_in s;
	struct contact_store_secrets_out out;
	long long id = contact_insert_row(ctx->db, ctx->req->arena, account_id, in->first_name,
	    in->last_name, ctx->user->id, ctx->user->team_id);

	if (id == -1 || !any_value(in->plain))
		return id;
	if (seal_ctx(ctx, id, true, in->plain, &s) == -1 ||
	    stmt_contact_store_secrets(ctx->db, ctx->req->arena, &s, &out) != DB_OK)
		return -1;
	return id;
}

/* A blind index as a duplicate check's key: none (matching nothing)
 * when the value is empty or the user may not key on field
 * (rbac_field_keyable: a masked or hidden field's index is an oracle). */
static struct db_value
dup_key(const struct ctx *ctx, const char *field, struct db_value idx)
{
	if (idx.type == DBV_NULL || !rbac_field_keyable(&ctx->user->rights, MOD_CONTACTS, field))
		return (struct db_value){ .type = DBV_BLOB, .s = "", .len = 0 };
	return idx;
}

/* A contact other than id, within what the user may see, with the same
 * email or phone (blind indexes) of a field the user may key on; its id,
 * 0 when none, -1 on error. An out-of-scope duplicate is not reported:
 * that would reveal it. Decision for fields the user may not key on: no
 * check on them at all (skipped, not answered vaguely). Only editable
 * fields can be submitted (the pages refuse others), and those are seen
 * in clear, so the skip is a second wall that keeps the check from ever
 * becoming an oracle if the submission rule changes. */
static long long
duplicate(struct ctx *ctx, long long id, struct db_value email, struct db_value phone)
{
	struct contact_duplicate_in in = { .id = id, .email_bidx = dup_key(ctx, "email", email),
	    .phone_bidx = dup_key(ctx, "phone", phone), .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW) };
	struct contact_duplicate_out out;

	if (stmt_contact_duplicate(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.n ? out.rows[0].id : 0;
}

/* The blind index of v in column f for a lookup by the user: none
 * (matching nothing) when v is NULL or the field is not a key for them. */
static struct db_value
lookup_key(struct ctx *ctx, enum contact_secret f, const char *v)
{
	if (v == NULL || !rbac_field_keyable(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]))
		return (struct db_value){ .type = DBV_NULL };
	return secrets_blind_index(ctx->req->arena, &contact_secrets, f, v);
}

int
contact_match_exists(struct ctx *ctx, const char *email, const char *phone)
{
	struct contact_count_matching_in in = { .email_bidx = lookup_key(ctx, CS_EMAIL, email),
	    .phone_bidx = lookup_key(ctx, CS_PHONE, phone), .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW) };
	struct contact_count_matching_out out;

	if (in.email_bidx.type == DBV_NULL && in.phone_bidx.type == DBV_NULL)
		return 0;
	if (stmt_contact_count_matching(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.n > 0 && out.rows[0].n > 0;
}

/* The audit values of in, indexed like the declaration's fields: the
 * names, and each sensitive field that edit allows (edit NULL: each one
 * given, NULL when not; edit given: "" for an empty one). */
static const char **
audit_values(struct arena *a, const struct contact_input *in, const bool *edit)
{
	const struct record_decl *d = record_decl_of(RK_CONTACTS);
	const char **v = arena_alloc(a, sizeof(*v) * d->nfields);

	memset(v, 0, sizeof(*v) * d->nfields);
	v[record_field_index(d, "first_name")] = in->first_name;
	v[record_field_index(d, "last_name")] = in->last_name;
	v[record_field_index(d, "account")] = in->account_id > 0 ?
	    arena_printf(a, "%lld", in->account_id) : edit != NULL ? "" : NULL;
	for (int f = 0; f < CS__MAX; f++)
		if (edit == NULL || edit[f])
			v[record_field_index(d, contact_secret_names[f])] =
			    edit == NULL || in->plain[f] ? in->plain[f] : "";
	for (int f = 0; f < CI__MAX; f++)
		v[record_field_index(d, contact_info_fields[f])] =
		    edit == NULL || in->info[f] ? in->info[f] : "";
	return v;
}

/* {"first_name":..,"email":"a•••"} of the submitted values, masked. */
static const char *
masked_values(struct arena *a, const struct contact_input *in)
{
	return record_audit_values(a, record_decl_of(RK_CONTACTS), audit_values(a, in, NULL));
}

/* Stores the plain standard fields of contact id just inserted: 0 or -1. */
static int
set_info(struct ctx *ctx, long long id, const char *const info[CI__MAX])
{
	struct contact_set_info_in in = { .title = info[CI_TITLE], .department = info[CI_DEPARTMENT],
	    .preferred_language = info[CI_LANGUAGE], .do_not_call = flag(info[CI_DO_NOT_CALL]),
	    .email_opt_out = flag(info[CI_EMAIL_OPT_OUT]), .id = id };
	struct contact_set_info_out out;

	return stmt_contact_set_info(ctx->db, ctx->req->arena, &in, &out) == DB_OK ? 0 : -1;
}

/* The insert, key, seal and duplicate check of contact_create. */
static enum contact_result
create_in_tx(struct ctx *ctx, const struct contact_input *in, bool allow_duplicate, long long *id)
{
	struct arena *a = ctx->req->arena;
	struct contact_store_secrets_in s;
	struct contact_store_secrets_out out;
	const char *custom;
	long long dup;

	*id = contact_insert_row(ctx->db, a, in->account_id, in->first_name, in->last_name, ctx->user->id,
	    ctx->user->team_id);
	if (*id == -1 || seal_ctx(ctx, *id, true, in->plain, &s) == -1)
		return CONTACT_FAILED;
	if (!allow_duplicate && (dup = duplicate(ctx, *id, s.email_bidx, s.phone_bidx)) != 0) {
		*id = dup;
		return dup < 0 ? CONTACT_FAILED : CONTACT_DUPLICATE;
	}
	if (stmt_contact_store_secrets(ctx->db, a, &s, &out) != DB_OK || set_info(ctx, *id, in->info) == -1 ||
	    custom_values_write(ctx, *id, in->custom, in->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "contacts", arena_printf(a, "%lld", *id), AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"after\":%s%s}", masked_values(a, in), custom)) == -1)
		return CONTACT_FAILED;
	return CONTACT_SAVED;
}

enum contact_result
contact_create(struct ctx *ctx, const struct contact_input *in, bool allow_duplicate, long long *id)
{
	enum contact_result r;

	if (db_begin(ctx->db) != DB_OK)
		goto fail;
	r = create_in_tx(ctx, in, allow_duplicate, id);
	if (r != CONTACT_SAVED) {
		db_rollback(ctx->db);
		return r;
	}
	if (db_commit(ctx->db) != DB_OK)
		goto fail;
	return CONTACT_SAVED;
fail:
	db_rollback(ctx->db);
	return CONTACT_FAILED;
}

/* {"before":{..},"after":{..}} of what changed, sensitive values masked. */
static const char *
change_detail(struct arena *a, const struct contact *c, const struct contact_input *in, const bool *edit)
{
	struct contact_input was = { .first_name = c->first_name, .last_name = c->last_name,
	    .account_id = c->account_id };

	memcpy(was.plain, c->plain, sizeof(was.plain));
	memcpy(was.info, c->info, sizeof(was.info));
	return record_audit_changes(a, record_decl_of(RK_CONTACTS), audit_values(a, &was, NULL),
	    audit_values(a, in, edit));
}

/* The update's values: names, then each sensitive field with its flag. */
static int
update_in(struct ctx *ctx, const struct contact *c, const struct contact_input *in, const bool *edit,
    long long version, struct contact_update_in *u)
{
	struct contact_store_secrets_in s;

	if (seal_ctx(ctx, c->id, false, in->plain, &s) == -1)
		return -1;
	*u = (struct contact_update_in){
		.first_name = in->first_name, .last_name = in->last_name, .account_id = in->account_id,
		.edit_email = edit[CS_EMAIL], .email = s.email,
		.edit_email_bidx = edit[CS_EMAIL], .email_bidx = s.email_bidx,
		.edit_phone = edit[CS_PHONE], .phone = s.phone,
		.edit_phone_bidx = edit[CS_PHONE], .phone_bidx = s.phone_bidx,
		.edit_address = edit[CS_ADDRESS], .address = s.address,
		.edit_birth_date = edit[CS_BIRTH_DATE], .birth_date = s.birth_date,
		.edit_mobile = edit[CS_MOBILE], .mobile = s.mobile,
		.edit_mobile_bidx = edit[CS_MOBILE], .mobile_bidx = s.mobile_bidx,
		.title = in->info[CI_TITLE], .department = in->info[CI_DEPARTMENT],
		.preferred_language = in->info[CI_LANGUAGE], .do_not_call = flag(in->info[CI_DO_NOT_CALL]),
		.email_opt_out = flag(in->info[CI_EMAIL_OPT_OUT]),
		.id = c->id, .version = version, .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_EDIT),
	};
	return 0;
}

enum contact_result
contact_update(struct ctx *ctx, const struct contact *c, const struct contact_input *in,
    const bool edit[CS__MAX], long long version)
{
	struct arena *a = ctx->req->arena;
	struct contact_update_in u;
	struct contact_update_out out;
	const char *custom;

	if (db_begin(ctx->db) != DB_OK || update_in(ctx, c, in, edit, version, &u) == -1 ||
	    stmt_contact_update(ctx->db, a, &u, &out) != DB_OK)
		goto fail;
	if (out.affected == 0) {	/* changed since the form was opened */
		db_rollback(ctx->db);
		return CONTACT_CONFLICT;
	}
	if (custom_values_write(ctx, c->id, in->custom, in->custom_before, &custom) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, "contacts", arena_printf(a, "%lld", c->id), AUDIT_SUCCESS, 1,
	    custom_audit_join(a, change_detail(a, c, in, edit), custom)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return CONTACT_SAVED;
fail:
	db_rollback(ctx->db);
	return CONTACT_FAILED;
}

/* --- searching and masking --- */

void
contact_blind_indexes(struct arena *a, const char *email_norm, const char *phone_norm,
    struct db_value *email_idx, struct db_value *phone_idx)
{
	if (secrets_index_normalised(a, &contact_secrets, CS_EMAIL, email_norm, email_idx) == -1)
		*email_idx = (struct db_value){ .type = DBV_NULL };
	if (secrets_index_normalised(a, &contact_secrets, CS_PHONE, phone_norm, phone_idx) == -1)
		*phone_idx = (struct db_value){ .type = DBV_NULL };
}

bool
contact_exact_search(struct arena *a, const char *q, struct db_value *email_idx,
    struct db_value *phone_idx)
{
	const char *norm;
	enum search_field f = search_field_of(a, q, &norm);
	struct db_value idx;

	if (f == SEARCH_NAME ||
	    secrets_index_normalised(a, &contact_secrets, f == SEARCH_EMAIL ? CS_EMAIL : CS_PHONE, norm, &idx) == -1 ||
	    idx.type == DBV_NULL)
		return false;
	*email_idx = *phone_idx = idx;
	return true;
}

const char *
contact_like_prefix(struct arena *a, const char *q)
{
	return like_escape(a, q);
}

const char *
contact_mask(struct arena *a, enum contact_secret f, const char *value)
{
	return secrets_mask(a, &contact_secrets, (int)f, value);
}
