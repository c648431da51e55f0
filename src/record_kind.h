/* record_kind.h: the five CRM record types (contacts, accounts, leads,
 * deals, activities) described once for what their lifecycle shares:
 * soft deletion, the list of deleted ones, restoring within [server]
 * restore_days, and owner reassignment. The pages doing these are
 * generic (page_record_delete.c, page_record_owner.c) and so is crmctl
 * reassign; each type contributes only this descriptor and its
 * statements (sql_statements.c, LC_STMTS). Also the audited one-row
 * change these pages (and others) run. */
#ifndef CRM_RECORD_KIND_H
#define CRM_RECORD_KIND_H

#include "rbac.h"
#include "sql_statements.h"

#define RECORD_KIND_REFS_MAX 2

struct ctx;

enum record_kind_id { RK_CONTACTS, RK_ACCOUNTS, RK_LEADS, RK_DEALS, RK_ACTIVITIES, RK__MAX };

struct record_kind {
	const char *name;		/* "accounts": table, module, audit object type and
					 * first path segment alike */
	enum rbac_module module;
	const char *deleted_page;	/* template of its deleted list */
	enum stmt_id del;		/* soft delete: id, version twice, scope */
	enum stmt_id deleted;		/* the restorable ones: days, scope */
	enum stmt_id restore;		/* id, days, scope */
	enum stmt_id owner;		/* owner id, name and version: id, scope */
	enum stmt_id reassign;		/* owner, team, id, version, scope */
	enum stmt_id reassign_all;	/* crmctl: owner, team, old owner */
	enum stmt_id refs;		/* live records that keep one from deletion,
					 * one count a column, the id bound once per
					 * column; STMT__MAX: none */
	const char *ref_labels[RECORD_KIND_REFS_MAX];	/* msgid per column, NULL after */
	const char *ref_refusal;	/* msgid: why one that refs counts is kept */
};

/* A record's owner as its lifecycle needs it. */
struct record_owner {
	long long owner_id, version;
	const char *owner;		/* username */
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
