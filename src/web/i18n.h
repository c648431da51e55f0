/* i18n.h: the user-interface languages, the PO catalog parser, the
 * process-wide translation table and Accept-Language negotiation.
 * English is the source language: msgids are the English texts. */
#ifndef CRM_I18N_H
#define CRM_I18N_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_EN, LANG_ZH_CN, LANG__MAX };

/* BCP 47 tag for <html lang>: "en", "zh-CN"; "en" for an unknown value. */
const char *lang_code(enum lang l);
/* Catalog name (po/<name>.po): NULL for en (the source language), "zh_CN". */
const char *lang_po_name(enum lang l);

/* Parses PO text; calls fn(msgctxt or NULL, msgid, msgstr, arg) for every
 * complete non-fuzzy entry with a non-empty msgid and msgstr (the header
 * entry with empty msgid is skipped). The strings passed to fn belong to
 * the parser and live only during the call: copy what you keep.
 * Supports: comments (#, #., #:, #| and #~ are ignored; #, flags: an entry
 * flagged "fuzzy" is skipped), msgctxt, msgid, msgstr, multi-line string
 * continuation ("..." lines), C escapes \n \t \" \\ (others are an error),
 * msgid_plural/msgstr[N] (msgstr[0] only is passed on). A blank line ends
 * an entry. Strings must be valid UTF-8 without control characters other
 * than tab (escapes excepted); a header declaring a charset other than
 * UTF-8 is an error. Max 1 MiB input, max 64 KiB per string.
 * Returns 0, or -1 with "file:line: reason" in err (entries before the
 * error have already been passed to fn). */
int po_parse(const char *text, size_t len, const char *filename,
    void (*fn)(const char *ctx, const char *msgid, const char *msgstr, void *arg),
    void *arg, char *err, size_t errsz);

/* Loads po_dir/<lang_po_name>.po for every language but English into a
 * process-wide hash table. Returns 0, or -1 with err (missing file, parse
 * error, duplicate entry, out of memory), in which case the tables loaded
 * before stay in place. Call once at start (before fork); i18n_free
 * releases it. Not thread-safe. */
int i18n_load(const char *po_dir, char *err, size_t errsz);
void i18n_free(void);

/* Translation of msgid (optionally in context ctx, may be NULL) in l, or
 * msgid itself when there is none (and always for LANG_EN). Never NULL for
 * a non-NULL msgid; the result lives until i18n_free. Does not allocate. */
const char *i18n_get(enum lang l, const char *ctx, const char *msgid);
/* True when l has a translation of (ctx, msgid); true for LANG_EN always. */
bool i18n_has(enum lang l, const char *ctx, const char *msgid);

/* Picks the best supported language from an Accept-Language header
 * (RFC 9110 §12.5.4: comma-separated language-ranges with optional
 * ;q=0.x weights, case-insensitive). "zh", "zh-CN", "zh-Hans",
 * "zh-Hans-CN", "zh-SG" map to LANG_ZH_CN; "zh-TW", "zh-HK", "zh-MO" and
 * "zh-Hant*" do not (they fall through to the next range); "en*" and "*"
 * map to LANG_EN. q=0 means not acceptable; ties keep header order.
 * NULL, empty or malformed -> LANG_EN. Never reads beyond the string;
 * headers longer than 4 KiB are treated as absent. */
enum lang i18n_negotiate(const char *accept_language);

/* Parses "en" / "zh-CN" / "zh_CN" (case-insensitive) as a user setting;
 * returns the enum lang value, or -1 when unknown (or NULL). */
int lang_from_code(const char *code);

/* Marks a string literal in C as a msgid: it is translated later, by
 * lookup, and tests/i18n_check.py makes sure po/ translates it. */
#define N_(s) (s)

#endif
