/* stmt.c: the typed statements' generated functions (stmt.h): each
 * shape's binder and row reader and each statement's runner, expanded
 * from the *_sql.h declarations. The only code that turns a struct into
 * parameter slots and result cells into a struct. */
#include "config.h"

#include <string.h>

#include "log.h"
#include "stmt.h"

size_t
stmt_bind_INT(struct db_value *p, const long long *v)
{
	*p = (struct db_value){ .type = DBV_INT, .i = *v };
	return 1;
}

size_t
stmt_bind_TEXT(struct db_value *p, const char *const *v)
{
	*p = *v == NULL ? (struct db_value){ .type = DBV_NULL }
	    : (struct db_value){ .type = DBV_TEXT, .s = *v, .len = strlen(*v) };
	return 1;
}

size_t
stmt_bind_VAL(struct db_value *p, const struct db_value *v)
{
	*p = *v;
	return 1;
}

/* SCOPE_SQL: scope, scope, team, scope, user, user, action. */
size_t
stmt_bind_SCOPE(struct db_value *p, const struct record_scope *v)
{
	const long long in[] = { v->scope, v->scope, v->team_id, v->scope, v->user_id, v->user_id };
	size_t n = 0;

	for (; n < sizeof(in) / sizeof(in[0]); n++)
		stmt_bind_INT(p + n, &in[n]);
	return n + stmt_bind_TEXT(p + n, &v->action);
}

/* USER_SCOPE_SQL: scope, scope, team, scope, user. */
size_t
stmt_bind_USCOPE(struct db_value *p, const struct user_scope *v)
{
	const long long in[] = { v->scope, v->scope, v->team_id, v->scope, v->user_id };
	size_t n = 0;

	for (; n < sizeof(in) / sizeof(in[0]); n++)
		stmt_bind_INT(p + n, &in[n]);
	return n;
}

void
stmt_read_INT(const struct db_value *c, long long *v)
{
	/* db.c reads every result cell as text (DBV_TEXT, its number in .i). */
	*v = c->type == DBV_INT || c->type == DBV_TEXT ? c->i : 0;
}

void
stmt_read_TEXT(const struct db_value *c, const char **v)
{
	*v = c->type == DBV_TEXT || c->type == DBV_BLOB ? c->s : NULL;
}

void
stmt_read_VAL(const struct db_value *c, struct db_value *v)
{
	*v = *c;
}

enum db_error
stmt_exec(struct db *db, struct arena *a, const struct stmt_call *call, struct db_rows *rows)
{
	return db_run(db, a, call->id, call->p, call->n, rows);
}

#define STMT_DO_BIND(t, name) n += stmt_bind_##t(p + n, &in->name);
#define STMT_DO_READ(t, name) stmt_read_##t(cell++, &row->name);

#define STMT_DEFINE_SHAPE(shape) \
	size_t \
	shape##_bind(const struct shape##_in *in, struct db_value *p) \
	{ \
		size_t n = 0; \
		(void)in; (void)p; \
		shape##_IN(STMT_DO_BIND) \
		return n; \
	} \
	void \
	shape##_read(const struct db_rows *rows, struct arena *a, struct shape##_out *out) \
	{ \
		out->n = rows->nrows; \
		out->affected = rows->affected; \
		out->insert_id = rows->insert_id; \
		out->rows = arena_alloc(a, sizeof(*out->rows) * (rows->nrows + 1)); \
		for (size_t r = 0; r < rows->nrows; r++) { \
			struct shape##_row *row = &out->rows[r]; \
			const struct db_value *cell = rows->cells + r * rows->ncols; \
			(void)row; (void)cell; \
			shape##_OUT(STMT_DO_READ) \
		} \
	}

#define STMT_DEFINE_STMT(name, mode, shape) \
	struct stmt_call \
	stmt_call_##name(const struct shape##_in *in) \
	{ \
		struct stmt_call c = { .id = STMT_##name }; \
		c.n = shape##_bind(in, c.p); \
		return c; \
	} \
	enum db_error \
	stmt_##name(struct db *db, struct arena *a, const struct shape##_in *in, \
	    struct shape##_out *out) \
	{ \
		struct db_value p[shape##_NPARAMS + 1] = { { .type = DBV_NULL } }; \
		struct db_rows rows; \
		size_t n = shape##_bind(in, p); \
		enum db_error e = db_run(db, a, STMT_##name, p, n, &rows); \
		if (e == DB_OK && rows.nrows > 0 && rows.ncols != shape##_NCOLS) { \
			crm_err("statement %s returned %zu columns, declares %d", #name, \
			    rows.ncols, (int)shape##_NCOLS); \
			e = DB_ERR_QUERY; \
		} \
		if (e == DB_OK && out != NULL) \
			shape##_read(&rows, a, out); \
		return e; \
	}

STMT_FAMILIES(STMT_DEFINE_SHAPE, STMT_DEFINE_STMT)

/* The ?s of sql outside quoted strings. */
static size_t
count_placeholders(const char *sql)
{
	size_t n = 0;
	char quote = 0;

	for (; *sql; sql++) {
		if (quote) {
			if (*sql == quote)
				quote = 0;
		} else if (*sql == '\'' || *sql == '"' || *sql == '`')
			quote = *sql;
		else if (*sql == '?')
			n++;
	}
	return n;
}

int
stmt_check(void)
{
	int rc = 0;

	for (size_t i = 0; i < STMT__MAX; i++) {
		const struct stmt_def *d = &stmt_defs[i];

		if (d->sql == NULL) {
			crm_err("statement %zu has no text", i);
			rc = -1;
		} else if (count_placeholders(d->sql) != (size_t)d->nparams) {
			crm_err("statement %s has %zu placeholders but declares %d parameters",
			    d->name, count_placeholders(d->sql), d->nparams);
			rc = -1;
		}
	}
	return rc;
}
