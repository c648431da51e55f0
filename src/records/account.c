/* account.c: owns the account data (account.h): loading one within the
 * user's record scope, the list, its hierarchy (ancestors, descendants,
 * the cycle check), and creating and updating one (its related lists
 * are account_related.c's), each change with its audit record in the
 * same transaction (sensitive values masked). The only code running the
 * ACCOUNT statements (account_sql.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "escape.h"
#include "handler.h"
#include "i18n.h"
#include "record_audit.h"
#include "record_scope.h"
#include "session.h"
#include "stmt.h"

const struct secret_kind account_secrets = {
	"accounts", "account", MOD_ACCOUNTS, AS__MAX, { "tax_id", "bank_account" }, { NULL, NULL },
	{ NULL }, { NULL },
};

static const struct field_def account_fields[] = {
	{ .name = "name", .label = N_("Name"), .type = FIELD_TEXT, .required = true, .max_len = 200 },
	{ .name = "tax_id", .label = N_("Tax number"), .type = FIELD_TEXT, .max_len = 40 },
	{ .name = "bank_account", .label = N_("Bank account"), .type = FIELD_TEXT, .max_len = 64 },
};
const struct form_def account_form = {
	"account", account_fields, sizeof(account_fields) / sizeof(account_fields[0])
};

const char *const account_info_fields[AI__MAX] = {
	"industry", "website", "phone", "billing_address", "shipping_address", "employees", "annual_revenue",
	"revenue_currency", "parent",
};

bool
account_editable(const struct ctx *ctx, enum account_secret f)
{
	return rbac_field_rule(&ctx->user->rights, MOD_ACCOUNTS, account_secrets.columns[f]) == RULE_EDITABLE;
}

/* The row of account id within scope for action: 1 (in *row), 0, -1. */
static int
get(struct ctx *ctx, long long id, enum rbac_action action, struct account_get_row *row)
{
	struct account_get_in in = { .id = id, .scope = record_scope_of(ctx, MOD_ACCOUNTS, action) };
	struct account_get_out out;

	if (stmt_account_get(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	if (out.n != 1)
		return 0;
	*row = out.rows[0];
	return 1;
}

int
account_in_scope(struct ctx *ctx, long long id, enum rbac_action action)
{
	struct account_get_row row;

	return get(ctx, id, action, &row);
}

int
account_load(struct ctx *ctx, long long id, enum rbac_action action, struct account *out)
{
	struct account_get_row row;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = get(ctx, id, action, &row)) <= 0)
		return rc;
	out->id = row.id;
	out->name = row.name;
	out->owner_id = row.owner_id;
	out->owner = row.owner;
	out->team_id = row.team_id;
	out->team = row.team;
	out->version = row.version;
	out->updated = row.updated;
	out->info[AI_INDUSTRY] = row.industry;
	out->info[AI_WEBSITE] = row.website;
	out->info[AI_PHONE] = row.phone;
	out->info[AI_BILLING] = row.billing_address;
	out->info[AI_SHIPPING] = row.shipping_address;
	out->info[AI_EMPLOYEES] = row.employees;
	out->info[AI_REVENUE] = row.annual_revenue;
	out->info[AI_CURRENCY] = row.revenue_currency;
	out->info[AI_PARENT] = row.parent_id;
	out->sealed[AS_TAX] = row.tax_id;
	out->sealed[AS_BANK] = row.bank_account;
	return secrets_open(ctx, &account_secrets, id, out->sealed, out->plain, out->broken) == -1 ? -1 : 1;
}

int
account_list(struct ctx *ctx, const struct account_query *q, struct account_page *out)
{
	const char *prefix = q->prefix ? q->prefix : "", *after = q->after_name ? q->after_name : "";
	struct account_list_in in = {
		.contact_scope = record_scope_of(ctx, MOD_CONTACTS, ACT_VIEW),
		.scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW),
		.prefix = prefix, .prefix_again = prefix, .owner_id = q->owner_id, .owner_id_again = q->owner_id,
		.after_name = after, .after_name_again = after, .after_id = q->after_id, .limit = q->limit,
	};
	struct account_list_out rows;

	if (strpbrk(prefix, "%_\\") != NULL)
		in.prefix = in.prefix_again = "\x01";	/* matches nothing */
	if (stmt_account_list(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	out->n = rows.n;
	out->items = arena_alloc(ctx->req->arena, sizeof(*out->items) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++)
		out->items[i] = (struct account_item){ .id = rows.rows[i].id, .contacts = rows.rows[i].contacts,
		    .name = rows.rows[i].name, .owner = rows.rows[i].owner, .industry = rows.rows[i].industry };
	return 0;
}

int
account_pick_search(struct ctx *ctx, const char *q, struct account_choice **out, size_t *n)
{
	struct account_pick_search_in in = { .like = like_escape(ctx->req->arena, q),
	    .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW), .limit = ACCOUNT_PICK_MAX };
	struct account_pick_search_out rows;

	if (stmt_account_pick_search(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	*n = rows.n;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++)
		(*out)[i] = (struct account_choice){ .id = rows.rows[i].id, .name = rows.rows[i].name };
	return 0;
}

/* ---- the hierarchy ---- */

int
account_ancestors(struct ctx *ctx, long long id, struct account_node **out, size_t *n, bool *more)
{
	struct account_ancestors_in in = { .id = id, .depth = ACCOUNT_TREE_DEPTH + 1,
	    .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW) };
	struct account_ancestors_out rows;
	size_t k = 0;

	if (stmt_account_ancestors(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	*more = rows.n > ACCOUNT_TREE_DEPTH;
	*n = *more ? ACCOUNT_TREE_DEPTH : rows.n;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (*n + 1));
	for (size_t i = *n; i-- > 0; )	/* the farthest first */
		(*out)[k++] = (struct account_node){ .id = rows.rows[i].id, .parent_id = rows.rows[i].parent_id,
		    .depth = (int)rows.rows[i].depth, .name = rows.rows[i].name };
	return 0;
}

int
account_descendants(struct ctx *ctx, long long id, struct account_node **out, size_t *n, bool *more)
{
	struct account_descendants_in in = { .id = id, .depth = ACCOUNT_TREE_DEPTH + 1,
	    .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_VIEW), .limit = ACCOUNT_TREE_MAX + 1 };
	struct account_descendants_out rows;

	if (stmt_account_descendants(ctx->db, ctx->req->arena, &in, &rows) != DB_OK)
		return -1;
	*more = false;
	*n = 0;
	*out = arena_alloc(ctx->req->arena, sizeof(**out) * (rows.n + 1));
	for (size_t i = 0; i < rows.n; i++) {
		if (rows.rows[i].depth > ACCOUNT_TREE_DEPTH || *n == ACCOUNT_TREE_MAX) {
			*more = true;	/* a level or an account beyond the bounds */
			continue;
		}
		(*out)[(*n)++] = (struct account_node){ .id = rows.rows[i].id, .parent_id = rows.rows[i].parent_id,
		    .depth = (int)rows.rows[i].depth, .name = rows.rows[i].name };
	}
	return 0;
}

int
account_is_ancestor(struct ctx *ctx, long long id, long long parent)
{
	struct account_is_ancestor_in in = { .start = parent, .id = id };
	struct account_is_ancestor_out out;

	if (stmt_account_is_ancestor(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return out.n > 0 && out.rows[0].n > 0;
}

long long
account_insert_row(struct ctx *ctx, const char *name)
{
	struct account_insert_in in = { .name = name, .owner_id = ctx->user->id, .team_id = ctx->user->team_id };
	struct account_insert_out out;

	if (stmt_account_insert(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	return (long long)out.insert_id;
}

/* The declared values of a write (record_audit.h): the name, the
 * standard fields, the sealed values the role may edit (the others
 * NULL: left out). blank: an empty value as "" (compared), else NULL
 * (left out of a new account's detail). */
static const char **
audit_values(struct ctx *ctx, const char *name, const char *const info[AI__MAX], const char *const plain[AS__MAX],
    bool blank)
{
	const char *none = blank ? "" : NULL;
	const struct record_decl *d = record_decl_of(RK_ACCOUNTS);
	const char **v = arena_alloc(ctx->req->arena, sizeof(*v) * d->nfields);

	memset(v, 0, sizeof(*v) * d->nfields);
	v[record_field_index(d, "name")] = name;
	for (int f = 0; f < AI__MAX; f++)
		v[record_field_index(d, account_info_fields[f])] = info[f] != NULL ? info[f] : none;
	for (int f = 0; f < AS__MAX; f++)
		if (account_editable(ctx, f))
			v[record_field_index(d, account_secrets.columns[f])] = plain[f] != NULL ? plain[f] : none;
	return v;
}

/* The audit detail of a write: a new account's values ({"after":..}),
 * or what an update changed from was ({"before":..,"after":..}), the
 * sealed values masked as the other families' are. */
static const char *
detail(struct ctx *ctx, const struct account *was, const char *name, const char *const info[AI__MAX],
    const char *const plain[AS__MAX])
{
	struct arena *a = ctx->req->arena;
	const struct record_decl *d = record_decl_of(RK_ACCOUNTS);
	const char **after = audit_values(ctx, name, info, plain, was != NULL);

	if (was == NULL)
		return arena_printf(a, "{\"after\":%s}", record_audit_values(a, d, after));
	return record_audit_changes(a, d, audit_values(ctx, was->name, was->info, was->plain, true), after);
}

/* Writes name and the editable sealed values of account id at version
 * (fresh: just inserted, its key created without a lookup first) and
 * the audit record of action, in the caller's transaction: 1 saved, 0
 * no row changed, -1 error. */
static int
store(struct ctx *ctx, const struct account *was, long long id, long long version, const char *name,
    const char *const info[AI__MAX], const char *const plain[AS__MAX], const struct account_custom *custom,
    const char *action)
{
	const char *extra = "";
	bool fresh = strcmp(action, AUDIT_RECORD_CREATE) == 0;
	struct db_value sealed[AS__MAX], bidx[AS__MAX];
	struct account_update_in in = { .name = name, .id = id, .version = version,
	    .industry = info[AI_INDUSTRY], .website = info[AI_WEBSITE], .phone = info[AI_PHONE],
	    .billing_address = info[AI_BILLING], .shipping_address = info[AI_SHIPPING],
	    .employees = info[AI_EMPLOYEES], .annual_revenue = info[AI_REVENUE], .revenue_currency = info[AI_CURRENCY],
	    .parent_id = info[AI_PARENT] ? strtoll(info[AI_PARENT], NULL, 10) : 0,
	    .scope = record_scope_of(ctx, MOD_ACCOUNTS, ACT_EDIT) };
	struct account_update_out out;

	if ((fresh ? secrets_seal_new : secrets_seal)(ctx, &account_secrets, id, plain, sealed, bidx) == -1)
		return -1;
	in.tax_id_set = account_editable(ctx, AS_TAX);
	in.tax_id = sealed[AS_TAX];
	in.bank_account_set = account_editable(ctx, AS_BANK);
	in.bank_account = sealed[AS_BANK];
	if (stmt_account_update(ctx->db, ctx->req->arena, &in, &out) != DB_OK)
		return -1;
	if (out.affected == 0)
		return 0;
	if (custom != NULL && custom_values_write(ctx, id, custom->form, custom->before, &extra) == -1)
		return -1;
	return audit_ctx(ctx, action, "accounts", arena_printf(ctx->req->arena, "%lld", id), AUDIT_SUCCESS, 1,
	    custom_audit_join(ctx->req->arena, detail(ctx, was, name, info, plain), extra)) == -1 ? -1 : 1;
}

int
account_create(struct ctx *ctx, const char *name, const char *const info[AI__MAX],
    const char *const plain[AS__MAX], const struct account_custom *custom, long long *id)
{
	if (db_begin(ctx->db) != DB_OK || (*id = account_insert_row(ctx, name)) == -1 ||
	    store(ctx, NULL, *id, 1, name, info, plain, custom, AUDIT_RECORD_CREATE) != 1 || db_commit(ctx->db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}

int
account_update(struct ctx *ctx, const struct account *was, long long version, const char *name,
    const char *const info[AI__MAX], const char *const plain[AS__MAX], const struct account_custom *custom)
{
	int rc;

	if (db_begin(ctx->db) != DB_OK ||
	    (rc = store(ctx, was, was->id, version, name, info, plain, custom, AUDIT_RECORD_UPDATE)) == -1)
		goto fail;
	if (rc == 0) {
		db_rollback(ctx->db);
		return 0;
	}
	if (db_commit(ctx->db) != DB_OK)
		return -1;
	return 1;
fail:
	db_rollback(ctx->db);
	return -1;
}
