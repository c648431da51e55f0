/* page_admin_backups.c: owns /admin/backups (module admin.audit, view:
 * read-only evidence that backups are made and restores are tested,
 * which is what an auditor checks, with no action to take on the page):
 * a status line judged as crmctl watch judges it (backup_alerts.h), the
 * newest 50 backups and 20 restore drills from the tables crmctl writes
 * (sql/021_backups.sql), and, for those who may see alerts, the open
 * backup alerts. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert_store.h"
#include "backup_store.h"
#include "display.h"
#include "page.h"
#include "pages.h"
#include "permission.h"

#define BACKUPS_SHOWN 50
#define DRILLS_SHOWN 20
#define ALERTS_SHOWN 20

/* n bytes as "812 B", "3.4 MB", ... (binary multiples), arena memory. */
static const char *
size_text(struct arena *a, long long n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	size_t u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	return u ? arena_printf(a, "%.1f %s", v, units[u]) : arena_printf(a, "%lld B", n);
}

/* The status line: what crmctl watch would alert on, from the same row. */
static int
add_status(struct ctx *ctx)
{
	struct backup_limits lim = { ctx->conf->backup_max_age_hours, ctx->conf->backup_drill_max_age_hours };
	struct tval *s = tv_child(ctx->data, "status");
	struct anomaly_alert al[2];
	struct backup_status st;
	const char *newest;
	bool late[2] = { false, false };

	if (backup_store_status(ctx->db, ctx->req->arena, time(NULL), &st, &newest) == -1)
		return -1;
	for (size_t i = 0, n = backup_alerts_overdue(&lim, &st, al); i < n; i++)
		late[al[i].kind == ANOMALY_DRILL_OVERDUE] = true;
	tv_bool(s, st.last_backup ? (late[0] ? "backup_late" : "backup_ok") :
	    (late[0] ? "backup_none_late" : "backup_none"), true);
	tv_int(s, "backup_hours", backup_hours_since(st.last_backup, st.now));
	tv_str(s, "backup_name", st.last_backup_name);
	tv_bool(s, st.last_pass ? (late[1] ? "drill_late" : "drill_ok") :
	    (late[1] ? "drill_none_late" : "drill_none"), true);
	tv_int(s, "drill_hours", backup_hours_since(st.last_pass, st.now));
	tv_bool(s, "drill_failed", newest != NULL && strcmp(newest, "fail") == 0);
	tv_int(s, "backup_limit", lim.max_age_hours);
	tv_int(s, "drill_limit", lim.drill_max_age_hours);
	return 0;
}

static int
add_backups(struct ctx *ctx)
{
	struct tval *list = tv_list(ctx->data, "backups");
	struct backup_entry *e;
	size_t n;

	if (backup_store_list(ctx->db, ctx->req->arena, BACKUPS_SHOWN, &e, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *b = tv_append_map(list);
		tv_str(b, "name", e[i].name);
		tv_str(b, "created", display_datetime(ctx, e[i].created));
		tv_str(b, "schema", e[i].schema);
		tv_str(b, "tables", e[i].tables);
		tv_str(b, "rows", e[i].rows);
		tv_str(b, "size", size_text(ctx->req->arena, e[i].bytes));
		tv_bool(b, "keyring", e[i].with_keyring);
		tv_str(b, "pruned", e[i].pruned ? display_datetime(ctx, e[i].pruned) : NULL);
	}
	return 0;
}

static int
add_drills(struct ctx *ctx)
{
	struct tval *list = tv_list(ctx->data, "drills");
	struct backup_drill *dr;
	size_t n;

	if (backup_store_drills(ctx->db, ctx->req->arena, DRILLS_SHOWN, &dr, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *d = tv_append_map(list);
		bool pass = dr[i].outcome != NULL && strcmp(dr[i].outcome, "pass") == 0;
		tv_strf(d, "id", "drill-%lld", dr[i].id);
		tv_str(d, "started", display_datetime(ctx, dr[i].started));
		tv_str(d, "backup", dr[i].backup);
		tv_bool(d, "pass", pass);
		tv_bool(d, "fail", !pass);	/* anything but a pass is not one */
		tv_str(d, "seconds", dr[i].seconds);
		tv_strf(d, "age", "%.1f", (double)dr[i].age_seconds / 3600.0);
		if (!pass)
			tv_str(d, "reason", dr[i].reason);
	}
	return 0;
}

static int
add_alerts(struct ctx *ctx)
{
	struct tval *list = tv_list(ctx->data, "alerts");
	struct alert_brief *al;
	size_t n;

	if (!permission_can(ctx, MOD_ADMIN_ALERTS, ACT_VIEW))
		return 0;
	tv_bool(ctx->data, "can_see_alerts", true);
	if (alert_store_backup_open(ctx->db, ctx->req->arena, ALERTS_SHOWN, &al, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "created", display_datetime(ctx, al[i].created));
		tv_str(e, "severity", al[i].severity);
		tv_str(e, "kind", al[i].kind);
		tv_str(e, "summary", al[i].summary);
	}
	return 0;
}

int
page_admin_backups_get(struct ctx *ctx)
{
	if (add_status(ctx) == -1 || add_backups(ctx) == -1 || add_drills(ctx) == -1 || add_alerts(ctx) == -1)
		return 503;
	return page_render(ctx, "admin_backups", 200);
}
