/* import.h: importing records from a parsed CSV file, one driver for
 * every importable list (contacts, accounts, leads): which column goes to
 * which field (guessed from the header, or as the user chose), a dry run
 * that checks every row with the list's create form's own rules and
 * finds duplicates (within the file, and against existing records in the
 * user's view scope), and the commit of all rows in one transaction with
 * one audit record. What differs per list is a struct import_kind
 * (src/page_imports.c). */
#ifndef CRM_IMPORT_H
#define CRM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "csv_read.h"
#include "custom_field.h"
#include "form.h"
#include "rbac.h"

struct ctx;

#define IMPORT_FIELDS_MAX 24		/* a list's own fields */
#define IMPORT_ALL_FIELDS_MAX (IMPORT_FIELDS_MAX + CUSTOM_FIELDS_MAX)
#define IMPORT_COLUMNS_MAX 64	/* csv_limits_default's max_columns */
#define IMPORT_MAX_PROBLEMS 500	/* listed; the count goes on */
#define IMPORT_KEYS 2		/* per row, that must be unique within the file */

struct import_field {
	const char *name;		/* the create form's field; the mapping's value */
	const char *label;		/* msgid */
	const char *const *guesses;	/* header spellings: lower case, without spaces, '_' or '-' */
	bool sealed;			/* a sensitive field (its name is the field rule's): mapped
					 * only when the user's rule makes it editable */
};

struct import_kind {
	const char *name;		/* "accounts": /accounts/import, audit object type,
					 * template "accounts_import" */
	enum rbac_module module;
	const struct form_def *form;	/* each row is validated with it */
	const struct import_field *fields;
	int nfields;			/* at most IMPORT_FIELDS_MAX */
	const char *unmapped;		/* msgid: a required field has no column */
	const char *no_rows;		/* msgid: a header and no row */
	const char *dup_file;		/* msgid ending in ':' (the first line follows) */
	const char *dup_db;		/* msgid */
	int flash;			/* enum flash shown on the list after an import */
	/* The keys of a valid row v (v[f]: field f's normalised value, NULL
	 * when empty) that must not repeat within the file, into
	 * keys[0..IMPORT_KEYS) (NULL: none). Arena strings. */
	void (*keys)(struct arena *a, const char *const *v, const char **keys);
	/* 1 when a record in the user's view scope duplicates v, 0 not, -1
	 * on a database error. */
	int (*exists)(struct ctx *ctx, const char *const *v);
	/* Inserts v, owned by the user and their team, its sealed fields
	 * under the new record's own key, in the caller's transaction. The
	 * new record's id, or -1. */
	long long (*insert)(struct ctx *ctx, const char *const *v);
	/* A rule across the fields of a row v that passed its form (NULL:
	 * none): NULL, or a msgid and in *field the name of the field it is
	 * about (an account's revenue without its currency). */
	const char *(*check)(const struct import_kind *k, const char *const *v, const char **field);
	/* Set by import_with_custom: fields[custom_from..nfields) are the
	 * family's custom fields (custom_field.h); 0 when it added none. */
	int custom_from;
};

struct import_problem {
	long line;		/* physical line of the row in the file */
	const char *label;	/* field label msgid, or NULL for the whole row */
	const char *message;	/* msgid */
	const char *arg;	/* text after the message (a number, a line), or NULL */
};

struct import {
	const struct import_kind *kind;
	const struct csv_table *csv;	/* row 0 is the header */
	int map[IMPORT_COLUMNS_MAX];	/* per column: a field index, or kind->nfields (ignore) */
	size_t ncols;
	size_t nrows;			/* data rows checked */
	const char **values;		/* nrows x kind->nfields normalised values (NULL: empty) */
	struct import_problem *problems;	/* at most IMPORT_MAX_PROBLEMS */
	size_t nproblems, nlisted;
};

/* k with the live custom fields of its family that the user may edit
 * appended to its fields (header guesses: their labels), in the arena;
 * k itself when there are none. The pages call it first. */
const struct import_kind *import_with_custom(struct ctx *ctx, const struct import_kind *k);

/* The field a header names ("E-mail", "Last name", "姓"...), or
 * k->nfields (ignore). */
int import_guess(const struct import_kind *k, const char *header);

/* The field named name ("email"; "ignore" is k->nfields), or -1. */
int import_field_by_name(const struct import_kind *k, const char *name);

/* The mapping value of field f ("ignore" for k->nfields). */
const char *import_field_name(const struct import_kind *k, int f);

/* Checks im->map: required fields mapped, nothing mapped twice, no field
 * the user's role may not change. NULL, or a msgid; *column: the column
 * whose choice is wrong (0 when a required field is not mapped at all). */
const char *import_check_mapping(const struct ctx *ctx, const struct import *im, size_t *column);

/* The dry run: validates every data row into im->values and collects
 * problems. Writes nothing. 0, or -1 on a database error. */
int import_check_rows(struct ctx *ctx, struct import *im);

/* Called every IMPORT_PROGRESS_ROWS rows of a commit with how many were
 * written; a return of -1 abandons the import (all rolled back). */
typedef int (*import_progress_fn)(struct ctx *ctx, size_t done, size_t total, void *arg);
#define IMPORT_PROGRESS_ROWS 1000

/* Inserts every row and one AUDIT_IMPORT record in one transaction; on
 * any failure (or progress returning -1) rolls back all of it. Only
 * after import_check_rows found nothing. progress may be NULL. 0 or -1. */
int import_commit(struct ctx *ctx, const struct import *im, const char *file_name,
    import_progress_fn progress, void *arg);

/* The pages (page_import.c): GET /X/import, the upload form; POST, the
 * mapping and dry run, or with action=import the commit. */
int import_page_get(struct ctx *ctx, const struct import_kind *k);
int import_page_post(struct ctx *ctx, const struct import_kind *k);

#endif
