/* record_kind.c: owns the descriptors of the five record types, loading
 * a record's owner, and the audited one-row change (record_kind.h). */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "i18n.h"
#include "record_kind.h"
#include "record_scope.h"
#include "stmt.h"

#define KIND(id, nm, mod, T, S, ...) \
	[id] = { nm, mod, nm "_deleted", STMT_##T##_DELETE, STMT_##S##_DELETED, STMT_##T##_RESTORE, \
	    STMT_##T##_OWNER, STMT_##T##_REASSIGN, STMT_##S##_REASSIGN_ALL, __VA_ARGS__ }

const struct record_kind record_kinds[RK__MAX] = {
	KIND(RK_CONTACTS, "contacts", MOD_CONTACTS, CONTACT, CONTACTS, STMT__MAX, { NULL }, NULL),
	/* An account keeps its contacts and deals: deleting one that live
	 * ones refer to is refused (page_record_delete.c). */
	KIND(RK_ACCOUNTS, "accounts", MOD_ACCOUNTS, ACCOUNT, ACCOUNTS, STMT_ACCOUNT_REFS, { N_("Contacts"), N_("Deals") },
	    N_("This account is not deleted: live records still belong to it. Delete them first, or keep the account.")),
	KIND(RK_LEADS, "leads", MOD_LEADS, LEAD, LEADS, STMT__MAX, { NULL }, NULL),
	KIND(RK_DEALS, "deals", MOD_DEALS, DEAL, DEALS, STMT__MAX, { NULL }, NULL),
	KIND(RK_ACTIVITIES, "activities", MOD_ACTIVITIES, ACTIVITY, ACTIVITIES, STMT__MAX, { NULL }, NULL),
};

const char record_msg_changed[] =
    N_("Someone changed this record after you opened it. Open it again and check it before you try again.");

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

int
record_owner_load(struct ctx *ctx, const struct record_kind *k, long long id, enum rbac_action action,
    struct record_owner *out)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	record_scope_bind(ctx, k->module, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, k->owner, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.nrows != 1)
		return 0;
	out->owner_id = db_cell_int(&rows, 0, 0, 0);
	out->owner = db_cell_text(&rows, 0, 1);
	out->version = db_cell_int(&rows, 0, 2, 0);
	return 1;
}

int
record_change_call(struct ctx *ctx, const struct stmt_call *call, const char *action,
    const char *object_type, long long id, const char *detail)
{
	return record_change(ctx, call->id, call->p, call->n, action, object_type, id, detail);
}

int
record_change(struct ctx *ctx, enum stmt_id st, const struct db_value *p, size_t n, const char *action,
    const char *object_type, long long id, const char *detail)
{
	struct arena *a = ctx->req->arena;
	struct db_rows rows;

	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, st, p, n, &rows) != DB_OK)
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
