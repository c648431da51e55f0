/* page_contacts_deleted.c: owns restoring deleted contacts: /contacts/
 * deleted lists the contacts the user could delete that were deleted
 * within the restore period ([server] restore_days), and POST /contacts/
 * {id}/restore brings one back (audited). After the period crmctl
 * purge-deleted removes them for good (crmctl_purge.c). */
#include "config.h"

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "record_scope.h"

int
page_contacts_deleted(struct ctx *ctx)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = ctx->conf->restore_days } };
	struct tval *list = tv_list(ctx->data, "contacts");
	struct db_rows rows;

	record_scope_bind(ctx, MOD_CONTACTS, ACT_DELETE, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACTS_DELETED, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return 503;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct tval *c = tv_append_map(list);
		tv_strf(c, "restore", "/contacts/%lld/restore", db_cell_int(&rows, i, 0, 0));
		tv_strf(c, "name", "%s %s", db_cell_text(&rows, i, 1), db_cell_text(&rows, i, 2));
		tv_str(c, "deleted", db_cell_text(&rows, i, 3));
	}
	tv_int(ctx->data, "days", ctx->conf->restore_days);
	return page_render(ctx, "contacts_deleted", 200);
}

int
page_contact_restore(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[2 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = ctx->ids[0] },
	    { .type = DBV_INT, .i = ctx->conf->restore_days } };
	struct db_rows rows;

	if (!csrf_valid(ctx))
		return 403;
	record_scope_bind(ctx, MOD_CONTACTS, ACT_DELETE, p + 2);
	if (db_begin(ctx->db) != DB_OK ||
	    db_run(ctx->db, a, STMT_CONTACT_RESTORE, p, 2 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {	/* not deleted, too old, or out of scope */
		db_rollback(ctx->db);
		return 404;
	}
	if (audit_ctx(ctx, AUDIT_RECORD_UPDATE, "contacts", arena_printf(a, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, "{\"restored\":true}") == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(a, "/contacts/%lld", ctx->ids[0]));
fail:
	db_rollback(ctx->db);
	return 503;
}
