/* test_auth.c: tests the PAM side of sign-in without a directory: the
 * conversation's answers and its errors (a prompt it cannot answer, bad
 * message counts), auth_pam through real Linux-PAM with a private
 * confdir and pam_pwdfile (a right and a wrong password, a conversation
 * error, a missing service, a missing password file), usernames, and the
 * break-glass password file (yescrypt hashing, editing, generation). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "auth.h"
#include "conf.h"
#include "local_passwd.h"
#include "tap.h"

struct conv_data {
	const char *user, *password;
};

static int
converse(int n, int style, const char *password, struct pam_response **resp)
{
	struct pam_message m = { .msg_style = style, .msg = "prompt" };
	const struct pam_message *msgs[2] = { &m, &m };
	struct conv_data d = { "sam", password };

	*resp = NULL;
	return auth_conversation(n, msgs, resp, &d);
}

static void
free_resp(struct pam_response *r, int n)
{
	for (int i = 0; r != NULL && i < n; i++)
		free(r[i].resp);
	free(r);
}

static void
test_conversation(void)
{
	struct pam_response *r;

	ok(converse(1, PAM_PROMPT_ECHO_OFF, "pw", &r) == PAM_SUCCESS && strcmp(r[0].resp, "pw") == 0,
	    "a password prompt gets the password");
	free_resp(r, 1);
	ok(converse(1, PAM_PROMPT_ECHO_ON, "pw", &r) == PAM_SUCCESS && strcmp(r[0].resp, "sam") == 0,
	    "a visible prompt gets the username");
	free_resp(r, 1);
	ok(converse(2, PAM_TEXT_INFO, "pw", &r) == PAM_SUCCESS && r[0].resp == NULL,
	    "informational messages get no answer");
	free_resp(r, 2);
	ok(converse(1, PAM_PROMPT_ECHO_OFF, NULL, &r) == PAM_CONV_ERR && r == NULL,
	    "a password prompt without a password is a conversation error");
	ok(converse(1, 77, "pw", &r) == PAM_CONV_ERR && r == NULL,
	    "an unknown (binary) prompt is a conversation error");
	ok(converse(0, PAM_PROMPT_ECHO_OFF, "pw", &r) == PAM_CONV_ERR, "zero messages is an error");
	ok(converse(PAM_MAX_NUM_MSG + 1, PAM_PROMPT_ECHO_OFF, "pw", &r) == PAM_CONV_ERR,
	    "too many messages is an error");
}

static void
test_usernames(void)
{
	const char *good[] = { "sam", "a.b_c-d", "x1", NULL };
	const char *bad[] = { "", "*)(uid=*", "Sam", ".hidden", "-x", "a b", "\xe5\xbc\xa0", NULL };
	char longname[70];

	for (int i = 0; good[i]; i++)
		ok(auth_username_ok(good[i]), "username \"%s\" accepted", good[i]);
	for (int i = 0; bad[i]; i++)
		ok(!auth_username_ok(bad[i]), "username %d refused", i);
	memset(longname, 'a', 65);
	longname[65] = '\0';
	ok(!auth_username_ok(longname), "a 65-character username refused");
	ok(!auth_username_ok(NULL), "NULL refused");
}

static void
test_local_passwd(void)
{
	char hash[256], pw[64];
	bool found;
	char *t;

	ok(local_passwd_hash("Correct-Horse-Battery", hash, sizeof(hash)) == 0 &&
	    strncmp(hash, "$y$", 3) == 0, "hashes are yescrypt ($y$)");
	ok(local_passwd_verify("Correct-Horse-Battery", hash), "the right password verifies");
	ok(!local_passwd_verify("Correct-Horse-Batterz", hash), "a wrong password does not");
	ok(local_passwd_hash("x", pw, 10) == -1, "a too small buffer is refused");
	ok(local_passwd_generate(pw, sizeof(pw), 24) == 0 && strlen(pw) == 24 &&
	    strspn(pw, "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789") == 24,
	    "generated passwords use the alphabet without look-alikes");
	ok(local_passwd_generate(pw, 10, 10) == -1, "generation refuses n >= buffer");
	t = local_passwd_edit("a:1\nbb:2\n# note\n", 16, "b", "H", &found);
	ok(t && !found && strcmp(t, "a:1\nbb:2\n# note\nb:H\n") == 0, "a new user is appended; a prefix is not a match");
	free(t);
	t = local_passwd_edit("a:1\nbb:2", 8, "bb", "H", &found);
	ok(t && found && strcmp(t, "a:1\nbb:H\n") == 0, "an existing user's line is replaced");
	free(t);
	t = local_passwd_edit("a:1\nbb:2\n", 9, "a", NULL, &found);
	ok(t && found && strcmp(t, "bb:2\n") == 0, "removal drops the line");
	free(t);
}

/* A private PAM confdir with service "t" using pam_pwdfile. */
static int
pam_fixture(char *dir, size_t dsz, const char *hashline)
{
	char path[512];
	FILE *f;

	snprintf(dir, dsz, "/tmp/crm-test-auth-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/passwd", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "%s\n", hashline);
	fclose(f);
	snprintf(path, sizeof(path), "%s/t", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "auth required pam_pwdfile.so pwdfile=%s/passwd nodelay\n"
	    "account required pam_permit.so\n", dir);
	fclose(f);
	snprintf(path, sizeof(path), "%s/nofile", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "auth required pam_pwdfile.so pwdfile=%s/missing nodelay\n"
	    "account required pam_permit.so\n", dir);
	fclose(f);
	return 0;
}

static void
test_pam(void)
{
	char dir[64], hash[256], line[300], cmd[128];
	struct conf *c = calloc(1, sizeof(*c));
	char *confdir;

	if (access("/lib/x86_64-linux-gnu/security/pam_pwdfile.so", R_OK) != 0 &&
	    access("/usr/lib/x86_64-linux-gnu/security/pam_pwdfile.so", R_OK) != 0) {
		ok(0, "pam_pwdfile.so is installed (apt-get install libpam-pwdfile)");
		free(c);
		return;
	}
	if (c == NULL)
		return;
	conf_defaults(c);
	if (local_passwd_hash("Correct-Horse-Battery", hash, sizeof(hash)) != 0) {
		conf_free(c);
		return;
	}
	snprintf(line, sizeof(line), "sam:%s", hash);
	ok(pam_fixture(dir, sizeof(dir), line) == 0, "PAM fixture written");
	confdir = c->pam_confdir;
	c->pam_confdir = dir;
	ok(auth_pam(c, "t", "sam", "Correct-Horse-Battery") == AUTH_OK, "the right password passes PAM");
	ok(auth_pam(c, "t", "sam", "wrong-password") == AUTH_DENIED, "a wrong password is denied");
	ok(auth_pam(c, "t", "bob", "Correct-Horse-Battery") == AUTH_DENIED, "an unknown user is denied alike");
	/* pam_pwdfile reports our PAM_CONV_ERR as PAM_AUTH_ERR; either way
	 * the answer is a refusal, never a sign-in and never a crash. */
	ok(auth_pam(c, "t", "sam", NULL) != AUTH_OK,
	    "a conversation error (no password to give) is refused, never a sign-in");
	ok(auth_pam(c, "t", "*)(uid=*", "Correct-Horse-Battery") == AUTH_DENIED,
	    "a malformed username never reaches PAM");
	ok(auth_pam(c, "nofile", "sam", "Correct-Horse-Battery") != AUTH_OK,
	    "a missing password file never lets anyone in");
	ok(auth_pam(c, "no-such-service", "sam", "Correct-Horse-Battery") != AUTH_OK,
	    "a missing PAM service never lets anyone in");
	ok(auth_pam_account(c, "t", "sam") == AUTH_OK, "the account stage alone passes pam_permit");
	c->pam_confdir = confdir;
	conf_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

int
main(void)
{
	test_conversation();
	test_usernames();
	test_local_passwd();
	test_pam();
	return tap_done();
}
