/* backup_store.c: owns reading the backups and backup_drills tables
 * (backup_sql.h) for /admin/backups and crmctl watch: the status both
 * judge by (backup_alerts.h), the lists the page shows, and the failed
 * drills watch has not alerted on yet. */
#include "config.h"

#include "backup_store.h"
#include "stmt.h"

int
backup_store_status(struct db *db, struct arena *a, time_t now, struct backup_status *st,
    const char **newest_outcome)
{
	struct backup_state_out out;
	const struct backup_state_row *r;

	if (stmt_backup_state(db, a, &(struct backup_state_in){ 0 }, &out) != DB_OK || out.n != 1)
		return -1;
	r = &out.rows[0];
	*st = (struct backup_status){
		.now = now,
		.since = (time_t)r->since,
		.last_backup = (time_t)r->last_backup,
		.last_backup_name = r->last_backup_name,
		.last_pass = (time_t)r->last_pass,
	};
	*newest_outcome = r->newest_outcome;
	return 0;
}

int
backup_store_list(struct db *db, struct arena *a, long long limit, struct backup_entry **out,
    size_t *n)
{
	struct backup_list_out rows;

	if (stmt_backup_list(db, a, &(struct backup_list_in){ .limit = limit }, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct backup_list_row *r = &rows.rows[i];
		(*out)[i] = (struct backup_entry){ .name = r->name, .created = r->created,
		    .schema = r->schema, .tables = r->tables, .rows = r->rows, .pruned = r->pruned,
		    .bytes = r->bytes, .with_keyring = r->with_keyring != 0 };
	}
	*n = rows.n;
	return 0;
}

int
backup_store_drills(struct db *db, struct arena *a, long long limit, struct backup_drill **out,
    size_t *n)
{
	struct backup_drill_list_out rows;

	if (stmt_backup_drill_list(db, a, &(struct backup_drill_list_in){ .limit = limit }, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct backup_drill_list_row *r = &rows.rows[i];
		(*out)[i] = (struct backup_drill){ .id = r->id, .age_seconds = r->age_seconds,
		    .started = r->started, .backup = r->backup, .outcome = r->outcome,
		    .seconds = r->seconds, .reason = r->reason };
	}
	*n = rows.n;
	return 0;
}

int
backup_store_failed_drills(struct db *db, struct arena *a, long long limit,
    struct backup_failed_drill **out, size_t *n)
{
	struct backup_drill_failed_new_out rows;

	if (stmt_backup_drill_failed_new(db, a, &(struct backup_drill_failed_new_in){ .limit = limit },
	    &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct backup_drill_failed_new_row *r = &rows.rows[i];
		(*out)[i] = (struct backup_failed_drill){ .id = r->id, .started = (time_t)r->started,
		    .backup = r->backup, .reason = r->reason };
	}
	*n = rows.n;
	return 0;
}
