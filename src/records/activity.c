/* activity.c: owns the activity statements (activity_sql.h) and the
 * activity record's storage (activity.h): scope-bound loading, creating,
 * changing and completing with the audit record in the transaction, the
 * lists, the attached record's name. The body is sealed and opened
 * through record_secrets.h (secrets_seal_under/secrets_open_under: AAD
 * table "activities", column "body", the activity id) under the data key
 * of the attached record. */
#include "config.h"

#include <string.h>

#include "activity.h"
#include "audit.h"
#include "display.h"
#include "handler.h"
#include "i18n.h"
#include "json.h"
#include "record_audit.h"
#include "record_decl.h"
#include "record_kind.h"
#include "record_scope.h"
#include "record_secrets.h"
#include "related.h"
#include "session.h"
#include "stmt.h"

const char *const activity_kind_names[AK__MAX] = { "task", "call", "meeting", "note" };
const char *const activity_kind_labels[AK__MAX] = { N_("Task"), N_("Call"), N_("Meeting"), N_("Note") };

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
	struct activity_get_in in = { .id = id, .scope = record_scope_of(ctx, MOD_ACTIVITIES, action) };
	struct activity_get_out r;
	const struct activity_get_row *w;

	memset(a, 0, sizeof(*a));
	if (stmt_activity_get(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	if (r.n == 0)
		return 0;
	w = &r.rows[0];
	*a = (struct activity){
		.id = id, .kind = activity_parse(activity_kind_names, AK__MAX, w->kind),
		.subject = w->subject, .sealed = w->body,
		.related = activity_parse(activity_related_names, AR__MAX, w->related_type),
		.related_id = w->related_id, .due = w->due, .done = w->done, .owner_id = w->owner_id,
		.owner = w->owner, .team_id = w->team_id, .version = w->version, .created = w->created,
		.updated = w->updated, .team = w->team, .overdue = w->overdue == 1,
	};
	if (a->kind < 0 || a->related < 0)
		return -1;	/* the ENUMs make this impossible */
	return 1;
}

/* The activities' sealed fields (the body) as record_secrets.h takes them. */
static const struct secret_kind *
activity_secrets(void)
{
	return record_secret_kind(record_decl_of(RK_ACTIVITIES));
}

int
activity_open(struct ctx *ctx, struct activity *a)
{
	const char *plain[SECRETS_MAX];
	bool broken[SECRETS_MAX];

	if (secrets_open_under(ctx, activity_secrets(), activity_related_names[a->related], a->related_id,
	    a->id, &a->sealed, plain, broken) == -1)
		return -1;
	a->body = plain[0];
	a->broken = broken[0];
	return 0;
}

int
activity_seal(struct ctx *ctx, long long id, int related, long long related_id,
    const char *body, struct db_value *out)
{
	const char *plain[SECRETS_MAX] = { body };
	struct db_value bidx[SECRETS_MAX];

	return secrets_seal_under(ctx, activity_secrets(), activity_related_names[related], related_id, id,
	    plain, out, bidx);
}

const char *
activity_mask(struct arena *a, const char *body)
{
	return json_mask(a, body);
}

/* The DATETIME of a due value "YYYY-MM-DDTHH:MM", or NULL. */
static const char *
due_datetime(struct arena *a, const char *due)
{
	char *s;

	if (due == NULL)
		return NULL;
	s = arena_printf(a, "%s:00", due);
	s[10] = ' ';
	return s;
}

/* The value of field name of in for its audit record, NULL when empty
 * (blank: "" instead). */
static const char *
audit_value(const struct activity_input *in, const char *name, bool blank)
{
	const char *v = strcmp(name, "kind") == 0 ? activity_kind_names[in->kind] :
	    strcmp(name, "subject") == 0 ? in->subject : strcmp(name, "due_at") == 0 ? in->due :
	    strcmp(name, "body") == 0 ? in->body : NULL;

	return v == NULL && blank ? "" : v;
}

/* The audit values of in (record_audit.h) named in names (NULL ends;
 * blank: empty ones as ""), the other fields NULL: left out. The audit
 * detail lists due_at before body, which the declaration does not. */
static const char **
audit_values(struct arena *a, const struct activity_input *in, const char *const names[], bool blank)
{
	const struct record_decl *d = record_decl_of(RK_ACTIVITIES);
	const char **v = arena_alloc(a, sizeof(*v) * d->nfields);

	memset(v, 0, sizeof(*v) * d->nfields);
	for (size_t k = 0; names[k] != NULL; k++)
		v[record_field_index(d, names[k])] = audit_value(in, names[k], blank);
	return v;
}

/* {"after":{"kind":..,"subject":..,"related":..,"due_at":..,"body":"n•••"}}
 * of a new activity: "related" is not a declared field. */
static const char *
created_detail(struct arena *a, const struct activity_input *in, int rel, long long rid)
{
	static const char *const head[] = { "kind", "subject", NULL }, *const due[] = { "due_at", NULL },
	    *const body[] = { "body", NULL };
	const struct record_decl *d = record_decl_of(RK_ACTIVITIES);
	struct json j, f;

	json_begin(&f, a);
	record_audit_put(&f, d, audit_values(a, in, head, false));
	json_str(&f, "related", arena_printf(a, "%s:%lld", activity_related_names[rel], rid));
	record_audit_put(&f, d, audit_values(a, in, due, false));
	record_audit_put(&f, d, audit_values(a, in, body, false));
	json_begin(&j, a);
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

/* Inserts the activity, seals its body, audits; in the caller's
 * transaction. The new id, or -1. */
static long long
insert(struct ctx *ctx, const struct activity_input *in, int rel, long long rid)
{
	struct arena *a = ctx->req->arena;
	struct activity_insert_in ins = {
		.kind = activity_kind_names[in->kind], .subject = in->subject,
		.related_type = activity_related_names[rel], .related_id = rid,
		.due = due_datetime(a, in->due), .owner_id = ctx->user->id, .team_id = ctx->user->team_id,
	};
	struct activity_insert_out r;
	struct activity_set_body_in body;
	struct activity_set_body_out done;
	long long id;

	if (stmt_activity_insert(ctx->db, a, &ins, &r) != DB_OK)
		return -1;
	id = (long long)r.insert_id;
	body.id = id;
	if (activity_seal(ctx, id, rel, rid, in->body, &body.body) == -1 ||
	    stmt_activity_set_body(ctx->db, a, &body, &done) != DB_OK ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "activities", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    created_detail(a, in, rel, rid)) == -1)
		return -1;
	return id;
}

long long
activity_create(struct ctx *ctx, const struct activity_input *in, int related, long long related_id)
{
	long long id;

	if (db_begin(ctx->db) != DB_OK || (id = insert(ctx, in, related, related_id)) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return id;
fail:
	db_rollback(ctx->db);
	return -1;
}

/* {"before":{..},"after":{..}} of what changed (kind, subject, due_at,
 * then the body when body), the body masked. */
static const char *
change_detail(struct arena *ar, const struct activity *a, const struct activity_input *in, bool body)
{
	static const char *const head[] = { "kind", "subject", "due_at", NULL },
	    *const sealed[] = { "body", NULL };
	const struct record_decl *d = record_decl_of(RK_ACTIVITIES);
	const struct activity_input was = { .kind = a->kind, .subject = a->subject, .body = a->body, .due = a->due };
	struct json b, f, j;

	json_begin(&b, ar);
	json_begin(&f, ar);
	record_audit_diff(&b, &f, d, audit_values(ar, &was, head, true), audit_values(ar, in, head, true));
	if (body)
		record_audit_diff(&b, &f, d, audit_values(ar, &was, sealed, true), audit_values(ar, in, sealed, true));
	json_begin(&j, ar);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

int
activity_save(struct ctx *ctx, const struct activity *a, const struct activity_input *in, bool set_body,
    long long version)
{
	struct arena *ar = ctx->req->arena;
	struct activity_update_in up = {
		.kind = activity_kind_names[in->kind], .subject = in->subject, .due = due_datetime(ar, in->due),
		.set_body = set_body, .body = { .type = DBV_NULL }, .id = a->id, .version = version,
		.scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_EDIT),
	};
	struct activity_update_out r;

	if (db_begin(ctx->db) != DB_OK ||
	    (set_body && activity_seal(ctx, a->id, a->related, a->related_id, in->body, &up.body) == -1) ||
	    stmt_activity_update(ctx->db, ar, &up, &r) != DB_OK)
		goto fail;
	if (r.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (audit_ctx(ctx, AUDIT_RECORD_UPDATE, "activities", arena_printf(ar, "%lld", a->id), AUDIT_SUCCESS,
	    1, change_detail(ar, a, in, set_body)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
activity_complete(struct ctx *ctx, const struct activity *a)
{
	struct activity_complete_in in = { .id = a->id, .scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_EDIT) };
	struct stmt_call call = stmt_call_activity_complete(&in);

	return record_change_call(ctx, &call, AUDIT_RECORD_UPDATE, "activities", a->id,
	    "{\"done\":[false,true]}");
}

/* --- the lists --- */

/* Copies n rows of any list statement (their OUT is ACTIVITY_ITEM_OUT)
 * into items. */
#define ACTIVITY_ITEMS(ctx, res, out) do { \
	*(out) = arena_alloc((ctx)->req->arena, ((res).n ? (res).n : 1) * sizeof(**(out))); \
	for (size_t i_ = 0; i_ < (res).n; i_++) \
		item_of((ctx), &(*(out))[i_], (res).rows[i_].id, (res).rows[i_].kind, (res).rows[i_].subject, \
		    (res).rows[i_].related_type, (res).rows[i_].related_id, (res).rows[i_].at, \
		    (res).rows[i_].state, (res).rows[i_].owner, (res).rows[i_].related_name, \
		    (res).rows[i_].related_family); \
} while (0)

static void
item_of(struct ctx *ctx, struct activity_item *it, long long id, const char *kind, const char *subject, const char *rtype,
    long long rid, const char *at, long long state, const char *owner, const char *rname, const char *rfamily)
{
	*it = (struct activity_item){
		.id = id, .related_id = rid, .state = state,
		.kind = activity_parse(activity_kind_names, AK__MAX, kind),
		.related = activity_parse(activity_related_names, AR__MAX, rtype),
		.subject = subject, .at = display_datetime(ctx, at), .owner = owner,
		.related_name = rname != NULL ? display_person(ctx, rname, rfamily) : NULL,
	};
}

long long
activity_open_tasks(struct ctx *ctx, long long limit, struct activity_item **out)
{
	struct activity_open_tasks_in in = {
		.contacts = related_scope_of(ctx, AR_CONTACT), .accounts = related_scope_of(ctx, AR_ACCOUNT),
		.deals = related_scope_of(ctx, AR_DEAL), .leads = related_scope_of(ctx, AR_LEAD),
		.owner_id = ctx->user->id, .scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW),
		.limit = limit,
	};
	struct activity_open_tasks_out r;

	if (stmt_activity_open_tasks(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

/* The four scopes of RELATED_JOINS_SQL and the activities' own. */
#define DASH_SCOPES(ctx) \
	.contacts = related_scope_of(ctx, AR_CONTACT), .accounts = related_scope_of(ctx, AR_ACCOUNT), \
	.deals = related_scope_of(ctx, AR_DEAL), .leads = related_scope_of(ctx, AR_LEAD), \
	.owner_id = (ctx)->user->id, .scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW)

long long
activity_tasks_due(struct ctx *ctx, const char *from, const char *to, long long limit,
    struct activity_item **out)
{
	struct activity_tasks_due_in in = { DASH_SCOPES(ctx), .from = from, .to = to, .limit = limit };
	struct activity_tasks_due_out r;

	if (stmt_activity_tasks_due(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

long long
activity_tasks_overdue(struct ctx *ctx, const char *before, long long limit, struct activity_item **out)
{
	struct activity_tasks_overdue_in in = { DASH_SCOPES(ctx), .before = before, .limit = limit };
	struct activity_tasks_overdue_out r;

	if (stmt_activity_tasks_overdue(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

long long
activity_meetings(struct ctx *ctx, const char *from, const char *to, long long limit,
    struct activity_item **out)
{
	struct activity_meetings_in in = { DASH_SCOPES(ctx), .from = from, .to = to, .limit = limit };
	struct activity_meetings_out r;

	if (stmt_activity_meetings(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

long long
activity_my_recent(struct ctx *ctx, long long limit, struct activity_item **out)
{
	struct activity_my_recent_in in = { DASH_SCOPES(ctx), .limit = limit };
	struct activity_my_recent_out r;

	if (stmt_activity_my_recent(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

long long
activity_recent(struct ctx *ctx, const struct activity_filter *f, long long after, long long limit,
    struct activity_item **out)
{
	struct activity_recent_in in = {
		.contacts = related_scope_of(ctx, AR_CONTACT), .accounts = related_scope_of(ctx, AR_ACCOUNT),
		.deals = related_scope_of(ctx, AR_DEAL), .leads = related_scope_of(ctx, AR_LEAD),
		.scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW),
		.kind = f->kind, .kind_again = f->kind,
		.state = f->state, .state_again = f->state, .state_third = f->state,
		.owner = f->owner, .owner_again = f->owner, .after = after, .after_again = after, .limit = limit,
	};
	struct activity_recent_out r;

	if (stmt_activity_recent(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}

long long
activity_timeline(struct ctx *ctx, const char *related_type, long long related_id, long long limit,
    struct activity_item **out)
{
	struct activity_timeline_in in = {
		.related_type = related_type, .related_id = related_id,
		.scope = record_scope_of(ctx, MOD_ACTIVITIES, ACT_VIEW), .limit = limit,
	};
	struct activity_timeline_out r;

	if (stmt_activity_timeline(ctx->db, ctx->req->arena, &in, &r) != DB_OK)
		return -1;
	ACTIVITY_ITEMS(ctx, r, out);
	return (long long)r.n;
}
