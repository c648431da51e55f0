/* form.c: owns form validation: what each field type accepts, how its
 * value is normalised, the error messages a user can see beside a field,
 * the cache of compiled field patterns, and money formatting.
 *
 * Messages (msgids), fixed English sentences translated by lookup when
 * rendered. Those ending in ':' take the number in error_arg (see form.h).
 *   "This field is required."
 *   "This box must be ticked."
 *   "This field was sent more than once."
 *   "This text contains characters that are not allowed."
 *   "Too long. Maximum number of characters:"		(NUMBER)
 *   "Too short. Minimum number of characters:"		(NUMBER)
 *   "Too small. Minimum value:"			(NUMBER or MONEY)
 *   "Too large. Maximum value:"			(NUMBER or MONEY)
 *   "This value is not in the expected format."	(pattern without pattern_msg)
 *   "Enter a valid email address."
 *   "Enter a valid phone number."
 *   "A phone number has between 5 and 20 digits."
 *   "Enter a whole number."
 *   "Enter an amount such as 1234.56, with at most two decimal places."
 *   "Enter a date as YYYY-MM-DD."
 *   "Enter a year between 1900 and 2200."
 *   "This date does not exist."
 *   "Choose one of the options offered."
 *   "This checkbox sent an unexpected value."
 *   "This reference is not valid."
 * Forms add their own: each field_def's label and pattern_msg, and the
 * messages handlers pass to form_set_error(). */
#include "config.h"

#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "i18n.h"
#include "log.h"
#include "utf8.h"

#define MSG_REQUIRED	N_("This field is required.")
#define MSG_TICK	N_("This box must be ticked.")
#define MSG_DUPLICATE	N_("This field was sent more than once.")
#define MSG_CHARS	N_("This text contains characters that are not allowed.")
#define MSG_TOO_LONG	N_("Too long. Maximum number of characters:")
#define MSG_TOO_SHORT	N_("Too short. Minimum number of characters:")
#define MSG_TOO_SMALL	N_("Too small. Minimum value:")
#define MSG_TOO_LARGE	N_("Too large. Maximum value:")
#define MSG_PATTERN	N_("This value is not in the expected format.")
#define MSG_EMAIL	N_("Enter a valid email address.")
#define MSG_PHONE	N_("Enter a valid phone number.")
#define MSG_PHONE_DIGITS N_("A phone number has between 5 and 20 digits.")
#define MSG_INT		N_("Enter a whole number.")
#define MSG_MONEY	N_("Enter an amount such as 1234.56, with at most two decimal places.")
#define MSG_DATE	N_("Enter a date as YYYY-MM-DD.")
#define MSG_YEAR	N_("Enter a year between 1900 and 2200.")
#define MSG_NO_DATE	N_("This date does not exist.")
#define MSG_CHOICE	N_("Choose one of the options offered.")
#define MSG_BOOL	N_("This checkbox sent an unexpected value.")
#define MSG_ID		N_("This reference is not valid.")

#define EMAIL_MAX	254
#define PHONE_MIN_DIGITS 5
#define PHONE_MAX_DIGITS 20

/* A validator gets the trimmed value as a NUL-terminated arena copy s of
 * len bytes (valid UTF-8, not empty) and sets fv->value (and fv->i), or
 * fv->error. It may rewrite s in place. */
typedef void (*check_fn)(struct field_value *fv, char *s, size_t len, struct arena *a);

/* ---- small helpers ---- */

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
set_error(struct field_value *fv, const char *msg)
{
	fv->error = msg;
	fv->value = NULL;
}

/* set_error with a number the message refers to. */
static void
set_error_arg(struct field_value *fv, const char *msg, long long arg, enum form_arg kind)
{
	set_error(fv, msg);
	fv->error_arg = arg;
	fv->error_arg_kind = kind;
}

/* The code point starting at s[*i] of valid UTF-8; advances *i. */
static unsigned long
next_cp(const char *s, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	unsigned long c = u[0];
	size_t n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n > 0)
		c &= 0x3fUL >> n;
	for (size_t k = 1; k <= n; k++)
		c = (c << 6) | (u[k] & 0x3fUL);
	*i += n + 1;
	return c;
}

/* True for characters no text field stores: C0 controls (but TAB, LF and
 * CR when multiline), DEL, C1 controls and the non-characters U+FFFE/F. */
static bool
is_forbidden(unsigned long c, bool multiline)
{
	if (c < 0x20)
		return !(multiline && (c == '\t' || c == '\n' || c == '\r'));
	return c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xfffe || c == 0xffff;
}

/* Code points in the valid UTF-8 string s. */
static size_t
cp_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* ---- raw input kept for re-display ---- */

/* An arena copy of s[0..len) safe to re-display: "" unless valid UTF-8
 * without NUL; forbidden characters (TAB, LF, CR allowed) become U+FFFD. */
static const char *
raw_copy(struct arena *a, const char *s, size_t len)
{
	char *out, *o;
	size_t i = 0;

	if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL)
		return "";
	o = out = arena_alloc(a, len * 3 + 1);
	while (i < len) {
		size_t start = i;
		unsigned long c = next_cp(s, &i);
		if (is_forbidden(c, true)) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			memcpy(o, s + start, i - start);
			o += i - start;
		}
	}
	*o = '\0';
	return out;
}

/* ---- patterns ---- */

struct pattern {
	struct pattern *next;
	const char *src;	/* the field_def's string: static */
	regex_t re;
	bool ok;		/* false: regcomp failed (logged once) */
};

/* Compiled patterns, malloc'd once per process and kept for its life. */
static struct pattern *patterns;

/* The cached compilation of src (anchored as ^(src)$); compiles it on
 * first use. Never NULL; ->ok is false when src does not compile. */
static const struct pattern *
pattern_get(const char *src)
{
	struct pattern *p;
	char *anchored;
	int rc;

	for (p = patterns; p != NULL; p = p->next)
		if (p->src == src || strcmp(p->src, src) == 0)
			return p;
	p = calloc(1, sizeof(*p));
	anchored = malloc(strlen(src) + 5);
	if (p == NULL || anchored == NULL)
		abort();
	sprintf(anchored, "^(%s)$", src);
	rc = regcomp(&p->re, anchored, REG_EXTENDED);
	free(anchored);
	p->ok = rc == 0;
	if (!p->ok) {
		char msg[128];
		regerror(rc, &p->re, msg, sizeof(msg));
		crm_err("form pattern /%s/ does not compile: %s", src, msg);
	}
	p->src = src;
	p->next = patterns;
	patterns = p;
	return p;
}

/* True when the whole of s matches the pattern src. A pattern that does
 * not compile matches nothing (fails closed). */
static bool
pattern_matches(const char *src, const char *s)
{
	const struct pattern *p = pattern_get(src);
	regmatch_t m[1];

	if (!p->ok || regexec(&p->re, s, 1, m, 0) != 0)
		return false;
	/* Belt and braces: the match must span s even if src has a stray
	 * ')' that would break the anchoring above. */
	return m[0].rm_so == 0 && (size_t)m[0].rm_eo == strlen(s);
}

/* ---- text types ---- */

/* False (and the error set) when s has characters the field forbids. */
static bool
check_chars(struct field_value *fv, const char *s, size_t len, bool multiline)
{
	size_t i = 0;

	while (i < len)
		if (is_forbidden(next_cp(s, &i), multiline)) {
			set_error(fv, MSG_CHARS);
			return false;
		}
	return true;
}

/* False (and the error set) when s is outside [min_len, max_len]. */
static bool
check_length(struct field_value *fv, const char *s)
{
	static const size_t defaults[FIELD__MAX] = {
		[FIELD_TEXT] = 200, [FIELD_TEXTAREA] = 10000, [FIELD_EMAIL] = EMAIL_MAX,
	};
	const struct field_def *d = fv->def;
	size_t n = cp_count(s), max = d->max_len ? d->max_len : defaults[d->type];

	if (d->type == FIELD_EMAIL && max > EMAIL_MAX)
		max = EMAIL_MAX;
	if (n > max) {
		set_error_arg(fv, MSG_TOO_LONG, max > LLONG_MAX ? LLONG_MAX : (long long)max,
		    FORM_ARG_NUMBER);
		return false;
	}
	if (n < d->min_len) {
		set_error_arg(fv, MSG_TOO_SHORT, d->min_len > LLONG_MAX ? LLONG_MAX :
		    (long long)d->min_len, FORM_ARG_NUMBER);
		return false;
	}
	return true;
}

static void
check_text(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	(void)a;
	if (check_chars(fv, s, len, false) && check_length(fv, s))
		fv->value = s;
}

/* Turns CRLF and lone CR into LF in place. */
static void
normalise_newlines(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\r') {
			*o++ = '\n';
			if (s[1] == '\n')
				s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

static void
check_textarea(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	(void)a;
	if (!check_chars(fv, s, len, true))
		return;
	normalise_newlines(s);
	if (check_length(fv, s))
		fv->value = s;
}

/* ---- email ---- */

static bool
is_atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* True for a dot-atom local part s[0..len) of at most 64 bytes. */
static bool
local_ok(const char *s, size_t len)
{
	if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '.' ? s[i + 1] == '.' : !is_atext(s[i]))
			return false;
	return true;
}

/* True for a host name of two or more LDH labels of 1..63 characters,
 * the last not all digits. */
static bool
domain_ok(const char *s)
{
	int labels = 0;

	for (;;) {
		size_t n = 0;
		bool alldigits = true;
		while (is_digit(s[n]) || s[n] == '-' || (s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z')) {
			alldigits = alldigits && is_digit(s[n]);
			n++;
		}
		if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
			return false;
		labels++;
		if (s[n] == '\0')
			return labels >= 2 && !alldigits;
		if (s[n] != '.')
			return false;
		s += n + 1;
	}
}

static void
check_email(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	char *at = strchr(s, '@');

	(void)a;
	(void)len;
	if (!check_length(fv, s))
		return;
	if (at == NULL || !local_ok(s, (size_t)(at - s)) || !domain_ok(at + 1)) {
		set_error(fv, MSG_EMAIL);
		return;
	}
	for (char *p = at + 1; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	fv->value = s;
}

/* ---- phone ---- */

static void
check_phone(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	char *out = arena_alloc(a, len + 1), *o = out;
	int ndigits = 0;

	if (*s == '+')
		*o++ = *s++;
	for (; *s; s++) {
		if (is_digit(*s)) {
			*o++ = *s;
			ndigits++;
		} else if (*s != ' ' && *s != '-' && *s != '(' && *s != ')' && *s != '.') {
			set_error(fv, MSG_PHONE);
			return;
		}
	}
	if (ndigits < PHONE_MIN_DIGITS || ndigits > PHONE_MAX_DIGITS) {
		set_error(fv, MSG_PHONE_DIGITS);
		return;
	}
	*o = '\0';
	fv->value = out;
}

/* ---- numbers ---- */

/* Counts the digits at s and accumulates them into *v; on overflow sets
 * *ovf and stops accumulating (*v is then meaningless). */
static size_t
digits(const char *s, unsigned long long *v, bool *ovf)
{
	size_t n = 0;

	*v = 0;
	for (; is_digit(s[n]); n++) {
		unsigned d = (unsigned)(s[n] - '0');
		if (*ovf || *v > (ULLONG_MAX - d) / 10)
			*ovf = true;
		else
			*v = *v * 10 + d;
	}
	return n;
}

/* Turns sign and magnitude into fv->i if it lies within the field's
 * bounds ([LLONG_MIN, LLONG_MAX] without bounds). Returns false with
 * "Too small"/"Too large" and the bound, of kind, as error_arg. */
static bool
set_in_range(struct field_value *fv, bool neg, unsigned long long mag, bool ovf,
    enum form_arg kind)
{
	const struct field_def *d = fv->def;
	bool bounded = d->min != 0 || d->max != 0;
	long long lo = bounded ? d->min : LLONG_MIN, hi = bounded ? d->max : LLONG_MAX;
	unsigned long long lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	long long v;

	if (ovf || mag > lim) {
		if (neg)
			set_error_arg(fv, MSG_TOO_SMALL, lo, kind);
		else
			set_error_arg(fv, MSG_TOO_LARGE, hi, kind);
		return false;
	}
	v = !neg ? (long long)mag : mag == lim ? LLONG_MIN : -(long long)mag;
	if (v < lo || v > hi) {
		set_error_arg(fv, v < lo ? MSG_TOO_SMALL : MSG_TOO_LARGE, v < lo ? lo : hi, kind);
		return false;
	}
	fv->i = v;
	return true;
}

static void
check_int(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	bool neg = *s == '-', ovf = false;
	unsigned long long mag;

	if (digits(s + neg, &mag, &ovf) != len - neg || len == (size_t)neg) {
		set_error(fv, MSG_INT);
		return;
	}
	if (set_in_range(fv, neg, mag, ovf, FORM_ARG_NUMBER))
		fv->value = arena_printf(a, "%lld", fv->i);
}

long long
form_id_parse(const char *s, long long max)
{
	unsigned long long v;
	bool ovf = false;
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || s[0] == '0' || digits(s, &v, &ovf) != len || ovf || v > LLONG_MAX)
		return 0;
	return max > 0 && (long long)v > max ? 0 : (long long)v;
}

static void
check_id(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	long long v = form_id_parse(s, fv->def->max);

	(void)len;
	(void)a;
	if (v == 0) {
		set_error(fv, MSG_ID);
		return;
	}
	fv->i = v;
	fv->value = s;
}

/* Writes |cents| as digits, '.', two digits (with ',' every three
 * integer digits when grouped), and a leading '-' when negative. */
static const char *
money_text(struct arena *a, long long cents, bool grouped)
{
	char buf[40];
	size_t o = sizeof(buf);
	unsigned long long m = cents < 0 ? 0ULL - (unsigned long long)cents :
	    (unsigned long long)cents;

	buf[--o] = '\0';
	buf[--o] = (char)('0' + m % 10);
	m /= 10;
	buf[--o] = (char)('0' + m % 10);
	m /= 10;
	buf[--o] = '.';
	for (int n = 0; n == 0 || m > 0; n++, m /= 10) {
		if (grouped && n > 0 && n % 3 == 0)
			buf[--o] = ',';
		buf[--o] = (char)('0' + m % 10);
	}
	if (cents < 0)
		buf[--o] = '-';
	return arena_strdup(a, buf + o);
}

/* Reads the integer part of an amount at *pp: digits, or 1..3 digits
 * then groups of ",ddd". Returns false when malformed; advances *pp. */
static bool
money_int(const char **pp, unsigned long long *v, bool *ovf)
{
	const char *p = *pp;
	size_t n = digits(p, v, ovf);

	if (n == 0 || (p[n] == ',' && n > 3))
		return false;
	p += n;
	while (*p == ',') {
		unsigned long long g;
		bool govf = false;
		if (digits(p + 1, &g, &govf) != 3)
			return false;
		if (*ovf || *v > (ULLONG_MAX - 999) / 1000)
			*ovf = true;
		else
			*v = *v * 1000 + g;
		p += 4;
	}
	*pp = p;
	return true;
}

static void
check_money(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	bool neg = *s == '-', ovf = false;
	const char *p = s + neg;
	unsigned long long ip, frac = 0;

	(void)len;
	if (!money_int(&p, &ip, &ovf))
		goto bad;
	if (*p == '.') {
		bool fovf = false;
		size_t n = digits(++p, &frac, &fovf);
		if (n == 0 || n > 2)
			goto bad;
		frac *= n == 1 ? 10 : 1;
		p += n;
	}
	if (*p != '\0')
		goto bad;
	if (ip > (ULLONG_MAX - 99) / 100)
		ovf = true;
	if (set_in_range(fv, neg, ovf ? 0 : ip * 100 + frac, ovf, FORM_ARG_MONEY))
		fv->value = money_text(a, fv->i, false);
	return;
bad:
	set_error(fv, MSG_MONEY);
}

/* ---- date, choice, checkbox ---- */

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static void
check_date(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	int y, m, d;

	(void)a;
	if (len != 10 || s[4] != '-' || s[7] != '-') {
		set_error(fv, MSG_DATE);
		return;
	}
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i])) {
			set_error(fv, MSG_DATE);
			return;
		}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200)
		set_error(fv, MSG_YEAR);
	else if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		set_error(fv, MSG_NO_DATE);
	else {
		fv->i = (long long)y * 10000 + m * 100 + d;
		fv->value = s;
	}
}

static void
check_choice(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	const char *const *c = fv->def->choices;

	(void)len;
	(void)a;
	for (long long i = 0; c != NULL && c[i] != NULL; i++)
		if (strcmp(c[i], s) == 0) {
			fv->value = c[i];
			fv->i = i;
			return;
		}
	set_error(fv, MSG_CHOICE);
}

static void
check_bool(struct field_value *fv, char *s, size_t len, struct arena *a)
{
	(void)len;
	(void)a;
	if (strcmp(s, "1") != 0 && strcmp(s, "on") != 0 && strcmp(s, "yes") != 0 &&
	    strcmp(s, "true") != 0) {
		set_error(fv, MSG_BOOL);
		return;
	}
	fv->value = "1";
	fv->i = 1;
}

static const check_fn checks[FIELD__MAX] = {
	[FIELD_TEXT] = check_text,
	[FIELD_TEXTAREA] = check_textarea,
	[FIELD_EMAIL] = check_email,
	[FIELD_PHONE] = check_phone,
	[FIELD_INT] = check_int,
	[FIELD_MONEY] = check_money,
	[FIELD_DATE] = check_date,
	[FIELD_CHOICE] = check_choice,
	[FIELD_BOOL] = check_bool,
	[FIELD_ID] = check_id,
};

/* ---- one field, one form ---- */

/* An empty or absent field: false for a checkbox, else NULL; an error
 * when required. */
static void
empty_field(struct field_value *fv)
{
	if (fv->def->type == FIELD_BOOL) {
		fv->value = "0";
		if (fv->def->required)
			set_error(fv, MSG_TICK);
	} else if (fv->def->required)
		set_error(fv, MSG_REQUIRED);
}

/* The first pair for key in list (NULL if none); *count gets how many. */
static const struct param *
first_param(const struct param_list *list, const char *key, int *count)
{
	const struct param *first = NULL;

	*count = 0;
	for (const struct param *p = list ? list->head : NULL; p != NULL; p = p->next)
		if (p->key != NULL && strcmp(p->key, key) == 0 && (*count)++ == 0)
			first = p;
	return first;
}

/* Fills fv for field d from the input list. */
static void
validate_field(const struct field_def *d, const struct param_list *in, struct arena *a,
    struct field_value *fv)
{
	int count;
	const struct param *first = first_param(in, d->name, &count);
	const char *s = first && first->value ? first->value : "";
	size_t len = first && first->value ? first->value_len : 0;

	fv->def = d;
	fv->raw = raw_copy(a, s, len);
	if (count > 1) {
		set_error(fv, MSG_DUPLICATE);
		return;
	}
	if ((unsigned)d->type >= FIELD__MAX) {
		set_error(fv, MSG_PATTERN);	/* form_def_check reports it */
		return;
	}
	if (!utf8_valid(s, len) || memchr(s, '\0', len) != NULL) {
		set_error(fv, MSG_CHARS);
		return;
	}
	while (d->type != FIELD_TEXTAREA && len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0) {
		empty_field(fv);
		return;
	}
	checks[d->type](fv, arena_strndup(a, s, len), len, a);
	if (fv->error == NULL && d->pattern != NULL && !pattern_matches(d->pattern, fv->value))
		set_error(fv, d->pattern_msg ? d->pattern_msg : MSG_PATTERN);
}

int
form_validate(const struct form_def *def, const struct param_list *input,
    struct arena *a, struct form_result *out)
{
	size_t n = def->nfields ? def->nfields : 1;

	if (n > SIZE_MAX / sizeof(*out->values))
		abort();
	out->def = def;
	out->error = NULL;
	out->nerrors = 0;
	out->values = arena_alloc(a, n * sizeof(*out->values));
	for (size_t i = 0; i < def->nfields; i++) {
		validate_field(&def->fields[i], input, a, &out->values[i]);
		if (out->values[i].error != NULL)
			out->nerrors++;
	}
	return out->nerrors;
}

/* The entry of field name in r, or NULL. */
static struct field_value *
find(const struct form_result *r, const char *name)
{
	for (size_t i = 0; r->values != NULL && i < r->def->nfields; i++)
		if (strcmp(r->def->fields[i].name, name) == 0)
			return &r->values[i];
	return NULL;
}

const struct field_value *
form_field(const struct form_result *r, const char *name)
{
	return find(r, name);
}

void
form_set_error(struct form_result *r, const char *name, const char *message)
{
	struct field_value *fv = name != NULL ? find(r, name) : NULL;

	if (fv == NULL) {
		if (name != NULL)
			crm_err("form %s has no field %s: error set on the form",
			    r->def->name ? r->def->name : "(null)", name);
		if (r->error == NULL)
			r->nerrors++;
		r->error = message;
		return;
	}
	if (fv->error == NULL)
		r->nerrors++;
	set_error(fv, message);
	fv->i = 0;
	fv->error_arg = 0;
	fv->error_arg_kind = FORM_ARG_NONE;
}

const char *
form_error_arg(struct arena *a, const struct field_value *v)
{
	if (v->error == NULL)
		return NULL;
	switch (v->error_arg_kind) {
	case FORM_ARG_NUMBER:
		return arena_printf(a, "%lld", v->error_arg);
	case FORM_ARG_MONEY:
		return format_money(a, v->error_arg);
	default:
		return NULL;
	}
}

const char *
format_money(struct arena *a, long long cents)
{
	return money_text(a, cents, true);
}

/* ---- start-up check ---- */

/* Logs and counts the problems of one field (index i of def). */
static int
field_problems(const struct form_def *def, size_t i)
{
	const struct field_def *f = &def->fields[i];
	const char *fn = f->name ? f->name : "(null)";
	const char *form = def->name ? def->name : "(null)";
	int bad = 0;

	if (f->name == NULL || f->name[0] == '\0' || f->label == NULL) {
		crm_err("form %s field %zu: no name or label", form, i);
		bad++;
	}
	for (size_t j = 0; f->name != NULL && j < i; j++)
		if (def->fields[j].name != NULL && strcmp(def->fields[j].name, f->name) == 0) {
			crm_err("form %s: field %s declared twice", form, fn);
			bad++;
		}
	if ((unsigned)f->type >= FIELD__MAX) {
		crm_err("form %s field %s: no such type %d", form, fn, (int)f->type);
		bad++;
	}
	if (f->type == FIELD_CHOICE && (f->choices == NULL || f->choices[0] == NULL)) {
		crm_err("form %s field %s: no choices", form, fn);
		bad++;
	}
	for (size_t j = 0; f->type == FIELD_CHOICE && f->choices && f->choices[j]; j++)
		if (f->choices[j][0] == '\0') {
			crm_err("form %s field %s: \"\" cannot be a choice", form, fn);
			bad++;
		}
	if ((f->min != 0 || f->max != 0) && f->min > f->max) {
		crm_err("form %s field %s: min %lld > max %lld", form, fn, f->min, f->max);
		bad++;
	}
	if (f->max_len != 0 && f->min_len > f->max_len) {
		crm_err("form %s field %s: min_len > max_len", form, fn);
		bad++;
	}
	if ((unsigned)f->pick >= PICK__MAX || (f->pick != PICK_NONE && f->type != FIELD_ID) ||
	    (f->type == FIELD_ID && (f->min != 0 || f->max < 0))) {
		crm_err("form %s field %s: pick or id bounds do not fit the type", form, fn);
		bad++;
	}
	if (f->pattern != NULL && !pattern_get(f->pattern)->ok)
		bad++;
	return bad;
}

int
form_def_check(const struct form_def *def)
{
	int bad = 0;

	if (def->nfields > 0 && def->fields == NULL) {
		crm_err("form %s: no field table", def->name ? def->name : "(null)");
		return -1;
	}
	for (size_t i = 0; i < def->nfields; i++)
		bad += field_problems(def, i);
	return bad ? -1 : 0;
}
