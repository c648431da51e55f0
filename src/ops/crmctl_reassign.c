/* crmctl_reassign.c: owns "crmctl reassign --from USER --to USER [--type
 * TYPE]": when someone leaves, every record they own (of one type, or of
 * all five) goes to another user, deleted ones included so that a later
 * restore finds the new owner too. The records' team becomes the new
 * owner's team, and their version moves on, so a form opened before the
 * run is a conflict rather than an overwrite. The new owner must be an
 * enabled user; the old one may be disabled already.
 *
 * One transaction per record type keeps the locks short. Each type's
 * transaction writes its own audit record (record.reassign, object
 * "bulk", items = rows, detail with both users and the count), because
 * no change may stand without its record; a type with nothing to move
 * writes none. A run stopped by an error has committed the types before
 * it, and running it again moves the rest. Uses the application's
 * database account: it needs nothing more. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "json.h"
#include "record_kind.h"

#define USAGE "usage: crmctl reassign --from USER --to USER [--type contacts|accounts|leads|deals|activities|all]\n"

struct reassign_user {
	const char *name;
	long long id, team_id;
	bool disabled;
};

/* Looks name up into u (with crmctl seed's lookup: id, team, signed in
 * before, disabled). 0, or -1 (printed) when there is no such user or the
 * database fails. */
static int
find_user(struct db *db, struct arena *a, const char *name, struct reassign_user *u)
{
	struct record_user r;
	int rc = record_user_by_name(db, a, name, &r);

	if (rc == -1) {
		fprintf(stderr, "crmctl: cannot read the users (see the log)\n");
		return -1;
	}
	if (rc == 0) {
		fprintf(stderr, "crmctl: there is no user %s (directory users exist here once they have signed in)\n",
		    name);
		return -1;
	}
	u->name = name;
	u->id = r.id;
	u->team_id = r.team_id;
	u->disabled = r.disabled;
	return 0;
}

/* Moves kind k's records of from to to in one audited transaction;
 * returns how many, or -1. */
static long long
reassign_kind(const struct conf *c, struct db *db, struct arena *a, const struct record_kind *k,
    const struct reassign_user *from, const struct reassign_user *to)
{
	const char *login = getlogin();
	long long n;
	struct json j;

	if (db_begin(db) != DB_OK || record_reassign_all(db, a, k, to->id, to->team_id, from->id, &n) == -1)
		goto fail;
	json_begin(&j, a);
	json_str(&j, "from", from->name);
	json_str(&j, "to", to->name);
	json_int(&j, "from_id", from->id);
	json_int(&j, "to_id", to->id);
	json_int(&j, "team_id", to->team_id);
	json_int(&j, "records", n);
	json_str(&j, "operator", login ? login : "");
	if ((n > 0 && crmctl_audit(db, a, c, AUDIT_RECORD_REASSIGN, k->name, "bulk", AUDIT_SUCCESS, n,
	    json_end(&j)) == -1) || db_commit(db) != DB_OK)
		goto fail;
	return n;
fail:
	db_rollback(db);
	return -1;
}

/* Reads the options into from, to and type; -1 on a usage error. */
static int
parse_args(int argc, char *argv[], const char **from, const char **to, const char **type)
{
	for (int i = 1; i < argc; i += 2) {
		const char **slot = strcmp(argv[i], "--from") == 0 ? from : strcmp(argv[i], "--to") == 0 ? to :
		    strcmp(argv[i], "--type") == 0 ? type : NULL;
		if (slot == NULL || i + 1 >= argc || *argv[i + 1] == '\0')
			return -1;
		*slot = argv[i + 1];
	}
	return *from && *to ? 0 : -1;
}

int
cmd_reassign(struct conf *c, int argc, char *argv[])
{
	const char *from_name = NULL, *to_name = NULL, *type = "all";
	struct reassign_user from, to;
	const struct record_kind *only;
	struct db *db;
	struct arena a;
	int rc = 1;

	if (parse_args(argc, argv, &from_name, &to_name, &type) == -1 ||
	    ((only = record_kind_named(type)) == NULL && strcmp(type, "all") != 0)) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (strcmp(from_name, to_name) == 0) {
		fprintf(stderr, "crmctl: --from and --to name the same user\n");
		return 2;
	}
	db = db_new(c, false);
	arena_init(&a);
	if (crmctl_keyring_load(c) == -1 || find_user(db, &a, from_name, &from) == -1 ||
	    find_user(db, &a, to_name, &to) == -1)
		goto out;
	if (to.disabled) {
		fprintf(stderr, "crmctl: %s is disabled: give the records to an enabled user\n", to_name);
		goto out;
	}
	printf("reassigned from %s to %s:", from_name, to_name);
	for (int k = 0; k < RK__MAX; k++) {
		long long n;
		if (only != NULL && only != &record_kinds[k])
			continue;
		if ((n = reassign_kind(c, db, &a, &record_kinds[k], &from, &to)) < 0) {
			printf("\n");
			fprintf(stderr, "crmctl: stopped by a database error at %s (see the log); the types"
			    " listed are done, run it again for the rest\n", record_kinds[k].name);
			goto out;
		}
		printf(" %lld %s", n, record_kinds[k].name);
	}
	printf("\n");
	rc = 0;
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}
