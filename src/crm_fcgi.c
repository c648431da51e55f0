/* crm_fcgi.c: the crm-fcgi daemon's entry point: options, config, then
 * the master (see master.c). Runs in the foreground; a supervisor or
 * script/server backgrounds it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "master.h"
#include "paths.h"
#include "route.h"

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
	if (check_only) {
		int rc = route_table_check() == 0 ? 0 : 1;
		if (rc == 0)
			printf("crm-fcgi: configuration file %s is valid\n", path);
		conf_free(c);
		return rc;
	}
	log_open("crm-fcgi", (enum log_level)c->log_level, c->log_syslog);
	return master_run(c);
}
