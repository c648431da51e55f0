/* db.c: owns the MariaDB connection of one process: connecting (unix
 * socket, or TCP with verified TLS), preparing each named statement once
 * per connection, binding values, and reconnecting after the server
 * restarts. Auto-reconnect in the client library stays off because it
 * silently drops prepared statements and session state. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "log.h"

struct db {
	const struct conf *conf;
	bool admin;
	MYSQL *mysql;
	MYSQL_STMT *stmts[STMT__MAX];
	bool in_tx;		/* between db_begin and commit/rollback */
	bool connecting;	/* the connect hook is running */
	int (*connect_hook)(struct db *, void *);
	void *connect_arg;
};

static void (*tx_hook)(enum db_tx_event);

void
db_set_transaction_hook(void (*fn)(enum db_tx_event ev))
{
	tx_hook = fn;
}

void
db_set_connect_hook(struct db *db, int (*fn)(struct db *db, void *arg), void *arg)
{
	db->connect_hook = fn;
	db->connect_arg = arg;
}

/* Ends the transaction state of db and tells the hook how it ended. */
static void
tx_end(struct db *db, enum db_tx_event ev)
{
	bool was = db->in_tx;

	db->in_tx = false;
	if (was && tx_hook != NULL)
		tx_hook(ev);
}

bool
db_in_transaction(struct db *db)
{
	return db->in_tx && db->mysql != NULL;
}

static const char *const db_error_names[DB_ERR__MAX] = {
	"ok", "database unavailable", "duplicate value", "query failed"
};

const char *
db_error_str(enum db_error e)
{
	return e < DB_ERR__MAX ? db_error_names[e] : "?";
}

struct db *
db_new(const struct conf *c, bool admin)
{
	struct db *db = calloc(1, sizeof(*db));

	if (db == NULL)
		fatal("out of memory");
	db->conf = c;
	db->admin = admin;
	return db;
}

void
db_disconnect(struct db *db)
{
	/* The server rolls back what the lost connection had open. */
	tx_end(db, DB_TX_ROLLBACK);
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i]) {
			mysql_stmt_close(db->stmts[i]);
			db->stmts[i] = NULL;
		}
	if (db->mysql) {
		mysql_close(db->mysql);
		db->mysql = NULL;
	}
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

static void
set_options(MYSQL *m, const struct conf *c)
{
	unsigned timeout = (unsigned)c->db_connect_timeout;
	unsigned io_timeout = 30;
	my_bool on = 1;

	mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
	mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
	mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (c->db_host != NULL) {
		mysql_optionsv(m, MYSQL_OPT_SSL_CA, c->db_tls_ca);
		mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
	}
}

int
db_ensure(struct db *db)
{
	const struct conf *c = db->conf;
	bool as_admin = db->admin && c->db_admin_user != NULL;
	const char *user = as_admin ? c->db_admin_user : c->db_user;
	const char *pass = as_admin ? c->db_admin_password : c->db_password;

	if (db->mysql != NULL)
		return 0;
	if ((db->mysql = mysql_init(NULL)) == NULL)
		fatal("mysql_init: out of memory");
	set_options(db->mysql, c);
	if (mysql_real_connect(db->mysql, c->db_host, user, pass, c->db_name,
	    c->db_host ? (unsigned)c->db_port : 0,
	    c->db_host ? NULL : c->db_socket,
	    db->admin ? CLIENT_MULTI_STATEMENTS : 0) == NULL) {
		crm_warnx("cannot connect to the database as %s: %s", user,
		    mysql_error(db->mysql));
		mysql_close(db->mysql);
		db->mysql = NULL;
		return -1;
	}
	crm_debug("connected to the database as %s", user);
	if (db->connect_hook != NULL && !db->connecting) {
		int rc;
		db->connecting = true;
		rc = db->connect_hook(db, db->connect_arg);
		db->connecting = false;
		if (rc == -1) {
			db_disconnect(db);
			return -1;
		}
	}
	return 0;
}

MYSQL *
db_handle(struct db *db)
{
	return db->mysql;
}

static bool
is_connection_error(unsigned err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case ER_UNKNOWN_STMT_HANDLER:
		return true;
	default:
		return false;
	}
}

static enum db_error
classify(struct db *db, unsigned err, const char *msg, const char *name)
{
	if (is_connection_error(err)) {
		crm_warnx("statement %s: lost the database connection (%u: %s)",
		    name, err, msg);
		db_disconnect(db);
		return DB_ERR_CONNECTION;
	}
	if (err == ER_DUP_ENTRY)
		return DB_ERR_DUPLICATE;
	crm_err("statement %s failed (%u: %s)", name, err, msg);
	return DB_ERR_QUERY;
}

/* Returns the prepared statement, preparing it on first use. */
static MYSQL_STMT *
get_stmt(struct db *db, enum stmt_id id, enum db_error *e)
{
	MYSQL_STMT *st;

	*e = DB_OK;
	if (db_ensure(db) == -1) {
		*e = DB_ERR_CONNECTION;
		return NULL;
	}
	if (db->stmts[id] != NULL)
		return db->stmts[id];
	if ((st = mysql_stmt_init(db->mysql)) == NULL)
		fatal("mysql_stmt_init: out of memory");
	if (mysql_stmt_prepare(st, stmt_defs[id].sql, strlen(stmt_defs[id].sql))) {
		*e = classify(db, mysql_stmt_errno(st), mysql_stmt_error(st), stmt_defs[id].name);
		mysql_stmt_close(st);
		return NULL;
	}
	if (mysql_stmt_field_count(st) != (unsigned)stmt_defs[id].ncols) {
		crm_err("statement %s returns %u columns but declares %d",
		    stmt_defs[id].name, mysql_stmt_field_count(st), stmt_defs[id].ncols);
		mysql_stmt_close(st);
		*e = DB_ERR_QUERY;
		return NULL;
	}
	db->stmts[id] = st;
	return st;
}

static void
bind_params(MYSQL_BIND *b, const struct db_value *params, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (params[i].type) {
		case DBV_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBV_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&params[i].i;
			break;
		case DBV_TEXT:
		case DBV_BLOB:
			b[i].buffer_type = params[i].type == DBV_TEXT ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)params[i].s;
			b[i].buffer_length = params[i].len;
			break;
		}
	}
}

/* True for BINARY/VARBINARY/BLOB columns (charset 63 on a string type). */
static bool
is_binary_field(const MYSQL_FIELD *f)
{
	if (f->charsetnr != 63)
		return false;
	switch (f->type) {
	case MYSQL_TYPE_BLOB:
	case MYSQL_TYPE_TINY_BLOB:
	case MYSQL_TYPE_MEDIUM_BLOB:
	case MYSQL_TYPE_LONG_BLOB:
	case MYSQL_TYPE_STRING:
	case MYSQL_TYPE_VAR_STRING:
		return true;
	default:
		return false;
	}
}

/* Fetches every row of an executed statement into rows. */
static int
fetch_rows(MYSQL_STMT *st, struct arena *a, struct db_rows *rows)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	my_bool update_max = 1;
	MYSQL_FIELD *fields;
	MYSQL_BIND *b;
	unsigned long *lens;
	my_bool *nulls;
	size_t ncols, r = 0;
	int rc;

	if (meta == NULL)
		return 0;
	ncols = mysql_num_fields(meta);
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	if (mysql_stmt_store_result(st)) {
		mysql_free_result(meta);
		return -1;
	}
	fields = mysql_fetch_fields(meta);
	rows->ncols = ncols;
	rows->nrows = mysql_stmt_num_rows(st);
	rows->cells = arena_alloc(a, sizeof(*rows->cells) * (rows->nrows * ncols + 1));
	b = arena_alloc(a, sizeof(*b) * ncols);
	lens = arena_alloc(a, sizeof(*lens) * ncols);
	nulls = arena_alloc(a, sizeof(*nulls) * ncols);
	for (size_t c = 0; c < ncols; c++) {
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer_length = fields[c].max_length + 1;
		b[c].length = &lens[c];
		b[c].is_null = &nulls[c];
	}
	while (r < rows->nrows) {
		for (size_t c = 0; c < ncols; c++)
			b[c].buffer = arena_alloc(a, b[c].buffer_length);
		mysql_stmt_bind_result(st, b);
		rc = mysql_stmt_fetch(st);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc == 1 || rc == MYSQL_DATA_TRUNCATED)
			break;
		for (size_t c = 0; c < ncols; c++) {
			struct db_value *v = &rows->cells[r * ncols + c];
			bool binary = is_binary_field(&fields[c]);
			v->type = nulls[c] ? DBV_NULL : binary ? DBV_BLOB : DBV_TEXT;
			v->s = b[c].buffer;
			v->len = lens[c];
			if (v->type == DBV_TEXT)
				v->i = strtoll(v->s, NULL, 10);
		}
		r++;
	}
	rows->nrows = r;
	mysql_free_result(meta);
	mysql_stmt_free_result(st);
	return 0;
}

/* Binds params, executes st and fetches its rows; *sent says whether the
 * statement reached the server (a retry is safe only when it did not). */
static enum db_error
exec_stmt(struct db *db, struct arena *a, MYSQL_STMT *st, const char *name,
    const struct db_value *params, size_t nparams, struct db_rows *rows, bool *sent)
{
	MYSQL_BIND *b = NULL;

	*sent = false;
	if (mysql_stmt_param_count(st) != nparams) {
		crm_err("statement %s wants %lu parameters, got %zu",
		    name, mysql_stmt_param_count(st), nparams);
		return DB_ERR_QUERY;
	}
	if (nparams) {
		b = arena_alloc(a, sizeof(*b) * nparams);
		bind_params(b, params, nparams);
		if (mysql_stmt_bind_param(st, b))
			return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st), name);
	}
	*sent = true;
	if (mysql_stmt_execute(st))
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st), name);
	if (rows != NULL) {
		memset(rows, 0, sizeof(*rows));
		rows->affected = mysql_stmt_affected_rows(st);
		rows->insert_id = mysql_stmt_insert_id(st);
		if (fetch_rows(st, a, rows) == -1)
			return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st), name);
	} else
		mysql_stmt_free_result(st);
	return DB_OK;
}

static enum db_error
run_once(struct db *db, struct arena *a, enum stmt_id id,
    const struct db_value *params, size_t nparams, struct db_rows *rows,
    bool *sent)
{
	MYSQL_STMT *st;
	enum db_error e;

	*sent = false;
	if ((st = get_stmt(db, id, &e)) == NULL)
		return e;
	return exec_stmt(db, a, st, stmt_defs[id].name, params, nparams, rows, sent);
}

enum db_error
db_run_sql(struct db *db, struct arena *a, const char *sql,
    const struct db_value *params, size_t nparams, struct db_rows *rows)
{
	MYSQL_STMT *st;
	enum db_error e;
	bool sent;

	if (db_ensure(db) == -1)
		return DB_ERR_CONNECTION;
	if ((st = mysql_stmt_init(db->mysql)) == NULL)
		fatal("mysql_stmt_init: out of memory");
	if (mysql_stmt_prepare(st, sql, strlen(sql)))
		e = classify(db, mysql_stmt_errno(st), mysql_stmt_error(st), "ad hoc");
	else
		e = exec_stmt(db, a, st, "ad hoc", params, nparams, rows, &sent);
	mysql_stmt_close(st);
	return e;
}

enum db_error
db_run(struct db *db, struct arena *a, enum stmt_id id,
    const struct db_value *params, size_t nparams, struct db_rows *rows)
{
	bool sent, in_tx = db->in_tx;
	enum db_error e = run_once(db, a, id, params, nparams, rows, &sent);

	/* Inside a transaction the lost connection took the transaction with
	 * it: a retry would run alone, in autocommit, so the caller must fail. */
	if (e == DB_ERR_CONNECTION && !in_tx && (!sent || stmt_defs[id].idempotent)) {
		crm_info("retrying %s on a new connection", stmt_defs[id].name);
		e = run_once(db, a, id, params, nparams, rows, &sent);
	}
	return e;
}

long long
db_cell_int(const struct db_rows *rows, size_t r, size_t c, long long def)
{
	const struct db_value *v;

	if (r >= rows->nrows || c >= rows->ncols)
		return def;
	v = &rows->cells[r * rows->ncols + c];
	return v->type == DBV_TEXT ? v->i : def;
}

const char *
db_cell_text(const struct db_rows *rows, size_t r, size_t c)
{
	const struct db_value *v;

	if (r >= rows->nrows || c >= rows->ncols)
		return NULL;
	v = &rows->cells[r * rows->ncols + c];
	return v->type == DBV_NULL ? NULL : v->s;
}

static enum db_error
simple(struct db *db, int (*fn)(MYSQL *), const char *what)
{
	if (db_ensure(db) == -1)
		return DB_ERR_CONNECTION;
	if (fn(db->mysql)) {
		unsigned err = mysql_errno(db->mysql);
		crm_warnx("%s failed (%u: %s)", what, err, mysql_error(db->mysql));
		if (is_connection_error(err)) {
			db_disconnect(db);
			return DB_ERR_CONNECTION;
		}
		return DB_ERR_QUERY;
	}
	return DB_OK;
}

static int
begin_fn(MYSQL *m)
{
	return mysql_real_query(m, "START TRANSACTION", 17);
}

static int
commit_fn(MYSQL *m)
{
	return mysql_commit(m);
}

enum db_error
db_begin(struct db *db)
{
	enum db_error e = simple(db, begin_fn, "START TRANSACTION");

	if (e == DB_OK) {
		db->in_tx = true;
		if (tx_hook != NULL)
			tx_hook(DB_TX_BEGIN);
	}
	return e;
}

enum db_error
db_commit(struct db *db)
{
	enum db_error e = simple(db, commit_fn, "COMMIT");

	tx_end(db, e == DB_OK ? DB_TX_COMMIT : DB_TX_ROLLBACK);
	return e;
}

void
db_rollback(struct db *db)
{
	if (db->mysql && mysql_rollback(db->mysql))
		db_disconnect(db);
	tx_end(db, DB_TX_ROLLBACK);
}
