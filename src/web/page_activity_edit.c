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
#include "csrf.h"
#include "display.h"
#include "flash.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_decl.h"
#include "related.h"
#include "session.h"

#define MSG_CONFLICT N_("Someone changed this activity after you opened it. Their version is shown; make your change again.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")
#define MSG_DUE_FORMAT N_("Enter a due date as YYYY-MM-DD, or a date and time.")
#define MSG_DUE_INVALID N_("This date or time does not exist.")
#define MSG_DUE_NOTE N_("A note has no due date; choose a task, call or meeting.")

/* The activity form as it was before activity_decl.c declared it: only
 * tests/unit/test_form.c still checks it; the pages use
 * record_form(record_decl_of(RK_ACTIVITIES)). It goes when that test
 * does. */
static const char *const kind_choices[] = { "task", "call", "meeting", "note", NULL };

static const struct field_def activity_fields[] = {
	{ .name = "kind", .label = N_("Kind"), .type = FIELD_CHOICE, .required = true, .choices = kind_choices },
	{ .name = "subject", .label = N_("Subject"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "body", .label = N_("Notes"), .type = FIELD_TEXTAREA, .max_len = 10000 },
	{ .name = "due_at", .label = N_("Due"), .type = FIELD_TEXT, .max_len = 19,
	  .pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?", .pattern_msg = MSG_DUE_FORMAT },
};
const struct form_def activity_form = {
	"activity", activity_fields, sizeof(activity_fields) / sizeof(activity_fields[0])
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
		tv_str(tv_child(form, "due_at"), "value", display_datetime_input(ctx, a->due));
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

/* The local due time v ("YYYY-MM-DDTHH:MM", typed in the user's time
 * zone) in UTC in the same form, or NULL (v NULL, or a local time the
 * zone skips). */
static const char *
due_utc(struct ctx *ctx, const char *v)
{
	char utc[20];

	if (v == NULL || display_input_to_utc(ctx, v, utc) == -1)
		return NULL;
	return arena_printf(ctx->req->arena, "%.10sT%.5s", utc, utc + 11);
}

/* Validates the form into in; the number of errors (the form shows them). */
static int
read_input(struct ctx *ctx, struct form_result *r, struct activity_input *in)
{
	const char *due;

	if (form_validate(record_form(record_decl_of(RK_ACTIVITIES)), &ctx->req->form, ctx->req->arena, r) > 0)
		return r->nerrors;
	in->kind = (int)form_field(r, "kind")->i;
	in->subject = form_field(r, "subject")->value;
	in->body = form_field(r, "body")->value;
	due = form_field(r, "due_at")->value;
	in->due = NULL;
	if (due != NULL && in->kind == AK_NOTE)
		form_set_error(r, "due_at", MSG_DUE_NOTE);
	else if (due != NULL && (in->due = due_utc(ctx, due_value(ctx->req->arena, due))) == NULL)
		form_set_error(r, "due_at", MSG_DUE_INVALID);
	return r->nerrors;
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

int
page_activity_new_post(struct ctx *ctx)
{
	struct form_result r;
	struct activity_input in;
	long long rid, id;
	int rel, rc;

	if ((rc = related_from_query(ctx, &rel, &rid)) <= 0)
		return rc == 0 ? 404 : 503;
	if (!body_editable(ctx) && param_get(&ctx->req->form, "body") != NULL)
		return 403;
	if (read_input(ctx, &r, &in) > 0)
		return show_form(ctx, NULL, &r, 400);
	if ((id = activity_create(ctx, &in, rel, rid)) == -1)
		return 503;
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

int
page_activity_edit_post(struct ctx *ctx)
{
	const char *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct activity a;
	struct activity_input in;
	int rc;

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
	rc = activity_save(ctx, &a, &in, body_editable(ctx), v ? strtoll(v, NULL, 10) : 0);
	if (rc == -1)
		return 503;
	if (rc == 0) {	/* changed since the form was opened: a holds theirs */
		tv_str(ctx->data, "error", MSG_CONFLICT);
		return show_form(ctx, &a, NULL, 409);
	}
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/activities/%lld", a.id));
}
