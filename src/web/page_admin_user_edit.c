/* page_admin_user_edit.c: owns the changes an administrator makes to one
 * user on /admin/users/{id}: disable and enable (ending their sessions),
 * the roles assigned by hand (directory roles come from groups), the
 * team, and temporary grants (a module, or one record, for a stated
 * reason until an expiry). Separation of duties: nobody changes their own
 * roles, disables themselves, or leaves the CRM without an active
 * administrator. Every change is audited in its transaction and applies
 * on the user's next request. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin_user_view.h"
#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "rbac.h"
#include "session.h"
#include "user_scope.h"
#include "user_store.h"

#define MSG_SELF N_("You cannot change your own roles or disable yourself: ask another administrator.")
#define MSG_ALL_ONLY N_("Only administrators of all users can change roles, teams or whether a user is enabled.")
#define MSG_LAST_ADMIN N_("This would leave the CRM without an active administrator.")
#define MSG_NO_ROLE N_("The form named a role that does not exist.")

static const struct field_def team_fields[] = {
	{ .name = "team", .label = N_("Team"), .type = FIELD_ID, .max = FORM_ID_MAX_U32, .pick = PICK_TEAM },
};
static const struct form_def team_form = { "team", team_fields, 1 };

/* The user's role names (all sources) as a JSON list; NULL on error. */
static const char *
role_list(struct ctx *ctx, long long uid)
{
	const char **names;
	const char *out = "[";
	size_t n;

	if (user_store_role_names(ctx, uid, &names, &n) == -1)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out = arena_printf(ctx->req->arena, "%s%s%s", out, i ? "," : "",
		    json_quote(ctx->req->arena, names[i]));
	return arena_printf(ctx->req->arena, "%s]", out);
}

static int
refuse(struct ctx *ctx, const char *msg, int status)
{
	tv_str(ctx->data, "error", msg);
	return admin_user_view(ctx, status);
}

/* A refusal of the team form: the team list marked. */
static int
refuse_team(struct ctx *ctx, const char *msg)
{
	page_error_field(ctx, "team", "team", N_("Team"), msg, "user-error");
	return refuse(ctx, msg, 400);
}

/* A refusal of the roles form: the role boxes marked and linked from the
 * error summary (the first box has the id "roles"). */
static int
refuse_roles(struct ctx *ctx, const char *msg, int status)
{
	page_error_field(ctx, "roles", "roles", N_("Roles"), msg, "user-error");
	return refuse(ctx, msg, status);
}

static int
finish(struct ctx *ctx, const char *error, bool roles)
{
	if (error != NULL) {
		db_rollback(ctx->db);
		return roles ? refuse_roles(ctx, error, 400) : refuse(ctx, error, 400);
	}
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	flash_set(ctx, FLASH_USER_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/users/%lld", ctx->ids[0]));
}

static int
set_disabled(struct ctx *ctx, bool disable)
{
	long long others;
	bool changed;
	int rc;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!user_scope_all(ctx))
		return refuse(ctx, MSG_ALL_ONLY, 403);
	if (disable && ctx->ids[0] == ctx->user->id)
		return refuse(ctx, MSG_SELF, 400);
	if (db_begin(ctx->db) != DB_OK || (others = user_store_other_admins(ctx, ctx->ids[0])) < 0 ||
	    user_store_set_disabled(ctx, ctx->ids[0], disable, &changed) == -1)
		goto fail;
	if (!changed) {	/* no such user, or no change */
		db_rollback(ctx->db);
		return page_redirect(ctx, arena_printf(ctx->req->arena, "/admin/users/%lld", ctx->ids[0]));
	}
	if (disable && others == 0)
		return finish(ctx, MSG_LAST_ADMIN, false);
	if ((disable && session_revoke_all(ctx->db, ctx->req->arena, ctx->ids[0], NULL) == -1) ||
	    audit_ctx(ctx, disable ? AUDIT_USER_DISABLE : AUDIT_USER_ENABLE, "user",
	    arena_printf(ctx->req->arena, "%lld", ctx->ids[0]), AUDIT_SUCCESS, 1, NULL) == -1)
		goto fail;
	return finish(ctx, NULL, false);
fail:
	db_rollback(ctx->db);
	return 503;
}

int page_admin_user_disable(struct ctx *ctx) { return set_disabled(ctx, true); }
int page_admin_user_enable(struct ctx *ctx) { return set_disabled(ctx, false); }

/* Checks every ticked box (role.N) names a role before anything is
 * written: 1 all do, 0 one does not, -1 on a database error. */
static int
roles_exist(struct ctx *ctx)
{
	for (const struct param *f = ctx->req->form.head; f; f = f->next) {
		long long rid;
		int rc;
		if (strncmp(f->key, "role.", 5) != 0)
			continue;
		if ((rid = form_id_parse(f->key + 5, FORM_ID_MAX_U32)) == 0)
			return 0;
		if ((rc = pick_role(ctx, rid, NULL)) != 1)
			return rc;
	}
	return 1;
}

/* Replaces the roles assigned by hand with the boxes ticked (role.N). */
int
page_admin_user_roles(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct user_info u;
	const char *before, *after;
	struct json j;
	int rc;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!user_scope_all(ctx))
		return refuse_roles(ctx, MSG_ALL_ONLY, 403);
	if (ctx->ids[0] == ctx->user->id)
		return refuse_roles(ctx, MSG_SELF, 403);
	if ((rc = roles_exist(ctx)) != 1)
		return rc == -1 ? 503 : refuse_roles(ctx, MSG_NO_ROLE, 400);
	if (db_begin(ctx->db) != DB_OK || (before = role_list(ctx, ctx->ids[0])) == NULL ||
	    user_store_manual_roles_clear(ctx, ctx->ids[0]) == -1)
		goto fail;
	for (const struct param *f = ctx->req->form.head; f; f = f->next) {
		if (strncmp(f->key, "role.", 5) != 0)
			continue;
		if (user_store_manual_role_add(ctx, ctx->ids[0], form_id_parse(f->key + 5, FORM_ID_MAX_U32)) == -1)
			goto fail;
	}
	if ((after = role_list(ctx, ctx->ids[0])) == NULL || user_store_get(ctx, ctx->ids[0], &u) != 1)
		goto fail;
	if (user_store_other_admins(ctx, 0) == 0)
		return finish(ctx, MSG_LAST_ADMIN, true);
	json_begin(&j, a);
	json_raw(&j, "before", before);
	json_raw(&j, "after", after);
	json_str(&j, "source", "assigned on /admin/users");
	json_str(&j, "by", "person");
	json_str(&j, "username", u.username);
	if (strcmp(before, after) != 0 && audit_ctx(ctx, AUDIT_USER_ROLES, "user",
	    arena_printf(a, "%lld", ctx->ids[0]), AUDIT_SUCCESS, 1, json_end(&j)) == -1)
		goto fail;
	return finish(ctx, NULL, false);
fail:
	db_rollback(ctx->db);
	return 503;
}

int
page_admin_user_team(struct ctx *ctx)
{
	struct form_result r;
	long long team;
	int rc;

	if ((rc = user_in_scope(ctx, ctx->ids[0], ACT_EDIT)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!user_scope_all(ctx))
		return refuse(ctx, MSG_ALL_ONLY, 403);
	form_validate(&team_form, &ctx->req->form, ctx->req->arena, &r);
	if ((rc = pick_form(ctx, &r, MOD_ADMIN_USERS)) != 0)
		return rc == -1 ? 503 : refuse_team(ctx, pick_message(PICK_TEAM));
	team = form_field(&r, "team")->value != NULL ? form_field(&r, "team")->i : 0;
	if (db_begin(ctx->db) != DB_OK)
		return 503;
	if (user_store_set_team(ctx, ctx->ids[0], team) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (audit_ctx(ctx, AUDIT_USER_TEAM, "user", arena_printf(ctx->req->arena, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, arena_printf(ctx->req->arena, "{\"team\":%lld}", team)) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	return finish(ctx, NULL, false);
}
