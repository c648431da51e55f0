/* rbac.h: who may do what. Permissions are module x action, each granted
 * with a record scope (own < team < all); sensitive fields carry a rule
 * per role (hidden < masked < readonly < editable). A user's rights are
 * the union of their roles that apply now (a role restricted to some
 * networks or hours contributes nothing outside them) plus their
 * unexpired temporary grants, each capped by what its granter holds
 * (grant_ceiling.h). Loaded once per request, so a change on
 * /admin/roles takes effect on the affected users' next request. */
#ifndef CRM_RBAC_H
#define CRM_RBAC_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"

enum rbac_module {
	MOD_ACCOUNTS, MOD_CONTACTS, MOD_LEADS, MOD_DEALS, MOD_ACTIVITIES, MOD_REPORTS,
	MOD_ADMIN_USERS, MOD_ADMIN_ROLES, MOD_ADMIN_GROUPS, MOD_ADMIN_AUDIT, MOD_ADMIN_ALERTS,
	MOD_ADMIN_SETTINGS,
	MOD__MAX
};

enum rbac_action { ACT_VIEW, ACT_CREATE, ACT_EDIT, ACT_DELETE, ACT_EXPORT, ACT_IMPORT, ACT__MAX };

/* Ordered: a larger scope includes the smaller ones. */
enum rbac_scope { SCOPE_NONE, SCOPE_OWN, SCOPE_TEAM, SCOPE_ALL, SCOPE__MAX };

/* Ordered from least to most: the union of roles takes the largest. */
enum field_rule { RULE_HIDDEN, RULE_MASKED, RULE_READONLY, RULE_EDITABLE, RULE__MAX };

/* Declared ruled fields, then the custom fields of every family. */
#define RBAC_FIELDS_MAX (32 + 4 * 60)

struct rights {
	unsigned char scope[MOD__MAX][ACT__MAX];	/* enum rbac_scope */
	unsigned char rule[RBAC_FIELDS_MAX];		/* enum field_rule, per rbac_fields[i] */
	long long team_id;				/* 0: no team */
	int nroles_applying;				/* roles whose restrictions pass now */
	int nroles_refused;				/* roles held but restricted now */
	/* admin.users edit with scope all from the roles alone (not only
	 * through a temporary grant): see user_scope_all(). */
	bool users_all_by_role;
	/* The CSV export row cap, kept without the configuration: the
	 * largest cap of its own among the roles that apply (0: none), and
	 * whether one of them has none and so counts the server default.
	 * rbac_export_row_cap() turns these into the user's cap. */
	int export_cap_max;
	bool export_cap_default;
};

/* The largest export row cap a role may have (as [server] export_row_cap). */
#define RBAC_EXPORT_CAP_MAX 1000000

/* Names as stored and shown ("accounts", "admin.users", "view", "team",
 * "masked"); the parsers return -1 for anything else. */
const char *rbac_module_name(enum rbac_module m);
const char *rbac_action_name(enum rbac_action a);
const char *rbac_scope_name(enum rbac_scope s);
const char *rbac_rule_name(enum field_rule r);
int rbac_module_parse(const char *s);
int rbac_action_parse(const char *s);
int rbac_scope_parse(const char *s);
int rbac_rule_parse(const char *s);
/* msgids of the same, for pages. */
const char *rbac_module_label(enum rbac_module m);
const char *rbac_action_label(enum rbac_action a);

/* The sensitive fields field rules apply to, per module (the CRM core's
 * records show them through these rules). */
struct rbac_field {
	enum rbac_module module;
	const char *name;	/* column, e.g. "tax_id" */
	const char *label;	/* msgid */
};
/* The fields with per-role rules: the declarations' RF_RULED fields
 * (record_decl.h), by module in enum order, each family's in declaration
 * order; derived at the first use. rbac_fields[i] / rbac_nfields read
 * them (a role's and a rights' rule[i] are per index). */
const struct rbac_field *rbac_field_table(void);
size_t rbac_field_count(void);
#define rbac_fields (rbac_field_table())
#define rbac_nfields (rbac_field_count())
/* msgids of the scopes and rules, for forms. */
const char *rbac_scope_label(enum rbac_scope s);
const char *rbac_rule_label(enum field_rule r);
/* One-word msgids of the scopes ("None", "Own", "Team", "All"), for the
 * role editor's grid. */
const char *rbac_scope_short_label(enum rbac_scope s);

/* Whether scope s means something for module m. Records (and reports)
 * have owners and teams; so do users (admin.users: own is only the actor,
 * team the actor's team, user_scope.h). The other admin modules have
 * neither: their grants are none or all (a stored own or team there
 * acts as all, since a route needs any scope). */
bool rbac_scope_applies(enum rbac_module m, enum rbac_scope s);

/* Loads user_id's rights (team team_id, 0 for none) as they apply to a
 * request from ip at now; role hours are read in the zone tz_offset_min
 * minutes east of UTC. 0, or -1 (database error; *out is then empty). */
int rbac_load(struct db *db, struct arena *a, long long user_id, long long team_id,
    const char *ip, time_t now, int tz_offset_min, struct rights *out);
/* The same, its per-user rows answered by the rights cache while
 * generation (ctx->rights_generation: the one read with the request's
 * session) is current; rbac_load is this with generation 0 (no cache). */
int rbac_load_at(struct db *db, struct arena *a, unsigned long long generation,
    long long user_id, long long team_id, const char *ip, time_t now, int tz_offset_min,
    struct rights *out);

/* The scope user has for module x action (SCOPE_NONE: not at all). */
enum rbac_scope rbac_scope(const struct rights *r, enum rbac_module m, enum rbac_action a);

/* How the user sees field of module: the most open rule among the roles
 * that apply; a role without a rule for the field shows it editable when
 * it grants the module's edit, read-only when it grants view. A field
 * not in rbac_fields is not sensitive: RULE_EDITABLE. */
enum field_rule rbac_field_rule(const struct rights *r, enum rbac_module m, const char *field);

/* Whether the user may use field of module as a key: search by it,
 * filter or sort by it, or have a new value checked against existing
 * records for duplicates. Only a field the user sees in clear (read-only
 * or editable) may be one: for a masked or hidden field, a blind index
 * lookup answers "does this value exist, and on which record" as surely
 * as showing it would. Every search, filter, sort and duplicate check
 * asks this (search_key.h for list searches); a field not in
 * rbac_fields is not sensitive and always may. */
bool rbac_field_keyable(const struct rights *r, enum rbac_module m, const char *field);

/* Folds the export row cap of one role that applies into r: role_cap is
 * its own cap, or 0 when it has none (NULL: the server default). Values
 * above RBAC_EXPORT_CAP_MAX count as that. */
void rbac_merge_export_cap(struct rights *r, long long role_cap);

/* The most rows one CSV export may hold for the user: the largest cap
 * among the roles that apply, a role without its own counting as
 * server_default ([server] export_row_cap). A user whose rights come
 * only from temporary grants (no role applies) gets server_default. */
int rbac_export_row_cap(const struct rights *r, int server_default);

#endif
