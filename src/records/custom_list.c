/* custom_list.c: owns custom fields in record lists (custom_value.h):
 * the key a list filter compares (a blind index for an indexed field,
 * refused for a field the user may not key on), and the columns each
 * user chooses, kept on the user with an audit record. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "audit.h"
#include "custom_value.h"
#include "handler.h"
#include "json.h"
#include "record_secrets.h"
#include "session.h"
#include "stmt.h"

/* value checked and normalised as f's form would: its canonical text,
 * or NULL and *msg. */
static const char *
canonical(struct ctx *ctx, const struct custom_field *f, const char *value, const char **msg)
{
	struct param_list p = { 0 };
	struct form_def d = { .name = "filter", .nfields = 1 };
	struct field_def fd = f->rf.def;
	struct form_result r;

	if (f->type == CT_MULTICHOICE || f->type == CT_CHOICE) {
		for (size_t o = 0; o < f->noptions; o++)	/* a code, or an option's label */
			if (strcmp(f->options[o].code, value) == 0 ||
			    strcasecmp(custom_option_label(&f->options[o], ctx->lang), value) == 0)
				return f->options[o].code;
		*msg = N_("There is no such option.");
		return NULL;
	}
	fd.required = true;
	d.fields = &fd;
	param_list_add(&p, ctx->req->arena, fd.name, value, strlen(value));
	if (form_validate(&d, &p, ctx->req->arena, &r) > 0) {
		*msg = r.values[0].error;
		return NULL;
	}
	return r.values[0].value;
}

const char *
custom_filter_key(struct ctx *ctx, const struct custom_field *f, const char *value, struct custom_key *key)
{
	enum rbac_module m = record_decl_of(f->kind)->module;
	const char *msg = NULL, *text;

	*key = (struct custom_key){ .field_id = f->id, .bidx = { .type = DBV_NULL },
	    .text = { .type = DBV_NULL }, .num = { .type = DBV_NULL } };
	if (!rbac_field_keyable(&ctx->user->rights, m, f->rf.def.name))
		return N_("Your role does not show this field in clear, so you cannot search by it.");
	if (f->rf.protect == PROTECT_SEALED || f->type == CT_MULTICHOICE)
		return N_("This field cannot be searched.");
	if ((text = canonical(ctx, f, value, &msg)) == NULL)
		return msg;
	if (f->rf.protect == PROTECT_INDEXED) {
		key->bidx = secrets_blind_index(ctx->req->arena, &f->secrets, 0, text);
		if (key->bidx.type == DBV_NULL)	/* <=> would match the empty ones */
			return N_("This value cannot be searched.");
	} else if (custom_type_numeric(f->type))
		key->num = (struct db_value){ .type = DBV_INT, .i = custom_int_of_text(f->type, text) };
	else
		key->text = (struct db_value){ .type = DBV_TEXT, .s = text, .len = strlen(text) };
	return NULL;
}

/* ---- list columns ---- */

static bool
visible(struct ctx *ctx, const struct custom_field *f)
{
	return rbac_field_rule(&ctx->user->rights, record_decl_of(f->kind)->module, f->rf.def.name) !=
	    RULE_HIDDEN;
}

int
custom_list_columns(struct ctx *ctx, enum record_kind_id k, const struct custom_field **out, size_t *n)
{
	struct custom_list_columns_get_out o;
	char *copy, *save = NULL;

	*n = 0;
	if (custom_fields_of(k, false).n == 0)
		return 0;	/* nothing to choose: no statement */
	if (stmt_custom_list_columns_get(ctx->db, ctx->req->arena, &(struct custom_list_columns_get_in){
	    .user_id = ctx->user->id, .family = record_decl_of(k)->table }, &o) != DB_OK)
		return -1;
	if (o.n == 0 || o.rows[0].columns == NULL)
		return 0;
	copy = arena_strdup(ctx->req->arena, o.rows[0].columns);
	for (char *c = strtok_r(copy, ",", &save); c != NULL && *n < CUSTOM_PAGE_FIELDS;
	    c = strtok_r(NULL, ",", &save)) {
		const struct custom_field *f = custom_field_named(k, c);
		if (f != NULL && !f->retired && visible(ctx, f))
			out[(*n)++] = f;
	}
	return 0;
}

int
custom_list_columns_save(struct ctx *ctx, enum record_kind_id k, const char *const *names, size_t n)
{
	struct arena *a = ctx->req->arena;
	const char *joined = "";
	size_t kept = 0;
	struct custom_list_columns_set_out o;

	for (size_t i = 0; i < n && kept < CUSTOM_PAGE_FIELDS; i++) {
		const struct custom_field *f = custom_field_named(k, names[i]);
		if (f == NULL || f->retired || !visible(ctx, f))
			continue;
		joined = kept++ == 0 ? f->rf.def.name : arena_printf(a, "%s,%s", joined, f->rf.def.name);
	}
	if (db_begin(ctx->db) != DB_OK)
		return -1;
	if (stmt_custom_list_columns_set(ctx->db, a, &(struct custom_list_columns_set_in){
	    .user_id = ctx->user->id, .family = record_decl_of(k)->table, .columns = joined }, &o) != DB_OK ||
	    audit_ctx(ctx, AUDIT_USER_LIST_COLUMNS, "user", arena_printf(a, "%lld", ctx->user->id),
	    AUDIT_SUCCESS, 1, arena_printf(a, "{\"list\":\"%s\",\"columns\":%s}", record_decl_of(k)->table,
	    json_quote(a, joined))) == -1 || db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		return -1;
	}
	return 0;
}
