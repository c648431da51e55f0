/* record_secrets.c: owns sealing, opening, blind-indexing and masking a
 * record's sensitive fields, for every record kind (record_secrets.h):
 * the one place a record field is sealed or opened, whether under the
 * record's own data key or the key of the record it is attached to. */
#include "config.h"

#include <string.h>

#include "conf.h"
#include "envelope.h"
#include "handler.h"
#include "keyring.h"
#include "record_secrets.h"
#include "session.h"
#include "subject_key.h"

/* The key of owner (subject type, id): from the joined row when given,
 * else looked up. */
static enum subject_key_status
key_of(struct ctx *ctx, const char *owner_type, long long owner_id, const struct db_value *key_row,
    struct subject_key **key)
{
	if (key_row != NULL)
		return subject_key_from_row(ctx->req->arena, owner_type, owner_id, key_row, key);
	return subject_key_get(ctx->db, ctx->req->arena, owner_type, owner_id, key);
}

/* Opens the fields of record id under the key of owner (owner_type,
 * owner_id): the one loop behind every secrets_open*. */
static int
open_fields(struct ctx *ctx, const struct secret_kind *k, const char *owner_type, long long owner_id,
    long long id, const struct db_value *key_row, const struct db_value *sealed, const char **plain,
    bool *broken)
{
	struct subject_key *key = NULL;
	enum subject_key_status st = SUBJECT_KEY_OK;
	const char *pt;
	size_t len;

	for (int i = 0; i < k->n; i++) {
		plain[i] = NULL;
		broken[i] = false;
		if (sealed[i].type == DBV_NULL ||
		    rbac_field_rule(&ctx->user->rights, k->module,
		    k->rule_names[i] != NULL ? k->rule_names[i] : k->columns[i]) == RULE_HIDDEN)
			continue;
		if (key == NULL && st == SUBJECT_KEY_OK) {
			st = key_of(ctx, owner_type, owner_id, key_row, &key);
			if (st == SUBJECT_KEY_DB_ERROR || st == SUBJECT_KEY_NO_KEYRING)
				return -1;
		}
		if (st != SUBJECT_KEY_OK) {	/* destroyed (erased) or broken */
			broken[i] = true;
			continue;
		}
		if (field_open(key, ctx->req->arena, k->table, k->columns[i], id, &sealed[i], &pt, &len) == -1)
			broken[i] = true;
		else
			plain[i] = arena_printf(ctx->req->arena, "%.*s", (int)len, pt);
	}
	return 0;
}

int
secrets_open_row(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *key_row, const struct db_value *sealed, const char **plain, bool *broken)
{
	return open_fields(ctx, k, k->subject, id, id, key_row, sealed, plain, broken);
}

int
secrets_open_under_row(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const struct db_value *key_row, const struct db_value *sealed,
    const char **plain, bool *broken)
{
	return open_fields(ctx, k, owner_type, owner_id, id, key_row, sealed, plain, broken);
}

int
secrets_open_under(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const struct db_value *sealed, const char **plain, bool *broken)
{
	return open_fields(ctx, k, owner_type, owner_id, id, NULL, sealed, plain, broken);
}

int
secrets_open(struct ctx *ctx, const struct secret_kind *k, long long id,
    const struct db_value *sealed, const char **plain, bool *broken)
{
	return secrets_open_row(ctx, k, id, NULL, sealed, plain, broken);
}

/* An exact-match key: v without surrounding ASCII space, its ASCII
 * letters lower-cased (other characters as they are); NULL when empty. */
static const char *
normalise_exact(struct arena *a, const char *v)
{
	size_t n;
	char *out;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n == 0)
		return NULL;
	out = arena_strndup(a, v, n);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

const char *
secrets_normalise(struct arena *a, const struct secret_kind *k, int i, const char *v)
{
	if (v == NULL || k->index[i] == NULL)
		return NULL;
	if (strcmp(k->index[i], "exact") == 0)
		return normalise_exact(a, v);
	return strcmp(k->index[i], "email") == 0 ? normalise_email(a, v) :
	    normalise_phone(a, v, conf_phone_region());
}

int
secrets_index_normalised(struct arena *a, const struct secret_kind *k, int i, const char *norm,
    struct db_value *out)
{
	const unsigned char *key = keyring_index_key();
	const char *domain;
	unsigned char *idx;

	*out = (struct db_value){ .type = DBV_NULL };
	if (norm == NULL || norm[0] == '\0')
		return 0;
	if (key == NULL)
		return -1;	/* no key ring, or one without an index key */
	domain = k->index_domains[i] != NULL ? k->index_domains[i] :
	    arena_printf(a, "%s.%s", k->table, k->columns[i]);
	idx = arena_alloc(a, BLIND_INDEX_BYTES);
	if (blind_index(key, domain, norm, strlen(norm), idx) != 0)
		return -1;
	*out = (struct db_value){ .type = DBV_BLOB, .s = (const char *)idx, .len = BLIND_INDEX_BYTES };
	return 0;
}

struct db_value
secrets_blind_index(struct arena *a, const struct secret_kind *k, int i, const char *v)
{
	struct db_value out;

	if (secrets_index_normalised(a, k, i, secrets_normalise(a, k, i, v), &out) == -1)
		return (struct db_value){ .type = DBV_NULL };	/* a lookup that finds nothing */
	return out;
}

int
secrets_seal_with(const struct secret_kind *k, const struct subject_key *key, struct arena *a,
    long long id, const char *const *plain, struct db_value *sealed, struct db_value *bidx)
{
	for (int i = 0; i < k->n; i++) {
		const char *v = plain[i];
		sealed[i] = bidx[i] = (struct db_value){ .type = DBV_NULL };
		if (v == NULL || v[0] == '\0')
			continue;
		if (field_seal(key, a, k->table, k->columns[i], id, v, strlen(v), &sealed[i]) == -1)
			return -1;
		if (k->index[i] != NULL &&
		    secrets_index_normalised(a, k, i, secrets_normalise(a, k, i, v), &bidx[i]) == -1)
			return -1;
	}
	return 0;
}

int
secrets_seal_under(struct ctx *ctx, const struct secret_kind *k, const char *owner_type,
    long long owner_id, long long id, const char *const *plain, struct db_value *sealed,
    struct db_value *bidx)
{
	struct arena *a = ctx->req->arena;
	struct subject_key *key = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, a, owner_type, owner_id, &key);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, a, owner_type, owner_id, &key);
	if (st != SUBJECT_KEY_OK)
		return -1;
	return secrets_seal_with(k, key, a, id, plain, sealed, bidx);
}

int
secrets_seal(struct ctx *ctx, const struct secret_kind *k, long long id, const char *const *plain,
    struct db_value *sealed, struct db_value *bidx)
{
	return secrets_seal_under(ctx, k, k->subject, id, id, plain, sealed, bidx);
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
	return secrets_seal_with(k, key, ctx->req->arena, id, plain, sealed, bidx);
}

const char *
secret_mask_value(struct arena *a, bool email, const char *value)
{
	const char *at;

	if (value == NULL || value[0] == '\0')
		return "";
	if (email && (at = strchr(value, '@')) != NULL)
		return arena_printf(a, "%c\u2022\u2022\u2022%s", value[0], at);
	return arena_printf(a, "%.*s\u2022\u2022\u2022", (value[0] & 0x80) ? 0 : 1, value);
}

const char *
secrets_mask(struct arena *a, const struct secret_kind *k, int i, const char *value)
{
	return secret_mask_value(a, k->index[i] != NULL && strcmp(k->index[i], "email") == 0, value);
}
