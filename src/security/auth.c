/* auth.c: owns the PAM conversation and the NSS group lookup. The
 * password lives only in the conversation's reply, which PAM frees; our
 * copy is wiped by the caller's arena. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "log.h"

bool
auth_username_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 64 || name[0] == '.' || name[0] == '-')
		return false;
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9') ||
		    *name == '.' || *name == '_' || *name == '-'))
			return false;
	return true;
}

struct conv_data {
	const char *user, *password;
};

/* Frees one reply, wiping it first: it may hold the password. */
static void
free_reply(char *s)
{
	if (s != NULL) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

/* Answers PAM's prompts: the username when echo is on, the password when
 * it is off; informational messages get no answer. A prompt it cannot
 * answer (a binary prompt, a password when there is none) is a
 * conversation error, never an empty answer. */
int
auth_conversation(int num_msg, const struct pam_message **msg, struct pam_response **resp,
    void *appdata)
{
	const struct conv_data *d = appdata;
	struct pam_response *r;

	if (num_msg <= 0 || num_msg > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	if ((r = calloc((size_t)num_msg, sizeof(*r))) == NULL)
		return PAM_BUF_ERR;
	for (int i = 0; i < num_msg; i++) {
		const char *answer = NULL;
		int style = msg[i] != NULL ? msg[i]->msg_style : -1;
		int err = PAM_CONV_ERR;
		if (style == PAM_PROMPT_ECHO_OFF)
			answer = d->password;
		else if (style == PAM_PROMPT_ECHO_ON)
			answer = d->user;
		else if (style == PAM_ERROR_MSG || style == PAM_TEXT_INFO)
			continue;
		if (answer != NULL && (r[i].resp = strdup(answer)) == NULL)
			err = PAM_BUF_ERR;
		if (r[i].resp == NULL) {
			for (int k = 0; k < i; k++)
				free_reply(r[k].resp);
			free(r);
			return err;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

/* Replaces PAM's failure delay (which would sleep in the worker). */
static void
no_delay(int status, unsigned usec, void *appdata)
{
	(void)status;
	(void)usec;
	(void)appdata;
}

static enum auth_result
classify(int rc)
{
	switch (rc) {
	case PAM_SUCCESS:
		return AUTH_OK;
	case PAM_AUTHINFO_UNAVAIL:
	case PAM_SYSTEM_ERR:
	case PAM_BUF_ERR:
	case PAM_ABORT:
	case PAM_CONV_ERR:
	case PAM_SERVICE_ERR:
	case PAM_OPEN_ERR:
		return AUTH_UNAVAILABLE;
	default:
		return AUTH_DENIED;
	}
}

/* Opens service for user with our conversation and no failure delay. */
static int
start(const struct conf *c, const char *service, const char *user, struct conv_data *d,
    pam_handle_t **h)
{
	struct pam_conv conv = { auth_conversation, d };
	void (*delay)(int, unsigned, void *) = no_delay;
	int rc = pam_start_confdir(service, user, &conv, c->pam_confdir, h);

	if (rc != PAM_SUCCESS) {
		crm_err("pam_start_confdir(%s): %s", service, pam_strerror(*h, rc));
		return rc;
	}
	pam_set_item(*h, PAM_FAIL_DELAY, (const void *)delay);
	return PAM_SUCCESS;
}

enum auth_result
auth_pam(const struct conf *c, const char *service, const char *user, const char *password)
{
	struct conv_data d = { user, password };
	pam_handle_t *h = NULL;
	int rc;

	if (!auth_username_ok(user))
		return AUTH_DENIED;
	if (start(c, service, user, &d, &h) != PAM_SUCCESS)
		return AUTH_UNAVAILABLE;
	rc = pam_authenticate(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc == PAM_SUCCESS)
		rc = pam_acct_mgmt(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc != PAM_SUCCESS)
		crm_info("sign-in refused by PAM (%s): %s", service, pam_strerror(h, rc));
	pam_end(h, rc);
	return classify(rc);
}

enum auth_result
auth_pam_account(const struct conf *c, const char *service, const char *user)
{
	struct conv_data d = { user, NULL };
	pam_handle_t *h = NULL;
	int rc;

	if (!auth_username_ok(user))
		return AUTH_DENIED;
	if (start(c, service, user, &d, &h) != PAM_SUCCESS)
		return AUTH_UNAVAILABLE;
	rc = pam_acct_mgmt(h, PAM_SILENT);
	if (rc != PAM_SUCCESS)
		crm_info("single sign-on refused by PAM (%s): %s", service, pam_strerror(h, rc));
	pam_end(h, rc);
	return classify(rc);
}

int
auth_groups(const char *user, struct arena *a, const char ***names)
{
	struct passwd pw, *pwp = NULL;
	char buf[4096];
	gid_t *gids;
	int n = 64, got;

	if (getpwnam_r(user, &pw, buf, sizeof(buf), &pwp) != 0 || pwp == NULL)
		return -1;
	for (;;) {
		gids = arena_alloc(a, sizeof(*gids) * (size_t)n);
		got = n;
		if (getgrouplist(user, pw.pw_gid, gids, &got) != -1)
			break;
		if (got <= n || got > 65536)
			return -1;
		n = got;	/* retry with the size it asked for */
	}
	*names = arena_alloc(a, sizeof(**names) * ((size_t)got + 1));
	n = 0;
	for (int i = 0; i < got; i++) {
		struct group gr, *grp = NULL;
		char gbuf[8192];
		if (getgrgid_r(gids[i], &gr, gbuf, sizeof(gbuf), &grp) == 0 && grp != NULL)
			(*names)[n++] = arena_strdup(a, grp->gr_name);
	}
	return n;
}
