/* page_contact_edit.c: owns creating and editing contacts. A create
 * seals the sensitive fields under a new data key for the contact; an
 * edit changes only the fields the user's rules make editable (a
 * submitted value for any other field is refused) and only when the
 * record still has the version the form was opened at. Each writes its
 * audit record, sensitive values masked, in the same transaction.
 * Deleting, restoring and reassigning are the same for every record
 * type: page_record_delete.c and page_record_owner.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "csrf.h"
#include "flash.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "permission.h"
#include "record_scope.h"
#include "session.h"

extern const struct form_def contact_form;

#define MSG_CONFLICT N_("Someone changed this contact after you opened it. Their version is shown; make your change again.")
#define MSG_DUPLICATE N_("A contact with this email address or phone number exists already. To add another one, tick Create anyway.")
#define MSG_NOT_YOURS N_("Your role cannot change one of these fields.")

static enum field_rule
rule(const struct ctx *ctx, int f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_CONTACTS, contact_secret_names[f]);
}

/* The form's values (from c when given) and which fields are editable. */
static int
show_form(struct ctx *ctx, const struct contact *c, struct form_result *r, int status)
{
	struct tval *ed = tv_child(ctx->data, "editable");

	for (int f = 0; f < CS__MAX; f++)
		tv_bool(ed, contact_secret_names[f], rule(ctx, f) == RULE_EDITABLE);
	if (r != NULL)
		page_form(ctx, r);
	else if (c != NULL) {
		struct tval *form = tv_child(ctx->data, "form");
		tv_str(tv_child(form, "first_name"), "value", c->first_name);
		tv_str(tv_child(form, "last_name"), "value", c->last_name);
		for (int f = 0; f < CS__MAX; f++)
			if (rule(ctx, f) == RULE_EDITABLE)
				tv_str(tv_child(form, contact_secret_names[f]), "value", c->plain[f]);
	}
	if (c != NULL) {
		tv_strf(ctx->data, "action", "/contacts/%lld/edit", c->id);
		tv_int(ctx->data, "version", c->version);
		tv_strf(ctx->data, "name", "%s %s", c->first_name, c->last_name);
	} else
		tv_str(ctx->data, "action", "/contacts/new");
	return page_render(ctx, "contact_form", status);
}

int
page_contact_new_get(struct ctx *ctx)
{
	return show_form(ctx, NULL, NULL, 200);
}

/* Refuses values for fields the user may not edit. */
static bool
only_editable(struct ctx *ctx)
{
	for (int f = 0; f < CS__MAX; f++)
		if (rule(ctx, f) != RULE_EDITABLE && param_get(&ctx->req->form, contact_secret_names[f]) != NULL)
			return false;
	return true;
}

/* {"first_name":..,"email":"a•••@x"} of the submitted values, masked. */
static const char *
masked_values(struct arena *a, const char *first, const char *last, const char *const plain[CS__MAX])
{
	struct json j;

	json_begin(&j, a);
	json_str(&j, "first_name", first);
	json_str(&j, "last_name", last);
	for (int f = 0; f < CS__MAX; f++)
		if (plain[f] != NULL)
			json_str(&j, contact_secret_names[f], json_mask(a, plain[f]));
	return json_end(&j);
}

static void
read_plain(const struct form_result *r, const char *plain[CS__MAX])
{
	for (int f = 0; f < CS__MAX; f++)
		plain[f] = form_field(r, contact_secret_names[f])->value;
}

/* A blind index as a duplicate check's key: none (matching nothing)
 * when the value is empty or the user may not key on field
 * (rbac_field_keyable: a masked or hidden field's index is an oracle). */
static struct db_value
dup_key(const struct ctx *ctx, const char *field, struct db_value idx)
{
	if (idx.type == DBV_NULL || !rbac_field_keyable(&ctx->user->rights, MOD_CONTACTS, field))
		return (struct db_value){ .type = DBV_BLOB, .s = "", .len = 0 };
	return idx;
}

/* A contact other than id, within what the user may see, with the same
 * email or phone (blind indexes) of a field the user may key on; its id,
 * 0 when none, -1 on error. An out-of-scope duplicate is not reported:
 * that would reveal it. Decision for fields the user may not key on: no
 * check on them at all (skipped, not answered vaguely). Only editable
 * fields can be submitted (only_editable), and those are seen in clear,
 * so the skip is a second wall that keeps the check from ever becoming
 * an oracle if the submission rule changes. */
static long long
duplicate(struct ctx *ctx, long long id, struct db_value email, struct db_value phone)
{
	struct db_value p[3 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	p[1] = dup_key(ctx, "email", email);
	p[2] = dup_key(ctx, "phone", phone);
	record_scope_bind(ctx, MOD_CONTACTS, ACT_VIEW, p + 3);
	if (db_run(ctx->db, ctx->req->arena, STMT_CONTACT_DUPLICATE, p, 3 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	return rows.nrows ? db_cell_int(&rows, 0, 0, 0) : 0;
}

int
page_contact_new_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[7];
	struct form_result r;
	struct db_rows rows;
	const char *plain[CS__MAX];
	const char *first, *last;
	long long id;

	if (!csrf_valid(ctx))
		return 403;
	if (!only_editable(ctx))
		return 403;
	if (form_validate(&contact_form, &ctx->req->form, a, &r) > 0)
		return show_form(ctx, NULL, &r, 400);
	first = form_field(&r, "first_name")->value;
	last = form_field(&r, "last_name")->value;
	read_plain(&r, plain);
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = first, .len = strlen(first) };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = last, .len = strlen(last) };
	p[2] = (struct db_value){ .type = DBV_INT, .i = ctx->user->id };
	p[3] = ctx->user->team_id ? (struct db_value){ .type = DBV_INT, .i = ctx->user->team_id } :
	    (struct db_value){ .type = DBV_NULL };
	if (db_begin(ctx->db) != DB_OK || db_run(ctx->db, a, STMT_CONTACT_INSERT, p, 4, &rows) != DB_OK)
		goto fail;
	id = (long long)rows.insert_id;
	if (contact_seal_new(ctx, id, plain, p) == -1)
		goto fail;
	if (param_get(&ctx->req->form, "allow_duplicate") == NULL) {
		long long dup = duplicate(ctx, id, p[1], p[3]);
		if (dup != 0) {
			db_rollback(ctx->db);
			if (dup < 0)
				return 503;
			tv_strf(ctx->data, "duplicate", "/contacts/%lld", dup);
			tv_str(ctx->data, "error", MSG_DUPLICATE);
			return show_form(ctx, NULL, &r, 409);
		}
	}
	p[6] = (struct db_value){ .type = DBV_INT, .i = id };
	if (db_run(ctx->db, a, STMT_CONTACT_SET_SECRETS, p, 7, NULL) != DB_OK ||
	    audit_ctx(ctx, AUDIT_RECORD_CREATE, "contacts", arena_printf(a, "%lld", id), AUDIT_SUCCESS, 1,
	    arena_printf(a, "{\"after\":%s}", masked_values(a, first, last, plain))) == -1 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	return page_redirect(ctx, arena_printf(a, "/contacts/%lld", id));
fail:
	db_rollback(ctx->db);
	return 503;
}

int
page_contact_edit_get(struct ctx *ctx)
{
	struct contact c;
	int rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c);

	if (rc <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	return show_form(ctx, &c, NULL, 200);
}

/* {"before":{..},"after":{..}} of what changed, sensitive values masked. */
static const char *
change_detail(struct arena *a, const struct contact *c, const char *first, const char *last,
    const char *const plain[CS__MAX], const bool *edit)
{
	struct json b, f, j;

	json_begin(&b, a);
	json_begin(&f, a);
	if (strcmp(c->first_name, first) != 0) {
		json_str(&b, "first_name", c->first_name);
		json_str(&f, "first_name", first);
	}
	if (strcmp(c->last_name, last) != 0) {
		json_str(&b, "last_name", c->last_name);
		json_str(&f, "last_name", last);
	}
	for (int i = 0; i < CS__MAX; i++)
		if (edit[i] && strcmp(c->plain[i] ? c->plain[i] : "", plain[i] ? plain[i] : "") != 0) {
			json_str(&b, contact_secret_names[i], json_mask(a, c->plain[i] ? c->plain[i] : ""));
			json_str(&f, contact_secret_names[i], json_mask(a, plain[i] ? plain[i] : ""));
		}
	json_begin(&j, a);
	json_raw(&j, "before", json_end(&b));
	json_raw(&j, "after", json_end(&f));
	return json_end(&j);
}

/* The update's 16 leading parameters: names, then per sensitive field
 * "change it" and its new value (sealed), index fields alike. */
static int
update_params(struct ctx *ctx, long long id, const char *first, const char *last,
    const char *const plain[CS__MAX], const bool *edit, struct db_value *p)
{
	static const int slot_field[6] = { CS_EMAIL, CS_EMAIL, CS_PHONE, CS_PHONE, CS_ADDRESS, CS_BIRTH_DATE };
	struct db_value sealed[6];

	if (contact_seal(ctx, id, plain, sealed) == -1)
		return -1;
	p[0] = (struct db_value){ .type = DBV_TEXT, .s = first, .len = strlen(first) };
	p[1] = (struct db_value){ .type = DBV_TEXT, .s = last, .len = strlen(last) };
	for (int k = 0; k < 6; k++) {
		p[2 + 2 * k] = (struct db_value){ .type = DBV_INT, .i = edit[slot_field[k]] };
		p[3 + 2 * k] = sealed[k];
	}
	return 0;
}

int
page_contact_edit_post(struct ctx *ctx)
{
	struct arena *a = ctx->req->arena;
	struct db_value p[16 + 2 + RECORD_SCOPE_PARAMS];
	const char *plain[CS__MAX], *first, *last, *v = param_get(&ctx->req->form, "version");
	struct form_result r;
	struct db_rows rows;
	struct contact c;
	bool edit[CS__MAX];
	long long version = v ? strtoll(v, NULL, 10) : 0;
	int rc;

	if (!csrf_valid(ctx))
		return 403;
	if ((rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c)) <= 0)
		return rc == 0 ? 404 : 503;
	if (contact_open(ctx, &c) == -1)
		return 503;
	if (!only_editable(ctx)) {
		tv_str(ctx->data, "error", MSG_NOT_YOURS);
		return show_form(ctx, &c, NULL, 403);
	}
	if (form_validate(&contact_form, &ctx->req->form, a, &r) > 0)
		return show_form(ctx, &c, &r, 400);
	first = form_field(&r, "first_name")->value;
	last = form_field(&r, "last_name")->value;
	read_plain(&r, plain);
	for (int f = 0; f < CS__MAX; f++)
		edit[f] = rule(ctx, f) == RULE_EDITABLE;
	if (db_begin(ctx->db) != DB_OK || update_params(ctx, c.id, first, last, plain, edit, p) == -1)
		goto fail;
	p[14] = (struct db_value){ .type = DBV_INT, .i = c.id };
	p[15] = (struct db_value){ .type = DBV_INT, .i = version };
	record_scope_bind(ctx, MOD_CONTACTS, ACT_EDIT, p + 16);
	if (db_run(ctx->db, a, STMT_CONTACT_UPDATE, p, 16 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		goto fail;
	if (rows.affected == 0) {	/* changed since the form was opened */
		db_rollback(ctx->db);
		tv_str(ctx->data, "error", MSG_CONFLICT);
		return show_form(ctx, &c, NULL, 409);
	}
	if (audit_ctx(ctx, AUDIT_RECORD_UPDATE, "contacts", arena_printf(a, "%lld", c.id), AUDIT_SUCCESS, 1,
	    change_detail(a, &c, first, last, plain, edit)) == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(a, "/contacts/%lld", c.id));
fail:
	db_rollback(ctx->db);
	return 503;
}
