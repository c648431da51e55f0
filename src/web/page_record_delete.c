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
 * one (a record changed since is a 409 conflict, not deleted). When live
 * rows point at the record through a declared link (record_links.h:
 * an account's contacts and deals, a contact's deals), nothing is deleted
 * at first: the answer (409) says how many rows of each are linked (all
 * of them, also those the user may not view: counts only, never their
 * names) and offers "Unlink and delete" (the same form with unlink=1: the
 * links go with the delete, in its transaction, listed in its audit
 * record, and come back with a restore) or keeping the record. History
 * (activities, a lead converted into a deal) stays with the record and
 * is only counted. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "i18n.h"
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

static const char msg_linked[] =
    N_("Nothing is deleted yet: live records still belong to it. Unlink them and delete it, or keep it.");
static const char msg_unlinked[] = N_("their link to it is removed, and put back if it is restored");
static const char msg_kept[] = N_("they stay attached to it and are whole again when it is restored");

/* The question asked before links are removed: what is linked (counts),
 * "Unlink and delete" at version, or keeping the record. */
static int
ask_unlink(struct ctx *ctx, const struct record_kind *k, long long id, const struct record_owner *cur,
    long long version, const struct link_count *linked, int n)
{
	struct tval *list = tv_list(ctx->data, "refs");

	for (int i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "label", linked[i].link->label);
		tv_int(e, "count", linked[i].n);
		tv_str(e, "what", linked[i].link->how == LINK_KEEP ? msg_kept : msg_unlinked);
	}
	tv_str(ctx->data, "name", cur->label);
	tv_strf(ctx->data, "unlink", "/%s/%lld/delete", k->name, id);
	tv_int(ctx->data, "version", version);
	tv_str(ctx->data, "error", msg_linked);
	tv_strf(ctx->data, "back", "/%s/%lld", k->name, id);
	return page_render(ctx, "record_unlink", 409);
}

int
page_record_delete(struct ctx *ctx)
{
	const struct record_kind *k = record_kind_of_path(ctx->req->path);
	const char *v = param_get(&ctx->req->form, "version"), *u = param_get(&ctx->req->form, "unlink");
	long long id = ctx->ids[0], version = v ? strtoll(v, NULL, 10) : 0;
	struct link_count linked[RECORD_LINKS_N];
	struct record_owner cur;
	int rc, n;

	if (k == NULL)
		return 404;
	if ((rc = record_owner_load(ctx, k, id, ACT_DELETE, &cur)) <= 0)
		return rc == 0 ? 404 : 503;	/* before the counts: they must not tell it exists */
	if (version != 0 && version != cur.version)
		return page_record_refused(ctx, k, id, record_msg_changed, 409);
	rc = record_delete_linked(ctx, k, id, version, u != NULL && strcmp(u, "1") == 0, linked, &n);
	if (rc == -1)
		return 503;
	if (rc == RECORD_LINKED)
		return ask_unlink(ctx, k, id, &cur, version != 0 ? version : cur.version, linked, n);
	if (rc == 0)	/* changed or deleted since it was loaded */
		return page_record_refused(ctx, k, id, record_msg_changed, 409);
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
		tv_str(e, "deleted", display_datetime(ctx, d[i].deleted_at));
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
