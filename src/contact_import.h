/* contact_import.h: importing contacts from a parsed CSV file: which
 * column goes to which field (guessed from the header, or as the user
 * chose), a dry run that checks every row with the contact form's own
 * rules and finds duplicates (within the file, and against existing
 * contacts through the blind index), and the commit of all rows in one
 * transaction with one audit record. */
#ifndef CRM_CONTACT_IMPORT_H
#define CRM_CONTACT_IMPORT_H

#include <stddef.h>

#include "csv_read.h"

struct ctx;

/* Where a column goes: a contact field, or nowhere. */
enum import_target {
	IT_FIRST_NAME, IT_LAST_NAME, IT_EMAIL, IT_PHONE, IT_ADDRESS, IT_BIRTH_DATE,
	IT__MAX,
	IT_IGNORE = IT__MAX
};

extern const char *const import_target_names[IT__MAX + 1];	/* field names, then "ignore" */
extern const char *const import_target_labels[IT__MAX + 1];	/* msgids */

#define IMPORT_MAX_PROBLEMS 500	/* listed; the count goes on */

struct import_problem {
	long line;		/* physical line of the row in the file */
	const char *label;	/* field label msgid, or NULL for the whole row */
	const char *message;	/* msgid */
	const char *arg;	/* text after the message (a number, a line), or NULL */
};

struct import {
	const struct csv_table *csv;	/* row 0 is the header */
	int map[64];			/* per column: an import_target */
	size_t ncols;
	size_t nrows;			/* data rows checked */
	const char **values;		/* nrows x IT__MAX normalised values (NULL: empty) */
	struct import_problem *problems;	/* at most IMPORT_MAX_PROBLEMS */
	size_t nproblems, nlisted;
};

/* The target a header names ("E-mail", "Last name", "姓"...), or
 * IT_IGNORE. */
enum import_target import_guess(const char *header);

/* The target named name ("email", "ignore"), or -1. */
int import_target_by_name(const char *name);

/* Checks im->map: names mapped, nothing mapped twice, no field the
 * user's role may not change. NULL, or a msgid. */
const char *import_check_mapping(const struct ctx *ctx, const struct import *im);

/* The dry run: validates every data row into im->values and collects
 * problems. Writes nothing. 0, or -1 on a database error. */
int import_check_rows(struct ctx *ctx, struct import *im);

/* Inserts every row (owner: the user, team: the user's team), sealed,
 * and one AUDIT_IMPORT record, in one transaction; on any failure
 * rolls back all of it. Only after import_check_rows found nothing.
 * 0 or -1. */
int import_commit(struct ctx *ctx, const struct import *im, const char *file_name);

#endif
