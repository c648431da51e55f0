/* lead.c: owns loading a lead and the lead search's parameters (lead.h). */
#include "config.h"

#include <string.h>

#include "handler.h"
#include "i18n.h"
#include "session.h"
#include "lead.h"
#include "record_scope.h"
#include "escape.h"
#include "search_key.h"

const struct secret_kind lead_secrets = {
	"leads", "lead", MOD_LEADS, LS__MAX, { "email", "phone" }, { "email", "phone" },
};

const char *const lead_statuses[] = { "new", "contacted", "qualified", "disqualified", NULL };
static const char *const status_labels[] = { N_("New"), N_("Contacted"), N_("Qualified"), N_("Disqualified") };

void
lead_form_flags(struct ctx *ctx, const char *current)
{
	struct tval *ed = tv_child(ctx->data, "editable"), *st = tv_list(ctx->data, "statuses");

	for (int f = 0; f < LS__MAX; f++)
		tv_bool(ed, lead_secrets.columns[f], rbac_field_rule(&ctx->user->rights, MOD_LEADS,
		    lead_secrets.columns[f]) == RULE_EDITABLE);
	for (int i = 0; lead_statuses[i]; i++) {
		struct tval *o = tv_append_map(st);
		tv_str(o, "value", lead_statuses[i]);
		tv_str(o, "label", status_labels[i]);
		tv_bool(o, "selected", current && strcmp(current, lead_statuses[i]) == 0);
	}
}

int
lead_load(struct ctx *ctx, long long id, enum rbac_action action, struct lead *l)
{
	struct db_value p[1 + RECORD_SCOPE_PARAMS] = { { .type = DBV_INT, .i = id } };
	struct db_rows rows;

	memset(l, 0, sizeof(*l));
	record_scope_bind(ctx, MOD_LEADS, action, p + 1);
	if (db_run(ctx->db, ctx->req->arena, STMT_LEAD_GET, p, 1 + RECORD_SCOPE_PARAMS, &rows) != DB_OK)
		return -1;
	if (rows.nrows == 0)
		return 0;
	l->id = id;
	l->first_name = db_cell_text(&rows, 0, 1);
	l->last_name = db_cell_text(&rows, 0, 2);
	l->company = db_cell_text(&rows, 0, 3);
	l->sealed[LS_EMAIL] = rows.cells[4];
	l->sealed[LS_PHONE] = rows.cells[5];
	l->status = db_cell_text(&rows, 0, 6);
	l->owner_id = db_cell_int(&rows, 0, 7, 0);
	l->owner = db_cell_text(&rows, 0, 8);
	l->team_id = db_cell_int(&rows, 0, 9, 0);
	l->team = db_cell_text(&rows, 0, 10);
	l->version = db_cell_int(&rows, 0, 11, 0);
	l->updated = db_cell_text(&rows, 0, 12);
	l->deal_id = db_cell_int(&rows, 0, 13, 0);
	return secrets_open(ctx, &lead_secrets, id, l->sealed, l->plain, l->broken) == -1 ? -1 : 1;
}

int
lead_search_bind(struct arena *a, const char *q, struct db_value *p)
{
	enum search_field f = search_field_of(a, q ? q : "", NULL);
	const char *like = f == SEARCH_NAME ? like_escape(a, q ? q : "") : "";
	struct db_value none = { .type = DBV_NULL };
	int n = 0;

	for (int k = 0; k < 4; k++)
		p[n++] = (struct db_value){ .type = DBV_TEXT, .s = like, .len = strlen(like) };
	p[n++] = (struct db_value){ .type = DBV_INT, .i = f != SEARCH_NAME };
	p[n++] = f == SEARCH_EMAIL ? secrets_blind_index(a, &lead_secrets, LS_EMAIL, q) : none;
	p[n++] = f == SEARCH_PHONE ? secrets_blind_index(a, &lead_secrets, LS_PHONE, q) : none;
	return n;
}
