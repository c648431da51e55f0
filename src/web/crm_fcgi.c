/* crm_fcgi.c: the crm-fcgi daemon's entry point: options, config, then
 * the master (see master.c). Runs in the foreground; a supervisor or
 * script/server backgrounds it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "audit_grants.h"
#include "conf.h"
#include "declarations.h"
#include "record_decl.h"
#include "i18n.h"
#include "keyring.h"
#include "privdrop.h"
#include "tmpl.h"
#include "log.h"
#include "master.h"
#include "paths.h"
#include "route.h"

/* Translations, then every template in every language: an error in either
 * stops start-up here, with file and line. */
static int
load_pages(const struct conf *c, char *err, size_t errsz)
{
	if (c->templates_dir == NULL || c->po_dir == NULL) {
		snprintf(err, errsz, "[server] templates and translations are required");
		return -1;
	}
	if (i18n_load(c->po_dir, err, errsz) == -1)
		return -1;
	return tmpl_load(c->templates_dir, err, errsz);
}

/* The key ring, read before privileges are dropped; the file must be
 * private to the service user (or root). */
static int
load_keys(const struct conf *c, char *err, size_t errsz)
{
	uid_t uid = (uid_t)-1;
	gid_t gid;

	if (c->keyring == NULL) {
		snprintf(err, errsz, "[keys] keyring is required: create one with crmctl keys init");
		return -1;
	}
	if (c->user != NULL && geteuid() == 0 &&
	    privdrop_lookup(c->user, &uid, &gid, err, errsz) == -1)
		return -1;
	return keyring_load(c->keyring, c->unseal_file, uid, err, errsz);
}

/* Unwrapped data keys and decrypted fields live in worker heaps for the
 * length of a request; a core dump would write them to disk. The key
 * ring page is also marked MADV_DONTDUMP, but nothing else can be. */
static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) == -1)
		crm_warn("setrlimit RLIMIT_CORE");
}

static void
usage(void)
{
	fprintf(stderr, "usage: crm-fcgi [-n] [-c config]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char *path = NULL;
	bool check_only = false;
	struct conf *c;
	char err[512];
	int ch;

	while ((ch = getopt(argc, argv, "c:nh")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'n':
			check_only = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (path == NULL)
		path = default_config_path();
	log_open("crm-fcgi", LOG_LEVEL_INFO, false);
	if ((c = conf_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "crm-fcgi: %s\n", err);
		return 1;
	}
	conf_forget_admin_secret(c);
	if (load_pages(c, err, sizeof(err)) == -1 || load_keys(c, err, sizeof(err)) == -1) {
		fprintf(stderr, "crm-fcgi: %s\n", err);
		conf_free(c);
		return 1;
	}
	if (declarations_check() != 0) {
		fprintf(stderr, "crm-fcgi: the statement or record declarations do not hold (see above)\n");
		tmpl_free();
		i18n_free();
		keyring_free();
		conf_free(c);
		return 1;
	}
	if (check_only) {
		int rc = route_table_check() == 0 ? 0 : 1;
		int g = audit_grants_startup(c, err, sizeof(err));
		if (g == -1) {
			fprintf(stderr, "crm-fcgi: %s\n", err);
			rc = 1;
		} else if (g == -2)
			fprintf(stderr, "crm-fcgi: warning: %s\n", err);
		g = record_decl_schema_startup(c, err, sizeof(err));
		if (g == -1) {
			fprintf(stderr, "crm-fcgi: %s\n", err);
			rc = 1;
		} else if (g == -2)
			fprintf(stderr, "crm-fcgi: warning: %s\n", err);
		if (rc == 0)
			printf("crm-fcgi: configuration file %s is valid\n", path);
		tmpl_free();
		i18n_free();
		keyring_free();
		conf_free(c);
		return rc;
	}
	log_open("crm-fcgi", (enum log_level)c->log_level, c->log_syslog);
	no_core_dumps();
	return master_run(c);
}
