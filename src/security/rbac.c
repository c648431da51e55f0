/* rbac.c: owns the computation of a user's rights (rbac.h): the union of
 * the grants of their roles that apply to this request (network and hour
 * restrictions checked here) and of their unexpired temporary grants,
 * each no wider than its granter holds (grant_ceiling.h), and the export
 * row cap those roles give. */
#include "config.h"

#include <string.h>

#include "custom_field.h"
#include "grant_ceiling.h"
#include "i18n.h"
#include "log.h"
#include "rbac.h"
#include "record_decl.h"
#include "rights_cache.h"
#include "stmt.h"
#include "restriction.h"

static const char *const module_names[MOD__MAX] = {
	"accounts", "contacts", "leads", "deals", "activities", "reports",
	"admin.users", "admin.roles", "admin.groups", "admin.audit", "admin.alerts",
	"admin.settings",
};
static const char *const module_labels[MOD__MAX] = {
	N_("Accounts"), N_("Contacts"), N_("Leads"), N_("Deals"), N_("Activities"), N_("Reports"),
	N_("Users"), N_("Roles"), N_("Groups"), N_("Audit trail"), N_("Alerts"), N_("Settings"),
};
static const char *const action_names[ACT__MAX] = {
	"view", "create", "edit", "delete", "export", "import",
};
static const char *const action_labels[ACT__MAX] = {
	N_("View"), N_("Create"), N_("Edit"), N_("Delete"), N_("Export"), N_("Import"),
};
static const char *const scope_names[SCOPE__MAX] = { "none", "own", "team", "all" };
static const char *const rule_names[RULE__MAX] = { "hidden", "masked", "readonly", "editable" };

static const char *const scope_labels[SCOPE__MAX] = {
	N_("No access"), N_("Own records"), N_("Team's records"), N_("All records"),
};
static const char *const scope_short_labels[SCOPE__MAX] = {
	N_("None"), N_("Own"), N_("Team"), N_("All"),
};
static const char *const rule_labels[RULE__MAX] = {
	N_("Hidden"), N_("Masked"), N_("Read-only"), N_("Editable"),
};

static struct rbac_field field_table[RBAC_FIELDS_MAX];
static size_t field_count, declared_count;
static bool field_table_built;
static const struct custom_field *const *custom_seen;	/* the registry's live list they came from */

/* Appends the RF_RULED fields of the declaration of module m. */
static void
add_ruled(enum rbac_module m)
{
	for (int k = 0; k < RK__MAX; k++) {
		const struct record_decl *d = record_decl_of((enum record_kind_id)k);
		for (size_t i = 0; d != NULL && d->module == m && i < d->nfields; i++)
			if ((d->fields[i].flags & RF_RULED) && field_count < RBAC_FIELDS_MAX)
				field_table[field_count++] = (struct rbac_field){ m, d->fields[i].def.name,
				    d->fields[i].def.label };
	}
}

/* The custom fields (all ruled) after the declared ones, again whenever
 * the registry was read again (custom_field.h): a request computes its
 * rights after the registry is synced, so rule[i] always means the
 * table as it is during that request. */
static void
add_custom(void)
{
	size_t n;
	const struct custom_field *const *cf = custom_fields_all(&n);

	if (cf == custom_seen && field_count >= declared_count)
		return;
	custom_seen = cf;
	field_count = declared_count;
	for (size_t i = 0; i < n && field_count < RBAC_FIELDS_MAX; i++)
		field_table[field_count++] = (struct rbac_field){ record_decl_of(cf[i]->kind)->module,
		    cf[i]->rf.def.name, cf[i]->rf.def.label };
}

const struct rbac_field *
rbac_field_table(void)
{
	if (!field_table_built) {
		for (int m = 0; m < MOD__MAX; m++)
			add_ruled((enum rbac_module)m);
		declared_count = field_count;
		field_table_built = true;
	}
	add_custom();
	return field_table;
}

size_t
rbac_field_count(void)
{
	(void)rbac_field_table();
	return field_count;
}

const char *rbac_scope_label(enum rbac_scope s) { return s < SCOPE__MAX ? scope_labels[s] : "?"; }
const char *rbac_rule_label(enum field_rule r) { return r < RULE__MAX ? rule_labels[r] : "?"; }
const char *rbac_scope_short_label(enum rbac_scope s) { return s < SCOPE__MAX ? scope_short_labels[s] : "?"; }

bool
rbac_scope_applies(enum rbac_module m, enum rbac_scope s)
{
	if (m >= MOD__MAX || s >= SCOPE__MAX)
		return false;
	if (s == SCOPE_NONE || s == SCOPE_ALL || m < MOD_ADMIN_USERS || m == MOD_ADMIN_USERS)
		return true;
	return false;
}

const char *rbac_module_name(enum rbac_module m) { return m < MOD__MAX ? module_names[m] : "?"; }
const char *rbac_module_label(enum rbac_module m) { return m < MOD__MAX ? module_labels[m] : "?"; }
const char *rbac_action_name(enum rbac_action a) { return a < ACT__MAX ? action_names[a] : "?"; }
const char *rbac_action_label(enum rbac_action a) { return a < ACT__MAX ? action_labels[a] : "?"; }
const char *rbac_scope_name(enum rbac_scope s) { return s < SCOPE__MAX ? scope_names[s] : "?"; }
const char *rbac_rule_name(enum field_rule r) { return r < RULE__MAX ? rule_names[r] : "?"; }

static int
find(const char *const *names, int n, const char *s)
{
	for (int i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int rbac_module_parse(const char *s) { return find(module_names, MOD__MAX, s); }
int rbac_action_parse(const char *s) { return find(action_names, ACT__MAX, s); }
int rbac_scope_parse(const char *s) { return find(scope_names, SCOPE__MAX, s); }
int rbac_rule_parse(const char *s) { return find(rule_names, RULE__MAX, s); }

enum rbac_scope
rbac_scope(const struct rights *r, enum rbac_module m, enum rbac_action a)
{
	if (r == NULL || m >= MOD__MAX || a >= ACT__MAX)
		return SCOPE_NONE;
	return (enum rbac_scope)r->scope[m][a];
}

/* Whether a role restricted to networks and hours applies to this
 * request. A restriction that no longer parses applies nowhere (it was
 * checked when saved; failing closed is the safe way to be wrong). */
static bool
role_applies(struct arena *a, const char *networks, const char *hours, const char *ip,
    time_t now, int tz)
{
	struct net_rule *nets;
	struct time_window *win;
	size_t nn, nw;
	char err[160];

	if (restriction_parse_networks(networks ? networks : "", a, &nets, &nn, err, sizeof(err)) == -1 ||
	    restriction_parse_hours(hours ? hours : "", a, &win, &nw, err, sizeof(err)) == -1) {
		crm_err("a role's sign-in restriction does not parse (%s): the role is not applied", err);
		return false;
	}
	return restriction_ip_allowed(nets, nn, ip ? ip : "") &&
	    restriction_time_allowed(win, nw, now, tz);
}


enum field_rule
rbac_field_rule(const struct rights *r, enum rbac_module m, const char *field)
{
	for (size_t f = 0; f < rbac_nfields && f < RBAC_FIELDS_MAX; f++)
		if (rbac_fields[f].module == m && strcmp(rbac_fields[f].name, field) == 0)
			return r != NULL ? (enum field_rule)r->rule[f] : RULE_HIDDEN;
	return RULE_EDITABLE;
}

bool
rbac_field_keyable(const struct rights *r, enum rbac_module m, const char *field)
{
	return rbac_field_rule(r, m, field) >= RULE_READONLY;
}

void
rbac_merge_export_cap(struct rights *r, long long role_cap)
{
	if (role_cap <= 0) {
		r->export_cap_default = true;
		return;
	}
	if (role_cap > RBAC_EXPORT_CAP_MAX)
		role_cap = RBAC_EXPORT_CAP_MAX;
	if (role_cap > r->export_cap_max)
		r->export_cap_max = (int)role_cap;
}

int
rbac_export_row_cap(const struct rights *r, int server_default)
{
	if (r == NULL)
		return server_default;
	if (r->export_cap_default || r->export_cap_max == 0)
		return r->export_cap_max > server_default ? r->export_cap_max : server_default;
	return r->export_cap_max;
}

#define ROLES_MAX 64

/* One role of the user while rights are computed. */
struct role_rights {
	long long id;
	bool applies;
	long long export_cap;	/* 0: none of its own (the server default) */
	unsigned char scope[MOD__MAX][ACT__MAX];
	signed char rule[RBAC_FIELDS_MAX];	/* -1: none set */
};

static void
role_grant(unsigned char scope[MOD__MAX][ACT__MAX], const char *module, const char *action,
    const char *s)
{
	int m = rbac_module_parse(module), ac = rbac_action_parse(action), sc = rbac_scope_parse(s);

	if (m >= 0 && ac >= 0 && sc > (int)scope[m][ac])
		scope[m][ac] = (unsigned char)sc;
}

/* The user's roles with their grants and whether each applies now. */
static int
load_roles(struct db *db, struct arena *a, unsigned long long generation, long long user_id,
    const char *ip, time_t now, int tz, struct role_rights *roles, int *n)
{
	struct stmt_call call = stmt_call_role_user_grants(&(struct role_user_grants_in){
	    .user_id = user_id });
	struct role_user_grants_out out;
	struct db_rows rows;

	*n = 0;
	if (rights_cache_call(db, a, generation, &call, user_id, &rows) != DB_OK)
		return -1;
	role_user_grants_read(&rows, a, &out);
	for (size_t i = 0; i < out.n; i++) {
		const struct role_user_grants_row *g = &out.rows[i];
		if (*n == 0 || roles[*n - 1].id != g->role_id) {	/* rows come by role */
			if (*n == ROLES_MAX)
				break;
			memset(&roles[*n], 0, sizeof(roles[*n]));
			memset(roles[*n].rule, -1, sizeof(roles[*n].rule));
			roles[*n].id = g->role_id;
			roles[*n].applies = role_applies(a, g->allowed_networks, g->allowed_hours, ip,
			    now, tz);
			roles[*n].export_cap = g->export_cap;	/* NULL: 0 */
			(*n)++;
		}
		if (g->module != NULL)
			role_grant(roles[*n - 1].scope, g->module, g->action, g->scope);
	}
	return 0;
}

static int
load_rules(struct db *db, struct arena *a, unsigned long long generation, long long user_id,
    struct role_rights *roles, int n)
{
	struct stmt_call call = stmt_call_role_user_rules(&(struct role_user_rules_in){
	    .user_id = user_id });
	struct role_user_rules_out out;
	struct db_rows rows;

	if (rights_cache_call(db, a, generation, &call, user_id, &rows) != DB_OK)
		return -1;
	role_user_rules_read(&rows, a, &out);
	for (size_t i = 0; i < out.n; i++) {
		const struct role_user_rules_row *r = &out.rows[i];
		int m = rbac_module_parse(r->module);
		int rule = rbac_rule_parse(r->rule);
		for (int k = 0; k < n; k++)
			for (size_t f = 0; k >= 0 && f < rbac_nfields && f < RBAC_FIELDS_MAX; f++)
				if (roles[k].id == r->role_id && (int)rbac_fields[f].module == m &&
				    rule >= 0 && strcmp(rbac_fields[f].name, r->field) == 0)
					roles[k].rule[f] = (signed char)rule;
	}
	return 0;
}

/* The user's module-wide temporary grants; the cache entry ends with the
 * first of them to expire. */
static int
load_temp_grants(struct db *db, struct arena *a, unsigned long long generation,
    long long user_id, struct role_user_temp_grants_out *out)
{
	struct stmt_call call = stmt_call_role_user_temp_grants(&(struct role_user_temp_grants_in){
	    .user_id = user_id });
	struct db_rows rows;

	if (rights_cache_call(db, a, generation, &call, user_id, &rows) != DB_OK)
		return -1;
	role_user_temp_grants_read(&rows, a, out);
	for (size_t i = 0; i < out->n; i++)
		rights_cache_expire_in(generation, call.id, user_id, out->rows[i].seconds_left);
	return 0;
}

/* A role's rule for field f: its own, else what its module grants give. */
static int
role_rule(const unsigned char scope[MOD__MAX][ACT__MAX], signed char own, enum rbac_module m)
{
	if (scope[m][ACT_VIEW] == SCOPE_NONE && scope[m][ACT_EDIT] == SCOPE_NONE)
		return -1;
	if (own >= 0)
		return own;
	return scope[m][ACT_EDIT] != SCOPE_NONE ? RULE_EDITABLE : RULE_READONLY;
}

static void
merge(struct rights *out, const unsigned char scope[MOD__MAX][ACT__MAX], const signed char *rule)
{
	for (int m = 0; m < MOD__MAX; m++)
		for (int ac = 0; ac < ACT__MAX; ac++)
			if (scope[m][ac] > out->scope[m][ac])
				out->scope[m][ac] = scope[m][ac];
	for (size_t f = 0; f < rbac_nfields && f < RBAC_FIELDS_MAX; f++) {
		int r = role_rule(scope, rule ? rule[f] : -1, rbac_fields[f].module);
		if (r > (int)out->rule[f])
			out->rule[f] = (unsigned char)r;
	}
}

/* Folds a temporary grant into scope: the grant's scope seen through
 * its granter's ceiling (grant_ceiling.h), never more. */
static void
temp_grant(unsigned char scope[MOD__MAX][ACT__MAX], const struct role_user_temp_grants_row *g,
    long long team_id)
{
	int m = rbac_module_parse(g->module);
	int ac = rbac_action_parse(g->action);
	int stored = rbac_scope_parse(g->scope);
	enum rbac_scope s;

	if (m < 0 || ac < 0 || stored < 0)
		return;
	s = grant_effective((enum rbac_module)m, (enum rbac_scope)stored,
	    (enum rbac_scope)g->granter_scope, (enum rbac_scope)g->granter_users_scope,
	    g->team_id, team_id);
	if (s > (enum rbac_scope)scope[m][ac])
		scope[m][ac] = (unsigned char)s;
}

int
rbac_load(struct db *db, struct arena *a, long long user_id, long long team_id, const char *ip,
    time_t now, int tz, struct rights *out)
{
	return rbac_load_at(db, a, 0, user_id, team_id, ip, now, tz, out);
}

int
rbac_load_at(struct db *db, struct arena *a, unsigned long long generation, long long user_id,
    long long team_id, const char *ip, time_t now, int tz, struct rights *out)
{
	struct role_rights *roles = arena_alloc(a, sizeof(*roles) * ROLES_MAX);
	unsigned char temp[MOD__MAX][ACT__MAX];
	struct role_user_temp_grants_out grants;
	int n;

	memset(out, 0, sizeof(*out));
	out->team_id = team_id;
	if (load_roles(db, a, generation, user_id, ip, now, tz, roles, &n) == -1 ||
	    load_rules(db, a, generation, user_id, roles, n) == -1 ||
	    load_temp_grants(db, a, generation, user_id, &grants) == -1) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	for (int k = 0; k < n; k++) {
		roles[k].applies ? out->nroles_applying++ : out->nroles_refused++;
		if (roles[k].applies) {
			merge(out, roles[k].scope, roles[k].rule);
			rbac_merge_export_cap(out, roles[k].export_cap);
		}
	}
	out->users_all_by_role = out->scope[MOD_ADMIN_USERS][ACT_EDIT] == SCOPE_ALL;
	memset(temp, 0, sizeof(temp));
	for (size_t i = 0; i < grants.n; i++)
		temp_grant(temp, &grants.rows[i], team_id);
	merge(out, temp, NULL);
	return 0;
}
