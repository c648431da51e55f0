/* sql_statements.c: owns the table of every statement the application
 * prepares (name, text, retry mode, declared parameter and column
 * counts), generated from the families' *_sql.h declarations (stmt.h
 * says how). SQL lives only in those files and in sql/ migrations,
 * always with placeholders. */
#include "config.h"

#include "sql_statements.h"

#define STMT_DEF_NONE(shape)
#define STMT_DEF(name, mode, shape) \
	[STMT_##name] = { #name, name##_SQL, STMT_MODE_##mode, \
	    0 shape##_IN(STMT_DEF_WIDTH), 0 shape##_OUT(STMT_DEF_ONE) },
#define STMT_MODE_RO true
#define STMT_MODE_RW false
#define STMT_DEF_WIDTH(t, name) + STMT_DEF_W_##t
#define STMT_DEF_ONE(t, name) + 1
#define STMT_DEF_W_INT 1
#define STMT_DEF_W_TEXT 1
#define STMT_DEF_W_VAL 1
#define STMT_DEF_W_SCOPE 7
#define STMT_DEF_W_USCOPE 5

/* The declared links' texts (link_sql.h: generated per link). */
LINK_SQL_TEXTS

const struct stmt_def stmt_defs[STMT__MAX] = {
	STMT_FAMILIES(STMT_DEF_NONE, STMT_DEF)
};
