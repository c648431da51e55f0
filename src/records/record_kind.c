/* record_kind.c: owns the descriptors of the five record types, their
 * lifecycle (record_kind.h: load within scope, soft delete, the deleted
 * list, restore, reassignment, crmctl reassign), the new-owner choices
 * and the audited one-row change. The statements are record_sql.h's:
 * one shape per operation, one statement per table, so each operation is
 * written once here for all five. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "i18n.h"
#include "record_kind.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

#define KIND(id, nm, mod, t, refs, ...) \
	[id] = { nm, mod, nm "_deleted", STMT_record_delete_##t, STMT_record_deleted_##t, \
	    STMT_record_restore_##t, STMT_record_owner_##t, STMT_record_reassign_##t, \
	    STMT_record_reassign_all_##t, refs, __VA_ARGS__ }

const struct record_kind record_kinds[RK__MAX] = {
	KIND(RK_CONTACTS, "contacts", MOD_CONTACTS, contacts, STMT__MAX, { NULL }, NULL),
	/* An account keeps its contacts and deals: deleting one that live
	 * ones refer to is refused (page_record_delete.c). */
	KIND(RK_ACCOUNTS, "accounts", MOD_ACCOUNTS, accounts, STMT_record_refs_accounts,
	    { N_("Contacts"), N_("Deals") },
	    N_("This account is not deleted: live records still belong to it. Delete them first, or keep the account.")),
	KIND(RK_LEADS, "leads", MOD_LEADS, leads, STMT__MAX, { NULL }, NULL),
	KIND(RK_DEALS, "deals", MOD_DEALS, deals, STMT__MAX, { NULL }, NULL),
	KIND(RK_ACTIVITIES, "activities", MOD_ACTIVITIES, activities, STMT__MAX, { NULL }, NULL),
};

const char record_msg_changed[] =
    N_("Someone changed this record after you opened it. Open it again and check it before you try again.");

/* Binds in (of shape) to statement st: the call generic code runs. */
#define LC_CALL(call, st, shape, in) \
	do { \
		(call).id = (st); \
		(call).n = shape##_bind((in), (call).p); \
	} while (0)

const struct record_kind *
record_kind_named(const char *name)
{
	for (int k = 0; k < RK__MAX; k++)
		if (strcmp(record_kinds[k].name, name) == 0)
			return &record_kinds[k];
	return NULL;
}

const struct record_kind *
record_kind_of_path(const char *path)
{
	for (int k = 0; k < RK__MAX; k++) {
		size_t n = strlen(record_kinds[k].name);
		if (path[0] == '/' && strncmp(path + 1, record_kinds[k].name, n) == 0 && path[n + 1] == '/')
			return &record_kinds[k];
	}
	return NULL;
}

/* Runs a bound read into rows: 0 or -1. */
static int
run(struct db *db, struct arena *a, const struct stmt_call *call, struct db_rows *rows)
{
	return stmt_exec(db, a, call, rows) == DB_OK ? 0 : -1;
}

static struct db_value
team_value(long long team)
{
	struct db_value v = { .type = DBV_NULL };

	if (team != 0) {
		v.type = DBV_INT;
		v.i = team;
	}
	return v;
}

int
record_owner_load(struct ctx *ctx, const struct record_kind *k, long long id, enum rbac_action action,
    struct record_owner *out)
{
	struct record_owner_get_in in = { .id = id, .scope = record_scope_of(ctx, k->module, action) };
	struct record_owner_get_out o;
	struct stmt_call call;
	struct db_rows rows;

	LC_CALL(call, k->owner, record_owner_get, &in);
	if (run(ctx->db, ctx->req->arena, &call, &rows) == -1)
		return -1;
	record_owner_get_read(&rows, ctx->req->arena, &o);
	if (o.n != 1)
		return 0;
	out->owner_id = o.rows[0].owner_id;
	out->owner = o.rows[0].owner;
	out->version = o.rows[0].version;
	return 1;
}

int
record_soft_delete(struct ctx *ctx, const struct record_kind *k, long long id, long long version)
{
	struct record_delete_in in = { .id = id, .version = version, .version_again = version,
	    .scope = record_scope_of(ctx, k->module, ACT_DELETE) };
	struct stmt_call call;

	LC_CALL(call, k->del, record_delete, &in);
	return record_change_call(ctx, &call, AUDIT_RECORD_DELETE, k->name, id, "{\"soft\":true}");
}

int
record_restore(struct ctx *ctx, const struct record_kind *k, long long id)
{
	struct record_restore_in in = { .id = id, .days = ctx->conf->restore_days,
	    .scope = record_scope_of(ctx, k->module, ACT_DELETE) };
	struct stmt_call call;

	LC_CALL(call, k->restore, record_restore, &in);
	return record_change_call(ctx, &call, AUDIT_RECORD_UPDATE, k->name, id, "{\"restored\":true}");
}

int
record_deleted_list(struct ctx *ctx, const struct record_kind *k, struct record_deleted **out)
{
	struct record_deleted_in in = { .days = ctx->conf->restore_days,
	    .scope = record_scope_of(ctx, k->module, ACT_DELETE) };
	struct record_deleted_out o;
	struct stmt_call call;
	struct db_rows rows;

	LC_CALL(call, k->deleted, record_deleted, &in);
	if (run(ctx->db, ctx->req->arena, &call, &rows) == -1)
		return -1;
	record_deleted_read(&rows, ctx->req->arena, &o);
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (o.n + 1));
	for (size_t i = 0; i < o.n; i++)
		(*out)[i] = (struct record_deleted){ o.rows[i].id, o.rows[i].name, o.rows[i].deleted_at };
	return (int)o.n;
}

int
record_refs_count(struct ctx *ctx, const struct record_kind *k, long long id, long long *counts)
{
	struct record_refs_in in = { .id = id, .id_again = id };
	struct record_refs_out o;
	struct stmt_call call;
	struct db_rows rows;

	if (k->refs == STMT__MAX)
		return 0;
	LC_CALL(call, k->refs, record_refs, &in);
	if (run(ctx->db, ctx->req->arena, &call, &rows) == -1)
		return -1;
	record_refs_read(&rows, ctx->req->arena, &o);
	if (o.n != 1)
		return -1;
	counts[0] = o.rows[0].first;
	counts[1] = o.rows[0].second;
	return RECORD_KIND_REFS_MAX;
}

int
record_reassign(struct ctx *ctx, const struct record_kind *k, long long id, long long version, long long to,
    long long team, const char *detail)
{
	struct record_reassign_in in = { .owner_id = to, .team_id = team_value(team), .id = id,
	    .version = version, .scope = record_scope_of(ctx, k->module, ACT_EDIT) };
	struct stmt_call call;

	LC_CALL(call, k->reassign, record_reassign, &in);
	return record_change_call(ctx, &call, AUDIT_RECORD_REASSIGN, k->name, id, detail);
}

int
record_reassign_all(struct db *db, struct arena *a, const struct record_kind *k, long long to, long long team,
    long long from, long long *affected)
{
	struct record_reassign_all_in in = { .owner_id = to, .team_id = team_value(team), .old_owner_id = from };
	struct stmt_call call;
	struct db_rows rows;

	LC_CALL(call, k->reassign_all, record_reassign_all, &in);
	if (run(db, a, &call, &rows) == -1)
		return -1;
	*affected = (long long)rows.affected;
	return 0;
}

int
record_owner_choices(struct ctx *ctx, enum rbac_module m, long long only, struct record_user **out)
{
	struct record_owner_choices_in in = {
		.all = rbac_scope(&ctx->user->rights, m, ACT_EDIT) == SCOPE_ALL,
		.user_id = ctx->user->id, .team_id = ctx->user->team_id, .team_id_again = ctx->user->team_id,
		.only = only, .only_again = only,
	};
	struct record_owner_choices_out o;

	if (stmt_record_owner_choices(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (o.n + 1));
	for (size_t i = 0; i < o.n; i++)
		(*out)[i] = (struct record_user){ .id = o.rows[i].id, .team_id = o.rows[i].team_id,
		    .username = o.rows[i].username };
	return (int)o.n;
}

int
record_user_by_name(struct db *db, struct arena *a, const char *name, struct record_user *out)
{
	struct record_user_by_name_in in = { .username = name };
	struct record_user_by_name_out o;

	if (stmt_record_user_by_name(db, a, &in, &o) != DB_OK)
		return -1;
	if (o.n != 1)
		return 0;
	*out = (struct record_user){ .id = o.rows[0].id, .team_id = o.rows[0].team_id, .username = name,
	    .disabled = o.rows[0].disabled != 0 };
	return 1;
}

int
record_change_call(struct ctx *ctx, const struct stmt_call *call, const char *action,
    const char *object_type, long long id, const char *detail)
{
	struct arena *a = ctx->req->arena;
	struct db_rows rows;

	if (db_begin(ctx->db) != DB_OK || stmt_exec(ctx->db, a, call, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (audit_ctx(ctx, action, object_type, arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1, detail) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
record_change(struct ctx *ctx, enum stmt_id st, const struct db_value *p, size_t n, const char *action,
    const char *object_type, long long id, const char *detail)
{
	struct stmt_call call = { .id = st, .n = n < STMT_PARAMS_MAX ? n : STMT_PARAMS_MAX };

	memcpy(call.p, p, sizeof(*p) * call.n);
	return record_change_call(ctx, &call, action, object_type, id, detail);
}
