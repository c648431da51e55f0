/* page_admin_alerts.c: owns /admin/alerts: the anomaly alerts crmctl
 * watch raised (newest first, open ones unless ?show=all), and their
 * acknowledgement with a note, which is audited (alert.ack) in the same
 * transaction. Alerts are never edited or deleted here. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "log.h"
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
add_alert(struct tval *list, const struct db_rows *rows, size_t i)
{
	static const char *const keys[] = { "id", "created", "severity", "kind", "actor", "ip",
	    "summary", "detail", "acked_at", "acked_by", "note" };
	struct tval *e = tv_append_map(list);

	for (size_t c = 0; c < sizeof(keys) / sizeof(keys[0]); c++)
		tv_str(e, keys[c], db_cell_text(rows, i, c));
	tv_strf(e, "ack", "/admin/alerts/%lld/ack", db_cell_int(rows, i, 0, 0));
	tv_strf(e, "note_id", "note-%lld", db_cell_int(rows, i, 0, 0));
	tv_bool(e, "open", db_cell_text(rows, i, 8) == NULL);
}

/* The list, with the form result r of a failed acknowledgement (or NULL). */
static int
show(struct ctx *ctx, struct form_result *r, int status)
{
	const char *which = param_get(&ctx->req->query, "show");
	bool all = which != NULL && strcmp(which, "all") == 0;
	struct db_value p[2] = { { .type = DBV_INT, .i = all }, { .type = DBV_INT, .i = ALERTS_SHOWN } };
	struct db_rows rows;
	struct tval *list = tv_list(ctx->data, "alerts");

	if (db_run(ctx->db, ctx->req->arena, STMT_ALERTS_LIST, p, 2, &rows) != DB_OK)
		return 503;
	for (size_t i = 0; i < rows.nrows; i++)
		add_alert(list, &rows, i);
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
	struct arena *a = ctx->req->arena;
	const char *id = arena_printf(a, "%lld", ctx->ids[0]), *note;
	struct db_value p[3];
	struct form_result r;
	struct db_rows rows;
	struct json j;

	if (!csrf_valid(ctx))
		return 403;
	if (form_validate(&ack_form, &ctx->req->form, a, &r) > 0)
		return show(ctx, &r, 400);
	note = form_field(&r, "note")->value;
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = ctx->user->username,
	    .len = strlen(ctx->user->username) };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = note, .len = strlen(note) };
	p[2] = (struct db_value){ .type = DBV_INT, .i = ctx->ids[0] };
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, STMT_ALERT_ACK, p, 3, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {	/* no such alert, or acknowledged already */
		db_rollback(ctx->db);
		return 404;
	}
	json_begin(&j, a);
	json_str(&j, "note", note);
	if (audit_ctx(ctx, AUDIT_ALERT_ACK, "alert", id, AUDIT_SUCCESS, 1, json_end(&j)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_ALERT_ACKNOWLEDGED);
	return page_redirect(ctx, "/admin/alerts");
fail:
	db_rollback(ctx->db);
	return 503;
}
