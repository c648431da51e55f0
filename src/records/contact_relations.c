/* contact_relations.c: owns a contact's further account relations
 * (contact_relations.h): the statements contact_relation* of
 * contact_sql.h, each change with its audit record (record.update of the
 * contact, detail {"relation_added":{"account":id,"role":code}} or
 * "relation_removed") in the same transaction. */
#include "config.h"

#include "audit.h"
#include "contact_relations.h"
#include "display.h"
#include "handler.h"
#include "json.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

/* The rows of a listing into *out, *n. */
#define COPY_ROWS(rows, out, n, a) do { \
	*(n) = (rows).n; \
	*(out) = arena_alloc((a), sizeof(**(out)) * ((rows).n + 1)); \
	for (size_t i_ = 0; i_ < (rows).n; i_++) \
		(*(out))[i_] = (struct contact_relation){ .id = (rows).rows[i_].id, \
		    .other_id = (rows).rows[i_].other_id, .role = (rows).rows[i_].role, \
		    .name = (rows).rows[i_].name }; \
} while (0)

int
contact_relations_of_contact(struct ctx *ctx, long long id, struct contact_relation **out, size_t *n)
{
	struct contact_relations_of_contact_in in = { .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
	    .contact_id = id };
	struct contact_relations_of_contact_out rows;

	if (stmt_contact_relations_of_contact(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	COPY_ROWS(rows, out, n, ctx->req->arena);
	return 0;
}

int
contact_relations_of_account(struct ctx *ctx, long long id, struct contact_relation **out, size_t *n)
{
	struct contact_relations_of_account_in in = { .scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW),
	    .account_id = id };
	struct contact_relations_of_account_out rows;

	if (stmt_contact_relations_of_account(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	COPY_ROWS(rows, out, n, ctx->req->arena);
	for (size_t i = 0; i < rows.n; i++)	/* NULL: a contact the user may not view */
		if (rows.rows[i].name != NULL)
			(*out)[i].name = display_person(ctx, rows.rows[i].name, rows.rows[i].family);
	return 0;
}

/* The audit record of a change (key: relation_added or _removed) of
 * contact's relation to account with role: 0 or -1. */
static int
audited(struct ctx *ctx, const char *key, long long contact, long long account, const char *role)
{
	struct arena *a = ctx->req->arena;
	struct json rel, j;

	json_begin(&rel, a);
	json_int(&rel, "account", account);
	json_str(&rel, "role", role);
	json_begin(&j, a);
	json_raw(&j, key, json_end(&rel));
	return audit_ctx(ctx, AUDIT_RECORD_UPDATE, "contacts", arena_printf(a, "%lld", contact), AUDIT_SUCCESS, 1,
	    json_end(&j));
}

/* The add in the caller's transaction. */
static enum relation_result
add_in_tx(struct ctx *ctx, long long contact, long long account, const char *role)
{
	struct contact_relation_exists_out ex;
	struct contact_relation_add_out out;

	if (stmt_contact_relation_exists(ctx->db, ctx->req->arena, &(struct contact_relation_exists_in){
	    .contact_id = contact, .account_id = account }, &ex) != DB_OK)
		return RELATION_FAILED;
	if (ex.n > 0 && ex.rows[0].n > 0)
		return RELATION_EXISTS;
	if (stmt_contact_relation_add(ctx->db, ctx->req->arena, &(struct contact_relation_add_in){
	    .contact_id = contact, .account_id = account, .role = role, .created_by = ctx->user->id }, &out) != DB_OK ||
	    audited(ctx, "relation_added", contact, account, role) == -1)
		return RELATION_FAILED;
	return RELATION_SAVED;
}

enum relation_result
contact_relation_add(struct ctx *ctx, long long contact, long long account, const char *role)
{
	enum relation_result r;

	if (db_begin(ctx->db) != DB_OK)
		return RELATION_FAILED;
	r = add_in_tx(ctx, contact, account, role);
	if (r != RELATION_SAVED || db_commit(ctx->db) != DB_OK)
		goto fail;
	return RELATION_SAVED;
fail:
	db_rollback(ctx->db);
	return r == RELATION_EXISTS ? r : RELATION_FAILED;
}

/* The removal in the caller's transaction: 1, 0 or -1. */
static int
remove_in_tx(struct ctx *ctx, long long contact, long long id)
{
	struct contact_relation_get_out got;
	struct contact_relation_remove_out out;

	if (stmt_contact_relation_get(ctx->db, ctx->req->arena, &(struct contact_relation_get_in){
	    .id = id, .contact_id = contact }, &got) != DB_OK)
		return -1;
	if (got.n == 0)
		return 0;
	if (stmt_contact_relation_remove(ctx->db, ctx->req->arena, &(struct contact_relation_remove_in){
	    .id = id, .contact_id = contact }, &out) != DB_OK ||
	    audited(ctx, "relation_removed", contact, got.rows[0].account_id, got.rows[0].role) == -1)
		return -1;
	return 1;
}

int
contact_relation_remove(struct ctx *ctx, long long contact, long long id)
{
	int rc;

	if (db_begin(ctx->db) != DB_OK)
		return -1;
	if ((rc = remove_in_tx(ctx, contact, id)) != 1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return rc == 0 ? 0 : -1;
}
