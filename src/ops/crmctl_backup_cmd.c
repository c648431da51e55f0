/* crmctl_backup_cmd.c: owns the "crmctl backup" verb: which backup
 * subcommand runs (making one is the default). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crmctl.h"

int
cmd_backup(struct conf *c, int argc, char *argv[])
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return cmd_backup_verify(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "key-generate") == 0)
		return cmd_backup_key_generate(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "prune") == 0)
		return cmd_backup_prune(c, argc, argv);
	if (argc >= 2 && argv[1][0] != '-') {
		fprintf(stderr, "usage: crmctl backup [--with-keyring] | verify [--backup NAME] | "
		    "prune [--dry-run] | key-generate\n");
		return 2;
	}
	return cmd_backup_make(c, argc, argv);
}
