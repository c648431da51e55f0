/* audit_view.c: owns the records of reading (record.view): a page queues
 * them while it is built and the worker writes them all in one
 * transaction after the handler, before the response leaves (a detail
 * page with its timeline used to commit twice). When they cannot be
 * written the worker answers 503 instead of the page: nothing is shown
 * without its record.
 *
 * The queue is per-request state: it lives on the request context
 * (ctx->views), allocated from the request arena by the first
 * audit_view of a request, and gone with it. No file-scope state, so a
 * request never sees (or flushes) another's records. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "log.h"

#define QUEUE_MAX 8

struct audit_views {
	struct audit_record queue[QUEUE_MAX];
	size_t queued;
};

/* ctx's queue, made (empty) on first use. */
static struct audit_views *
views_of(struct ctx *ctx)
{
	if (ctx->views == NULL)
		ctx->views = arena_alloc(ctx->req->arena, sizeof(*ctx->views));
	return ctx->views;
}

int
audit_view(struct ctx *ctx, const char *object_type, const char *object_id, long long items)
{
	struct audit_views *v = views_of(ctx);
	struct audit_record *r;

	if (v->queued == QUEUE_MAX)	/* never in practice: write it now */
		return audit_ctx(ctx, AUDIT_RECORD_VIEW, object_type, object_id, AUDIT_SUCCESS, items, NULL);
	r = &v->queue[v->queued++];
	audit_from_ctx(r, ctx);
	r->action = AUDIT_RECORD_VIEW;
	r->object_type = object_type;
	r->object_id = object_id;
	r->outcome = AUDIT_SUCCESS;
	r->items = items;
	return 0;
}

int
audit_flush_views(struct ctx *ctx)
{
	struct audit_views *v = ctx->views;
	size_t n = v ? v->queued : 0;
	int rc = 0;

	if (n == 0)
		return 0;
	v->queued = 0;
	if (db_in_transaction(ctx->db))
		db_rollback(ctx->db);	/* a handler that left one open changes nothing */
	if (db_begin(ctx->db) != DB_OK)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = audit_write(ctx->db, ctx->req->arena, &v->queue[i]);
	if (rc == 0 && db_commit(ctx->db) == DB_OK)
		return 0;
	db_rollback(ctx->db);
	crm_err("cannot record %zu record.view audit record(s): the page is withheld", n);
	return -1;
}
