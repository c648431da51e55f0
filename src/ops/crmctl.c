/* crmctl.c: the admin command line's entry point and command table. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mysql.h>

#include "audit.h"
#include "audit_grants.h"
#include "conf.h"
#include "crmctl.h"
#include "i18n.h"
#include "tmpl.h"
#include "log.h"
#include "migrate.h"
#include "paths.h"
#include "route_list.h"
#include "search_index.h"
#include "db.h"
#include "arena.h"

struct command {
	const char *name;
	const char *usage;
	int (*run)(struct conf *c, int argc, char *argv[]);
};

static int
cmd_migrate(struct conf *c, int argc, char *argv[])
{
	bool status_only = false;

	if (argc == 2 && strcmp(argv[1], "--status") == 0)
		status_only = true;
	else if (argc != 1) {
		fprintf(stderr, "usage: crmctl migrate [--status]\n");
		return 2;
	}
	return migrate_run(c, status_only);
}

/* crmctl search-index rebuild: every record's global search keys again. */
static int
cmd_search_index(struct conf *c, int argc, char *argv[])
{
	struct db *db;
	struct arena a;
	long long n;

	if (argc != 2 || strcmp(argv[1], "rebuild") != 0) {
		fprintf(stderr, "usage: crmctl search-index rebuild\n");
		return 2;
	}
	db = db_new(c, true);
	arena_init(&a);
	n = search_index_rebuild(db, &a, stdout);
	arena_reset(&a);
	db_free(db);
	return n < 0 ? 1 : 0;
}

static int
cmd_check(struct conf *c, int argc, char *argv[])
{
	char err[512];
	int g;

	(void)argc;
	(void)argv;
	if ((g = audit_grants_startup(c, err, sizeof(err))) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	if (g == -2)
		fprintf(stderr, "crmctl: warning: %s\n", err);
	printf("crmctl: configuration file %s is valid\n", c->path);
	return 0;
}

static void
print_missing(const char *page, const char *msgid, void *arg)
{
	printf("%s: page %s: no translation for \"%s\"\n", (const char *)arg, page, msgid);
}

/* Compiles every template in every language and lists the static texts
 * without a translation; 1 when there is any. */
/* The route table: method, path pattern and what it needs, a line each
 * (the access matrix test compares its expectations with this). */
static int
cmd_routes(struct conf *c, int argc, char *argv[])
{
	char buf[64];

	(void)c;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: crmctl routes\n");
		return 2;
	}
	for (size_t i = 0; i < route_list_count(); i++) {
		const struct route_entry *r = route_list_at(i);
		printf("%s %s %s\n", route_method_name(r->method), r->pattern,
		    permission_text(&r->need, buf, sizeof(buf)));
	}
	return 0;
}

static int
cmd_i18n_check(struct conf *c, int argc, char *argv[])
{
	char err[512];
	size_t missing = 0;

	(void)argc;
	(void)argv;
	if (c->templates_dir == NULL || c->po_dir == NULL) {
		fprintf(stderr, "crmctl: [server] templates and translations are required\n");
		return 1;
	}
	if (i18n_load(c->po_dir, err, sizeof(err)) == -1 ||
	    tmpl_load(c->templates_dir, err, sizeof(err)) == -1) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	for (int l = 0; l < LANG__MAX; l++)
		missing += tmpl_missing((enum lang)l, print_missing, (void *)(uintptr_t)lang_code((enum lang)l));
	printf("%zu text%s without a translation\n", missing, missing == 1 ? "" : "s");
	tmpl_free();
	i18n_free();
	return missing ? 1 : 0;
}

static const struct command commands[] = {
	{ "migrate", "migrate [--status]   apply pending sql/ migrations", cmd_migrate },
	{ "check", "check                check the configuration file", cmd_check },
	{ "keys", "keys init|status|rotate [--resume] [--data]|retire N|seal key|passphrase FILE|unseal", cmd_keys },
	{ "user", "user add-local NAME [--role ROLE] [--password-stdin] | remove-local NAME", cmd_user },
	{ "audit", "audit verify|purge     check the audit chain; delete records past retention", cmd_audit },
	{ "watch", "watch [--once] [--interval SECONDS] [--since-days N]   raise alerts from the audit trail", cmd_watch },
	{ "seed", "seed --contacts N [--owner USER] [--batch ROWS]   create demo contacts, accounts, deals", cmd_seed },
	{ "i18n-check", "i18n-check           list template texts without a translation", cmd_i18n_check },
	{ "purge-deleted", "purge-deleted        remove records deleted longer ago than [server] restore_days", cmd_purge_deleted },
	{ "reassign", "reassign --from USER --to USER [--type TYPE]   give a user's records to another", cmd_reassign },
	{ "backup", "backup [--with-keyring] | verify [--backup NAME] | key-generate | prune [--dry-run]"
	    "   make, check, key, thin out backups", cmd_backup },
	{ "restore", "restore [--backup NAME] [--at \"YYYY-MM-DD HH:MM:SS\"] [--force]   a backup into the database", cmd_restore },
	{ "search-index", "search-index rebuild   recompute the global search's name keys", cmd_search_index },
	{ "routes", "routes               list every route and the permission it needs", cmd_routes },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(void)
{
	fprintf(stderr, "usage: crmctl [-c config] command [args]\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(stderr, "  %s\n", commands[i].usage);
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char *path = NULL;
	const struct command *cmd = NULL;
	struct conf *c;
	char err[512];
	int ch, rc;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		if (ch == 'c')
			path = optarg;
		else
			usage();
	}
	if (optind >= argc)
		usage();
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, argv[optind]) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		usage();
	if (path == NULL)
		path = default_config_path();
	log_open("crmctl", LOG_LEVEL_WARNING, false);
	if ((c = conf_load(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "crmctl: %s\n", err);
		return 1;
	}
	log_open("crmctl", c->log_level < LOG_LEVEL_NOTICE ? (enum log_level)c->log_level :
	    LOG_LEVEL_WARNING, c->log_syslog);
	if (mysql_library_init(0, NULL, NULL))
		fatal("cannot initialise the MariaDB client library");
	audit_configure(c);
	rc = cmd->run(c, argc - optind, argv + optind);
	conf_free(c);
	mysql_library_end();
	return rc;
}
