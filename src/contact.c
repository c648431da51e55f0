/* contact.c: owns the contact record's storage (contact.h): scope-bound
 * loading, field envelopes under the contact's data key (AAD: table
 * "contacts", the column, the contact id) and blind indexes of the
 * normalised email and phone for exact search. */
#include "config.h"

#include <string.h>

#include "contact.h"
#include "envelope.h"
#include "escape.h"
#include "handler.h"
#include "keyring.h"
#include "record_scope.h"
#include "search_key.h"
#include "session.h"
#include "subject_key.h"

const char *const contact_secret_names[CS__MAX] = { "email", "phone", "address", "birth_date" };

int
contact_load(struct ctx *ctx, long long id, enum rbac_action action, struct contact *c)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	memset(c, 0, sizeof(*c));
	record_scope_bind(ctx, MOD_CONTACTS, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.nrows == 0)
		return 0;
	c->id = id;
	c->first_name = db_cell_text(&rows, 0, 1);
	c->last_name = db_cell_text(&rows, 0, 2);
	for (int f = 0; f < CS__MAX; f++)
		c->sealed[f] = rows.cells[3 + f];
	c->owner_id = db_cell_int(&rows, 0, 7, 0);
	c->owner = db_cell_text(&rows, 0, 8);
	c->team_id = db_cell_int(&rows, 0, 9, 0);
	c->version = db_cell_int(&rows, 0, 10, 0);
	c->updated = db_cell_text(&rows, 0, 11);
	c->team = db_cell_text(&rows, 0, 12);
	c->key_row = &rows.cells[13];
	return 1;
}

int
contact_open(struct ctx *ctx, struct contact *c)
{
	struct subject_key *k = NULL;
	enum subject_key_status st;
	const char *pt;
	size_t len;

	for (int f = 0; f < CS__MAX; f++) {
		if (c->sealed[f].type == DBV_NULL ||
		    rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]) == RULE_HIDDEN)
			continue;
		if (k == NULL) {
			st = c->key_row != NULL
			    ? subject_key_from_row(ctx->req->arena, "contact", c->id, c->key_row, &k)
			    : subject_key_get(ctx->db, ctx->req->arena, "contact", c->id, &k);
			if (st == SUBJECT_KEY_DB_ERROR || st == SUBJECT_KEY_NO_KEYRING)
				return -1;
			if (st != SUBJECT_KEY_OK) {	/* destroyed (erased) or broken */
				for (int g = 0; g < CS__MAX; g++)
					c->broken[g] = c->sealed[g].type != DBV_NULL;
				return 0;
			}
		}
		if (field_open(k, ctx->req->arena, "contacts", contact_secret_names[f], c->id,
		    &c->sealed[f], &pt, &len) == -1)
			c->broken[f] = true;
		else
			c->plain[f] = arena_printf(ctx->req->arena, "%.*s", (int)len, pt);
	}
	return 0;
}

/* The blind index of a normalised value as a BLOB param, or NULL. */
static struct db_value
index_of(struct arena *a, const char *domain, const char *norm)
{
	unsigned char *out;

	if (norm == NULL || norm[0] == '\0')
		return (struct db_value){ .type = DBV_NULL };
	out = arena_alloc(a, BLIND_INDEX_BYTES);
	if (blind_index(keyring_index_key(), domain, norm, strlen(norm), out) != 0)
		return (struct db_value){ .type = DBV_NULL };
	return (struct db_value){ .type = DBV_BLOB, .s = (const char *)out, .len = BLIND_INDEX_BYTES };
}

int
contact_seal_with(const struct subject_key *k, struct arena *a, long long id,
    const char *const plain[CS__MAX], struct db_value *p)
{
	static const int slot[CS__MAX] = { 0, 2, 4, 5 };

	for (int f = 0; f < CS__MAX; f++) {
		const char *v = plain[f];
		if (v == NULL || v[0] == '\0')
			p[slot[f]] = (struct db_value){ .type = DBV_NULL };
		else if (field_seal(k, a, "contacts", contact_secret_names[f], id, v, strlen(v), &p[slot[f]]) == -1)
			return -1;
	}
	p[1] = index_of(a, "contacts.email", plain[CS_EMAIL] ? normalise_email(a, plain[CS_EMAIL]) : NULL);
	p[3] = index_of(a, "contacts.phone", plain[CS_PHONE] ? normalise_phone(a, plain[CS_PHONE], "41") : NULL);
	return 0;
}

void
contact_blind_indexes(struct arena *a, const char *email_norm, const char *phone_norm,
    struct db_value *email_idx, struct db_value *phone_idx)
{
	*email_idx = index_of(a, "contacts.email", email_norm);
	*phone_idx = index_of(a, "contacts.phone", phone_norm);
}

bool
contact_exact_search(struct arena *a, const char *q, struct db_value *email_idx,
    struct db_value *phone_idx)
{
	const char *norm;
	enum search_field f = search_field_of(a, q, &norm);
	struct db_value idx;

	if (f == SEARCH_NAME)
		return false;
	idx = index_of(a, f == SEARCH_EMAIL ? "contacts.email" : "contacts.phone", norm);
	if (idx.type == DBV_NULL)
		return false;
	*email_idx = *phone_idx = idx;
	return true;
}

const char *
contact_like_prefix(struct arena *a, const char *q)
{
	return like_escape(a, q);
}

int
contact_search_bind(struct arena *a, const char *q, struct db_value *p)
{
	struct db_value idx = { .type = DBV_BLOB, .s = "", .len = 0 };
	bool exact = contact_exact_search(a, q, &idx, &idx);
	const char *like = exact ? "" : like_escape(a, q);
	int n = 0;

	for (int k = 0; k < 3; k++)
		p[n++] = (struct db_value){ .type = DBV_TEXT, .s = like, .len = strlen(like) };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = exact };
	p[n++] = idx;
	p[n++] = idx;
	return n;
}

int
contact_seal(struct ctx *ctx, long long id, const char *const plain[CS__MAX], struct db_value *p)
{
	struct arena *a = ctx->req->arena;
	struct subject_key *k = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, a, "contact", id, &k);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, a, "contact", id, &k);
	if (st != SUBJECT_KEY_OK)
		return -1;
	return contact_seal_with(k, a, id, plain, p);
}

int
contact_seal_new(struct ctx *ctx, long long id, const char *const plain[CS__MAX], struct db_value *p)
{
	struct subject_key *k = NULL;

	/* Create, never look up first: a locking read of a key that does not
	 * exist yet takes a gap lock, and two concurrent creates deadlock. */
	if (subject_key_create(ctx->db, ctx->req->arena, "contact", id, &k) != SUBJECT_KEY_OK)
		return -1;
	return contact_seal_with(k, ctx->req->arena, id, plain, p);
}

const char *
contact_mask(struct arena *a, enum contact_secret f, const char *value)
{
	const char *at;

	if (value == NULL || value[0] == '\0')
		return "";
	if (f == CS_EMAIL && (at = strchr(value, '@')) != NULL)
		return arena_printf(a, "%c\u2022\u2022\u2022%s", value[0], at);
	return arena_printf(a, "%.*s\u2022\u2022\u2022", (value[0] & 0x80) ? 0 : 1, value);
}
