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
#include "stmt.h"
#include "subject_key.h"

/* What purging one record of a kind with a data key runs, in order, each
 * with the record's id (STMT__MAX ends the list). */
static const struct {
	const char *kind;		/* data key subject type */
	enum stmt_id steps[4];
} purge_steps[] = {
	{ "contact", { STMT_record_purge_contact_unlink, STMT_record_purge_contact_activities,
	    STMT_record_purge_contact, STMT__MAX } },
	{ "lead", { STMT_record_purge_lead_activities, STMT_record_purge_lead, STMT__MAX } },
	{ "account", { STMT_record_purge_account_unlink_contacts, STMT_record_purge_account_unlink_deals,
	    STMT_record_purge_account_activities, STMT_record_purge_account } },
};

_Static_assert(record_purge_one_NPARAMS == 1 && record_purge_old_NPARAMS == 1 && link_purge_NPARAMS == 1,
    "run() binds both purge shapes as one INT");

/* Runs statement st of shape record_purge_one (id) or record_purge_old
 * (days: the same one INT) with v, rows into *rows when not NULL. */
static int
run(struct db *db, struct arena *a, enum stmt_id st, long long v, struct db_rows *rows)
{
	struct record_purge_one_in in = { .id = v };
	struct stmt_call call = { .id = st };
	struct db_rows r;

	call.n = record_purge_one_bind(&in, call.p);
	if (stmt_exec(db, a, &call, &r) != DB_OK)
		return -1;
	if (rows != NULL)
		*rows = r;
	return 0;
}

/* Purges one record of kind (a purge_steps kind) inside a transaction. */
static int
purge_one(struct db *db, struct arena *a, const char *kind, long long id)
{
	enum subject_key_status st = subject_key_destroy(db, a, kind, id);
	size_t k = 0;

	if (st != SUBJECT_KEY_OK && st != SUBJECT_KEY_MISSING && st != SUBJECT_KEY_DESTROYED)
		return -1;
	while (k < sizeof(purge_steps) / sizeof(purge_steps[0]) && strcmp(purge_steps[k].kind, kind) != 0)
		k++;
	if (k == sizeof(purge_steps) / sizeof(purge_steps[0]))
		return -1;
	for (int s = 0; s < 4 && purge_steps[k].steps[s] != STMT__MAX; s++)
		if (run(db, a, purge_steps[k].steps[s], id, NULL) == -1)
			return -1;
	return 0;
}

/* Purges due records of kind in batches; returns how many, or -1. */
static long
purge_kind(const struct conf *c, struct db *db, struct arena *a, const char *kind,
    enum stmt_id due)
{
	struct record_purge_due_in in = { .days = c->restore_days };
	struct record_purge_due_out due_ids;
	struct stmt_call call = { .id = due };
	struct db_rows rows;
	long total = 0;

	call.n = record_purge_due_bind(&in, call.p);
	do {
		if (db_begin(db) != DB_OK || stmt_exec(db, a, &call, &rows) != DB_OK)
			goto fail;
		record_purge_due_read(&rows, a, &due_ids);
		for (size_t i = 0; i < due_ids.n; i++)
			if (purge_one(db, a, kind, due_ids.rows[i].id) == -1)
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
	struct db_rows rows;

	if (db_begin(db) != DB_OK)
		goto fail;
	for (; before != NULL && *before != STMT__MAX; before++)
		if (run(db, a, *before, c->restore_days, NULL) == -1)
			goto fail;
	if (run(db, a, stmt, c->restore_days, &rows) == -1 ||
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
	static const enum stmt_id with_deals[] = { STMT_record_purge_deal_activities, STMT_record_purge_deal_keys,
	    STMT__MAX };
	/* what deleting records unlinked, kept for restores no longer possible */
	static const enum stmt_id with_activities[] = { STMT_link_purge, STMT__MAX };
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
	n[0] = purge_plain(c, db, &a, "activities", STMT_record_purge_activities, with_activities);
	n[1] = purge_kind(c, db, &a, "contact", STMT_record_purge_contacts_due);
	n[2] = purge_kind(c, db, &a, "lead", STMT_record_purge_leads_due);
	n[3] = purge_plain(c, db, &a, "deals", STMT_record_purge_deals, with_deals);
	n[4] = purge_kind(c, db, &a, "account", STMT_record_purge_accounts_due);
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
