/* crmctl_purge.c: owns "crmctl purge-deleted": records deleted longer
 * ago than [server] restore_days are removed for good. A contact's or a
 * lead's data key is destroyed first (crypto-shredding: any copy of its
 * fields, in a backup too, becomes unreadable); what refers to a contact
 * loses the reference (deals) or goes with it (its activities). Runs as
 * the admin account (the application cannot delete records) in batches,
 * each with its audit record. */
#include "config.h"

#include <stdio.h>

#include "audit.h"
#include "crmctl.h"
#include "db.h"
#include "subject_key.h"

/* Purges one contact or lead (kind "contact"/"lead") inside a transaction. */
static int
purge_one(struct db *db, struct arena *a, const char *kind, long long id)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = id } };
	enum subject_key_status st = subject_key_destroy(db, a, kind, id);

	if (st != SUBJECT_KEY_OK && st != SUBJECT_KEY_MISSING && st != SUBJECT_KEY_DESTROYED)
		return -1;
	if (kind[0] == 'c')
		return db_run(db, a, STMT_PURGE_CONTACT_UNLINK, p, 1, NULL) == DB_OK &&
		    db_run(db, a, STMT_PURGE_CONTACT_ACTIVITIES, p, 1, NULL) == DB_OK &&
		    db_run(db, a, STMT_PURGE_CONTACT, p, 1, NULL) == DB_OK ? 0 : -1;
	return db_run(db, a, STMT_PURGE_LEAD, p, 1, NULL) == DB_OK ? 0 : -1;
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

/* Deals and activities have no keys of their own: one statement each. */
static long
purge_plain(const struct conf *c, struct db *db, struct arena *a, const char *kind, enum stmt_id stmt)
{
	struct db_value p[1] = { { .type = DBV_INT, .i = c->restore_days } };
	struct db_rows rows;

	if (db_begin(db) != DB_OK || db_run(db, a, stmt, p, 1, &rows) != DB_OK ||
	    (rows.affected > 0 && crmctl_audit(db, a, c, AUDIT_RECORD_DELETE, kind, "purge", AUDIT_SUCCESS,
	    (long long)rows.affected, arena_printf(a, "{\"purged\":%llu,\"older_than_days\":%d}",
	    rows.affected, c->restore_days)) == -1) || db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return (long)rows.affected;
}

int
cmd_purge_deleted(struct conf *c, int argc, char *argv[])
{
	struct db *db = db_new(c, true);
	struct arena a;
	long n[4];
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
	n[0] = purge_plain(c, db, &a, "activities", STMT_PURGE_ACTIVITIES);
	n[1] = purge_kind(c, db, &a, "contact", STMT_PURGE_CONTACTS_DUE);
	n[2] = purge_kind(c, db, &a, "lead", STMT_PURGE_LEADS_DUE);
	n[3] = purge_plain(c, db, &a, "deals", STMT_PURGE_DEALS);
	if (n[0] < 0 || n[1] < 0 || n[2] < 0 || n[3] < 0) {
		fprintf(stderr, "crmctl: purge stopped by a database error (see the log); run it again\n");
		goto out;
	}
	printf("purged records deleted more than %d days ago: %ld activities, %ld contacts, %ld leads, %ld deals\n",
	    c->restore_days, n[0], n[1], n[2], n[3]);
	rc = 0;
out:
	arena_reset(&a);
	db_free(db);
	return rc;
}
