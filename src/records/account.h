/* account.h: accounts (companies) as pages use them. account.c is the
 * only code that runs SQL about accounts (but for the lifecycle, export,
 * import and purge statements): loading one within the user's record
 * scope, the list, creating and updating one with its audit record in
 * the same transaction (its related lists: account_related.h). The tax
 * number and bank account are sealed under the account's own data key
 * (record_secrets.h) and ruled per role. */
#ifndef CRM_ACCOUNT_H
#define CRM_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "custom_value.h"
#include "form.h"
#include "record_secrets.h"

struct ctx;

enum account_secret { AS_TAX, AS_BANK, AS__MAX };

extern const struct secret_kind account_secrets;

/* The account form under its old name, for page_imports.c (which reaches
 * it by extern); the same fields as record_form(record_decl_of(RK_ACCOUNTS)),
 * which the account pages use. Goes once nothing names it. */
extern const struct form_def account_form;

/* The industry codes (stored) and their label msgids (shown), NULL-
 * terminated, in the same order (account_decl.c). */
extern const char *const account_industries[];
extern const char *const account_industry_labels[];

/* The plain standard fields, as the form normalises them (NULL: not
 * given): employees and revenue as decimal digits, revenue in cents. */
enum account_info {
	AI_INDUSTRY, AI_WEBSITE, AI_PHONE, AI_BILLING, AI_SHIPPING, AI_EMPLOYEES, AI_REVENUE, AI_CURRENCY,
	AI_PARENT,	/* the parent account's id in decimal, checked by the
			 * caller (pick_account, pick_parent_account) */
	AI__MAX
};

/* The declared field name of each account_info. */
extern const char *const account_info_fields[AI__MAX];

struct account {
	long long id, owner_id, team_id, version;
	const char *name, *owner, *team, *updated;
	const char *info[AI__MAX];		/* the plain standard fields */
	struct db_value sealed[AS__MAX];	/* as stored */
	const char *plain[AS__MAX];		/* opened: NULL when empty, hidden or broken */
	bool broken[AS__MAX];			/* did not decrypt (integrity alert logged) */
};

/* One line of the list. */
struct account_item {
	long long id, contacts;			/* contacts: its live contacts */
	const char *name, *owner, *industry;	/* industry: a code or NULL */
};

/* What the list shows: a name prefix ("" all; one with LIKE wildcards
 * matches nothing), an owner (0 all), the keyset position after
 * (after_name, after_id), at most limit. */
struct account_query {
	const char *prefix, *after_name;
	long long owner_id, after_id;
	long long limit;
};

struct account_page {
	size_t n;
	struct account_item *items;
};

/* True when the user's field rules let them edit sealed field f. */
bool account_editable(const struct ctx *ctx, enum account_secret f);

/* 1 found within scope for action (and its sealed fields opened as the
 * rules allow), 0 missing or out of scope, -1 error. Arena memory. */
int account_load(struct ctx *ctx, long long id, enum rbac_action action, struct account *out);

/* account_load without opening anything: 1, 0 or -1. */
int account_in_scope(struct ctx *ctx, long long id, enum rbac_action action);

/* The accounts of q in the user's view scope: 0 or -1. Arena memory. */
int account_list(struct ctx *ctx, const struct account_query *q, struct account_page *out);

/* An account offered on the contact form. */
struct account_choice {
	long long id;
	const char *name;
};
#define ACCOUNT_PICK_MAX 20

/* Up to ACCOUNT_PICK_MAX live accounts within the user's accounts view
 * scope whose name contains q, by name, into *out (*n of them, arena
 * memory): 0, or -1 on a database error. */
int account_pick_search(struct ctx *ctx, const char *q, struct account_choice **out, size_t *n);

/* Creates an account named name with the standard fields info and the
 * sealed values plain (those the user may not edit are left empty), audited: 1 and *id, or -1 (rolled
 * back). Its own transaction. */
/* The custom fields of a save (custom_value.h): the checked form and what
 * the account holds; NULL members: leave them as they are. */
struct account_custom {
	const struct custom_form *form;
	const struct custom_values *before;
};

int account_create(struct ctx *ctx, const char *name, const char *const info[AI__MAX],
    const char *const plain[AS__MAX], const struct account_custom *custom, long long *id);

/* Updates account id at version within the edit scope: name, the
 * standard fields info and the sealed values the user may edit, audited: 1 saved, 0 missing, out of
 * scope or changed meanwhile (rolled back), -1 error (rolled back). Its
 * own transaction. */
int account_update(struct ctx *ctx, const struct account *was, long long version, const char *name,
    const char *const info[AI__MAX], const char *const plain[AS__MAX], const struct account_custom *custom);

/* ---- the hierarchy (parent accounts) ---- */

/* Levels shown above and below an account on its page, and the most
 * accounts shown below it. */
#define ACCOUNT_TREE_DEPTH 10
#define ACCOUNT_TREE_MAX 200

/* An account of the hierarchy: its distance from the account shown
 * (1: parent or child), its parent, and its name when the user may view
 * it (NULL: "a record you cannot open"). */
struct account_node {
	long long id, parent_id;
	int depth;
	const char *name;
};

/* The live ancestors of account id, the farthest first, at most
 * ACCOUNT_TREE_DEPTH, into *out (*n of them; *more when there are
 * more above): 0 or -1. Arena memory. */
int account_ancestors(struct ctx *ctx, long long id, struct account_node **out, size_t *n, bool *more);

/* The live descendants of account id to ACCOUNT_TREE_DEPTH levels, at
 * most ACCOUNT_TREE_MAX, depth first (each after its parent, siblings
 * by id) into *out (*n; *more when some are left out): 0 or -1. */
int account_descendants(struct ctx *ctx, long long id, struct account_node **out, size_t *n, bool *more);

/* Whether account id is parent or one of its ancestors (any, live or
 * deleted, in scope or not: a cycle is refused whatever the user sees):
 * 1 yes (making parent id's parent would close a cycle), 0 no, -1
 * error. */
int account_is_ancestor(struct ctx *ctx, long long id, long long parent);

/* Inserts an account named name owned by the user, nothing sealed and
 * not audited (the caller's transaction audits it: lead conversion): its
 * id, or -1. */
long long account_insert_row(struct ctx *ctx, const char *name);

#endif
