/* page_health.c: owns /healthz, the probe for load balancers and
 * monitoring: 200 when this worker can run a query, 503 when not. It
 * says nothing else, so it reveals nothing to the internet. */
#include "config.h"

#include "pages.h"
#include "schema_info.h"

int
page_healthz(struct ctx *ctx)
{
	ctx->resp->content_type = "text/plain; charset=utf-8";
	if (schema_version(ctx->db, ctx->req->arena) < 0) {
		ctx->resp->status = 503;
		response_puts(ctx->resp, "unavailable: database\n");
		return 503;
	}
	response_puts(ctx->resp, "ok\n");
	return 200;
}
