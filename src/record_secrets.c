/* record_secrets.c: owns sealing and opening a record's sensitive fields
 * (record_secrets.h), for every record kind but contacts (contact.c
 * predates it). */
#include "config.h"

#include <string.h>

#include "envelope.h"
#include "handler.h"
#include "keyring.h"
#include "record_secrets.h"
#include "session.h"
#include "subject_key.h"

int
secrets_open(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *sealed, const char **plain, bool *broken)
{
	struct subject_key *key = NULL;
	enum subject_key_status st;
	const char *pt;
	size_t len;

	for (int i = 0; i < k->n; i++) {
		plain[i] = NULL;
		broken[i] = false;
		if (sealed[i].type == DBV_NULL ||
		    rbac_field_rule(&ctx->user->rights, k->module, k->columns[i]) == RULE_HIDDEN)
			continue;
		if (key == NULL) {
			st = subject_key_get(ctx->db, ctx->req->arena, k->subject, id, &key);
			if (st == SUBJECT_KEY_DB_ERROR || st == SUBJECT_KEY_NO_KEYRING)
				return -1;
			if (st != SUBJECT_KEY_OK) {
				broken[i] = true;
				key = NULL;
				continue;
			}
		}
		if (field_open(key, ctx->req->arena, k->table, k->columns[i], id, &sealed[i], &pt, &len) == -1)
			broken[i] = true;
		else
			plain[i] = arena_printf(ctx->req->arena, "%.*s", (int)len, pt);
	}
	return 0;
}

static struct db_value
index_of(struct arena *a, const struct secret_kind *k, int i, const char *v)
{
	const char *norm = strcmp(k->index[i], "email") == 0 ? normalise_email(a, v) :
	    normalise_phone(a, v, "41");
	const char *domain = arena_printf(a, "%s.%s", k->table, k->columns[i]);
	unsigned char *out = arena_alloc(a, BLIND_INDEX_BYTES);

	if (norm == NULL || blind_index(keyring_index_key(), domain, norm, strlen(norm), out) != 0)
		return (struct db_value){ .type = DBV_NULL };
	return (struct db_value){ .type = DBV_BLOB, .s = (const char *)out, .len = BLIND_INDEX_BYTES };
}

struct db_value
secrets_blind_index(struct arena *a, const struct secret_kind *k, int i, const char *v)
{
	return index_of(a, k, i, v);
}

static int seal_with(struct ctx *ctx, const struct secret_kind *k, const struct subject_key *key,
    long long id, const char *const *plain, struct db_value *sealed, struct db_value *bidx);

int
secrets_seal(struct ctx *ctx, const struct secret_kind *k, long long id, const char *const *plain,
    struct db_value *sealed, struct db_value *bidx)
{
	struct arena *a = ctx->req->arena;
	struct subject_key *key = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, a, k->subject, id, &key);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, a, k->subject, id, &key);
	if (st != SUBJECT_KEY_OK)
		return -1;
	return seal_with(ctx, k, key, id, plain, sealed, bidx);
}

int
secrets_seal_new(struct ctx *ctx, const struct secret_kind *k, long long id, const char *const *plain,
    struct db_value *sealed, struct db_value *bidx)
{
	struct subject_key *key = NULL;

	/* No lookup first: a locking read of a missing key takes a gap lock
	 * and concurrent creates deadlock. */
	if (subject_key_create(ctx->db, ctx->req->arena, k->subject, id, &key) != SUBJECT_KEY_OK)
		return -1;
	return seal_with(ctx, k, key, id, plain, sealed, bidx);
}

static int
seal_with(struct ctx *ctx, const struct secret_kind *k, const struct subject_key *key, long long id,
    const char *const *plain, struct db_value *sealed, struct db_value *bidx)
{
	struct arena *a = ctx->req->arena;

	for (int i = 0; i < k->n; i++) {
		const char *v = plain[i];
		bool empty = v == NULL || v[0] == '\0';
		sealed[i] = bidx[i] = (struct db_value){ .type = DBV_NULL };
		if (empty)
			continue;
		if (field_seal(key, a, k->table, k->columns[i], id, v, strlen(v), &sealed[i]) == -1)
			return -1;
		if (k->index[i] != NULL)
			bidx[i] = index_of(a, k, i, v);
	}
	return 0;
}
