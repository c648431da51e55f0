/* page_relations.c: owns the links between accounts and contacts besides
 * a contact's own account (issue 16), as record pages show them
 * (page_relations.h), and the forms changing a contact's further account
 * relations: POST /contacts/{id}/relations (an account picked like the
 * contact's own, found by a search without script, and a role) and POST
 * /contacts/{id}/relations/{id}/delete. On the account page: the
 * hierarchy (ACCOUNT_TREE_DEPTH levels above and below, at most
 * ACCOUNT_TREE_MAX accounts below, each a link) and the related contacts
 * with their role. A related record the user may not view is shown as
 * "a record you cannot open": no name, no link. The writes and their
 * audit records are contact_relations.c's. */
#include "config.h"

#include <string.h>

#include "account.h"
#include "contact.h"
#include "contact_relations.h"
#include "flash.h"
#include "page.h"
#include "page_relations.h"
#include "pages.h"
#include "permission.h"
#include "pick.h"
#include "record_decl.h"
#include "session.h"

#define MSG_OWN_ACCOUNT N_("This is the contact's own account already.")
#define MSG_RELATED N_("This contact is related to this account already.")

/* The indentation class of a tree line at level (0: the topmost shown);
 * deeper lines than 12 are indented as 12, so a phone screen keeps room
 * for the names. */
static const char *
level_class(struct arena *a, int level)
{
	return arena_printf(a, "level-%d", level > 12 ? 12 : level);
}

/* One line of the tree: a link, "a record you cannot open", or (current)
 * the account shown. */
static void
tree_line(struct ctx *ctx, struct tval *list, long long id, const char *name, int level, bool current)
{
	struct tval *e = tv_append_map(list);

	tv_str(e, "cls", level_class(ctx->req->arena, level));
	if (current)
		tv_str(e, "current", name);
	else if (name == NULL)
		tv_bool(e, "hidden", true);
	else {
		tv_str(e, "name", name);
		tv_strf(e, "href", "/accounts/%lld", id);
	}
}

int
account_hierarchy_show(struct ctx *ctx, long long id, const char *name)
{
	struct account_node *up, *down;
	size_t nup, ndown;
	bool more_up, more_down;
	struct tval *list;

	if (account_ancestors(ctx, id, &up, &nup, &more_up) == -1 ||
	    account_descendants(ctx, id, &down, &ndown, &more_down) == -1)
		return -1;
	if (nup == 0 && ndown == 0)
		return 0;
	list = tv_list(ctx->data, "tree");
	for (size_t i = 0; i < nup; i++)
		tree_line(ctx, list, up[i].id, up[i].name, (int)i, false);
	tree_line(ctx, list, id, name, (int)nup, true);
	for (size_t i = 0; i < ndown; i++)
		tree_line(ctx, list, down[i].id, down[i].name, (int)nup + down[i].depth, false);
	tv_bool(ctx->data, "tree_more_up", more_up);
	tv_bool(ctx->data, "tree_more_down", more_down);
	tv_int(ctx->data, "tree_depth", ACCOUNT_TREE_DEPTH);
	tv_int(ctx->data, "tree_max", ACCOUNT_TREE_MAX);
	return 0;
}

/* One relation line: the other record (a link under path, or hidden)
 * and the role translated. */
static struct tval *
relation_line(struct tval *list, const struct contact_relation *r, const char *path)
{
	struct tval *e = tv_append_map(list);

	if (r->name == NULL)
		tv_bool(e, "hidden", true);
	else {
		tv_str(e, "name", r->name);
		tv_strf(e, "href", "%s/%lld", path, r->other_id);
	}
	tv_str(e, "role", record_code_label(contact_relation_roles, contact_relation_role_labels, r->role));
	return e;
}

int
account_related_contacts_show(struct ctx *ctx, long long id)
{
	struct tval *list = tv_list(ctx->data, "related_contacts");
	struct contact_relation *r;
	size_t n;

	if (contact_relations_of_account(ctx, id, &r, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		relation_line(list, &r[i], "/contacts");
	return 0;
}

/* The add form: the roles, and the accounts the user may view whose name
 * contains the query's rel_q. */
static int
relation_form(struct ctx *ctx, long long id)
{
	const char *q = param_get(&ctx->req->query, "rel_q");
	struct tval *roles = tv_list(ctx->data, "rel_roles"), *found_list;
	struct account_choice *found;
	size_t n;

	tv_strf(ctx->data, "rel_add", "/contacts/%lld/relations", id);
	tv_strf(ctx->data, "rel_self", "/contacts/%lld", id);
	for (int i = 0; contact_relation_roles[i]; i++) {
		struct tval *o = tv_append_map(roles);
		tv_str(o, "code", contact_relation_roles[i]);
		tv_str(o, "label", contact_relation_role_labels[i]);
	}
	if (q == NULL || *q == '\0')
		return 0;
	tv_str(ctx->data, "rel_q", q);
	if (account_pick_search(ctx, q, &found, &n) == -1)
		return -1;
	tv_bool(ctx->data, "rel_none_found", n == 0);
	found_list = tv_list(ctx->data, "rel_accounts");
	for (size_t i = 0; i < n; i++) {
		struct tval *e = tv_append_map(found_list);
		tv_strf(e, "value", "%lld", found[i].id);
		tv_str(e, "text", found[i].name);
	}
	return 0;
}

int
contact_relations_show(struct ctx *ctx, long long id)
{
	struct tval *list = tv_list(ctx->data, "relations");
	bool can_edit = permission_can(ctx, MOD_CONTACTS, ACT_EDIT);
	struct contact_relation *r;
	size_t n;

	if (contact_relations_of_contact(ctx, id, &r, &n) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct tval *e = relation_line(list, &r[i], "/accounts");
		if (can_edit)
			tv_strf(e, "remove", "/contacts/%lld/relations/%lld/delete", id, r[i].id);
	}
	tv_bool(ctx->data, "can_relate", can_edit);
	return can_edit ? relation_form(ctx, id) : 0;
}

/* ---- the forms ---- */

static const struct field_def relation_fields[] = {
	{ .name = "account", .label = N_("Account"), .type = FIELD_ID, .required = true, .pick = PICK_ACCOUNT },
	{ .name = "role", .label = N_("Role"), .type = FIELD_CHOICE, .required = true,
	  .choices = contact_relation_roles },
};
static const struct form_def relation_form_def = {
	"contact_relation", relation_fields, sizeof(relation_fields) / sizeof(relation_fields[0])
};

/* The first message of r (a msgid). */
static const char *
first_error(const struct form_result *r)
{
	for (size_t i = 0; i < r->def->nfields; i++)
		if (r->values[i].error != NULL)
			return r->values[i].error;
	return r->error;
}

int
page_contact_relation_add(struct ctx *ctx)
{
	struct form_result r;
	struct contact c;
	int rc;

	if ((rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((rc = form_validate(&relation_form_def, &ctx->req->form, ctx->req->arena, &r)) == 0)
		rc = pick_form(ctx, &r, MOD_CONTACTS);
	if (rc < 0)
		return 503;
	if (rc > 0)
		return page_contact_relation_error(ctx, first_error(&r));
	if (form_field(&r, "account")->i == c.account_id)
		return page_contact_relation_error(ctx, MSG_OWN_ACCOUNT);
	switch (contact_relation_add(ctx, c.id, form_field(&r, "account")->i, form_field(&r, "role")->value)) {
	case RELATION_SAVED:
		flash_set(ctx, FLASH_RECORD_SAVED);
		return page_redirect(ctx, arena_printf(ctx->req->arena, "/contacts/%lld", c.id));
	case RELATION_EXISTS:
		return page_contact_relation_error(ctx, MSG_RELATED);
	default:
		return 503;
	}
}

int
page_contact_relation_remove(struct ctx *ctx)
{
	struct contact c;
	int rc;

	if ((rc = contact_load(ctx, ctx->ids[0], ACT_EDIT, &c)) <= 0)
		return rc == 0 ? 404 : 503;
	if ((rc = contact_relation_remove(ctx, c.id, ctx->ids[1])) <= 0)
		return rc == 0 ? 404 : 503;
	flash_set(ctx, FLASH_RECORD_SAVED);
	return page_redirect(ctx, arena_printf(ctx->req->arena, "/contacts/%lld", c.id));
}
