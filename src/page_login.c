/* page_login.c: owns /login and /logout. Wrong passwords, unknown users,
 * disabled or expired accounts and malformed usernames all get the same
 * answer, so the page never tells whether a username exists. */
#include "config.h"

#include <string.h>

#include "auth.h"
#include "csrf.h"
#include "flash.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "session.h"
#include "throttle.h"

#define MSG_WRONG N_("Wrong username or password.")
#define MSG_NO_ROLE N_("Your account has no access to the CRM. Ask your administrator.")
#define MSG_UNAVAILABLE N_("Sign-in is unavailable right now. Try again in a few minutes.")
#define MSG_LOCKED N_("Too many failed sign-ins. Wait a few minutes and try again.")
#define PASSWORD_MAX 1024

static const struct field_def login_fields[] = {
	{ .name = "username", .label = N_("Username"), .type = FIELD_TEXT, .required = true,
	  .max_len = 64 },
};

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
	return page_render(ctx, "login", 200);
}

/* Shows the form again with a form-wide message and the username kept. */
static int
again(struct ctx *ctx, struct form_result *r, const char *msg, int status)
{
	form_set_error(r, NULL, msg);
	page_form(ctx, r);
	return page_render(ctx, "login", status);
}

/* Records the user (first sign-in provisions them), recomputes their roles
 * from their directory groups, and opens a session; one transaction.
 * Returns 1 signed in, 2 signed in but the second factor is still due,
 * 0 no role (refused), -1 database error. */
static int
sign_in(struct ctx *ctx, const char *username)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[2] = { { .type = DBV_TEXT, .s = username, .len = strlen(username) } };
	struct db_rows rows;
	const char **groups;
	long long uid;
	bool mfa;
	int ngroups = auth_groups(username, a, &groups);

	if (ngroups < 0 || db_begin(ctx->db) != DB_OK ||
	    db_run(ctx->db, a, STMT_USER_BY_NAME, p, 1, &rows) != DB_OK)
		goto fail;
	if (rows.nrows == 1 && db_cell_int(&rows, 0, 1, 1) != 0) {
		db_rollback(ctx->db);
		return 0;	/* disabled in the CRM */
	}
	if (rows.nrows == 0) {
		if (db_run(ctx->db, a, STMT_USER_INSERT, p, 1, &rows) != DB_OK)
			goto fail;
		uid = (long long)rows.insert_id;
	} else
		uid = db_cell_int(&rows, 0, 0, 0);
	p[0] = (struct db_value){ .type = DBV_INT, .i = uid };
	if (db_run(ctx->db, a, STMT_USER_ROLES_CLEAR, p, 1, NULL) != DB_OK)
		goto fail;
	for (int i = 0; i < ngroups; i++) {
		p[1] = (struct db_value){ .type = DBV_TEXT, .s = groups[i], .len = strlen(groups[i]) };
		if (db_run(ctx->db, a, STMT_USER_ROLES_FROM_GROUP, p, 2, NULL) != DB_OK)
			goto fail;
	}
	if (db_run(ctx->db, a, STMT_USER_ROLE_NAMES, p, 1, &rows) != DB_OK)
		goto fail;
	if (rows.nrows == 0) {
		db_commit(ctx->db);	/* the cleared roles stay cleared */
		return 0;
	}
	if (db_run(ctx->db, a, STMT_USER_LOGIN_TOUCH, p, 1, NULL) != DB_OK ||
	    db_run(ctx->db, a, STMT_MFA_GET, p, 1, &rows) != DB_OK)
		goto fail;
	mfa = rows.nrows == 1 && db_cell_int(&rows, 0, 1, 0) == 1;
	if (session_create(ctx, uid, mfa) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return mfa ? 2 : 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
page_login_post(struct ctx *ctx)
{
	const char *password = param_get(&ctx->req->form, "password");
	struct form_result r;
	const char *username;
	int rc, wait;
	bool bad;

	if (!csrf_valid(ctx))
		return 403;
	bad = form_validate(&login_form, &ctx->req->form, ctx->req->arena, &r) > 0;
	/* The throttle is keyed by what was typed, valid or not. */
	username = bad ? form_field(&r, "username")->raw : form_field(&r, "username")->value;
	if ((wait = throttle_wait(ctx, username)) < 0)
		return again(ctx, &r, MSG_UNAVAILABLE, 503);
	if (wait > 0) {
		response_header(ctx->resp, "Retry-After", arena_printf(ctx->req->arena, "%d", wait));
		return again(ctx, &r, MSG_LOCKED, 429);
	}
	if (bad || password == NULL || password[0] == '\0' || strlen(password) > PASSWORD_MAX ||
	    !auth_username_ok(username)) {
		throttle_failed(ctx, username);
		return again(ctx, &r, MSG_WRONG, 401);
	}
	switch (auth_pam(ctx->conf, username, password)) {
	case AUTH_OK:
		throttle_succeeded(ctx, username);
		break;
	case AUTH_DENIED:
		throttle_failed(ctx, username);
		return again(ctx, &r, MSG_WRONG, 401);
	case AUTH_UNAVAILABLE:
		return again(ctx, &r, MSG_UNAVAILABLE, 503);
	}
	if ((rc = sign_in(ctx, username)) == -1)
		return again(ctx, &r, MSG_UNAVAILABLE, 503);
	if (rc == 0) {
		crm_notice("sign-in refused: %s has no CRM role or is disabled in the CRM", username);
		return again(ctx, &r, MSG_NO_ROLE, 403);
	}
	if (rc == 2) {
		crm_notice("password accepted, second factor due: %s", username);
		return page_redirect(ctx, "/login/mfa");
	}
	crm_notice("signed in: %s", username);
	return page_redirect(ctx, "/");
}

/* Sign-out works for a half-signed-in session too (route is public). */
int
page_logout_post(struct ctx *ctx)
{
	if (ctx->user == NULL && ctx->pending == NULL)
		return page_redirect(ctx, "/login");
	if (!csrf_valid(ctx))
		return 403;
	session_destroy(ctx);
	flash_set(ctx, FLASH_SIGNED_OUT);
	return page_redirect(ctx, "/login");
}
