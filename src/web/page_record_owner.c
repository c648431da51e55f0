/* page_record_owner.c: owns giving a record to another owner, for every
 * record type (record_kind.h): the choice of new owners on a record's
 * page (record_panel.c asks for it) and POST /{type}/{id}/owner.
 *
 * The rules. Reassigning needs the type's edit grant and the record
 * within its edit scope (else 404, like a missing record). The new owner
 * is an enabled user; an actor whose edit scope for the type is "all"
 * may choose anyone, one with "team" or "own" scope (or a temporary
 * grant) only a member of their own team or themselves, so nobody can
 * push records out to a team they cannot see into. The record's team
 * becomes the new owner's team (none when they have none). The form
 * carries the version the page showed: a record changed since is a 409
 * conflict. Each change writes record.reassign with the old and new
 * owner in the same transaction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "permission.h"
#include "pages.h"
#include "pick.h"
#include "record_kind.h"
#include "session.h"

#define MSG_CHOOSE N_("Choose the new owner from the list.")
#define MSG_SAME N_("This user owns the record already.")

static const struct field_def owner_fields[] = {
	{ .name = "owner", .label = N_("Owner"), .type = FIELD_ID, .required = true, .pick = PICK_OWNER },
};
static const struct form_def owner_form = { "owner", owner_fields, 1 };

int
record_owner_form(struct ctx *ctx, enum rbac_module m, long long id)
{
	const struct record_kind *k = record_kind_named(rbac_module_name(m));
	struct record_owner cur;
	struct tval *form, *list;
	struct record_user *u;
	int rc, n;

	if (k == NULL || !permission_can(ctx, m, ACT_EDIT))
		return 0;
	if ((rc = record_owner_load(ctx, k, id, ACT_EDIT, &cur)) <= 0)
		return rc;	/* 0: not within the user's edit scope, no form */
	if ((n = record_owner_choices(ctx, m, 0, &u)) == -1)
		return -1;
	form = tv_child(ctx->data, "reassign");
	tv_strf(form, "action", "/%s/%lld/owner", k->name, id);
	tv_int(form, "version", cur.version);
	list = tv_list(form, "choices");
	for (int i = 0; i < n; i++) {
		struct tval *e = tv_append_map(list);
		tv_strf(e, "id", "%lld", u[i].id);
		tv_str(e, "name", u[i].username);
		tv_bool(e, "selected", u[i].id == cur.owner_id);
	}
	return 0;
}

/* {"from":NAME,"to":NAME,"from_id":N,"to_id":N,"team_id":N} */
static const char *
detail(struct arena *a, const struct record_owner *cur, long long to, const char *to_name, long long team)
{
	struct json j;

	json_begin(&j, a);
	json_str(&j, "from", cur->owner);
	json_str(&j, "to", to_name);
	json_int(&j, "from_id", cur->owner_id);
	json_int(&j, "to_id", to);
	json_int(&j, "team_id", team);
	return json_end(&j);
}

/* A refused owner change: the "nothing changed" page with the owner
 * list again, marked and linked from the error summary. */
static int
refuse(struct ctx *ctx, const struct record_kind *k, long long id, const char *msg, int status)
{
	if (record_owner_form(ctx, k->module, id) == -1)
		return 503;
	page_error_field(ctx, "owner", "new-owner", N_("New owner"), msg, "refused-error");
	return page_record_refused(ctx, k, id, msg, status);
}

int
page_record_owner(struct ctx *ctx)
{
	const struct record_kind *k = record_kind_of_path(ctx->req->path);
	const char *v = param_get(&ctx->req->form, "version");
	long long id = ctx->ids[0], to;
	struct record_owner cur;
	struct form_result r;
	struct record_user target;
	int rc;

	if (k == NULL)
		return 404;
	if ((rc = record_owner_load(ctx, k, id, ACT_EDIT, &cur)) <= 0)
		return rc == 0 ? 404 : 503;
	if (form_validate(&owner_form, &ctx->req->form, ctx->req->arena, &r) > 0)
		return refuse(ctx, k, id, MSG_CHOOSE, 400);
	to = form_field(&r, "owner")->i;
	if ((rc = pick_owner(ctx, k->module, to, &target)) != 1)
		return rc == -1 ? 503 : refuse(ctx, k, id, pick_message(PICK_OWNER), 403);
	if (to == cur.owner_id)
		return refuse(ctx, k, id, MSG_SAME, 400);
	rc = record_reassign(ctx, k, id, v ? strtoll(v, NULL, 10) : 0, to, target.team_id,
	    detail(ctx->req->arena, &cur, to, target.username, target.team_id));
	if (rc <= 0)
		return rc == 0 ? page_record_refused(ctx, k, id, record_msg_changed, 409) : 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/%s/%lld", k->name, id));
}
