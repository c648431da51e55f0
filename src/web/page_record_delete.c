/* page_record_delete.c: owns deleting and restoring records of every
 * type (record_kind.h): POST /{type}/{id}/delete deletes softly
 * (deleted_at set, the row kept), GET /{type}/deleted lists those the
 * user could delete that were deleted within [server] restore_days, and
 * POST /{type}/{id}/restore brings one back. All need the type's delete
 * grant and stay within its scope: a record outside it answers 404 like
 * a missing one. Each change is audited in its transaction. After the
 * period crmctl purge-deleted removes records for good (crmctl_purge.c).
 *
 * Deleting checks the version the record page showed when the form sends
 * one (a record changed since is a 409 conflict, not deleted). An account
 * that live contacts or deals still refer to is not deleted: the page
 * says how many (all of them, also those outside the user's scope, since
 * they are what would be left pointing at a deleted account); delete or
 * keep them first. */
#include "config.h"

#include <stdlib.h>

#include "csrf.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "record_kind.h"

int
page_record_refused(struct ctx *ctx, const struct record_kind *k, long long id, const char *msgid,
    int status)
{
	tv_str(ctx->data, "error", msgid);
	tv_strf(ctx->data, "back", "/%s/%lld", k->name, id);
	return page_render(ctx, "record_refused", status);
}

/* When live records refer to record id (an account's contacts and deals),
 * renders the refusal with their counts and returns its status; 0 when
 * none do, 503 on a database error. */
static int
refused_by_refs(struct ctx *ctx, const struct record_kind *k, long long id)
{
	long long counts[RECORD_KIND_REFS_MAX], total = 0;
	struct tval *list;
	int n = record_refs_count(ctx, k, id, counts);

	if (n == -1)
		return 503;
	for (int c = 0; c < n && k->ref_labels[c] != NULL; c++)
		total += counts[c];
	if (total == 0)
		return 0;
	list = tv_list(ctx->data, "refs");
	for (int c = 0; c < n && k->ref_labels[c] != NULL; c++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "label", k->ref_labels[c]);
		tv_int(e, "count", counts[c]);
	}
	return page_record_refused(ctx, k, id, k->ref_refusal, 409);
}

int
page_record_delete(struct ctx *ctx)
{
	const struct record_kind *k = record_kind_of_path(ctx->req->path);
	const char *v = param_get(&ctx->req->form, "version");
	long long id = ctx->ids[0], version = v ? strtoll(v, NULL, 10) : 0;
	struct record_owner cur;
	int rc;

	if (k == NULL)
		return 404;
	if ((rc = record_owner_load(ctx, k, id, ACT_DELETE, &cur)) <= 0)
		return rc == 0 ? 404 : 503;	/* before the counts: they must not tell it exists */
	if ((rc = refused_by_refs(ctx, k, id)) != 0)
		return rc;
	if (version != 0 && version != cur.version)
		return page_record_refused(ctx, k, id, record_msg_changed, 409);
	if ((rc = record_soft_delete(ctx, k, id, version)) == -1)
		return 503;
	if (rc == 0) {	/* changed, deleted or given a contact since it was loaded */
		if ((rc = refused_by_refs(ctx, k, id)) != 0)
			return rc;
		return page_record_refused(ctx, k, id, record_msg_changed, 409);
	}
	flash_set(ctx, FLASH_RECORD_DELETED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/%s", k->name));
}

int
page_records_deleted(struct ctx *ctx)
{
	const struct record_kind *k = record_kind_of_path(ctx->req->path);
	struct tval *list = tv_list(ctx->data, "records");
	struct record_deleted *d;
	int n;

	if (k == NULL)
		return 404;
	if ((n = record_deleted_list(ctx, k, &d)) == -1)
		return 503;
	for (int i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "restore", "/%s/%lld/restore", k->name, d[i].id);
		tv_str(e, "name", d[i].name);
		tv_str(e, "deleted", d[i].deleted_at);
	}
	tv_int(ctx->data, "days", ctx->conf->restore_days);
	return page_render(ctx, k->deleted_page, 200);
}

int
page_record_restore(struct ctx *ctx)
{
	const struct record_kind *k = record_kind_of_path(ctx->req->path);
	int rc;

	if (k == NULL)
		return 404;
	rc = record_restore(ctx, k, ctx->ids[0]);
	if (rc <= 0)	/* 0: not deleted, too old, or out of scope */
		return rc == 0 ? 404 : 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/%s/%lld", k->name, ctx->ids[0]));
}
