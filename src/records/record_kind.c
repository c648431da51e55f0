/* record_kind.c: owns the descriptors of the five record types, their
 * lifecycle (record_kind.h: load within scope, soft delete, the deleted
 * list, restore, reassignment, crmctl reassign), the new-owner choices
 * and the audited one-row change. The statements are record_sql.h's:
 * one shape per operation, one statement per table, so each operation is
 * written once here for all five. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "display.h"
#include "handler.h"
#include "i18n.h"
#include "record_kind.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

#define KIND(id, nm, mod, t) \
	[id] = { nm, mod, nm "_deleted", STMT_record_delete_##t, STMT_record_deleted_##t, \
	    STMT_record_restore_##t, STMT_record_owner_##t, STMT_record_reassign_##t, \
	    STMT_record_reassign_all_##t }

/* What points at a record is declared once, as links (link_sql.h): the
 * delete and restore below settle them (record_links.h). */
const struct record_kind record_kinds[RK__MAX] = {
	KIND(RK_CONTACTS, "contacts", MOD_CONTACTS, contacts),
	KIND(RK_ACCOUNTS, "accounts", MOD_ACCOUNTS, accounts),
	KIND(RK_LEADS, "leads", MOD_LEADS, leads),
	KIND(RK_DEALS, "deals", MOD_DEALS, deals),
	KIND(RK_ACTIVITIES, "activities", MOD_ACTIVITIES, activities),
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
	out->label = display_person(ctx, o.rows[0].label, o.rows[0].label_family);
	return 1;
}

/* The audit detail of a lifecycle change: base ({"soft":true}) with
 * links under key when there are any. */
static const char *
lifecycle_detail(struct arena *a, const char *base, const char *key, const char *links)
{
	if (links == NULL)
		return base;
	return arena_printf(a, "%.*s,\"%s\":%s}", (int)strlen(base) - 1, base, key, links);
}

int
record_delete_linked(struct ctx *ctx, const struct record_kind *k, long long id, long long version, bool unlink,
    struct link_count *linked, int *nlinked)
{
	struct record_delete_in in = { .id = id, .version = version, .version_again = version,
	    .scope = record_scope_of(ctx, k->module, ACT_DELETE) };
	struct arena *a = ctx->req->arena;
	const char *links;
	long long changed;
	struct stmt_call call;
	struct db_rows rows;

	*nlinked = 0;
	LC_CALL(call, k->del, record_delete, &in);
	if (db_begin(ctx->db) != DB_OK || stmt_exec(ctx->db, a, &call, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (!unlink) {	/* asked first when live rows would lose their link */
		if ((*nlinked = record_links_count(ctx->db, a, k->name, id, linked, &changed)) == -1)
			goto fail;
		if (changed > 0) {
			db_rollback(ctx->db);
			return RECORD_LINKED;
		}
	}
	if (record_links_unlink(ctx->db, a, k->name, id, &links) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_DELETE, k->name, arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    lifecycle_detail(a, "{\"soft\":true}", "unlinked", links)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
record_soft_delete(struct ctx *ctx, const struct record_kind *k, long long id, long long version)
{
	struct link_count linked[RECORD_LINKS_N];
	int n;

	return record_delete_linked(ctx, k, id, version, false, linked, &n);
}

int
record_restore(struct ctx *ctx, const struct record_kind *k, long long id)
{
	struct record_restore_in in = { .id = id, .days = ctx->conf->restore_days,
	    .scope = record_scope_of(ctx, k->module, ACT_DELETE) };
	struct arena *a = ctx->req->arena;
	const char *links;
	struct stmt_call call;
	struct db_rows rows;

	LC_CALL(call, k->restore, record_restore, &in);
	if (db_begin(ctx->db) != DB_OK || stmt_exec(ctx->db, a, &call, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (record_links_restore(ctx->db, a, k->name, id, &links) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_UPDATE, k->name, arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    lifecycle_detail(a, "{\"restored\":true}", "relinked", links)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
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
		(*out)[i] = (struct record_deleted){ o.rows[i].id,
		    display_person(ctx, o.rows[i].name, o.rows[i].family), display_datetime(ctx, o.rows[i].deleted_at) };
	return (int)o.n;
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
