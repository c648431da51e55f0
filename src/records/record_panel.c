/* record_panel.c: owns the "who can access this" panel (record_panel.h):
 * who reaches the record, and how each of those roles sees the family's
 * ruled fields (its declaration's RF_RULED fields, record_decl.h). */
#include "config.h"

#include <string.h>

#include "display.h"
#include "handler.h"
#include "i18n.h"
#include "pages.h"
#include "custom_field.h"
#include "record_decl.h"
#include "rights_cache.h"
#include "record_panel.h"
#include "session.h"
#include "stmt.h"

/* Runs call, a statement about the roles of module m, from the rights
 * cache while the session's rights generation is current (any change to
 * roles, their permissions, field rules or members moves it). The
 * cache's key is the module's number: these statements are keyed by
 * nothing else, and no user's entry shares their statement ids. */
static enum db_error
cached(struct ctx *ctx, const struct stmt_call *call, const char *module, struct db_rows *rows)
{
	return rights_cache_call(ctx->db, ctx->req->arena, ctx->session_generation, call,
	    rbac_module_parse(module), rows);
}

/* The roles that see module m's records by team or all, listed and
 * their names into *names (*n of them): 0 or -1. */
static int
roles(struct ctx *ctx, struct tval *list, const char *module, long long team_id, const char *team,
    const char ***names, size_t *n)
{
	struct stmt_call call = stmt_call_record_panel_roles(&(struct record_panel_roles_in){ .module = module });
	struct record_panel_roles_out o;
	struct db_rows rows;

	if (cached(ctx, &call, module, &rows) != DB_OK)
		return -1;
	record_panel_roles_read(&rows, ctx->req->arena, &o);
	*names = arena_alloc(ctx->req->arena, (o.n + 1) * sizeof(**names));
	*n = 0;
	for (size_t i = 0; i < o.n; i++) {
		bool all = strcmp(o.rows[i].scope, "all") == 0;
		struct tval *e;
		if (!all && team_id == 0)
			continue;	/* no team: team scope reaches nobody else */
		(*names)[(*n)++] = o.rows[i].name;
		e = tv_append_map(list);
		tv_strf(e, "who", "%s (%lld)", o.rows[i].name, o.rows[i].members);
		tv_str(e, "why", all ? N_("Role: all records") : N_("Role: records of the team"));
		if (!all)
			tv_str(e, "team", team);
	}
	return 0;
}

/* Module grants only where their scope reaches this record: 0 or -1. */
static int
grants(struct ctx *ctx, struct tval *list, const char *module, long long id, long long team_id,
    const char *owner)
{
	struct record_panel_grants_in in = { .module = module, .id = id, .team_id = team_id,
	    .owner = owner ? owner : "" };
	struct record_panel_grants_out o;

	if (stmt_record_panel_grants(ctx->db, ctx->req->arena, &in, &o) != DB_OK)
		return -1;
	for (size_t i = 0; i < o.n; i++) {
		struct tval *e = tv_append_map(list);
		tv_str(e, "who", o.rows[i].username);
		tv_str(e, "why", N_("Temporary grant"));
		int act = rbac_action_parse(o.rows[i].action);
		tv_strf(e, "detail", "%s, %s, %s %s",
		    act >= 0 ? i18n_get(ctx->lang, NULL, rbac_action_label((enum rbac_action)act)) : o.rows[i].action,
		    o.rows[i].reason, i18n_get(ctx->lang, NULL, N_("until")), display_datetime(ctx, o.rows[i].expires));
	}
	return 0;
}

/* Role role's rule for field of the module: its own rule, else editable
 * when it grants the module's edit, read-only otherwise (the roles
 * listed all view the module), as rbac.c role_rule. */
static enum field_rule
role_rule(const char *role, const char *field, const struct record_panel_rules_out *rules,
    const struct record_panel_editors_out *editors)
{
	for (size_t i = 0; i < rules->n; i++) {
		int r = rbac_rule_parse(rules->rows[i].rule);
		if (strcmp(rules->rows[i].name, role) == 0 && strcmp(rules->rows[i].field, field) == 0 && r >= 0)
			return (enum field_rule)r;
	}
	for (size_t i = 0; i < editors->n; i++)
		if (strcmp(editors->rows[i].name, role) == 0)
			return RULE_EDITABLE;
	return RULE_READONLY;
}

/* One ruled field of the panel: how each listed role sees it; nothing
 * for a field hidden from the viewer (it is not named). */
static void
field_row(struct ctx *ctx, struct tval *list, enum rbac_module m, const char *name, const char *label,
    const char *const *names, size_t n, const struct record_panel_rules_out *rules,
    const struct record_panel_editors_out *editors)
{
	struct tval *e, *who;

	if (rbac_field_rule(&ctx->user->rights, m, name) == RULE_HIDDEN)
		return;
	e = tv_append_map(list);
	tv_str(e, "label", label);
	who = tv_list(e, "roles");
	for (size_t r = 0; r < n; r++) {
		struct tval *w = tv_append_map(who);
		tv_str(w, "who", names[r]);
		tv_str(w, "rule", rbac_rule_label(role_rule(names[r], name, rules, editors)));
	}
}

/* "access_fields": the family's ruled fields in declaration order (but
 * those hidden from the viewer), with their labels and how each listed
 * role sees them. 0 or -1. */
static int
fields(struct ctx *ctx, const char *module, const char *const *names, size_t n)
{
	const struct record_decl *d = record_decl_named(module);
	struct stmt_call rules_call = stmt_call_record_panel_rules(&(struct record_panel_rules_in){
	    .module = module });
	struct stmt_call editors_call = stmt_call_record_panel_editors(&(struct record_panel_editors_in){
	    .module = module });
	struct record_panel_rules_out rules;
	struct record_panel_editors_out editors;
	struct db_rows rows;
	struct tval *list;

	if (d == NULL || n == 0)
		return 0;
	if (cached(ctx, &rules_call, module, &rows) != DB_OK)
		return -1;
	record_panel_rules_read(&rows, ctx->req->arena, &rules);
	if (cached(ctx, &editors_call, module, &rows) != DB_OK)
		return -1;
	record_panel_editors_read(&rows, ctx->req->arena, &editors);
	list = tv_list(ctx->data, "access_fields");
	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].flags & RF_RULED)
			field_row(ctx, list, d->module, d->fields[i].def.name, d->fields[i].def.label, names, n,
			    &rules, &editors);
	for (size_t i = 0; i < custom_fields_of(d->kind, false).n; i++) {
		const struct custom_field *f = custom_fields_of(d->kind, false).fields[i];
		field_row(ctx, list, d->module, f->rf.def.name, custom_label(f, ctx->lang), names, n, &rules,
		    &editors);
	}
	return 0;
}

int
record_panel(struct ctx *ctx, enum rbac_module m, long long id, const char *owner,
    long long team_id, const char *team)
{
	const char *module = rbac_module_name(m);
	struct tval *list = tv_list(ctx->data, "access"), *e = tv_append_map(list);
	const char **names;
	size_t n;

	tv_str(e, "who", owner);
	tv_str(e, "why", N_("Owner"));
	if (roles(ctx, list, module, team_id, team, &names, &n) == -1 ||
	    fields(ctx, module, names, n) == -1 || grants(ctx, list, module, id, team_id, owner) == -1)
		return -1;
	return record_owner_form(ctx, m, id);
}
