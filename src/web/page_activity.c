/* page_activity.c: owns one activity: /activities/{id} (the record with
 * its body as the user's field rule allows, the view audited), revealing
 * a masked body (audited) and completing a task (deletion is
 * page_record_delete.c's). The page links back to the record the
 * activity is attached to, named, when the user may view that record
 * (else only its type shows). An activity outside the user's scope
 * answers 404, exactly like a missing one. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "audit.h"
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "record_panel.h"
#include "permission.h"
#include "related.h"
#include "session.h"

/* The body as the rule says; reveal: shown unmasked (audited by the caller). */
static void
show_body(struct ctx *ctx, const struct activity *a, bool reveal)
{
	enum field_rule r = rbac_field_rule(&ctx->user->rights, MOD_ACTIVITIES, "body");
	struct tval *b;

	if (r == RULE_HIDDEN)
		return;
	b = tv_child(ctx->data, "body");
	tv_bool(b, "shown", true);
	if (a->broken)
		tv_bool(b, "broken", true);
	else if (r == RULE_MASKED && !reveal) {
		tv_str(b, "value", activity_mask(ctx->req->arena, a->body));
		if (a->body != NULL)
			tv_strf(b, "reveal", "/activities/%lld/reveal", a->id);
	} else
		tv_str(b, "value", a->body);
}

static int
show(struct ctx *ctx, const struct activity *a, bool reveal)
{
	struct tval *d = ctx->data;
	const char *name;

	tv_str(d, "subject", a->subject);
	tv_str(d, "kind", activity_kind_labels[a->kind]);
	if (related_name(ctx, a->related, a->related_id, &name) == -1)
		return 503;
	related_show(d, a->related, a->related_id, name);
	tv_str(d, "due", display_datetime(ctx, a->due));
	tv_bool(d, "overdue", a->overdue && a->kind != AK_NOTE);
	tv_str(d, "done", display_datetime(ctx, a->done));
	tv_str(d, "owner", a->owner);
	tv_str(d, "team", a->team);
	tv_str(d, "created", display_datetime(ctx, a->created));
	tv_str(d, "updated", display_datetime(ctx, a->updated));
	tv_strf(d, "edit", "/activities/%lld/edit", a->id);
	tv_strf(d, "complete", "/activities/%lld/complete", a->id);
	tv_strf(d, "delete", "/activities/%lld/delete", a->id);
	tv_int(d, "version", a->version);
	tv_bool(d, "can_edit", permission_can(ctx, MOD_ACTIVITIES, ACT_EDIT));
	tv_bool(d, "can_complete", a->kind == AK_TASK && a->done == NULL &&
	    permission_can(ctx, MOD_ACTIVITIES, ACT_EDIT));
	tv_bool(d, "can_delete", permission_can(ctx, MOD_ACTIVITIES, ACT_DELETE));
	show_body(ctx, a, reveal);
	if (record_panel(ctx, MOD_ACTIVITIES, a->id, a->owner, a->team_id, a->team) == -1)
		return 503;
	return page_render(ctx, "activity", 200);
}

int
page_activity_get(struct ctx *ctx)
{
	struct activity a;
	int rc = activity_load(ctx, ctx->ids[0], ACT_VIEW, &a);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (activity_open(ctx, &a) == -1)
		return 503;
	audit_view(ctx, "activities", arena_printf(ctx->req->arena, "%lld", a.id), 1);
	return show(ctx, &a, false);
}

/* Shows a masked body in clear, once; the reveal is audited first. */
int
page_activity_reveal(struct ctx *ctx)
{
	struct activity a;
	int rc;

	if ((rc = activity_load(ctx, ctx->ids[0], ACT_VIEW, &a)) <= 0)
		return rc == 0 ? 404 : 503;
	if (rbac_field_rule(&ctx->user->rights, MOD_ACTIVITIES, "body") != RULE_MASKED)
		return 404;	/* nothing this user may reveal */
	if (activity_open(ctx, &a) == -1 ||
	    audit_ctx(ctx, AUDIT_RECORD_REVEAL, "activities", arena_printf(ctx->req->arena, "%lld", a.id),
	    AUDIT_SUCCESS, 1, "{\"field\":\"body\"}") == -1)
		return 503;
	return show(ctx, &a, true);
}

/* Marks a task done. One already done is left as it is; an activity
 * that is not a task cannot be completed (400). */
int
page_activity_complete(struct ctx *ctx)
{
	struct activity a;
	int rc;

	if ((rc = activity_load(ctx, ctx->ids[0], ACT_EDIT, &a)) <= 0)
		return rc == 0 ? 404 : 503;
	if (a.kind != AK_TASK)
		return 400;
	if (a.done == NULL && activity_complete(ctx, &a) == -1)
		return 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/activities/%lld", a.id));
}
