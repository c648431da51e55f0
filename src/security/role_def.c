/* role_def.c: owns loading, comparing and saving a role with its grants
 * and settings (role_def.h). A save replaces the role's permission and
 * field rule rows and records, in the same transaction, exactly what
 * changed. A new role (a copy, too) is inserted with all its settings:
 * restrictions, two-step requirement and export row cap. */
#include "config.h"

#include <string.h>

#include "audit.h"
#include "handler.h"
#include "json.h"
#include "role_def.h"
#include "stmt.h"

static int
load_grants(struct ctx *ctx, struct role_def *d)
{
	struct role_perms_out perms;
	struct role_rules_out rules;

	if (stmt_role_perms(ctx->db, ctx->req->arena, &(struct role_perms_in){ .role_id = d->id },
	    &perms) != DB_OK)
		return -1;
	for (size_t i = 0; i < perms.n; i++) {
		int m = rbac_module_parse(perms.rows[i].module);
		int a = rbac_action_parse(perms.rows[i].action);
		int s = rbac_scope_parse(perms.rows[i].scope);
		if (m >= 0 && a >= 0 && s > 0)
			d->scope[m][a] = (unsigned char)s;
	}
	if (stmt_role_rules(ctx->db, ctx->req->arena, &(struct role_rules_in){ .role_id = d->id },
	    &rules) != DB_OK)
		return -1;
	for (size_t i = 0; i < rules.n; i++) {
		int m = rbac_module_parse(rules.rows[i].module);
		int r = rbac_rule_parse(rules.rows[i].rule);
		for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++)
			if ((int)rbac_fields[f].module == m && r >= 0 &&
			    strcmp(rbac_fields[f].name, rules.rows[i].field) == 0)
				d->rule[f] = (signed char)r;
	}
	return 0;
}

int
role_def_load(struct ctx *ctx, long long id, struct role_def *d)
{
	struct role_load_out out;

	memset(d, 0, sizeof(*d));
	memset(d->rule, RULE_DEFAULT, sizeof(d->rule));
	if (stmt_role_load(ctx->db, ctx->req->arena, &(struct role_load_in){ .id = id }, &out) != DB_OK)
		return -1;
	if (out.n == 0)
		return 0;
	d->id = id;
	d->name = out.rows[0].name;
	d->description = out.rows[0].description;
	d->mfa = out.rows[0].mfa_required != 0;
	d->networks = out.rows[0].allowed_networks;
	d->hours = out.rows[0].allowed_hours;
	d->builtin = out.rows[0].builtin != 0;
	d->export_row_cap = out.rows[0].export_row_cap;	/* NULL: 0, the default */
	return load_grants(ctx, d) == -1 ? -1 : 1;
}

bool
role_def_locked(const struct role_def *d)
{
	return d->builtin && d->name != NULL && strcmp(d->name, "administrator") == 0;
}

/* The cap a role gives its holders today. */
static long long
effective_cap(const struct role_def *d, int server_default)
{
	return d->export_row_cap > 0 ? d->export_row_cap : server_default;
}

bool
role_def_raises(const struct role_def *old, const struct role_def *next, int server_default)
{
	/* A larger cap, or going back to the default when that is larger. */
	if (effective_cap(next, server_default) > effective_cap(old, server_default))
		return true;
	for (int m = 0; m < MOD__MAX; m++)
		for (int a = 0; a < ACT__MAX; a++)
			if (next->scope[m][a] > old->scope[m][a])
				return true;
	for (size_t f = 0; f < ROLE_FIELDS_MAX; f++) {
		int o = old->rule[f] == RULE_DEFAULT ? RULE_EDITABLE : old->rule[f];
		int n = next->rule[f] == RULE_DEFAULT ? RULE_EDITABLE : next->rule[f];
		if (n > o)
			return true;
	}
	/* Restrictions: any change may loosen them (comparing CIDR sets and
	 * hour windows exactly is not worth the risk of getting it wrong). */
	return (old->mfa && !next->mfa) || strcmp(old->networks, next->networks) != 0 ||
	    strcmp(old->hours, next->hours) != 0;
}

/* Adds "key":[before, after] to j when they differ. */
static void
diff_str(struct json *j, struct arena *a, const char *key, const char *before, const char *after)
{
	if (strcmp(before ? before : "", after ? after : "") != 0)
		json_raw(j, key, arena_printf(a, "[%s,%s]", json_quote(a, before ? before : ""),
		    json_quote(a, after ? after : "")));
}

static const char *
rule_text(signed char r)
{
	return r == RULE_DEFAULT ? "default" : rbac_rule_name((enum field_rule)r);
}

/* "default" (the server's) or the number. */
static const char *
cap_text(struct arena *a, long long cap)
{
	return cap > 0 ? arena_printf(a, "%lld", cap) : "default";
}

/* {"name":[..],..,"permissions":{"accounts.view":["own","team"]},"fields":{..}} */
static const char *
change_detail(struct arena *a, const struct role_def *o, const struct role_def *n)
{
	struct json j, p, f;

	json_begin(&j, a);
	json_str(&j, "role", o->name ? o->name : n->name);
	diff_str(&j, a, "name", o->name, n->name);
	diff_str(&j, a, "description", o->description, n->description);
	diff_str(&j, a, "mfa_required", o->mfa ? "yes" : "no", n->mfa ? "yes" : "no");
	diff_str(&j, a, "allowed_networks", o->networks, n->networks);
	diff_str(&j, a, "allowed_hours", o->hours, n->hours);
	diff_str(&j, a, "export_row_cap", cap_text(a, o->export_row_cap), cap_text(a, n->export_row_cap));
	json_begin(&p, a);
	for (int m = 0; m < MOD__MAX; m++)
		for (int ac = 0; ac < ACT__MAX; ac++)
			diff_str(&p, a, arena_printf(a, "%s.%s", rbac_module_name(m), rbac_action_name(ac)),
			    rbac_scope_name(o->scope[m][ac]), rbac_scope_name(n->scope[m][ac]));
	json_raw(&j, "permissions", json_end(&p));
	json_begin(&f, a);
	for (size_t i = 0; i < rbac_nfields && i < ROLE_FIELDS_MAX; i++)
		diff_str(&f, a, arena_printf(a, "%s.%s", rbac_module_name(rbac_fields[i].module),
		    rbac_fields[i].name), rule_text(o->rule[i]), rule_text(n->rule[i]));
	json_raw(&j, "fields", json_end(&f));
	return json_end(&j);
}

/* A text column as stored: NULL becomes "". */
static const char *
text(const char *s)
{
	return s ? s : "";
}

/* The cap as stored: NULL for the server default. */
static struct db_value
cap_value(long long cap)
{
	return cap > 0 ? (struct db_value){ .type = DBV_INT, .i = cap } : (struct db_value){ .type = DBV_NULL };
}

/* Replaces the role's permission and field rule rows by d's. */
static int
write_grants(struct ctx *ctx, const struct role_def *d)
{
	const struct role_id_in id = { .role_id = d->id };

	if (stmt_role_perms_clear(ctx->db, ctx->req->arena, &id, NULL) != DB_OK ||
	    stmt_role_rules_clear(ctx->db, ctx->req->arena, &id, NULL) != DB_OK)
		return -1;
	for (int m = 0; m < MOD__MAX; m++)
		for (int a = 0; a < ACT__MAX; a++) {
			if (d->scope[m][a] == SCOPE_NONE)
				continue;
			if (stmt_role_perm_insert(ctx->db, ctx->req->arena, &(struct role_perm_insert_in){
			    .role_id = d->id, .module = text(rbac_module_name(m)),
			    .action = text(rbac_action_name(a)),
			    .scope = text(rbac_scope_name(d->scope[m][a])) }, NULL) != DB_OK)
				return -1;
		}
	for (size_t f = 0; f < rbac_nfields && f < ROLE_FIELDS_MAX; f++) {
		if (d->rule[f] == RULE_DEFAULT)
			continue;
		if (stmt_role_rule_insert(ctx->db, ctx->req->arena, &(struct role_rule_insert_in){
		    .role_id = d->id, .module = text(rbac_module_name(rbac_fields[f].module)),
		    .field = text(rbac_fields[f].name),
		    .rule = text(rbac_rule_name((enum field_rule)d->rule[f])) }, NULL) != DB_OK)
			return -1;
	}
	return 0;
}

int
role_def_save(struct ctx *ctx, const struct role_def *old, const struct role_def *n)
{
	const struct role_update_in in = { .name = text(n->name), .description = text(n->description),
	    .mfa_required = n->mfa, .allowed_networks = text(n->networks),
	    .allowed_hours = text(n->hours), .export_row_cap = cap_value(n->export_row_cap),
	    .id = n->id };
	enum db_error e = stmt_role_update(ctx->db, ctx->req->arena, &in, NULL);

	if (e == DB_ERR_DUPLICATE)
		return 1;
	if (e != DB_OK || write_grants(ctx, n) == -1)
		return -1;
	return audit_ctx(ctx, AUDIT_ROLE_UPDATE, "role", arena_printf(ctx->req->arena, "%lld", n->id),
	    AUDIT_SUCCESS, 1, change_detail(ctx->req->arena, old, n));
}

int
role_def_create(struct ctx *ctx, struct role_def *d, const char *clone_of)
{
	const struct role_insert_in in = { .name = text(d->name), .description = text(d->description),
	    .mfa_required = d->mfa, .allowed_networks = text(d->networks),
	    .allowed_hours = text(d->hours), .export_row_cap = cap_value(d->export_row_cap) };
	struct role_insert_out out;
	struct role_def empty;
	struct json j;
	enum db_error e = stmt_role_insert(ctx->db, ctx->req->arena, &in, &out);

	if (e == DB_ERR_DUPLICATE)
		return 1;
	if (e != DB_OK)
		return -1;
	d->id = (long long)out.insert_id;
	d->builtin = false;
	if (write_grants(ctx, d) == -1)
		return -1;
	memset(&empty, 0, sizeof(empty));
	memset(empty.rule, RULE_DEFAULT, sizeof(empty.rule));
	empty.name = d->name;
	empty.description = empty.networks = empty.hours = "";
	json_begin(&j, ctx->req->arena);
	if (clone_of != NULL)
		json_str(&j, "clone_of", clone_of);
	json_raw(&j, "grants", change_detail(ctx->req->arena, &empty, d));
	return audit_ctx(ctx, AUDIT_ROLE_CREATE, "role", arena_printf(ctx->req->arena, "%lld", d->id),
	    AUDIT_SUCCESS, 1, json_end(&j));
}
