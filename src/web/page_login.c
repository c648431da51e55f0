/* page_login.c: owns /login and /logout. Wrong passwords, unknown users,
 * disabled or expired accounts and malformed usernames all get the same
 * answer, so the page never tells whether a username exists. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "audit.h"
#include "auth.h"
#include "csrf.h"
#include "flash.h"
#include "log.h"
#include "login_store.h"
#include "mfa.h"
#include "page.h"
#include "rbac.h"
#include "pages.h"
#include "session.h"
#include "signin_audit.h"
#include "throttle.h"

#define MSG_WRONG N_("Wrong username or password.")
#define MSG_NO_ROLE N_("Your account has no access to the CRM. Ask your administrator.")
#define MSG_UNAVAILABLE N_("Sign-in is unavailable right now. Try again in a few minutes.")
#define MSG_LOCKED N_("Too many failed sign-ins. Wait, then try again.")
#define MSG_RESTRICTED N_("Your roles do not allow sign-in from this network or at this time.")
#define MSG_NO_SSO N_("Single sign-on is not available for this connection. Sign in with your password.")
#define PASSWORD_MAX 1024

static const struct field_def login_fields[] = {
	{ .name = "username", .label = N_("Username"), .type = FIELD_TEXT, .required = true,
	  .max_len = 64 },
};

static const char *sso_user(const struct ctx *ctx);

static const struct form_def login_form = {
	"login", login_fields, sizeof(login_fields) / sizeof(login_fields[0])
};

int
page_login_get(struct ctx *ctx)
{
	if (ctx->user != NULL)
		return page_redirect(ctx, "/");
	if (ctx->pending != NULL)
		return page_redirect(ctx, "/login/mfa");
	if (sso_user(ctx) != NULL)
		tv_str(ctx->data, "sso_user", sso_user(ctx));
	return page_render(ctx, "login", 200);
}

/* Shows the form again with a form-wide message and the username kept. */
static int
again(struct ctx *ctx, struct form_result *r, const char *msg, int status)
{
	form_set_error(r, NULL, msg);
	page_form(ctx, r);
	if (sso_user(ctx) != NULL)
		tv_str(ctx->data, "sso_user", sso_user(ctx));
	return page_render(ctx, "login", status);
}

/* Recomputes a directory user's roles from their groups (a local
 * account keeps the roles crmctl gave it), auditing a change; *roles gets
 * the role names now held, comma-separated ("" for none). 0 or -1. */
static int
refresh_roles(struct ctx *ctx, const char *username, long long uid, bool local,
    const char **groups, int ngroups, const char **roles)
{
	const char *before = login_role_names(ctx, uid);

	if (before == NULL)
		return -1;
	if (!local && login_roles_from_groups(ctx, uid, groups, ngroups) == -1)
		return -1;
	if ((*roles = login_role_names(ctx, uid)) == NULL)
		return -1;
	return signin_audit_roles(ctx, username, uid, before, *roles);
}

/* 1 when every role of uid is restricted to other networks or hours
 * now, 0 when one applies, -1 on a database error (sign-in then fails
 * with the database's 503, not with a restriction message). */
static int
restricted(struct ctx *ctx, long long uid)
{
	struct rights r;

	if (rbac_load(ctx->db, ctx->req->arena, uid, 0, ctx->req->remote_addr, time(NULL),
	    ctx->conf->hours_tz_offset, &r) == -1)
		return -1;
	return r.nroles_applying == 0 && r.nroles_refused > 0;
}

/* Records the user (a directory user's first sign-in provisions them),
 * refreshes their roles, audits the sign-in and opens a session; one
 * transaction. Returns 1 signed in, 2 signed in but the second factor is
 * still due, 0 no role or disabled (refused), 3 restricted to other
 * networks or hours (refused), -1 database error. */
static int
sign_in(struct ctx *ctx, const char *username, bool local, const char *method)
{
	struct arena *a = ctx->req->arena;
	const char **groups = NULL, *roles = "";
	struct login_user who;
	long long uid;
	int mfa, ngroups = local ? 0 : auth_groups(username, a, &groups);

	if (ngroups < 0 || db_begin(ctx->db) != DB_OK ||
	    login_user_find(ctx, username, &who) == -1 || who.local != local)
		goto fail;
	if (who.disabled) {
		db_rollback(ctx->db);
		return 0;
	}
	uid = who.id;
	if (uid == 0 && login_user_create(ctx, username, &uid) == -1)
		goto fail;
	if (refresh_roles(ctx, username, uid, local, groups, ngroups, &roles) == -1)
		goto fail;
	if (roles[0] == '\0')	/* the cleared roles stay cleared */
		return db_commit(ctx->db) == DB_OK ? 0 : -1;
	switch (restricted(ctx, uid)) {
	case -1:		/* refused too, but as what it is: the database failed */
		goto fail;
	case 1:
		db_commit(ctx->db);	/* the refreshed roles stand */
		return 3;
	}
	if (login_touch(ctx, uid) == -1 || (mfa = mfa_enrolled(ctx, uid)) == -1)
		goto fail;
	if (session_create(ctx, uid, username, mfa == 1) == -1 ||
	    signin_audit(ctx, username, uid, roles, AUDIT_SUCCESS, method, NULL) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return mfa ? 2 : 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

/* A refused attempt: its audit record (best effort: a database that is
 * down cannot take it, and the answer is then 503 anyway), then the form
 * again with msg. */
static int
refuse(struct ctx *ctx, struct form_result *r, const char *username, const char *method,
    const char *reason, const char *msg, int status)
{
	signin_audit(ctx, username ? username : "", 0, "", AUDIT_FAILURE, method, reason);
	return again(ctx, r, msg, status);
}

/* After PAM said yes: provisions, opens the session, says where next. */
static int
finish(struct ctx *ctx, struct form_result *r, const char *username, bool local,
    const char *method)
{
	int rc = sign_in(ctx, username, local, method);

	if (rc == -1)
		return refuse(ctx, r, username, method, "unavailable", MSG_UNAVAILABLE, 503);
	if (rc == 0) {
		crm_notice("sign-in refused: %s has no CRM role or is disabled in the CRM", username);
		return refuse(ctx, r, username, method, "no_role_or_disabled", MSG_NO_ROLE, 403);
	}
	if (rc == 3) {
		crm_notice("sign-in refused: the roles of %s do not apply from this address now", username);
		return refuse(ctx, r, username, method, "restricted", MSG_RESTRICTED, 403);
	}
	if (rc == 2) {
		crm_notice("identity accepted, second factor due: %s", username);
		return page_redirect(ctx, "/login/mfa");
	}
	crm_notice("signed in: %s%s", username, local ? " (local break-glass account)" : "");
	return page_redirect(ctx, "/");
}

/* 0 when username may try now from this address; otherwise the page to
 * answer with: 429, Retry-After and the seconds on the form. */
static int
throttled(struct ctx *ctx, struct form_result *r, const char *username, const char *method)
{
	int wait = throttle_wait(ctx, username);

	if (wait < 0)
		return refuse(ctx, r, username, method, "unavailable", MSG_UNAVAILABLE, 503);
	if (wait > 0) {
		/* Answered, never slept: a worker is not held for the wait. */
		response_header(ctx->resp, "Retry-After", arena_printf(ctx->req->arena, "%d", wait));
		tv_int(ctx->data, "retry_after", wait);
		return refuse(ctx, r, username, method, "locked", MSG_LOCKED, 429);
	}
	return 0;
}

int
page_login_post(struct ctx *ctx)
{
	const char *password = param_get(&ctx->req->form, "password");
	struct form_result r;
	const char *username;
	int st;
	struct login_user who;
	bool bad;

	bad = form_validate(&login_form, &ctx->req->form, ctx->req->arena, &r) > 0;
	/* The throttle is keyed by what was typed, valid or not. */
	username = bad ? form_field(&r, "username")->raw : form_field(&r, "username")->value;
	if ((st = throttled(ctx, &r, username, "password")) != 0)
		return st;
	if (bad || password == NULL || password[0] == '\0' || strlen(password) > PASSWORD_MAX ||
	    !auth_username_ok(username)) {
		throttle_failed(ctx, username);
		return refuse(ctx, &r, username, "password", "invalid_input", MSG_WRONG, 401);
	}
	/* A break-glass account has its own PAM service, which does not
	 * need the directory. */
	if (login_user_find(ctx, username, &who) == -1)
		return refuse(ctx, &r, username, "password", "unavailable", MSG_UNAVAILABLE, 503);
	switch (auth_pam(ctx->conf, who.local ? ctx->conf->local_pam_service : ctx->conf->pam_service,
	    username, password)) {
	case AUTH_OK:
		throttle_succeeded(ctx, username);
		break;
	case AUTH_DENIED:
		throttle_failed(ctx, username);
		return refuse(ctx, &r, username, "password", "denied", MSG_WRONG, 401);
	case AUTH_UNAVAILABLE:
		return refuse(ctx, &r, username, "password", "unavailable", MSG_UNAVAILABLE, 503);
	}
	return finish(ctx, &r, username, who.local, "password");
}

/* The identity nginx vouches for, or NULL: only with [auth] trusted_sso
 * on, and only a well-formed username. */
static const char *
sso_user(const struct ctx *ctx)
{
	const char *u = ctx->req->sso_user;

	return ctx->conf->trusted_sso && u != NULL && auth_username_ok(u) ? u : NULL;
}

/* Single sign-on: nginx established who this is (a client certificate,
 * an auth module); the directory still decides, through PAM's account
 * stage and the user's groups, whether and with which roles they get in.
 * Break-glass accounts never sign in this way. */
int
page_login_sso_post(struct ctx *ctx)
{
	const char *username = sso_user(ctx);
	struct form_result r;
	struct login_user who;
	int st;

	form_validate(&login_form, &ctx->req->form, ctx->req->arena, &r);
	if (username == NULL)
		return refuse(ctx, &r, "", "sso", "no_trusted_identity", MSG_NO_SSO, 403);
	if ((st = throttled(ctx, &r, username, "sso")) != 0)
		return st;
	if (login_user_find(ctx, username, &who) == -1)
		return refuse(ctx, &r, username, "sso", "unavailable", MSG_UNAVAILABLE, 503);
	if (who.local)
		return refuse(ctx, &r, username, "sso", "local_account", MSG_NO_SSO, 403);
	switch (auth_pam_account(ctx->conf, ctx->conf->pam_service, username)) {
	case AUTH_OK:
		break;
	case AUTH_DENIED:
		crm_notice("single sign-on refused by the directory: %s", username);
		return refuse(ctx, &r, username, "sso", "denied", MSG_NO_ROLE, 403);
	case AUTH_UNAVAILABLE:
		return refuse(ctx, &r, username, "sso", "unavailable", MSG_UNAVAILABLE, 503);
	}
	return finish(ctx, &r, username, false, "sso");
}

/* Sign-out works for a half-signed-in session too (route is public). */
int
page_logout_post(struct ctx *ctx)
{
	if (ctx->user == NULL && ctx->pending == NULL)
		return page_redirect(ctx, "/login");
	if (db_begin(ctx->db) != DB_OK ||
	    audit_ctx(ctx, AUDIT_AUTH_LOGOUT, "session", arena_printf(ctx->req->arena, "%lld",
	    (ctx->user ? ctx->user : ctx->pending)->session_id), AUDIT_SUCCESS, 1, NULL) == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	session_destroy(ctx);
	if (db_commit(ctx->db) != DB_OK)
		return 503;
	flash_set(ctx, FLASH_SIGNED_OUT);
	return page_redirect(ctx, "/login");
}
