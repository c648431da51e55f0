/* custom_field_store.h: the administration of custom field definitions
 * (sql/033_custom_fields.sql) as /admin/fields reads and changes them:
 * a family's fields, one field and its options; adding a field with its
 * labels, changing what may change, reordering, retiring and restoring
 * fields and options. Each write is one transaction that locks what it
 * reads, refuses what breaks a rule (with a msgid) and writes its audit
 * record (object type "custom_fields", the field's id, before/after)
 * before it commits; nothing is half-saved. The runtime's registry of
 * the definitions (custom_field.c) is not here. */
#ifndef CRM_CUSTOM_FIELD_STORE_H
#define CRM_CUSTOM_FIELD_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct ctx;

#define CF_LANG_EN 0
#define CF_LANG_ZH 1
#define CF_LANGS 2		/* texts per field and option: en (required), zh-CN */
#define CF_FIELDS_MAX 60	/* live fields per family */
#define CF_OPTIONS_MAX 100	/* options per field, retired ones included */
#define CF_LABEL_MAX 200	/* custom_field_texts.label */
#define CF_HELP_MAX 500		/* custom_field_texts.help */
#define CF_DEFAULT_MAX 1000	/* custom_fields.default_value */

/* The codes as stored, NULL-terminated, in the order forms offer them. */
extern const char *const cf_families[];	/* accounts contacts leads deals */
extern const char *const cf_protects[];	/* plain sealed indexed */
extern const char *const cf_personals[];	/* none contact identifier financial special */
extern const char *const cf_langs[];	/* en zh-CN */

/* The English name (a msgid) of a code of the lists above, or the code
 * itself when it is not one. */
const char *cf_family_label(const char *code);
const char *cf_type_label(const char *code);
const char *cf_protect_label(const char *code);
const char *cf_personal_label(const char *code);
/* True for the types whose values are option codes. */
bool cf_type_has_options(const char *type);

struct cf_def {
	long long id, position, version, live_options;
	const char *family, *type, *protect, *personal;
	const char *currency;		/* money: its currency; else NULL */
	const char *default_value;	/* as a form sends it, or NULL */
	bool required, retired;
	const char *label[CF_LANGS], *help[CF_LANGS];	/* NULL when absent */
};

struct cf_option {
	const char *code;
	long long position;
	bool retired;
	const char *label[CF_LANGS];
};

/* Outcomes of the writes. */
enum cf_result {
	CF_ERROR = -1,		/* a database error (logged): 503 */
	CF_OK = 0,		/* written, audited, committed */
	CF_REFUSED = 1,		/* against a rule: *msg says which */
	CF_STALE = 2,		/* changed since the form was opened */
	CF_MISSING = 3,		/* no such field or option: 404 */
};

/* A family's fields in display order: 0, or -1. */
int cf_store_list(struct ctx *ctx, const char *family, struct cf_def **out, size_t *n);
/* One field: 1, 0 when there is none, -1. */
int cf_store_get(struct ctx *ctx, long long id, struct cf_def *out);
/* A field's options in order: 0, or -1. */
int cf_store_options(struct ctx *ctx, long long field_id, struct cf_option **out, size_t *n);

/* What is wrong with a new definition's type, protection, personal
 * class and currency (NULL: nothing); no database. */
const char *cf_check_kind(const struct cf_def *d);
/* Checks d->default_value (NULL or "": none) against d's type and, for
 * choices, the live options opts: NULL with the normalised value in
 * *norm (NULL for none), or the msgid of what is wrong. */
const char *cf_check_default(struct ctx *ctx, const struct cf_def *d, const struct cf_option *opts,
    size_t nopts, const char **norm);

/* Adds d (family, type, protect, personal, currency, required, default,
 * labels, helps); *id gets the new field's id. */
enum cf_result cf_store_create(struct ctx *ctx, const struct cf_def *d, long long *id, const char **msg);
/* Changes field d->id from version d->version: labels, helps, required,
 * default and personal class (type, protection and currency are fixed). */
enum cf_result cf_store_update(struct ctx *ctx, const struct cf_def *d, const char **msg);
/* Retires (retire true) or restores field id from version. */
enum cf_result cf_store_retire(struct ctx *ctx, long long id, long long version, bool retire,
    const char **msg);
/* Moves field id one place up (dir -1) or down (+1) in its family. */
enum cf_result cf_store_move(struct ctx *ctx, long long id, long long version, int dir, const char **msg);

/* Options of a choice or multiple-choice field, from the field's version
 * (a change of an option is a new version of its field). */
enum cf_result cf_store_option_add(struct ctx *ctx, long long id, long long version,
    const struct cf_option *o, const char **msg);
enum cf_result cf_store_option_update(struct ctx *ctx, long long id, long long version,
    const struct cf_option *o, const char **msg);
enum cf_result cf_store_option_move(struct ctx *ctx, long long id, long long version, const char *code,
    int dir, const char **msg);
enum cf_result cf_store_option_retire(struct ctx *ctx, long long id, long long version, const char *code,
    bool retire, const char **msg);

#endif
