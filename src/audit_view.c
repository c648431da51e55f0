/* audit_view.c: owns the records of reading (record.view): a page queues
 * them while it is built and the worker writes them all in one
 * transaction after the handler, before the response leaves (a detail
 * page with its timeline used to commit twice). When they cannot be
 * written the worker answers 503 instead of the page: nothing is shown
 * without its record. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "log.h"

#define QUEUE_MAX 8

static struct audit_record queue[QUEUE_MAX];
static size_t queued;

int
audit_view(struct ctx *ctx, const char *object_type, const char *object_id, long long items)
{
	struct audit_record *r;

	if (queued == QUEUE_MAX)	/* never in practice: write it now */
		return audit_ctx(ctx, AUDIT_RECORD_VIEW, object_type, object_id, AUDIT_SUCCESS, items, NULL);
	r = &queue[queued++];
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
	size_t n = queued;
	int rc = 0;

	queued = 0;
	if (n == 0)
		return 0;
	if (db_in_transaction(ctx->db))
		db_rollback(ctx->db);	/* a handler that left one open changes nothing */
	if (db_begin(ctx->db) != DB_OK)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = audit_write(ctx->db, ctx->req->arena, &queue[i]);
	if (rc == 0 && db_commit(ctx->db) == DB_OK)
		return 0;
	db_rollback(ctx->db);
	crm_err("cannot record %zu record.view audit record(s): the page is withheld", n);
	return -1;
}
