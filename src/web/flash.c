/* flash.c: owns flash messages: a number in a short-lived __Host- cookie,
 * turned back into a translatable message on the next GET. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cookie.h"
#include "flash.h"
#include "handler.h"
#include "i18n.h"

#define FLASH_COOKIE "__Host-flash"

/* msgids; translations live in po/. */
static const char *const flash_messages[FLASH__MAX] = {
	[FLASH_NONE] = NULL,
	[FLASH_LANGUAGE_SAVED] = N_("Your language setting was saved."),
	[FLASH_SIGNED_OUT] = N_("You have signed out."),
	[FLASH_SESSION_REVOKED] = N_("The session was ended."),
	[FLASH_MFA_REQUIRED] = N_("Your role requires two-step sign-in. Set it up to continue."),
	[FLASH_USER_SESSIONS_REVOKED] = N_("All sessions of that user were ended."),
	[FLASH_ROLE_SAVED] = N_("The role was saved."),
	[FLASH_ALERT_ACKNOWLEDGED] = N_("The alert was acknowledged."),
	[FLASH_ROLE_DELETED] = N_("The role was deleted."),
	[FLASH_USER_SAVED] = N_("The user was saved."),
	[FLASH_GROUPS_SAVED] = N_("The group mapping was saved."),
	[FLASH_RECORD_SAVED] = N_("Saved."),
	[FLASH_RECORD_DELETED] = N_("Deleted. Until it is removed for good, it can be restored from the list of deleted records."),
	[FLASH_CONTACTS_IMPORTED] = N_("The contacts were imported."),
	[FLASH_ACCOUNTS_IMPORTED] = N_("The accounts were imported."),
	[FLASH_LEADS_IMPORTED] = N_("The leads were imported."),
	[FLASH_REAUTH_ENDED] = N_("You were signed out after too many wrong confirmations. Sign in again."),
	[FLASH_MFA_DISABLED] = N_("Two-step sign-in is off. Your other sessions were ended."),
	[FLASH_DEAL_MOVED] = N_("The deal was moved to its new stage."),
};

void
flash_set(struct ctx *ctx, enum flash f)
{
	char v[8];

	snprintf(v, sizeof(v), "%d", (int)f);
	cookie_set(ctx->resp, FLASH_COOKIE, arena_strdup(ctx->req->arena, v), 60);
}

const char *
flash_take(struct ctx *ctx)
{
	const char *v = cookie_get(ctx->req->arena, ctx->req->cookie_header, FLASH_COOKIE);
	char *end;
	long n;

	if (v == NULL)
		return NULL;
	cookie_set(ctx->resp, FLASH_COOKIE, "", 0);
	n = strtol(v, &end, 10);
	if (*end != '\0' || n <= FLASH_NONE || n >= FLASH__MAX)
		return NULL;
	return flash_messages[n];
}
