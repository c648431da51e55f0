/* activity.c: owns the activity record's storage (activity.h): scope-
 * bound loading and the body envelope (AAD: table "activities", column
 * "body", the activity id) under the data key of the attached record. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "handler.h"
#include "i18n.h"
#include "json.h"
#include "record_scope.h"
#include "session.h"
#include "subject_key.h"

const char *const activity_kind_names[AK__MAX] = { "task", "call", "meeting", "note" };
const char *const activity_kind_labels[AK__MAX] = { N_("Task"), N_("Call"), N_("Meeting"), N_("Note") };
const char *const activity_related_names[AR__MAX] = { "contact", "account", "deal", "lead" };
const char *const activity_related_labels[AR__MAX] = { N_("Contact"), N_("Account"), N_("Deal"), N_("Lead") };

int
activity_parse(const char *const *names, int n, const char *s)
{
	for (int i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
activity_load(struct ctx *ctx, long long id, enum rbac_action action, struct activity *a)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	memset(a, 0, sizeof(*a));
	record_scope_bind(ctx, MOD_ACTIVITIES, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_ACTIVITY_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.nrows == 0)
		return 0;
	a->id = id;
	a->kind = activity_parse(activity_kind_names, AK__MAX, db_cell_text(&rows, 0, 1));
	a->subject = db_cell_text(&rows, 0, 2);
	a->sealed = rows.cells[3];
	a->related = activity_parse(activity_related_names, AR__MAX, db_cell_text(&rows, 0, 4));
	a->related_id = db_cell_int(&rows, 0, 5, 0);
	a->due = db_cell_text(&rows, 0, 6);
	a->done = db_cell_text(&rows, 0, 7);
	a->owner_id = db_cell_int(&rows, 0, 8, 0);
	a->owner = db_cell_text(&rows, 0, 9);
	a->team_id = db_cell_int(&rows, 0, 10, 0);
	a->version = db_cell_int(&rows, 0, 11, 0);
	a->created = db_cell_text(&rows, 0, 12);
	a->updated = db_cell_text(&rows, 0, 13);
	a->team = db_cell_text(&rows, 0, 14);
	a->overdue = db_cell_int(&rows, 0, 15, 0) == 1;
	if (a->kind < 0 || a->related < 0)
		return -1;	/* the ENUMs make this impossible */
	return 1;
}

int
activity_open(struct ctx *ctx, struct activity *a)
{
	struct subject_key *k = NULL;
	enum subject_key_status st;
	const char *pt;
	size_t len;

	if (a->sealed.type == DBV_NULL ||
	    rbac_field_rule(&ctx->user->rights, MOD_ACTIVITIES, "body") == RULE_HIDDEN)
		return 0;
	st = subject_key_get(ctx->db, ctx->req->arena, activity_related_names[a->related], a->related_id, &k);
	if (st == SUBJECT_KEY_DB_ERROR || st == SUBJECT_KEY_NO_KEYRING)
		return -1;
	if (st != SUBJECT_KEY_OK ||	/* destroyed (the record was erased) or broken */
	    field_open(k, ctx->req->arena, "activities", "body", a->id, &a->sealed, &pt, &len) == -1) {
		a->broken = true;
		return 0;
	}
	a->body = arena_printf(ctx->req->arena, "%.*s", (int)len, pt);
	return 0;
}

int
activity_seal(struct ctx *ctx, long long id, int related, long long related_id,
    const char *body, struct db_value *out)
{
	struct arena *ar = ctx->req->arena;
	const char *type = activity_related_names[related];
	struct subject_key *k = NULL;
	enum subject_key_status st = subject_key_get(ctx->db, ar, type, related_id, &k);

	if (st == SUBJECT_KEY_MISSING)
		st = subject_key_create(ctx->db, ar, type, related_id, &k);
	if (st != SUBJECT_KEY_OK)
		return -1;
	if (body == NULL || body[0] == '\0') {
		*out = (struct db_value){ .type = DBV_NULL };
		return 0;
	}
	return field_seal(k, ar, "activities", "body", id, body, strlen(body), out);
}

const char *
activity_mask(struct arena *a, const char *body)
{
	return json_mask(a, body);
}
