/* stage_store.c: owns the admin_stage statements (admin_stage_sql.h):
 * the deal stages' list, adding, changing and deleting one, and their
 * names per language (stage_store.h). */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "request.h"
#include "stage_store.h"
#include "stmt.h"

/* Fills names[] of the n stages in s. 0 or -1. */
static int
stage_names(struct ctx *ctx, struct stage_info *s, size_t n)
{
	struct admin_stage_names_out r;

	if (stmt_admin_stage_names(ctx->db, ctx->req->arena, &(struct admin_stage_names_in){ 0 }, &r) != DB_OK)
		return -1;
	for (size_t i = 0; i < r.n; i++) {
		int l = lang_from_code(r.rows[i].lang);
		for (size_t k = 0; l > 0 && k < n; k++)
			if (s[k].id == r.rows[i].stage_id)
				s[k].names[l] = r.rows[i].name;
	}
	return 0;
}

/* Sets or clears stage id's name in each language but the default. 0 or -1. */
static int
save_names(struct ctx *ctx, const struct stage_info *s, long long id)
{
	for (int l = 1; l < LANG__MAX; l++) {
		const char *code = lang_code((enum lang)l), *nm = s->names[l];
		enum db_error e = nm != NULL && nm[0] != '\0'
		    ? stmt_admin_stage_name_set(ctx->db, ctx->req->arena, &(struct admin_stage_name_set_in){
			.stage_id = id, .lang = code, .name = nm }, NULL)
		    : stmt_admin_stage_name_clear(ctx->db, ctx->req->arena, &(struct admin_stage_name_clear_in){
			.stage_id = id, .lang = code }, NULL);
		if (e != DB_OK)
			return -1;
	}
	return 0;
}

int
stage_store_list(struct ctx *ctx, struct stage_info **out, size_t *n)
{
	struct admin_stage_list_out r;

	if (stmt_admin_stage_list(ctx->db, ctx->req->arena, &(struct admin_stage_list_in){ 0 }, &r) != DB_OK)
		return -1;
	*out = arena_alloc(ctx->req->arena, (r.n ? r.n : 1) * sizeof(**out));
	for (size_t i = 0; i < r.n; i++)
		(*out)[i] = (struct stage_info){
			.id = r.rows[i].id, .position = r.rows[i].position, .probability = r.rows[i].probability,
			.deals = r.rows[i].deals, .name = r.rows[i].name, .outcome = r.rows[i].outcome,
		};
	*n = r.n;
	return stage_names(ctx, *out, *n);
}

int
stage_store_save(struct ctx *ctx, const struct stage_info *s, long long *id)
{
	enum db_error e;

	if (s->id != 0) {
		struct admin_stage_update_in in = {
			.name = s->name, .position = s->position, .probability = s->probability,
			.outcome = s->outcome, .id = s->id,
		};
		struct admin_stage_update_out r;
		e = stmt_admin_stage_update(ctx->db, ctx->req->arena, &in, &r);
		*id = s->id;
	} else {
		struct admin_stage_insert_in in = {
			.name = s->name, .position = s->position, .probability = s->probability,
			.outcome = s->outcome,
		};
		struct admin_stage_insert_out r = { 0 };
		e = stmt_admin_stage_insert(ctx->db, ctx->req->arena, &in, &r);
		*id = (long long)r.insert_id;
	}
	if (e == DB_OK && save_names(ctx, s, *id) == -1)
		return -1;
	return e == DB_ERR_DUPLICATE ? 1 : e == DB_OK ? 0 : -1;
}

int
stage_store_delete(struct ctx *ctx, long long id)
{
	struct admin_stage_delete_out r;

	if (stmt_admin_stage_delete(ctx->db, ctx->req->arena,
	    &(struct admin_stage_delete_in){ .id = id, .id_again = id }, &r) != DB_OK)
		return -1;
	return r.affected != 0;
}
