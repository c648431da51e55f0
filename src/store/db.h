/* db.h: one MariaDB connection with named prepared statements. */
#ifndef CRM_DB_H
#define CRM_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <mysql.h>

#include "arena.h"
#include "conf.h"
#include "sql_statements.h"

enum db_error {
	DB_OK,
	DB_ERR_CONNECTION,	/* server unreachable or gone: answer 503 */
	DB_ERR_DUPLICATE,	/* unique key violated */
	DB_ERR_QUERY,		/* anything else: a bug or a schema mismatch */
	DB_ERR__MAX
};

enum db_type { DBV_NULL, DBV_INT, DBV_TEXT, DBV_BLOB };

struct db_value {
	enum db_type type;
	long long i;
	const char *s;		/* TEXT and BLOB; not NUL-terminated for BLOB */
	size_t len;
};

struct db_rows {
	size_t nrows, ncols;
	struct db_value *cells;	/* nrows * ncols, in the arena */
	unsigned long long affected;
	unsigned long long insert_id;
};

struct db;

/* Creates an unconnected handle; admin selects the [database] admin
 * account (migrations) instead of the application account. */
struct db *db_new(const struct conf *c, bool admin);
void db_free(struct db *db);

/* Connects when not connected; 0 or -1 (logged). Cheap when connected. */
int db_ensure(struct db *db);
void db_disconnect(struct db *db);

/* Runs statement id with params. Rows of a SELECT land in rows (arena
 * memory). Reconnects after a lost connection and retries once when the
 * statement is marked idempotent or nothing had been sent. Returns DB_OK
 * or the error class; details are logged, never returned to pages. */
enum db_error db_run(struct db *db, struct arena *a, enum stmt_id id,
    const struct db_value *params, size_t nparams, struct db_rows *rows);

/* Prepares, runs and closes sql, for admin tools whose statements name
 * tables and columns read from the schema (crmctl keys rotate --data).
 * Identifiers must be checked by the caller; values go in params. The
 * application itself only runs the named statements above. */
enum db_error db_run_sql(struct db *db, struct arena *a, const char *sql,
    const struct db_value *params, size_t nparams, struct db_rows *rows);

/* Cell accessors; out-of-range or NULL cells give def / NULL. */
long long db_cell_int(const struct db_rows *rows, size_t r, size_t c, long long def);
const char *db_cell_text(const struct db_rows *rows, size_t r, size_t c);

enum db_error db_begin(struct db *db);
enum db_error db_commit(struct db *db);
void db_rollback(struct db *db);
/* True while a transaction opened with db_begin is open on db. */
bool db_in_transaction(struct db *db);

/* What happened to the open transaction, for the process-wide hook. */
enum db_tx_event {
	DB_TX_BEGIN,		/* db_begin succeeded */
	DB_TX_COMMIT,		/* db_commit succeeded */
	DB_TX_ROLLBACK		/* rolled back, commit failed, or connection lost */
};
/* Sets the one process-wide transaction hook (NULL clears it); the audit
 * trail uses it to send its syslog copy only of records that committed. */
void db_set_transaction_hook(void (*fn)(enum db_tx_event ev));

/* Sets db's connect hook: run after every new connection, before any
 * statement; when it returns -1 the connection is closed and db_ensure
 * fails (the workers' start-up grant check). */
void db_set_connect_hook(struct db *db, int (*fn)(struct db *db, void *arg), void *arg);

/* The raw handle, for migrations only (multi-statement DDL files). */
MYSQL *db_handle(struct db *db);
const char *db_error_str(enum db_error e);

#endif
