/*
 * pam_check: signs one user in through a PAM service read from a private
 * directory (pam_start_confdir), the way crm-fcgi's workers do, and prints
 * what PAM answered. Built and run by tests/directory/check.
 *
 *   pam_check [-g] [-r N] CONFDIR USER     (the password on standard input)
 *
 * Prints, one a line:
 *   authenticate: PAM_CODE_NAME (pam_strerror text)
 *   acct_mgmt: PAM_CODE_NAME (...)        or "acct_mgmt: not reached"
 *   ms: MILLISECONDS                       pam_start .. pam_end, one sign-in
 *   groups: NAME NAME ...                  with -g: getgrouplist(USER)
 *   repeat: N min=MS median=MS max=MS      with -r N: N more sign-ins
 * Exit status 0 when both stages succeeded, 1 otherwise, 2 on misuse.
 *
 * The password never appears on a command line. The PAM_FAIL_DELAY item is
 * set to a callback that does nothing, as the CRM does, so no module can
 * make a failed sign-in sleep in the process.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char password[512];

static int conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data)
{
	(void)data;
	struct pam_response *r = calloc((size_t)n, sizeof *r);
	if (r == NULL)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			r[i].resp = strdup(password);
			if (r[i].resp == NULL) {
				for (int j = 0; j < i; j++)
					free(r[j].resp);
				free(r);
				return PAM_BUF_ERR;
			}
			break;
		default: /* PAM_ERROR_MSG, PAM_TEXT_INFO: shown to nobody */
			break;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

static void no_delay(int status, unsigned delay_us, void *appdata)
{
	(void)status;
	(void)delay_us;
	(void)appdata;
}

static const char *code_name(int rc)
{
	switch (rc) {
	case PAM_SUCCESS: return "PAM_SUCCESS";
	case PAM_AUTH_ERR: return "PAM_AUTH_ERR";
	case PAM_USER_UNKNOWN: return "PAM_USER_UNKNOWN";
	case PAM_ACCT_EXPIRED: return "PAM_ACCT_EXPIRED";
	case PAM_PERM_DENIED: return "PAM_PERM_DENIED";
	case PAM_NEW_AUTHTOK_REQD: return "PAM_NEW_AUTHTOK_REQD";
	case PAM_AUTHINFO_UNAVAIL: return "PAM_AUTHINFO_UNAVAIL";
	case PAM_CRED_INSUFFICIENT: return "PAM_CRED_INSUFFICIENT";
	case PAM_MAXTRIES: return "PAM_MAXTRIES";
	case PAM_IGNORE: return "PAM_IGNORE";
	case PAM_ABORT: return "PAM_ABORT";
	case PAM_SERVICE_ERR: return "PAM_SERVICE_ERR";
	case PAM_SYSTEM_ERR: return "PAM_SYSTEM_ERR";
	case PAM_BUF_ERR: return "PAM_BUF_ERR";
	default: return "PAM_OTHER";
	}
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One sign-in; prints the stages when verbose. Returns 0 on success. */
static int sign_in(const char *confdir, const char *user, int verbose, double *ms)
{
	struct pam_conv c = {conv, NULL};
	pam_handle_t *h = NULL;
	double t0 = now_ms();
	int rc = pam_start_confdir("crm", user, &c, confdir, &h);
	if (rc != PAM_SUCCESS) {
		if (verbose)
			printf("pam_start_confdir: %s (%s)\n", code_name(rc), pam_strerror(h, rc));
		return 1;
	}
	pam_set_item(h, PAM_FAIL_DELAY, (const void *)no_delay);
	int auth = pam_authenticate(h, PAM_DISALLOW_NULL_AUTHTOK);
	int acct = -1;
	if (verbose)
		printf("authenticate: %s (%s)\n", code_name(auth), pam_strerror(h, auth));
	if (auth == PAM_SUCCESS) {
		acct = pam_acct_mgmt(h, PAM_DISALLOW_NULL_AUTHTOK);
		if (verbose)
			printf("acct_mgmt: %s (%s)\n", code_name(acct), pam_strerror(h, acct));
	} else if (verbose) {
		printf("acct_mgmt: not reached\n");
	}
	pam_end(h, auth == PAM_SUCCESS ? acct : auth);
	*ms = now_ms() - t0;
	return auth == PAM_SUCCESS && acct == PAM_SUCCESS ? 0 : 1;
}

static void print_groups(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		printf("groups: (no such user)\n");
		return;
	}
	gid_t base = pw->pw_gid;
	int n = 16;
	gid_t *g = NULL;
	for (;;) {
		gid_t *bigger = realloc(g, (size_t)n * sizeof *g);
		if (bigger == NULL) {
			free(g);
			printf("groups: (out of memory)\n");
			return;
		}
		g = bigger;
		int want = n;
		if (getgrouplist(user, base, g, &want) >= 0) {
			n = want;
			break;
		}
		n = want > n ? want : n * 2; /* -1: buffer too small, retry */
	}
	printf("groups:");
	for (int i = 0; i < n; i++) {
		struct group *gr = getgrgid(g[i]);
		if (gr != NULL)
			printf(" %s", gr->gr_name);
		else
			printf(" %u", (unsigned)g[i]);
	}
	printf("\n");
	free(g);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int groups = 0, repeat = 0, opt;
	while ((opt = getopt(argc, argv, "gr:")) != -1) {
		switch (opt) {
		case 'g': groups = 1; break;
		case 'r': repeat = atoi(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || repeat < 0 || repeat > 10000) {
		fprintf(stderr, "usage: pam_check [-g] [-r N] CONFDIR USER < password\n");
		return 2;
	}
	const char *confdir = argv[optind], *user = argv[optind + 1];
	if (fgets(password, sizeof password, stdin) == NULL)
		password[0] = '\0';
	password[strcspn(password, "\n")] = '\0';

	double ms = 0;
	int rc = sign_in(confdir, user, 1, &ms);
	printf("ms: %.3f\n", ms);
	if (groups)
		print_groups(user);
	if (repeat > 0) {
		double *t = calloc((size_t)repeat, sizeof *t);
		if (t == NULL)
			return 1;
		for (int i = 0; i < repeat; i++)
			rc |= sign_in(confdir, user, 0, &t[i]);
		qsort(t, (size_t)repeat, sizeof *t, cmp_double);
		printf("repeat: %d min=%.3f median=%.3f max=%.3f\n", repeat, t[0], t[repeat / 2],
		       t[repeat - 1]);
		free(t);
	}
	explicit_bzero(password, sizeof password);
	fflush(stdout);
	return rc ? 1 : 0;
}
