/* record_kind.h: the five CRM record types (contacts, accounts, leads,
 * deals, activities) described once for what their lifecycle shares:
 * soft deletion, the list of deleted ones, restoring within [server]
 * restore_days, and owner reassignment. The pages doing these are
 * generic (page_record_delete.c, page_record_owner.c) and so is crmctl
 * reassign; each type contributes only this descriptor and its
 * statements (record_sql.h: one shape per operation, one statement per
 * table). record_kind.c runs them: the pages and crmctl call the
 * functions below and never run SQL themselves. Also the audited one-row
 * change these pages (and others) run. */
#ifndef CRM_RECORD_KIND_H
#define CRM_RECORD_KIND_H

#include <stdbool.h>

#include "db.h"
#include "rbac.h"
#include "record_links.h"
#include "sql_statements.h"

struct ctx;

enum record_kind_id { RK_CONTACTS, RK_ACCOUNTS, RK_LEADS, RK_DEALS, RK_ACTIVITIES, RK__MAX };

struct record_kind {
	const char *name;		/* "accounts": table, module, audit object type and
					 * first path segment alike */
	enum rbac_module module;
	const char *deleted_page;	/* template of its deleted list */
	/* Its lifecycle statements, each of the shape named (record_sql.h). */
	enum stmt_id del;		/* record_delete */
	enum stmt_id deleted;		/* record_deleted */
	enum stmt_id restore;		/* record_restore */
	enum stmt_id owner;		/* record_owner_get */
	enum stmt_id reassign;		/* record_reassign */
	enum stmt_id reassign_all;	/* record_reassign_all */
};

/* A user records may be given to. */
struct record_user {
	long long id, team_id;		/* team: 0 for none */
	const char *username;
	bool disabled;
};

/* A deleted record that may still be restored. */
struct record_deleted {
	long long id;
	const char *name, *deleted_at;
};

/* A record's owner as its lifecycle needs it. */
struct record_owner {
	long long owner_id, version;
	const char *owner;		/* username */
	const char *label;		/* the record's name, as its deleted list shows it */
};

extern const struct record_kind record_kinds[RK__MAX];

/* The answer to a change based on a version that is no longer current
 * (a msgid). */
extern const char record_msg_changed[];

/* The kind whose records path is under ("/accounts/12/delete" and
 * "/accounts/deleted": accounts), or NULL. */
const struct record_kind *record_kind_of_path(const char *path);

/* The kind named name ("deals"), or NULL. */
const struct record_kind *record_kind_named(const char *name);

/* Loads the owner and version of record id of kind k when it is live and
 * within the user's scope for action: 1, 0 when missing or out of scope
 * (the same answer), -1 on a database error. out's strings are request
 * arena memory. */
int record_owner_load(struct ctx *ctx, const struct record_kind *k, long long id,
    enum rbac_action action, struct record_owner *out);

/* The lifecycle, each within the user's scope of k's module for the
 * action the page needs (delete: ACT_DELETE, reassign: ACT_EDIT), each
 * change audited in its transaction (record_change_call's 1, 0 when no
 * row changed, -1 on an error). */

/* Soft delete of id (audit record.delete {"soft":true}); version 0: the
 * form sent none, not checked. What points at id through a declared link
 * (record_links.h) is settled in the same transaction: with unlink, or
 * when no live row would be changed, the links are unlinked (also those
 * of deleted rows) and the audit detail lists them under "unlinked";
 * otherwise nothing is changed and RECORD_LINKED is returned with what
 * is linked in linked[0..*nlinked) (RECORD_LINKS_N entries at most). */
#define RECORD_LINKED 2
int record_delete_linked(struct ctx *ctx, const struct record_kind *k, long long id, long long version, bool unlink,
    struct link_count *linked, int *nlinked);

/* record_delete_linked without unlink, the links not wanted. */
int record_soft_delete(struct ctx *ctx, const struct record_kind *k, long long id, long long version);

/* Restores id deleted within [server] restore_days (audit record.update
 * {"restored":true}), with the links its deletion unlinked where they
 * still make sense (listed under "relinked"). */
int record_restore(struct ctx *ctx, const struct record_kind *k, long long id);

/* The restorable ones the user may delete into *out (arena memory):
 * how many, or -1. */
int record_deleted_list(struct ctx *ctx, const struct record_kind *k, struct record_deleted **out);

/* Gives id at version to user to of team (0: none), audited as
 * record.reassign with detail. */
int record_reassign(struct ctx *ctx, const struct record_kind *k, long long id, long long version,
    long long to, long long team, const char *detail);

/* crmctl reassign: every record of k owned by from to to of team (0:
 * none), in the caller's transaction; how many into *affected. 0 or -1. */
int record_reassign_all(struct db *db, struct arena *a, const struct record_kind *k, long long to,
    long long team, long long from, long long *affected);

/* The enabled users the signed-in user may give records of module m to
 * (only: just that user when non-zero) into *out: how many, or -1. */
int record_owner_choices(struct ctx *ctx, enum rbac_module m, long long only, struct record_user **out);

/* The user named name into *out: 1, 0 when there is none, -1 on an
 * error. */
int record_user_by_name(struct db *db, struct arena *a, const char *name, struct record_user *out);

/* Runs statement st (params p[0..n)) and the audit record of action on
 * object type and id (detail: a JSON object) in one transaction: 1 when
 * it changed a row (committed), 0 when it changed none (rolled back,
 * nothing audited), -1 on an error (rolled back, logged). */
struct stmt_call;
/* record_change for a typed statement (stmt.h: stmt_call_<name>). */
int record_change_call(struct ctx *ctx, const struct stmt_call *call, const char *action,
    const char *object_type, long long id, const char *detail);

int record_change(struct ctx *ctx, enum stmt_id st, const struct db_value *p, size_t n,
    const char *action, const char *object_type, long long id, const char *detail);

#endif
