/* page_activity_edit.c: owns creating and editing activities
 * (/activities/new?related=TYPE&id=N, TYPE contact, account, deal or
 * lead; /activities/{id}/edit). A new activity is attached to a record
 * that exists, is not deleted and that the user may view (anything else
 * answers 404 like a missing one, nothing stored); its body is sealed
 * under that record's data key. An edit changes the body only when the user's
 * rule makes it editable (a submitted body otherwise is refused) and
 * only when the activity still has the version the form was opened at.
 * Each writes its audit record, the body masked, in the same
 * transaction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "related.h"
#include "session.h"

#define MSG_CONFLICT N_("Someone changed this activity after you opened it. Their version is shown; make your change again.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")
#define MSG_DUE_FORMAT N_("Enter a due date as YYYY-MM-DD, or a date and time.")
#define MSG_DUE_INVALID N_("This date or time does not exist.")
#define MSG_DUE_NOTE N_("A note has no due date; choose a task, call or meeting.")

static const char *const kind_choices[] = { "task", "call", "meeting", "note", NULL };

const struct field_def activity_fields[] = {
	{ .name = "kind", .label = N_("Kind"), .type = FIELD_CHOICE, .required = true, .choices = kind_choices },
	{ .name = "subject", .label = N_("Subject"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "body", .label = N_("Notes"), .type = FIELD_TEXTAREA, .max_len = 10000 },
	{ .name = "due_at", .label = N_("Due"), .type = FIELD_TEXT, .max_len = 19,
	  .pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", .pattern_msg = MSG_DUE_FORMAT },
};
const struct form_def activity_form = {
	"activity", activity_fields, sizeof(activity_fields) / sizeof(activity_fields[0])
};

/* What the user sent, validated. */
struct input {
	int kind;
	const char *subject, *body;
	const char *due;	/* "YYYY-MM-DDTHH:MM" (a date alone: its end, 23:59) or NULL */
};

static bool
body_editable(const struct ctx *ctx)
{
	return rbac_field_rule(&ctx->user->rights, MOD_ACTIVITIES, "body") == RULE_EDITABLE;
}

/* The record a new activity is for, from the query (related=TYPE&id=N):
 * 1 when it exists, is not deleted and the user may view it (its name
 * goes on the form), 0 otherwise: a bad type or id, a missing record and
 * one outside the user's scope all answer 404 alike. -1 on a database
 * error. */
static int
related_from_query(struct ctx *ctx, int *rel, long long *rid)
{
	const char *t = param_get(&ctx->req->query, "related");
	const char *name;
	int rc;

	*rel = activity_parse(activity_related_names, AR__MAX, t);
	*rid = form_id_parse(param_get(&ctx->req->query, "id"), 0);
	if (*rel < 0 || *rid == 0)
		return 0;
	if ((rc = related_name(ctx, *rel, *rid, &name)) == 1) {
		related_show(tv_child(ctx->data, "for"), *rel, *rid, name);
		tv_strf(ctx->data, "action", "/activities/new?related=%s&id=%lld",
		    activity_related_names[*rel], *rid);
	}
	return rc;
}

/* The kind choices of the form with the current one selected. */
static void
kind_options(struct ctx *ctx, const char *current)
{
	struct tval *list = tv_list(ctx->data, "kinds");

	for (int k = 0; k < AK__MAX; k++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "value", activity_kind_names[k]);
		tv_str(e, "label", activity_kind_labels[k]);
		tv_bool(e, "selected", current != NULL && strcmp(current, activity_kind_names[k]) == 0);
	}
}

/* The form: from r when given, else from a when given, else empty with
 * the kind asked for in the query. */
static int
show_form(struct ctx *ctx, const struct activity *a, struct form_result *r, int status)
{
	const char *kind = param_get(&ctx->req->query, "kind");

	tv_bool(ctx->data, "body_editable", body_editable(ctx));
	if (r != NULL) {
		page_form(ctx, r);
		kind = form_field(r, "kind")->raw;
	} else if (a != NULL) {
		struct tval *form = tv_child(ctx->data, "form");
		kind = activity_kind_names[a->kind];
		tv_str(tv_child(form, "subject"), "value", a->subject);
		tv_str(tv_child(form, "due_at"), "value", a->due);
		if (body_editable(ctx))
			tv_str(tv_child(form, "body"), "value", a->body);
	}
	kind_options(ctx, kind);
	if (a != NULL) {
		tv_strf(ctx->data, "action", "/activities/%lld/edit", a->id);
		tv_int(ctx->data, "version", a->version);
		tv_str(ctx->data, "name", a->subject);
	}	/* a new one's action: related_from_query */
	return page_render(ctx, "activity_form", status);
}

/* "2026-03-01T09:30" of a valid due value v (seconds dropped; a date
 * alone means its end), or NULL when the date or time does not exist. */
static const char *
due_value(struct arena *a, const char *v)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 23, mi = 59, s = 0;

	if (sscanf(v, "%4d-%2d-%2d", &y, &mo, &d) != 3 ||
	    (strlen(v) > 10 && sscanf(v + 11, "%2d:%2d:%2d", &h, &mi, &s) < 2))
		return NULL;
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) ||
	    h > 23 || mi > 59 || s > 59)
		return NULL;
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
}

/* Validates the form into in; the number of errors (the form shows them). */
static int
read_input(struct ctx *ctx, struct form_result *r, struct input *in)
{
	const char *due;

	if (form_validate(&activity_form, &ctx->req->form, ctx->req->arena, r) > 0)
		return r->nerrors;
	in->kind = (int)form_field(r, "kind")->i;
	in->subject = form_field(r, "subject")->value;
	in->body = form_field(r, "body")->value;
	due = form_field(r, "due_at")->value;
	in->due = NULL;
	if (due != NULL && in->kind == AK_NOTE)
		form_set_error(r, "due_at", MSG_DUE_NOTE);
	else if (due != NULL && (in->due = due_value(ctx->req->arena, due)) == NULL)
		form_set_error(r, "due_at", MSG_DUE_INVALID);
	return r->nerrors;
}

/* A DATETIME parameter of a due value, or NULL. */
static struct db_value
due_param(struct arena *a, const char *due)
{
	char *s;

	if (due == NULL)
		return (struct db_value){ .type = DBV_NULL };
	s = arena_printf(a, "%s:00", due);
	s[10] = ' ';
	return (struct db_value){ .type = DBV_TEXT, .s = s, .len = strlen(s) };
}

int
page_activity_new_get(struct ctx *ctx)
{
	int rel, rc;
	long long rid;

	if ((rc = related_from_query(ctx, &rel, &rid)) <= 0)
		return rc == 0 ? 404 : 503;
	return show_form(ctx, NULL, NULL, 200);
}

/* {"kind":..,"subject":..,"due_at":..,"body":"n•••"} of a new activity. */
static const char *
created_detail(struct arena *a, const struct input *in, int rel, long long rid)
{
	struct json j, f;

	json_begin(&f, a);
	json_str(&f, "kind", activity_kind_names[in->kind]);
	json_str(&f, "subject", in->subject);
	json_str(&f, "related", arena_printf(a, "%s:%lld", activity_related_names[rel], rid));
	if (in->due != NULL)
		json_str(&f, "due_at", in->due);
	if (in->body != NULL)
		json_str(&f, "body", json_mask(a, in->body));
	json_begin(&j, a);
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

/* Inserts the activity, seals its body, audits; in the caller's
 * transaction. The new id, or -1. */
static long long
insert(struct ctx *ctx, const struct input *in, int rel, long long rid)
{
	struct arena *a = ctx->req->arena;
	const char *kind = activity_kind_names[in->kind], *type = activity_related_names[rel];
	struct db_value p[7] = {
		{ .type = DBV_TEXT, .s = kind, .len = strlen(kind) },
		{ .type = DBV_TEXT, .s = in->subject, .len = strlen(in->subject) },
		{ .type = DBV_TEXT, .s = type, .len = strlen(type) },
		{ .type = DBV_INT, .i = rid },
		due_param(a, in->due),
		{ .type = DBV_INT, .i = ctx->user->id },
		{ .type = ctx->user->team_id ? DBV_INT : DBV_NULL, .i = ctx->user->team_id },
	};
	struct db_rows rows;
	long long id;

	if (db_run(ctx->db, a, STMT_ACTIVITY_INSERT, p, 7, &rows) != DB_OK)
		return -1;
	id = (long long)rows.insert_id;
	if (activity_seal(ctx, id, rel, rid, in->body, &p[0]) == -1)
		return -1;
	p[1] = (struct db_value){ .type = DBV_INT, .i = id };
	if (db_run(ctx->db, a, STMT_ACTIVITY_SET_BODY, p, 2, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "activities", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    created_detail(a, in, rel, rid)) == -1)
		return -1;
	return id;
}

int
page_activity_new_post(struct ctx *ctx)
{
	struct form_result r;
	struct input in;
	long long rid, id;
	int rel, rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = related_from_query(ctx, &rel, &rid)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!body_editable(ctx) && param_get(&ctx->req->form, "body") != NULL)
		return 403;
	if (read_input(ctx, &r, &in) > 0)
		return show_form(ctx, NULL, &r, 400);
	if (db_begin(ctx->db) != DB_OK || (id = insert(ctx, &in, rel, rid)) == -1 ||
	    db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/activities/%lld", id));
}

int
page_activity_edit_get(struct ctx *ctx)
{
	struct activity a;
	int rc = activity_load(ctx, ctx->ids[0], ACT_EDIT, &a);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (activity_open(ctx, &a) == -1)
		return 503;
	return show_form(ctx, &a, NULL, 200);
}

static void
changed(struct json *b, struct json *f, const char *key, const char *was, const char *now)
{
	if (strcmp(was ? was : "", now ? now : "") == 0)
		return;
	json_str(b, key, was ? was : "");
	json_str(f, key, now ? now : "");
}

/* {"before":{..},"after":{..}} of what changed, the body masked. */
static const char *
change_detail(struct arena *ar, const struct activity *a, const struct input *in, bool body)
{
	struct json b, f, j;

	json_begin(&b, ar);
	json_begin(&f, ar);
	changed(&b, &f, "kind", activity_kind_names[a->kind], activity_kind_names[in->kind]);
	changed(&b, &f, "subject", a->subject, in->subject);
	changed(&b, &f, "due_at", a->due, in->due);
	if (body && strcmp(a->body ? a->body : "", in->body ? in->body : "") != 0) {
		json_str(&b, "body", json_mask(ar, a->body));	/* masks may be equal */
		json_str(&f, "body", json_mask(ar, in->body));
	}
	json_begin(&j, ar);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

/* Runs the update; 1 saved, 0 conflict (rolled back), -1 error. */
static int
update(struct ctx *ctx, const struct activity *a, const struct input *in, long long version)
{
	struct arena *ar = ctx->req->arena;
	const char *kind = activity_kind_names[in->kind];
	bool body = body_editable(ctx);
	struct db_value p[7 + RECORD_SCOPE_PARAMS] = {
		{ .type = DBV_TEXT, .s = kind, .len = strlen(kind) },
		{ .type = DBV_TEXT, .s = in->subject, .len = strlen(in->subject) },
		due_param(ar, in->due),
		{ .type = DBV_INT, .i = body },
		{ .type = DBV_NULL },
		{ .type = DBV_INT, .i = a->id },
		{ .type = DBV_INT, .i = version },
	};
	struct db_rows rows;

	if (db_begin(ctx->db) != DB_OK ||
	    (body && activity_seal(ctx, a->id, a->related, a->related_id, in->body, &p[4]) == -1))
		return -1;
	record_scope_bind(ctx, MOD_ACTIVITIES, ACT_EDIT, p + 7);
	if (db_run(ctx->db, ar, STMT_ACTIVITY_UPDATE, p, 7 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.affected == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (audit_ctx(ctx, AUDIT_RECORD_UPDATE, "activities", arena_printf(ar, "%lld", a->id), AUDIT_SUCCESS,
	    1, change_detail(ar, a, in, body)) == -1 || db_commit(ctx->db) != DB_OK)
		return -1;
	return 1;
}

int
page_activity_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct activity a;
	struct input in;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = activity_load(ctx, ctx->ids[0], ACT_EDIT, &a)) <= 0)
		return rc == 0 ? 404 : 503;
	if (activity_open(ctx, &a) == -1)
		return 503;
	if (!body_editable(ctx) && param_get(&ctx->req->form, "body") != NULL) {
		tv_str(ctx->data, "error", MSG_NOT_YOURS);
		return show_form(ctx, &a, NULL, 403);
	}
	if (read_input(ctx, &r, &in) > 0)
		return show_form(ctx, &a, &r, 400);
	rc = update(ctx, &a, &in, v ? strtoll(v, NULL, 10) : 0);
	if (rc == -1) {
		db_rollback(ctx->db);
		return 503;
	}
	if (rc == 0) {	/* changed since the form was opened: a holds theirs */
		tv_str(ctx->data, "error", MSG_CONFLICT);
		return show_form(ctx, &a, NULL, 409);
	}
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/activities/%lld", a.id));
}
