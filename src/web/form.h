/* form.h: declared form fields, their validation, and the validated,
 * typed values handlers see. Every form declares each field once in a
 * static table; form_validate() checks a request's fields against it.
 *
 * Error messages are fixed English sentences (msgids, listed at the top
 * of form.c) that are translated by lookup when rendered; none is a
 * printf format. A message about a limit (length, range) ends with a
 * colon and carries its number separately in error_arg, typed by
 * error_arg_kind; the template shows the translated message, a space,
 * then form_error_arg() ("Too long. Maximum number of characters: 200",
 * "Too large. Maximum value: 1,000.00"). A number after a colon reads
 * the same way in every language, so translators never move it. */
#ifndef CRM_FORM_H
#define CRM_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "request.h"

enum field_type {
	FIELD_TEXT,	/* one line: no control characters at all */
	FIELD_TEXTAREA,	/* multi-line: CR LF and TAB allowed, CRLF normalised to LF */
	FIELD_EMAIL,	/* pragmatic addr-spec: local@domain, lower-cases the domain, max 254 */
	FIELD_PHONE,	/* digits, spaces, + - ( ) . ; normalised value keeps only a leading + and digits, 5..20 digits */
	FIELD_INT,	/* optional leading -, digits, within [min, max]; value in ->i */
	FIELD_MONEY,	/* decimal with up to 2 fraction digits, '.' separator, optional thousands ','; value in cents in ->i, within [min, max] cents */
	FIELD_DATE,	/* YYYY-MM-DD, a real calendar date (leap years), years 1900..2200 */
	FIELD_CHOICE,	/* must be one of def->choices (NULL-terminated list of values) */
	FIELD_BOOL,	/* checkbox: absent or "" -> false; "1"/"on"/"yes"/"true" -> true; anything else error */
	FIELD_ID,	/* positive id, no leading zeros, at most max (0: 2^63-1); declares pick */
	FIELD__MAX
};

/* What a FIELD_ID field refers to. The form layer checks only the
 * spelling and range of an id; pick.c checks that the signed-in user may
 * choose it (it exists, is live, and is within their reach) before any
 * write. Every ID field of a form that writes names its family. */
enum form_pick {
	PICK_NONE,	/* not checked by pick.c (list filters check their own) */
	PICK_STAGE,	/* a deal stage */
	PICK_TEAM,	/* a team */
	PICK_ROLE,	/* a role */
	PICK_OWNER,	/* an enabled user the actor may give records of the module to */
	PICK_ACCOUNT,	/* a live account within the user's accounts view scope */
	PICK_CONTACT,	/* a live contact within the user's contacts view scope */
	PICK__MAX
};

/* The largest id of an INT UNSIGNED column (roles, teams, stages); a
 * FIELD_ID's max for those. BIGINT UNSIGNED ids are bounded by 2^63-1. */
#define FORM_ID_MAX_U32 4294967295LL

/* One declared field. Normalised values per type:
 *   TEXT      the trimmed text
 *   TEXTAREA  trailing whitespace trimmed, CRLF and lone CR turned into LF
 *   EMAIL     local part as sent, '@', domain lower-cased. Accepted: a
 *             dot-atom local part of 1..64 characters, '@', a host name
 *             of two or more letter-digit-hyphen labels of 1..63, the
 *             last not all digits. Refused: quoted local parts, IP
 *             literals, non-ASCII (an IDN must be sent as xn--).
 *   PHONE     "+" if the number began with one, then the digits
 *   INT       canonical decimal ("007" -> "7", "-0" -> "0"); ->i
 *   MONEY     canonical decimal with two places ("1,234.5" -> "1234.50");
 *             ->i in cents. A leading '-' is accepted: bound it with min.
 *   DATE      "YYYY-MM-DD" as sent; ->i is YYYYMMDD (20240229)
 *   CHOICE    the matching string of def->choices itself (compare
 *             pointers if you like); ->i is its index
 *   BOOL      "1" or "0" (also when absent); ->i 1 or 0. required means
 *             the box must be ticked ("I agree").
 *   ID        the digits; ->i. 1..max (max 0: 2^63-1); anything else
 *             (0, a sign, leading zeros, letters, too many digits) is
 *             "This reference is not valid."
 * Length limits (min_len, max_len) apply to TEXT, TEXTAREA and EMAIL,
 * on the normalised value; the other types are bounded by their syntax.
 * EMAIL is never longer than 254 whatever max_len says. "" cannot be a
 * choice: an empty field is an absent one. The pattern, when set, is matched against the normalised value
 * of any type, bytewise (C locale): write ASCII patterns. */
struct field_def {
	const char *name;		/* form key */
	const char *label;		/* English label = msgid for translation */
	enum field_type type;
	bool required;
	size_t min_len, max_len;	/* in characters (UTF-8 code points), after trimming; 0 max = type default (TEXT 200, TEXTAREA 10000, EMAIL 254) */
	const char *pattern;		/* optional POSIX ERE the whole normalised value must match (compiled once, cached; anchored by the code) */
	const char *pattern_msg;	/* English message when the pattern fails (NULL: a generic one) */
	const char *const *choices;	/* FIELD_CHOICE */
	long long min, max;		/* FIELD_INT / FIELD_MONEY (cents); both 0 = no bound; FIELD_ID: max only */
	enum form_pick pick;		/* FIELD_ID: what the id refers to (pick.c) */
};

struct form_def {
	const char *name;
	const struct field_def *fields;
	size_t nfields;
};

/* How a template shows field_value.error_arg after the message. */
enum form_arg {
	FORM_ARG_NONE,		/* the message stands alone */
	FORM_ARG_NUMBER,	/* a plain integer (a count, an INT bound) */
	FORM_ARG_MONEY		/* cents, shown with format_money() */
};

struct field_value {
	const struct field_def *def;
	const char *raw;	/* what the user sent ("" when absent), for re-display; see form_validate */
	const char *value;	/* normalised text value (NULL on error or when absent and optional) */
	long long i;		/* INT, MONEY (cents), ID, BOOL (0/1), DATE (YYYYMMDD), CHOICE (index) */
	const char *error;	/* NULL, or an English message (a msgid, translated when rendered) */
	long long error_arg;	/* the number a message ending in ':' refers to */
	enum form_arg error_arg_kind;	/* FORM_ARG_NONE unless the message takes a number */
};

struct form_result {
	const struct form_def *def;
	struct field_value *values;	/* def->nfields entries, in declaration order */
	int nerrors;		/* fields with an error, plus 1 when error is set */
	const char *error;	/* form-wide msgid shown above the form, or NULL */
};

/* Validates input against def. Every declared field gets a value entry;
 * keys not declared are ignored (dropped); a field sent more than once is
 * an error on that field ("This field was sent more than once."): none
 * of our types take lists. Leading/trailing ASCII whitespace is trimmed
 * for every type but TEXTAREA (which trims only trailing whitespace).
 * Values are checked again for valid UTF-8 and NUL bytes and rejected.
 * raw is the first value sent, kept for re-display: it is always valid
 * UTF-8 without control characters other than TAB, LF and CR (others,
 * and U+FFFE/U+FFFF, become U+FFFD so the page stays well-formed XML),
 * and "" when the value was not valid UTF-8 at all.
 * Returns out->nerrors, the number of fields with errors (0: all valid).
 * All memory (out->values and every string) comes from the arena a. */
int form_validate(const struct form_def *def, const struct param_list *input,
    struct arena *a, struct form_result *out);

/* Parses an id as FIELD_ID does (1..max without sign, spaces or leading
 * zeros; max 0 means 2^63-1) for ids that do not arrive as a declared
 * field (keys such as "role.12", query parameters). Returns the id, or 0
 * when s is NULL or not such an id. */
long long form_id_parse(const char *s, long long max);

/* The entry for field name, or NULL if the form does not declare it. */
const struct field_value *form_field(const struct form_result *r, const char *name);

/* Marks field name invalid after the fact (e.g. a duplicate email found
 * in the database); message is an English msgid with static lifetime.
 * The field's value becomes NULL and a previous message is replaced.
 * With name NULL, or a name the form does not declare (a bug, logged),
 * message becomes the form-wide r->error, so the form still fails. */
void form_set_error(struct form_result *r, const char *name, const char *message);

/* The text to show after v->error: error_arg formatted by its kind, in
 * the arena; NULL when there is no error or the message takes no number. */
const char *form_error_arg(struct arena *a, const struct field_value *v);

/* Formats cents as "1,234.56" (and "-1,234.56") into an arena string:
 * the one place amounts are formatted for display. Exact over the whole
 * range: LLONG_MIN gives "-92,233,720,368,547,758.08". */
const char *format_money(struct arena *a, long long cents);

/* Checks a form table at start-up: names present and unique, types in
 * range, choices for FIELD_CHOICE, min <= max, min_len <= max_len,
 * patterns compile. Returns 0, or -1 after logging every problem, so a
 * build with a broken form cannot serve. Compiles (caches) patterns. */
int form_def_check(const struct form_def *def);

#endif
