/* page_admin_alerts.c: owns /admin/alerts: the anomaly alerts crmctl
 * watch raised (newest first, open ones unless ?show=all), and their
 * acknowledgement with a note, which is audited (alert.ack) in the same
 * transaction. Alerts are never edited or deleted here. */
#include "config.h"

#include <string.h>

#include "alert_store.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "session.h"

#define ALERTS_SHOWN 200

static const struct field_def ack_fields[] = {
	{ .name = "note", .label = N_("Note"), .type = FIELD_TEXTAREA, .required = true,
	  .min_len = 3, .max_len = 1000 },
};

static const struct form_def ack_form = {
	"alert_ack", ack_fields, sizeof(ack_fields) / sizeof(ack_fields[0])
};

static void
add_alert(struct ctx *ctx, struct tval *list, const struct alert_entry *al)
{
	struct tval *e = tv_append_map(list);

	tv_strf(e, "id", "%lld", al->id);
	tv_str(e, "created", display_datetime(ctx, al->created));
	tv_str(e, "severity", al->severity);
	tv_str(e, "kind", al->kind);
	tv_str(e, "actor", al->actor);
	tv_str(e, "ip", al->ip);
	tv_str(e, "summary", al->summary);
	tv_str(e, "detail", al->detail);
	tv_str(e, "acked_at", al->acked_at ? display_datetime(ctx, al->acked_at) : NULL);
	tv_str(e, "acked_by", al->acked_by);
	tv_str(e, "note", al->note);
	tv_strf(e, "ack", "/admin/alerts/%lld/ack", al->id);
	tv_strf(e, "note_id", "note-%lld", al->id);
	tv_bool(e, "open", al->acked_at == NULL);
}

/* The list, with the form result r of a failed acknowledgement (or NULL). */
static int
show(struct ctx *ctx, struct form_result *r, int status)
{
	const char *which = param_get(&ctx->req->query, "show");
	bool all = which != NULL && strcmp(which, "all") == 0;
	struct tval *list = tv_list(ctx->data, "alerts");
	struct alert_entry *al;
	size_t n;

	if (alert_store_list(ctx->db, ctx->req->arena, all, ALERTS_SHOWN, &al, &n) == -1)
		return 503;
	for (size_t i = 0; i < n; i++)
		add_alert(ctx, list, &al[i]);
	tv_bool(ctx->data, "all", all);
	tv_bool(ctx->data, "can_ack", permission_can(ctx, MOD_ADMIN_ALERTS, ACT_EDIT));
	if (r != NULL)
		page_form(ctx, r);
	return page_render(ctx, "admin_alerts", status);
}

int
page_admin_alerts_get(struct ctx *ctx)
{
	return show(ctx, NULL, 200);
}

int
page_admin_alert_ack(struct ctx *ctx)
{
	struct form_result r;
	int done;

	if (form_validate(&ack_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return show(ctx, &r, 400);
	if ((done = alert_store_ack(ctx, ctx->ids[0], form_field(&r, "note")->value)) == -1)
		return 503;
	if (done == 0)	/* no such alert, or acknowledged already */
		return 404;
	flash_set(ctx, FLASH_ALERT_ACKNOWLEDGED);
	return page_redirect(ctx, "/admin/alerts");
}
