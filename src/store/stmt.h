/* stmt.h: typed statements. Every statement is declared once, in the
 * *_sql.h file of the family it belongs to, by three macros and a list
 * entry:
 *
 *     #define contact_get_SQL "SELECT c.id, c.first_name FROM contacts c" \
 *             " WHERE c.id = ? AND" SCOPE_SQL("c", "contacts")
 *     #define contact_get_IN(X)  X(INT, id) X(SCOPE, scope)
 *     #define contact_get_OUT(X) X(INT, id) X(TEXT, first_name)
 *     #define CONTACT_SHAPES(T) T(contact_get)
 *     #define CONTACT_STMTS(S)  S(contact_get, RO, contact_get)
 *
 * A shape is a pair of IN and OUT lists; a statement names its shape
 * (usually a shape of its own name; statements of the same form on
 * different tables share one, as the record lifecycle does). From these
 * the preprocessor generates, for each shape,
 *
 *     struct contact_get_in  { long long id; struct record_scope scope; };
 *     struct contact_get_row { long long id; const char *first_name; };
 *     struct contact_get_out { size_t n; unsigned long long affected,
 *                              insert_id; struct contact_get_row *rows; };
 *
 * and for each statement
 *
 *     enum db_error stmt_contact_get(struct db *, struct arena *,
 *         const struct contact_get_in *, struct contact_get_out *);
 *
 * so a handler fills a struct and reads a struct: no parameter slot or
 * column number is written by hand anywhere (script/check-slots greps
 * for them). The parameters are bound in the order of the IN list, which
 * must be the order of the ?s; the columns are read in the order of the
 * OUT list. Both counts are checked: the ?s when the statement is
 * prepared (db.c), the columns against the prepared statement's result
 * (db.c, stmt_defs[].ncols), and stmt_check() compares every
 * statement's ? count with its IN list at start-up (crm-fcgi -n).
 *
 * Types. IN: INT (long long), TEXT (const char *, NULL binds NULL), VAL
 * (a struct db_value as is: BLOBs, an explicit NULL), SCOPE (struct
 * record_scope: the seven ?s of SCOPE_SQL), USCOPE (struct user_scope:
 * the five ?s of USER_SCOPE_SQL). OUT: INT (long long, NULL reads 0),
 * TEXT (const char *, NULL stays NULL), VAL (struct db_value: BLOBs, or
 * when NULL must be told from 0).
 *
 * Modes: RO statements are retried once on a new connection after a lost
 * one; RW statements only when they were never sent. */
#ifndef CRM_STMT_H
#define CRM_STMT_H

#include <stddef.h>

#include "db.h"
#include "stmt_families.h"

/* The record scope condition's values (record_scope.h fills it). */
struct record_scope {
	long long scope;	/* enum rbac_scope */
	long long team_id, user_id;
	const char *action;	/* the action name a temporary grant names */
};

/* The user scope condition's values (user_scope.h fills it). */
struct user_scope {
	long long scope, team_id, user_id;
};

#define STMT_PARAMS_MAX 112	/* trail_names: 7 record scopes and 50 seqs */

/* A statement bound and ready to run, for code that runs statements of
 * several shapes through one path (record_change, the lifecycle). */
struct stmt_call {
	enum stmt_id id;
	size_t n;
	struct db_value p[STMT_PARAMS_MAX];
};

/* C types of the IN and OUT lists. */
#define STMT_IN_T_INT long long
#define STMT_IN_T_TEXT const char *
#define STMT_IN_T_VAL struct db_value
#define STMT_IN_T_SCOPE struct record_scope
#define STMT_IN_T_USCOPE struct user_scope
#define STMT_OUT_T_INT long long
#define STMT_OUT_T_TEXT const char *
#define STMT_OUT_T_VAL struct db_value

/* How many ?s each IN type fills. */
#define STMT_W_INT 1
#define STMT_W_TEXT 1
#define STMT_W_VAL 1
#define STMT_W_SCOPE 7
#define STMT_W_USCOPE 5

size_t stmt_bind_INT(struct db_value *p, const long long *v);
size_t stmt_bind_TEXT(struct db_value *p, const char *const *v);
size_t stmt_bind_VAL(struct db_value *p, const struct db_value *v);
size_t stmt_bind_SCOPE(struct db_value *p, const struct record_scope *v);
size_t stmt_bind_USCOPE(struct db_value *p, const struct user_scope *v);
void stmt_read_INT(const struct db_value *c, long long *v);
void stmt_read_TEXT(const struct db_value *c, const char **v);
void stmt_read_VAL(const struct db_value *c, struct db_value *v);

/* Runs a bound call; rows as db_run gives them (for the shape's reader). */
enum db_error stmt_exec(struct db *db, struct arena *a, const struct stmt_call *call,
    struct db_rows *rows);

/* Counts the ?s of every statement against its IN list and logs each
 * mismatch: 0, or -1 when one differs (crm-fcgi -n and start-up refuse). */
int stmt_check(void);

/* --- generators (used below and in stmt.c) --- */

#define STMT_FIELD_IN(t, name) STMT_IN_T_##t name;
#define STMT_FIELD_OUT(t, name) STMT_OUT_T_##t name;
#define STMT_WIDTH(t, name) + STMT_W_##t
#define STMT_ONE(t, name) + 1

#define STMT_DECLARE_SHAPE(shape) \
	struct shape##_in { shape##_IN(STMT_FIELD_IN) char end_; }; \
	struct shape##_row { shape##_OUT(STMT_FIELD_OUT) char end_; }; \
	struct shape##_out { \
		size_t n; \
		unsigned long long affected, insert_id; \
		struct shape##_row *rows; \
	}; \
	enum { shape##_NPARAMS = 0 shape##_IN(STMT_WIDTH), shape##_NCOLS = 0 shape##_OUT(STMT_ONE) }; \
	_Static_assert(shape##_NPARAMS <= STMT_PARAMS_MAX, #shape ": too many parameters"); \
	size_t shape##_bind(const struct shape##_in *in, struct db_value *p); \
	void shape##_read(const struct db_rows *rows, struct arena *a, struct shape##_out *out);

#define STMT_DECLARE_STMT(name, mode, shape) \
	enum db_error stmt_##name(struct db *db, struct arena *a, \
	    const struct shape##_in *in, struct shape##_out *out); \
	struct stmt_call stmt_call_##name(const struct shape##_in *in);

STMT_FAMILIES(STMT_DECLARE_SHAPE, STMT_DECLARE_STMT)

#endif
