/* flash.h: one-time messages shown after a POST/redirect/GET. */
#ifndef CRM_FLASH_H
#define CRM_FLASH_H

struct ctx;

/* The messages a flash can carry. The cookie holds only the number, so a
 * client can at most make itself see another of these fixed texts. */
enum flash {
	FLASH_NONE,
	FLASH_LANGUAGE_SAVED,
	FLASH_SIGNED_OUT,
	FLASH_SESSION_REVOKED,
	FLASH_MFA_REQUIRED,
	FLASH_USER_SESSIONS_REVOKED,
	FLASH_ROLE_SAVED,
	FLASH_ALERT_ACKNOWLEDGED,
	FLASH_ROLE_DELETED,
	FLASH_USER_SAVED,
	FLASH_GROUPS_SAVED,
	FLASH_RECORD_SAVED,
	FLASH_RECORD_DELETED,
	FLASH_CONTACTS_IMPORTED,
	FLASH_ACCOUNTS_IMPORTED,
	FLASH_LEADS_IMPORTED,
	FLASH_REAUTH_ENDED,
	FLASH_MFA_DISABLED,
	FLASH_DEAL_MOVED,
	FLASH__MAX
};

/* Queues f for the next page this client loads. */
void flash_set(struct ctx *ctx, enum flash f);

/* The msgid queued for this request (and clears it), or NULL. */
const char *flash_take(struct ctx *ctx);

#endif
