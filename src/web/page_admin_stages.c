/* page_admin_stages.c: owns /admin/stages, the deal pipeline's stages
 * (module admin.settings): their order, name, default probability and
 * outcome (open, won, lost), and its name in each language (shown to
 * users who read the pages in it, deal_stages()); adding one; deleting
 * one no deal is in. Changes are audited and show on the board at once. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "csrf.h"
#include "flash.h"
#include "i18n.h"
#include "json.h"
#include "page.h"
#include "pages.h"
#include "pick.h"
#include "stage_store.h"

static const char *const outcomes[] = { "open", "won", "lost", NULL };
static const char *const outcome_labels[] = { N_("Open"), N_("Won"), N_("Lost") };

static const struct field_def stage_fields[] = {
	{ .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 64 },
	{ .name = "name_zh_CN", .label = N_("Name in Chinese"), .type = FIELD_TEXT, .max_len = 64 },
	{ .name = "position", .label = N_("Position"), .type = FIELD_INT, .required = true, .min = 0, .max = 100000 },
	{ .name = "probability", .label = N_("Probability (%)"), .type = FIELD_INT, .required = true,
	  .min = 0, .max = 100 },
	{ .name = "outcome", .label = N_("Outcome"), .type = FIELD_CHOICE, .required = true, .choices = outcomes },
};
static const struct form_def stage_form = { "stage", stage_fields, sizeof(stage_fields) / sizeof(stage_fields[0]) };

#define MSG_STAGE N_("A stage needs a name, a position, a probability from 0 to 100 and an outcome.")
#define MSG_TAKEN N_("Another stage already has this name.")

/* A refused save: the row (id; 0 the new stage form) and what was wrong
 * (r: the form checked, NULL when only the name is taken). */
struct refusal {
	long long id;
	const struct form_result *r;
	bool taken;
};

/* The ids a row's inputs have: s<id>-<key>. */
static const char *const row_keys[] = { "name", "name-zh", "position", "probability", "outcome" };

/* Marks row s's input i in error (its id s<id>-<key>), described by the
 * page's message, and lists it in the error summary with the stage's name
 * so the link says which row. */
static void
row_error(struct ctx *ctx, struct tval *s, const struct stage_info *st, size_t i, const char *msg)
{
	struct tval *e = tv_append_map(tv_open(ctx->data, "custom_errors", TV_LIST));

	tv_strf(e, "href", "#s%lld-%s", st->id, row_keys[i]);
	tv_strf(e, "label", "%s (%s)", i18n_get(ctx->lang, NULL, stage_fields[i].label), st->name);
	tv_str(e, "msg", msg);
	tv_str(s, arena_printf(ctx->req->arena, "%s_invalid", stage_fields[i].name), "true");
	tv_str(s, arena_printf(ctx->req->arena, "%s_described", stage_fields[i].name), "stages-error");
	tv_bool(ctx->data, "error_summary", true);
}

/* Row s of stage st as the refused form sent it, its inputs in error
 * marked. */
static void
refused_row(struct ctx *ctx, struct tval *s, const struct stage_info *st, const struct refusal *why)
{
	if (why->taken) {
		tv_str(s, "name", param_get(&ctx->req->form, "name"));
		row_error(ctx, s, st, 0, MSG_TAKEN);
		return;
	}
	for (size_t i = 0; i < why->r->def->nfields; i++) {
		const struct field_value *v = &why->r->values[i];
		if (i < 4)
			tv_str(s, i == 1 ? "name_zh" : v->def->name, v->raw);
		if (v->error != NULL)
			row_error(ctx, s, st, i, v->error);
	}
}

static void
show_stage(struct ctx *ctx, struct tval *list, const struct stage_info *st, const struct refusal *why)
{
	struct tval *s = tv_append_map(list), *oc = tv_list(s, "outcomes");

	tv_strf(s, "action", "/admin/stages/%lld", st->id);
	tv_strf(s, "delete", "/admin/stages/%lld/delete", st->id);
	tv_strf(s, "form", "stage-%lld", st->id);
	tv_strf(s, "id", "s%lld", st->id);
	tv_strf(s, "id_name", "s%lld-name", st->id);
	tv_strf(s, "id_name_zh", "s%lld-name-zh", st->id);
	tv_strf(s, "id_position", "s%lld-position", st->id);
	tv_strf(s, "id_probability", "s%lld-probability", st->id);
	tv_strf(s, "id_outcome", "s%lld-outcome", st->id);
	tv_str(s, "name", st->name);
	tv_str(s, "name_zh", st->names[LANG_ZH_CN] ? st->names[LANG_ZH_CN] : "");
	tv_strf(s, "position", "%lld", st->position);
	tv_strf(s, "probability", "%lld", st->probability);
	tv_strf(s, "deals", "%lld", st->deals);
	tv_bool(s, "unused", st->deals == 0);
	for (int o = 0; outcomes[o]; o++) {
		struct tval *e = tv_append_map(oc);
		tv_str(e, "value", outcomes[o]);
		tv_str(e, "label", outcome_labels[o]);
		tv_bool(e, "selected", strcmp(outcomes[o], st->outcome) == 0);
	}
	if (why != NULL && why->id == st->id)
		refused_row(ctx, s, st, why);
}

/* The page; why: a refused save to show again (NULL: none). */
static int
show(struct ctx *ctx, const char *error, const struct refusal *why, int status)
{
	struct tval *list = tv_list(ctx->data, "stages");
	struct stage_info *st;
	size_t n;

	if (stage_store_list(ctx, &st, &n) == -1)
		return 503;
	for (size_t i = 0; i < n; i++)
		show_stage(ctx, list, &st[i], why);
	if (why != NULL && why->id == 0 && why->r != NULL)
		page_form_in(ctx, why->r, "new_stage", "n-");
	if (why != NULL && why->id == 0 && why->taken) {
		struct tval *f = tv_child(tv_open(ctx->data, "new_stage", TV_MAP), "name");
		tv_str(f, "value", param_get(&ctx->req->form, "name"));
		page_error_field(ctx, "new_name", "n-name", N_("Name"), MSG_TAKEN, "stages-error");
		tv_str(f, "invalid", "true");
		tv_str(f, "described", "stages-error");
	}
	if (error)
		tv_str(ctx->data, "error", error);
	return page_render(ctx, "admin_stages", status);
}

int
page_admin_stages_get(struct ctx *ctx)
{
	return show(ctx, NULL, NULL, 200);
}

/* Inserts (id 0) or updates stage id from the form, audited. */
static int
save(struct ctx *ctx, long long id)
{
	struct arena *a = ctx->req->arena;
	struct form_result r;
	struct stage_info st = { .id = id };
	struct json j;
	long long saved;
	int rc;

	if (id != 0 && (rc = pick_stage(ctx, id, NULL)) != 1)
		return rc == 0 ? 404 : 503;
	if (form_validate(&stage_form, &ctx->req->form, a, &r) > 0)
		return show(ctx, MSG_STAGE, &(struct refusal){ .id = id, .r = &r }, 400);
	st.name = form_field(&r, "name")->value;
	st.names[LANG_ZH_CN] = form_field(&r, "name_zh_CN")->value;
	st.position = form_field(&r, "position")->i;
	st.probability = form_field(&r, "probability")->i;
	st.outcome = form_field(&r, "outcome")->value;
	json_begin(&j, a);
	json_str(&j, "name", st.name);
	json_str(&j, "name_zh-CN", st.names[LANG_ZH_CN] ? st.names[LANG_ZH_CN] : "");
	json_int(&j, "probability", st.probability);
	json_str(&j, "outcome", st.outcome);
	if (db_begin(ctx->db) != DB_OK)
		return 503;
	rc = stage_store_save(ctx, &st, &saved);
	if (rc == 1) {
		db_rollback(ctx->db);
		return show(ctx, MSG_TAKEN, &(struct refusal){ .id = id, .taken = true }, 400);
	}
	if (rc == -1 || audit_ctx(ctx, AUDIT_SETTINGS_UPDATE, "deal_stage", arena_printf(a, "%lld", saved),
	    AUDIT_SUCCESS, 1, json_end(&j)) == -1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return 503;
	}
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, "/admin/stages");
}

int page_admin_stage_create(struct ctx *ctx) { return save(ctx, 0); }
int page_admin_stage_update(struct ctx *ctx) { return save(ctx, ctx->ids[0]); }

int
page_admin_stage_delete(struct ctx *ctx)
{
	int rc;

	if ((rc = pick_stage(ctx, ctx->ids[0], NULL)) != 1)
		return rc == 0 ? 404 : 503;
	if (db_begin(ctx->db) != DB_OK || (rc = stage_store_delete(ctx, ctx->ids[0])) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return show(ctx, N_("Only a stage no deal is in can be deleted."), NULL, 400);
	}
	if (audit_ctx(ctx, AUDIT_SETTINGS_UPDATE, "deal_stage", arena_printf(ctx->req->arena, "%lld", ctx->ids[0]),
	    AUDIT_SUCCESS, 1, "{\"deleted\":true}") == -1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	flash_set(ctx, FLASH_RECORD_DELETED);
	return page_redirect(ctx, "/admin/stages");
fail:
	db_rollback(ctx->db);
	return 503;
}
