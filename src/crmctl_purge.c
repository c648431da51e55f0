/* crmctl_purge.c: owns "crmctl purge-deleted": records deleted longer
 * ago than [server] restore_days are removed for good. A contact's,
 * lead's or account's data key is destroyed first (crypto-shredding: any
 * copy of its fields, in a backup too, becomes unreadable); what refers
 * to a contact or an account loses the reference (deals, contacts) or
 * goes with it (its activities); a lead's and a deal's activities go with
 * them, and a deal's data key (its activities' notes) is destroyed too.
 * Runs as the admin account (the application cannot delete records) in
 * batches, each with its audit record. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "subject_key.h"

/* What purging one record of a kind with a data key runs, in order, each
 * with the record's id (STMT__MAX ends the list). */
static const struct {
	const char *kind;		/* data key subject type */
	enum stmt_id steps[4];
} purge_steps[] = {
	{ "contact", { STMT_PURGE_CONTACT_UNLINK, STMT_PURGE_CONTACT_ACTIVITIES, STMT_PURGE_CONTACT, STMT__MAX } },
	{ "lead", { STMT_PURGE_LEAD_ACTIVITIES, STMT_PURGE_LEAD, STMT__MAX } },
	{ "account", { STMT_PURGE_ACCOUNT_UNLINK_CONTACTS, STMT_PURGE_ACCOUNT_UNLINK_DEALS,
	    STMT_PURGE_ACCOUNT_ACTIVITIES, STMT_PURGE_ACCOUNT } },
};

/* Purges one record of kind (a purge_steps kind) inside a transaction. */
static int
purge_one(struct db *db, struct arena *a, const char *kind, long long id)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = id } };
	enum subject_key_status st = subject_key_destroy(db, a, kind, id);
	size_t k = 0;

	if (st != SUBJECT_KEY_OK && st != SUBJECT_KEY_MISSING && st != SUBJECT_KEY_DESTROYED)
		return -1;
	while (k < sizeof(purge_steps) / sizeof(purge_steps[0]) && strcmp(purge_steps[k].kind, kind) != 0)
		k++;
	if (k == sizeof(purge_steps) / sizeof(purge_steps[0]))
		return -1;
	for (int s = 0; s < 4 && purge_steps[k].steps[s] != STMT__MAX; s++)
		if (db_run(db, a, purge_steps[k].steps[s], p, 1, NULL) != DB_OK)
			return -1;
	return 0;
}

/* Purges due records of kind in batches; returns how many, or -1. */
static long
purge_kind(const struct conf *c, struct db *db, struct arena *a, const char *kind,
    enum stmt_id due)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = c->restore_days } };
	struct db_rows rows;
	long total = 0;

	do {
		if (db_begin(db) != DB_OK || db_run(db, a, due, p, 1, &rows) != DB_OK)
			goto fail;
		for (size_t i = 0; i < rows.nrows; i++)
			if (purge_one(db, a, kind, db_cell_int(&rows, i, 0, 0)) == -1)
				goto fail;
		if (rows.nrows > 0 && crmctl_audit(db, a, c, AUDIT_RECORD_DELETE, kind, "purge",
		    AUDIT_SUCCESS, (long long)rows.nrows,
		    arena_printf(a, "{\"purged\":%zu,\"older_than_days\":%d}", rows.nrows, c->restore_days)) == -1)
			goto fail;
		if (db_commit(db) != DB_OK)
			goto fail;
		total += (long)rows.nrows;
		arena_reset(a);
	} while (rows.nrows > 0);
	return total;
fail:
	db_rollback(db);
	return -1;
}

/* Deals and activities are purged by one statement each, after the
 * statements of before (what goes with them, ended by STMT__MAX; NULL:
 * none), in one transaction. A deal has no fields of its own to
 * encrypt, but its activities' notes are sealed under its data key. */
static long
purge_plain(const struct conf *c, struct db *db, struct arena *a, const char *kind, enum stmt_id stmt,
    const enum stmt_id *before)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = c->restore_days } };
	struct db_rows rows;

	if (db_begin(db) != DB_OK)
		goto fail;
	for (; before != NULL && *before != STMT__MAX; before++)
		if (db_run(db, a, *before, p, 1, NULL) != DB_OK)
			goto fail;
	if (db_run(db, a, stmt, p, 1, &rows) != DB_OK ||
	    (rows.affected > 0 && crmctl_audit(db, a, c, AUDIT_RECORD_DELETE, kind, "purge", AUDIT_SUCCESS,
	    (long long)rows.affected, arena_printf(a, "{\"purged\":%llu,\"older_than_days\":%d}",
	    rows.affected, c->restore_days)) == -1) || db_commit(db) != DB_OK)
		goto fail;
	return (long)rows.affected;
fail:
	db_rollback(db);
	return -1;
}

int
cmd_purge_deleted(struct conf *c, int argc, char *argv[])
{
	struct db *db = db_new(c, true);
	static const enum stmt_id with_deals[] = { STMT_PURGE_DEAL_ACTIVITIES, STMT_PURGE_DEAL_KEYS, STMT__MAX };
	struct arena a;
	long n[5];
	int rc = 1;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: crmctl purge-deleted\n");
		db_free(db);
		return 2;
	}
	arena_init(&a);
	if (crmctl_keyring_load(c) == -1)
		goto out;
	n[0] = purge_plain(c, db, &a, "activities", STMT_PURGE_ACTIVITIES, NULL);
	n[1] = purge_kind(c, db, &a, "contact", STMT_PURGE_CONTACTS_DUE);
	n[2] = purge_kind(c, db, &a, "lead", STMT_PURGE_LEADS_DUE);
	n[3] = purge_plain(c, db, &a, "deals", STMT_PURGE_DEALS, with_deals);
	n[4] = purge_kind(c, db, &a, "account", STMT_PURGE_ACCOUNTS_DUE);
	if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[3] < 0 || n[4] < 0) {
		fprintf(stderr, "crmctl: purge stopped by a database error (see the log); run it again\n");
		goto out;
	}
	printf("purged records deleted more than %d days ago: %ld activities, %ld contacts, %ld leads, %ld deals,"
	    " %ld accounts\n", c->restore_days, n[0], n[1], n[2], n[3], n[4]);
	rc = 0;
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}
