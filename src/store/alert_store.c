/* alert_store.c: owns the alerts table's statements (alert_sql.h):
 * storing the alerts crmctl watch raises (a repeat of an identity is a
 * duplicate, not a second alert), the lists the admin pages show, and
 * the acknowledgement with its audit record in one transaction. */
#include "config.h"

#include "alert_store.h"
#include "audit.h"
#include "json.h"
#include "session.h"
#include "stmt.h"

enum db_error
alert_store_insert(struct db *db, struct arena *a, const struct anomaly_alert *al)
{
	struct alert_insert_in in = {
		.kind = anomaly_kind_name(al->kind), .severity = anomaly_severity_name(al->severity),
		.actor = al->actor, .ip = al->ip, .subject = al->subject,
		.window_start = (long long)al->window_start, .first_seq = (long long)al->first_seq,
		.last_seq = (long long)al->last_seq, .summary = al->summary, .detail = al->detail,
	};

	return stmt_alert_insert(db, a, &in, NULL);
}

int
alert_store_list(struct db *db, struct arena *a, bool all, long long limit,
    struct alert_entry **out, size_t *n)
{
	struct alert_list_out rows;

	if (stmt_alert_list(db, a, &(struct alert_list_in){ .all = all, .limit = limit }, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct alert_list_row *r = &rows.rows[i];
		(*out)[i] = (struct alert_entry){ .id = r->id, .created = r->created,
		    .severity = r->severity, .kind = r->kind, .actor = r->actor, .ip = r->ip,
		    .summary = r->summary, .detail = r->detail, .acked_at = r->acked_at,
		    .acked_by = r->acked_by, .note = r->note };
	}
	*n = rows.n;
	return 0;
}

int
alert_store_backup_open(struct db *db, struct arena *a, long long limit,
    struct alert_brief **out, size_t *n)
{
	struct alert_backup_open_out rows;

	if (stmt_alert_backup_open(db, a, &(struct alert_backup_open_in){ .limit = limit }, &rows) != DB_OK)
		return -1;
	*out = arena_alloc(a, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		const struct alert_backup_open_row *r = &rows.rows[i];
		(*out)[i] = (struct alert_brief){ .created = r->created, .severity = r->severity,
		    .kind = r->kind, .summary = r->summary };
	}
	*n = rows.n;
	return 0;
}

int
alert_store_ack(struct ctx *ctx, long long id, const char *note)
{
	struct arena *a = ctx->req->arena;
	struct alert_ack_in in = { .by = ctx->user->username, .note = note, .id = id };
	struct alert_ack_out out;
	struct json j;

	if (db_begin(ctx->db) != DB_OK || stmt_alert_ack(ctx->db, a, &in, &out) != DB_OK)
		goto fail;
	if (out.affected == 0) {	/* no such alert, or acknowledged already */
		db_rollback(ctx->db);
		return 0;
	}
	json_begin(&j, a);
	json_str(&j, "note", note);
	if (audit_ctx(ctx, AUDIT_ALERT_ACK, "alert", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    json_end(&j)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}
