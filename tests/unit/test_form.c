/* test_form.c: tests form_validate (every field type), form_field,
 * form_set_error, form_error_arg, format_money and form_def_check. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "request.h"
#include "tap.h"

/* The msgids, spelled out again: the tests are their specification. */
#define E_REQ	"This field is required."
#define E_TICK	"This box must be ticked."
#define E_DUP	"This field was sent more than once."
#define E_CHARS	"This text contains characters that are not allowed."
#define E_LONG	"Too long. Maximum number of characters:"
#define E_SHORT	"Too short. Minimum number of characters:"
#define E_SMALL	"Too small. Minimum value:"
#define E_LARGE	"Too large. Maximum value:"
#define E_PAT	"This value is not in the expected format."
#define E_EMAIL	"Enter a valid email address."
#define E_PHONE	"Enter a valid phone number."
#define E_PDIG	"A phone number has between 5 and 20 digits."
#define E_INT	"Enter a whole number."
#define E_MONEY	"Enter an amount such as 1234.56, with at most two decimal places."
#define E_DATE	"Enter a date as YYYY-MM-DD."
#define E_YEAR	"Enter a year between 1900 and 2200."
#define E_NODATE "This date does not exist."
#define E_CHOICE "Choose one of the options offered."
#define E_BOOL	"This checkbox sent an unexpected value."
#define E_ID	"This reference is not valid."
#define E_CODE	"Enter a code such as AB1234."

static struct arena A;

static const char *const kinds[] = { "lead", "customer", "partner", NULL };

/* One field per behaviour under test; each case names one. */
static const struct field_def
    F_TEXT = { "name", "Name", FIELD_TEXT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_TEXT_REQ = { "name", "Name", FIELD_TEXT, true, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_TEXT3 = { "name", "Name", FIELD_TEXT, false, 0, 3, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_TEXT2_5 = { "name", "Name", FIELD_TEXT, false, 2, 5, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_AREA = { "note", "Note", FIELD_TEXTAREA, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_AREA5 = { "note", "Note", FIELD_TEXTAREA, false, 0, 5, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_EMAIL = { "email", "Email", FIELD_EMAIL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_EMAIL_REQ = { "email", "Email", FIELD_EMAIL, true, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_EMAIL20 = { "email", "Email", FIELD_EMAIL, false, 0, 20, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_EMAIL999 = { "email", "Email", FIELD_EMAIL, false, 0, 999, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_PHONE = { "phone", "Phone", FIELD_PHONE, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_PHONE_UK = { "phone", "Phone", FIELD_PHONE, false, 0, 0, "\\+44[0-9]+", NULL, NULL, 0, 0, PICK_NONE },
    F_INT = { "n", "Number", FIELD_INT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_INT_1_100 = { "n", "Number", FIELD_INT, true, 0, 0, NULL, NULL, NULL, 1, 100, PICK_NONE },
    F_INT_NEG = { "n", "Number", FIELD_INT, false, 0, 0, NULL, NULL, NULL, -10, -1, PICK_NONE },
    F_MONEY = { "amount", "Amount", FIELD_MONEY, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_MONEY_1K = { "amount", "Amount", FIELD_MONEY, false, 0, 0, NULL, NULL, NULL, 0, 100000, PICK_NONE },
    F_DATE = { "due", "Due date", FIELD_DATE, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_CHOICE = { "kind", "Kind", FIELD_CHOICE, false, 0, 0, NULL, NULL, kinds, 0, 0, PICK_NONE },
    F_BOOL = { "vip", "VIP", FIELD_BOOL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_BOOL_REQ = { "agree", "I agree", FIELD_BOOL, true, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_ID = { "id", "Contact", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
    F_ID32 = { "stage", "Stage", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 0, FORM_ID_MAX_U32, PICK_STAGE },
    F_CODE = { "code", "Code", FIELD_TEXT, false, 0, 0, "[A-Z]{2}[0-9]{4}", E_CODE, NULL, 0, 0, PICK_NONE },
    F_LOWER = { "code", "Code", FIELD_TEXT, false, 0, 0, "[a-z]+", NULL, NULL, 0, 0, PICK_NONE },
    F_ALT = { "code", "Code", FIELD_TEXT, false, 0, 0, "a|b", NULL, NULL, 0, 0, PICK_NONE },
    F_BROKEN = { "code", "Code", FIELD_TEXT, false, 0, 0, "([a-z", NULL, NULL, 0, 0, PICK_NONE };

/* Long inputs, filled by make_long_inputs(). */
static char a200[201], a201[202], a10000[10001], a10001[10002];
static char email254[255], email255[256], local64[80], local65[80];

static void
fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
}

static void
make_long_inputs(void)
{
	char dom[200];

	fill(a200, 'a', 200);
	fill(a201, 'a', 201);
	fill(a10000, 'x', 10000);
	fill(a10001, 'x', 10001);
	/* 63 + 1 + 63 + 1 + 58 + 1 + 2 = 189-byte domain; 64 + 1 + 189 = 254 */
	memset(dom, 'a', 63);
	dom[63] = '.';
	memset(dom + 64, 'b', 63);
	dom[127] = '.';
	memset(dom + 128, 'c', 58);
	strcpy(dom + 186, ".co");
	memset(email254, 'l', 64);
	email254[64] = '@';
	strcpy(email254 + 65, dom);
	memcpy(email255, email254, 65);
	memset(email255 + 65, 'z', 1);
	strcpy(email255 + 66, dom);
	memset(local64, 'l', 64);
	strcpy(local64 + 64, "@example.com");
	memset(local65, 'l', 65);
	strcpy(local65 + 65, "@example.com");
}

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A copy of s safe for a TAP line (non-printable bytes as '?'), in one
 * of two rotating static buffers, cut at 40 bytes. */
static const char *
shown(const char *s, size_t len)
{
	static char buf[2][48];
	static int which;
	char *b = buf[which ^= 1];
	size_t o = 0;

	if (s == NULL)
		return "(absent)";
	for (size_t i = 0; i < len && o < 40; i++)
		b[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	b[o] = '\0';
	return b;
}

/* Validates one field against in (len bytes; NULL: not sent) on a fresh
 * arena; *r receives the result. Returns the field's entry. */
static const struct field_value *
run1(const struct field_def *f, const char *in, size_t len, struct form_result *r)
{
	struct form_def def = { "test", f, 1 };
	struct param_list l = { NULL, NULL, 0 };

	arena_reset(&A);
	if (in != NULL)
		param_list_add(&l, &A, f->name, arena_strndup(&A, in, len), len);
	form_validate(&def, &l, &A, r);
	return &r->values[0];
}

struct vcase {
	const struct field_def *f;
	const char *in;		/* NULL: the field is not sent */
	size_t len;		/* 0: strlen(in) */
	const char *error;	/* expected msgid; NULL: valid */
	const char *value;	/* valid: expected value (NULL: expect NULL) */
	long long i;		/* valid: expected ->i; error: expected error_arg */
};

/* Runs one case; true when everything it expects holds. */
static bool
check_case(const struct vcase *c, const struct field_value **fvp)
{
	struct form_result r;
	size_t len = c->in && c->len == 0 ? strlen(c->in) : c->len;
	const struct field_value *fv = run1(c->f, c->in, len, &r);

	*fvp = fv;
	if (r.nerrors != (c->error != NULL) || fv->def != c->f)
		return false;
	if (c->error != NULL)
		return streq(fv->error, c->error) && fv->value == NULL && fv->error_arg == c->i;
	if (fv->error != NULL || fv->i != c->i)
		return false;
	return c->value == NULL ? fv->value == NULL : streq(fv->value, c->value);
}

#define LLMAX "9223372036854775807"

static const struct vcase cases[] = {
	/* TEXT */
	{ &F_TEXT, "Ann", 0, NULL, "Ann", 0 },
	{ &F_TEXT, "  Ann Lee  ", 0, NULL, "Ann Lee", 0 },
	{ &F_TEXT, "\t Ann \r\n", 0, NULL, "Ann", 0 },
	{ &F_TEXT, "<script>alert(1)</script>", 0, NULL, "<script>alert(1)</script>", 0 },
	{ &F_TEXT, "O'Brien & \"Sons\"", 0, NULL, "O'Brien & \"Sons\"", 0 },
	{ &F_TEXT, "abc\xe2\x80\xae" "def", 0, NULL, "abc\xe2\x80\xae" "def", 0 },	/* U+202E */
	{ &F_TEXT, "a\x01" "b", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\nb", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\rb", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\tb", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\x7f", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\xc2\x85" "b", 0, E_CHARS, NULL, 0 },		/* U+0085, C1 */
	{ &F_TEXT, "a\x1b[31mred", 0, E_CHARS, NULL, 0 },
	{ &F_TEXT, "a\xef\xbf\xbe", 0, E_CHARS, NULL, 0 },		/* U+FFFE */
	{ &F_TEXT, "a\xff", 0, E_CHARS, NULL, 0 },			/* not UTF-8 */
	{ &F_TEXT, "a\xed\xa0\x80", 0, E_CHARS, NULL, 0 },		/* surrogate */
	{ &F_TEXT, "a\0b", 3, E_CHARS, NULL, 0 },			/* NUL inside */
	{ &F_TEXT, NULL, 0, NULL, NULL, 0 },
	{ &F_TEXT, "", 0, NULL, NULL, 0 },
	{ &F_TEXT, "   ", 0, NULL, NULL, 0 },
	{ &F_TEXT_REQ, NULL, 0, E_REQ, NULL, 0 },
	{ &F_TEXT_REQ, "", 0, E_REQ, NULL, 0 },
	{ &F_TEXT_REQ, " \t\r\n ", 0, E_REQ, NULL, 0 },
	{ &F_TEXT_REQ, "x", 0, NULL, "x", 0 },
	{ &F_TEXT, a200, 0, NULL, a200, 0 },
	{ &F_TEXT, a201, 0, E_LONG, NULL, 200 },
	{ &F_TEXT3, "张伟明", 0, NULL, "张伟明", 0 },
	{ &F_TEXT3, "张伟明华", 0, E_LONG, NULL, 3 },
	{ &F_TEXT3, " 张伟明 ", 0, NULL, "张伟明", 0 },
	{ &F_TEXT3, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 0, NULL,
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 0 },	/* 3 emoji, 12 bytes */
	{ &F_TEXT3, "abcd", 0, E_LONG, NULL, 3 },
	{ &F_TEXT2_5, "a", 0, E_SHORT, NULL, 2 },
	{ &F_TEXT2_5, "é", 0, E_SHORT, NULL, 2 },			/* 2 bytes, 1 character */
	{ &F_TEXT2_5, "éé", 0, NULL, "éé", 0 },
	{ &F_TEXT2_5, "abcde", 0, NULL, "abcde", 0 },
	{ &F_TEXT2_5, "abcdef", 0, E_LONG, NULL, 5 },
	{ &F_TEXT2_5, "", 0, NULL, NULL, 0 },				/* optional: no min */
	/* TEXTAREA */
	{ &F_AREA, "line1\r\nline2", 0, NULL, "line1\nline2", 0 },
	{ &F_AREA, "a\rb", 0, NULL, "a\nb", 0 },
	{ &F_AREA, "a\r\n\r\nb", 0, NULL, "a\n\nb", 0 },
	{ &F_AREA, "  indented\n\n", 0, NULL, "  indented", 0 },
	{ &F_AREA, "a\tb", 0, NULL, "a\tb", 0 },
	{ &F_AREA, "a\x0b" "b", 0, E_CHARS, NULL, 0 },
	{ &F_AREA, "a\x1f" "b", 0, E_CHARS, NULL, 0 },
	{ &F_AREA, "a\xc2\x9b" "b", 0, E_CHARS, NULL, 0 },		/* U+009B CSI */
	{ &F_AREA, "<b>bold</b>\n", 0, NULL, "<b>bold</b>", 0 },
	{ &F_AREA, "\r\n\r\n  ", 0, NULL, NULL, 0 },
	{ &F_AREA5, "ab\r\ncd", 0, NULL, "ab\ncd", 0 },		/* 5 after CRLF -> LF */
	{ &F_AREA5, "abc\r\ndef", 0, E_LONG, NULL, 5 },
	{ &F_AREA, a10000, 0, NULL, a10000, 0 },
	{ &F_AREA, a10001, 0, E_LONG, NULL, 10000 },
	/* EMAIL */
	{ &F_EMAIL, "ann@example.com", 0, NULL, "ann@example.com", 0 },
	{ &F_EMAIL, "Ann.Lee@Example.COM", 0, NULL, "Ann.Lee@example.com", 0 },
	{ &F_EMAIL, "  ann@example.com ", 0, NULL, "ann@example.com", 0 },
	{ &F_EMAIL, "o'brien+tag@mail.example.org", 0, NULL, "o'brien+tag@mail.example.org", 0 },
	{ &F_EMAIL, "ann@xn--mnchen-3ya.de", 0, NULL, "ann@xn--mnchen-3ya.de", 0 },
	{ &F_EMAIL, "ann@123.example", 0, NULL, "ann@123.example", 0 },
	{ &F_EMAIL, "ann@example", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann.example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@exa@mple.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann.@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, ".ann@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "a..b@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@-example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example-.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example..com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example.com.", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@exa_mple.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@1.2.3.4", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@[127.0.0.1]", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann lee@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "\"ann\"@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "<script>@example.com", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example.com<script>", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@münchen.de", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example.com\x01", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, "ann@example.com\nBcc: x@y.z", 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, local64, 0, NULL, local64, 0 },
	{ &F_EMAIL, local65, 0, E_EMAIL, NULL, 0 },
	{ &F_EMAIL, email254, 0, NULL, email254, 0 },
	{ &F_EMAIL, email255, 0, E_LONG, NULL, 254 },
	{ &F_EMAIL999, email255, 0, E_LONG, NULL, 254 },		/* 254 whatever max_len says */
	{ &F_EMAIL20, "abcdefghij@example.com", 0, E_LONG, NULL, 20 },
	{ &F_EMAIL_REQ, NULL, 0, E_REQ, NULL, 0 },
	{ &F_EMAIL_REQ, "   ", 0, E_REQ, NULL, 0 },
	/* PHONE */
	{ &F_PHONE, "+44 20 7946 0958", 0, NULL, "+442079460958", 0 },
	{ &F_PHONE, "(020) 7946-0958", 0, NULL, "02079460958", 0 },
	{ &F_PHONE, "020.7946.0958", 0, NULL, "02079460958", 0 },
	{ &F_PHONE, " +1 (555) 010-9999 ", 0, NULL, "+15550109999", 0 },
	{ &F_PHONE, "12345", 0, NULL, "12345", 0 },
	{ &F_PHONE, "1234", 0, E_PDIG, NULL, 0 },
	{ &F_PHONE, "12345678901234567890", 0, NULL, "12345678901234567890", 0 },
	{ &F_PHONE, "123456789012345678901", 0, E_PDIG, NULL, 0 },
	{ &F_PHONE, "+", 0, E_PDIG, NULL, 0 },
	{ &F_PHONE, "()-. ", 0, E_PDIG, NULL, 0 },
	{ &F_PHONE, "44+20 7946 0958", 0, E_PHONE, NULL, 0 },
	{ &F_PHONE, "++44 20 7946 0958", 0, E_PHONE, NULL, 0 },
	{ &F_PHONE, "020 7946 0958 ext 2", 0, E_PHONE, NULL, 0 },
	{ &F_PHONE, "+44\t20 7946 0958", 0, E_PHONE, NULL, 0 },
	{ &F_PHONE, "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5", 0, E_PHONE, NULL, 0 },	/* Arabic-Indic digits */
	{ &F_PHONE, "<script>12345", 0, E_PHONE, NULL, 0 },
	{ &F_PHONE_UK, "+44 20 7946 0958", 0, NULL, "+442079460958", 0 },
	{ &F_PHONE_UK, "020 7946 0958", 0, E_PAT, NULL, 0 },
	/* INT */
	{ &F_INT, "42", 0, NULL, "42", 42 },
	{ &F_INT, " 12 ", 0, NULL, "12", 12 },
	{ &F_INT, "-7", 0, NULL, "-7", -7 },
	{ &F_INT, "0", 0, NULL, "0", 0 },
	{ &F_INT, "-0", 0, NULL, "0", 0 },
	{ &F_INT, "007", 0, NULL, "7", 7 },
	{ &F_INT, "00000000000000000000000000042", 0, NULL, "42", 42 },
	{ &F_INT, "1e3", 0, E_INT, NULL, 0 },
	{ &F_INT, "1.0", 0, E_INT, NULL, 0 },
	{ &F_INT, "+5", 0, E_INT, NULL, 0 },
	{ &F_INT, "1,000", 0, E_INT, NULL, 0 },
	{ &F_INT, "-", 0, E_INT, NULL, 0 },
	{ &F_INT, "--1", 0, E_INT, NULL, 0 },
	{ &F_INT, "0x10", 0, E_INT, NULL, 0 },
	{ &F_INT, "12 3", 0, E_INT, NULL, 0 },
	{ &F_INT, "\xd9\xa1\xd9\xa2", 0, E_INT, NULL, 0 },
	{ &F_INT, "<script>", 0, E_INT, NULL, 0 },
	{ &F_INT, "1\x01", 0, E_INT, NULL, 0 },
	{ &F_INT, LLMAX, 0, NULL, LLMAX, LLONG_MAX },
	{ &F_INT, "9223372036854775808", 0, E_LARGE, NULL, LLONG_MAX },
	{ &F_INT, "-9223372036854775808", 0, NULL, "-9223372036854775808", LLONG_MIN },
	{ &F_INT, "-9223372036854775809", 0, E_SMALL, NULL, LLONG_MIN },
	{ &F_INT, "18446744073709551616", 0, E_LARGE, NULL, LLONG_MAX },	/* 2^64: no wrap to 0 */
	{ &F_INT, "18446744073709551617", 0, E_LARGE, NULL, LLONG_MAX },	/* 2^64+1: no wrap to 1 */
	{ &F_INT, "99999999999999999999999999999999", 0, E_LARGE, NULL, LLONG_MAX },
	{ &F_INT_1_100, "1", 0, NULL, "1", 1 },
	{ &F_INT_1_100, "100", 0, NULL, "100", 100 },
	{ &F_INT_1_100, "0", 0, E_SMALL, NULL, 1 },
	{ &F_INT_1_100, "101", 0, E_LARGE, NULL, 100 },
	{ &F_INT_1_100, "-5", 0, E_SMALL, NULL, 1 },
	{ &F_INT_1_100, "99999999999999999999", 0, E_LARGE, NULL, 100 },
	{ &F_INT_1_100, "-99999999999999999999", 0, E_SMALL, NULL, 1 },
	{ &F_INT_1_100, "", 0, E_REQ, NULL, 0 },
	{ &F_INT_NEG, "-10", 0, NULL, "-10", -10 },
	{ &F_INT_NEG, "-11", 0, E_SMALL, NULL, -10 },
	{ &F_INT_NEG, "0", 0, E_LARGE, NULL, -1 },
	/* MONEY */
	{ &F_MONEY, "1,234.5", 0, NULL, "1234.50", 123450 },
	{ &F_MONEY, "1234.56", 0, NULL, "1234.56", 123456 },
	{ &F_MONEY, "1,234,567.89", 0, NULL, "1234567.89", 123456789 },
	{ &F_MONEY, "0.05", 0, NULL, "0.05", 5 },
	{ &F_MONEY, "5", 0, NULL, "5.00", 500 },
	{ &F_MONEY, "12.3", 0, NULL, "12.30", 1230 },
	{ &F_MONEY, " 7.00 ", 0, NULL, "7.00", 700 },
	{ &F_MONEY, "-3.50", 0, NULL, "-3.50", -350 },
	{ &F_MONEY, "-0", 0, NULL, "0.00", 0 },
	{ &F_MONEY, "999", 0, NULL, "999.00", 99900 },
	{ &F_MONEY, "1,23.00", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "12.345", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1234,567", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1,2345", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1,234,56", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, ",123", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1,", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1.", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, ".5", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1.2.3", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1,5", 0, E_MONEY, NULL, 0 },			/* no decimal comma */
	{ &F_MONEY, "1e3", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "1 234", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "$5", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "5\xe2\x82\xac", 0, E_MONEY, NULL, 0 },		/* 5€ */
	{ &F_MONEY, "+5", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "-", 0, E_MONEY, NULL, 0 },
	{ &F_MONEY, "92233720368547758.07", 0, NULL, "92233720368547758.07", LLONG_MAX },
	{ &F_MONEY, "92,233,720,368,547,758.08", 0, E_LARGE, NULL, LLONG_MAX },
	{ &F_MONEY, "-92233720368547758.08", 0, NULL, "-92233720368547758.08", LLONG_MIN },
	{ &F_MONEY, "-92233720368547758.09", 0, E_SMALL, NULL, LLONG_MIN },
	{ &F_MONEY, "184467440737095516.16", 0, E_LARGE, NULL, LLONG_MAX },	/* 2^64 cents */
	{ &F_MONEY, "999,999,999,999,999,999,999,999.99", 0, E_LARGE, NULL, LLONG_MAX },
	{ &F_MONEY_1K, "1,000.00", 0, NULL, "1000.00", 100000 },
	{ &F_MONEY_1K, "0", 0, NULL, "0.00", 0 },
	{ &F_MONEY_1K, "1,000.01", 0, E_LARGE, NULL, 100000 },
	{ &F_MONEY_1K, "-0.01", 0, E_SMALL, NULL, 0 },
	/* DATE */
	{ &F_DATE, "2024-02-29", 0, NULL, "2024-02-29", 20240229 },
	{ &F_DATE, "2023-02-29", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2000-02-29", 0, NULL, "2000-02-29", 20000229 },
	{ &F_DATE, "1900-02-29", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2100-02-29", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2023-02-28", 0, NULL, "2023-02-28", 20230228 },
	{ &F_DATE, "1900-01-01", 0, NULL, "1900-01-01", 19000101 },
	{ &F_DATE, "2200-12-31", 0, NULL, "2200-12-31", 22001231 },
	{ &F_DATE, "1899-12-31", 0, E_YEAR, NULL, 0 },
	{ &F_DATE, "2201-01-01", 0, E_YEAR, NULL, 0 },
	{ &F_DATE, "2024-04-31", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2024-04-30", 0, NULL, "2024-04-30", 20240430 },
	{ &F_DATE, "2024-13-01", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2024-00-10", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2024-01-00", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, "2024-01-32", 0, E_NODATE, NULL, 0 },
	{ &F_DATE, " 2024-01-05 ", 0, NULL, "2024-01-05", 20240105 },
	{ &F_DATE, "2024-1-5", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "24-01-05", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "2024/01/05", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "05.01.2024", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "2024-01-05T00:00", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "2024-01-3a", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "+024-01-05", 0, E_DATE, NULL, 0 },
	{ &F_DATE, "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-01-05", 0, E_DATE, NULL, 0 },	/* fullwidth */
	/* CHOICE */
	{ &F_CHOICE, "customer", 0, NULL, "customer", 1 },
	{ &F_CHOICE, "lead", 0, NULL, "lead", 0 },
	{ &F_CHOICE, " partner ", 0, NULL, "partner", 2 },
	{ &F_CHOICE, "Customer", 0, E_CHOICE, NULL, 0 },
	{ &F_CHOICE, "cust", 0, E_CHOICE, NULL, 0 },
	{ &F_CHOICE, "lead<script>", 0, E_CHOICE, NULL, 0 },
	{ &F_CHOICE, "", 0, NULL, NULL, 0 },
	/* BOOL */
	{ &F_BOOL, NULL, 0, NULL, "0", 0 },
	{ &F_BOOL, "", 0, NULL, "0", 0 },
	{ &F_BOOL, "1", 0, NULL, "1", 1 },
	{ &F_BOOL, "on", 0, NULL, "1", 1 },
	{ &F_BOOL, "yes", 0, NULL, "1", 1 },
	{ &F_BOOL, "true", 0, NULL, "1", 1 },
	{ &F_BOOL, " on ", 0, NULL, "1", 1 },
	{ &F_BOOL, "0", 0, E_BOOL, NULL, 0 },
	{ &F_BOOL, "no", 0, E_BOOL, NULL, 0 },
	{ &F_BOOL, "ON", 0, E_BOOL, NULL, 0 },
	{ &F_BOOL, "2", 0, E_BOOL, NULL, 0 },
	{ &F_BOOL_REQ, NULL, 0, E_TICK, NULL, 0 },
	{ &F_BOOL_REQ, "on", 0, NULL, "1", 1 },
	/* ID */
	{ &F_ID, "1", 0, NULL, "1", 1 },
	{ &F_ID, "42", 0, NULL, "42", 42 },
	{ &F_ID, " 12 ", 0, NULL, "12", 12 },
	{ &F_ID, LLMAX, 0, NULL, LLMAX, LLONG_MAX },
	{ &F_ID, "9223372036854775808", 0, E_ID, NULL, 0 },
	{ &F_ID, "18446744073709551617", 0, E_ID, NULL, 0 },
	{ &F_ID, "99999999999999999999999", 0, E_ID, NULL, 0 },
	{ &F_ID, "0", 0, E_ID, NULL, 0 },
	{ &F_ID, "-0", 0, E_ID, NULL, 0 },
	{ &F_ID, "00012", 0, E_ID, NULL, 0 },
	{ &F_ID, "-5", 0, E_ID, NULL, 0 },
	{ &F_ID, "+5", 0, E_ID, NULL, 0 },
	{ &F_ID, "1e3", 0, E_ID, NULL, 0 },
	{ &F_ID, "12a", 0, E_ID, NULL, 0 },
	{ &F_ID, "1 2", 0, E_ID, NULL, 0 },
	{ &F_ID, NULL, 0, NULL, NULL, 0 },
	{ &F_ID32, "7", 0, NULL, "7", 7 },
	{ &F_ID32, "4294967295", 0, NULL, "4294967295", 4294967295LL },
	{ &F_ID32, "4294967296", 0, E_ID, NULL, 0 },
	{ &F_ID32, "999999999999999999", 0, E_ID, NULL, 0 },
	{ &F_ID32, "99999999999999999999999", 0, E_ID, NULL, 0 },
	{ &F_ID32, "-1", 0, E_ID, NULL, 0 },
	{ &F_ID32, "0", 0, E_ID, NULL, 0 },
	/* patterns */
	{ &F_CODE, "AB1234", 0, NULL, "AB1234", 0 },
	{ &F_CODE, " AB1234 ", 0, NULL, "AB1234", 0 },
	{ &F_CODE, "ab1234", 0, E_CODE, NULL, 0 },
	{ &F_CODE, "AB12345", 0, E_CODE, NULL, 0 },
	{ &F_CODE, "XAB1234", 0, E_CODE, NULL, 0 },
	{ &F_CODE, "", 0, NULL, NULL, 0 },				/* optional: no pattern */
	{ &F_LOWER, "abc", 0, NULL, "abc", 0 },
	{ &F_LOWER, "abc1", 0, E_PAT, NULL, 0 },
	{ &F_ALT, "a", 0, NULL, "a", 0 },
	{ &F_ALT, "b", 0, NULL, "b", 0 },
	{ &F_ALT, "ab", 0, E_PAT, NULL, 0 },				/* anchored around the alternation */
	{ &F_ALT, "xb", 0, E_PAT, NULL, 0 },
	{ &F_BROKEN, "abc", 0, E_PAT, NULL, 0 },			/* does not compile: fails closed */
};

static void
test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		const struct field_value *fv;
		size_t len = c->in && c->len == 0 ? strlen(c->in) : c->len;
		bool good = check_case(c, &fv);
		ok(good, "%s %s \"%s\" -> %s (got %s, value \"%s\", i %lld, arg %lld)",
		    c->f->name, c->f->required ? "required" : "optional", shown(c->in, len),
		    c->error ? c->error : "valid", fv->error ? fv->error : "valid",
		    fv->value ? shown(fv->value, strlen(fv->value)) : "(null)",
		    fv->i, fv->error_arg);
	}
}

/* The activity form (src/web/page_activity_edit.c). */
extern const struct form_def activity_form;
/* The list filters (src/web/page_accounts.c, page_leads.c, page_deals.c,
 * page_activities.c). */
extern const struct form_def accounts_filter_form, leads_filter_form, deals_filter_form,
    activities_filter_form;
/* The role's export row cap (src/web/page_admin_role_edit.c). */
extern const struct form_def role_cap_form;
/* The deal and lead forms (src/web/page_deals.c, page_leads.c). */
extern const struct form_def deal_form, lead_form;

/* A contact form with one field of most types, for whole-form tests. */
static const struct field_def contact_fields[] = {
	{ "name", "Name", FIELD_TEXT, true, 1, 100, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "email", "Email", FIELD_EMAIL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	{ "kind", "Kind", FIELD_CHOICE, true, 0, 0, NULL, NULL, kinds, 0, 0, PICK_NONE },
	{ "budget", "Budget", FIELD_MONEY, false, 0, 0, NULL, NULL, NULL, 0, 100000, PICK_NONE },
	{ "vip", "VIP", FIELD_BOOL, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
};
static const struct form_def contact_form = { "contact", contact_fields, 5 };

/* Parses "k=v&k=v" (no escapes) into l on the arena A. */
static void
pairs(struct param_list *l, const char *s)
{
	l->head = l->tail = NULL;
	l->count = 0;
	while (*s) {
		const char *amp = strchr(s, '&'), *eq;
		size_t n = amp ? (size_t)(amp - s) : strlen(s);
		eq = memchr(s, '=', n);
		if (eq != NULL)
			param_list_add(l, &A, arena_strndup(&A, s, (size_t)(eq - s)),
			    arena_strndup(&A, eq + 1, n - (size_t)(eq - s) - 1), n - (size_t)(eq - s) - 1);
		s += n + (amp != NULL);
	}
}

/* Validates the contact form against "k=v&..." on a fresh arena. */
static int
contact(const char *input, struct form_result *r)
{
	struct param_list l;

	arena_reset(&A);
	pairs(&l, input);
	return form_validate(&contact_form, &l, &A, r);
}

static const char *
val(const struct form_result *r, const char *name)
{
	const struct field_value *v = form_field(r, name);
	return v ? v->value : "(undeclared)";
}

static const char *
err(const struct form_result *r, const char *name)
{
	const struct field_value *v = form_field(r, name);
	return v ? v->error : "(undeclared)";
}

static void
test_whole_form(void)
{
	struct form_result r;
	int n;

	n = contact("name=Ann&email=ann@Example.com&kind=lead&budget=1,000&vip=on", &r);
	ok(n == 0 && r.nerrors == 0 && r.error == NULL && r.def == &contact_form, "valid form: 0 errors");
	ok(streq(val(&r, "email"), "ann@example.com") && form_field(&r, "budget")->i == 100000 &&
	    form_field(&r, "vip")->i == 1 && form_field(&r, "kind")->value == kinds[0],
	    "valid form: typed values");
	ok(r.values[0].def == &contact_fields[0] && r.values[4].def == &contact_fields[4],
	    "values in declaration order");
	ok(form_field(&r, "nosuch") == NULL && form_field(&r, "Name") == NULL,
	    "form_field of an undeclared name is NULL");

	n = contact("name=Ann&kind=lead&is_admin=1&role=owner&id=7", &r);
	ok(n == 0 && form_field(&r, "is_admin") == NULL && form_field(&r, "role") == NULL,
	    "undeclared keys are dropped");
	ok(val(&r, "email") == NULL && streq(form_field(&r, "email")->raw, "") &&
	    streq(val(&r, "vip"), "0"), "absent optional fields: NULL value, raw \"\", unticked box");

	n = contact("name=Ann&name=Bob&kind=lead", &r);
	ok(n == 1 && streq(err(&r, "name"), E_DUP) && val(&r, "name") == NULL &&
	    streq(form_field(&r, "name")->raw, "Ann"), "duplicate field: error, first value kept as raw");
	n = contact("name=Ann&kind=lead&vip=on&vip=on", &r);
	ok(n == 1 && streq(err(&r, "vip"), E_DUP), "a checkbox sent twice is an error too");
	n = contact("name=Ann&kind=lead&kind=", &r);
	ok(n == 1 && streq(err(&r, "kind"), E_DUP), "a second, empty copy still counts as a duplicate");

	n = contact("name=%20Ann%20&email=not-an-email&kind=boss&budget=12.345&vip=maybe", &r);
	ok(n == 4 && err(&r, "name") == NULL && streq(val(&r, "name"), "%20Ann%20"),
	    "four bad fields counted; the good one keeps its value");
	ok(streq(form_field(&r, "email")->raw, "not-an-email") && val(&r, "email") == NULL &&
	    streq(form_field(&r, "kind")->raw, "boss") && streq(form_field(&r, "budget")->raw, "12.345") &&
	    streq(form_field(&r, "vip")->raw, "maybe"), "raw input kept for re-display on error");
	ok(streq(err(&r, "email"), E_EMAIL) && streq(err(&r, "kind"), E_CHOICE) &&
	    streq(err(&r, "budget"), E_MONEY) && streq(err(&r, "vip"), E_BOOL), "a message beside each bad field");

	n = contact("", &r);
	ok(n == 2 && streq(err(&r, "name"), E_REQ) && streq(err(&r, "kind"), E_REQ),
	    "empty input: the two required fields");
	arena_reset(&A);
	ok(form_validate(&contact_form, NULL, &A, &r) == 2, "NULL input list counts as empty");
	{
		struct form_def none = { "none", NULL, 0 };
		struct param_list l;
		arena_reset(&A);
		pairs(&l, "a=1");
		ok(form_validate(&none, &l, &A, &r) == 0 && r.values != NULL, "a form without fields");
	}
}

/* raw: untrimmed, sanitised for re-display, "" when not UTF-8. */
static void
test_raw(void)
{
	static const struct {
		const struct field_def *f;
		const char *in;
		size_t len;
		const char *raw;
	} rc[] = {
		{ &F_TEXT, "  Ann  ", 0, "  Ann  " },
		{ &F_TEXT, "<script>x</script>", 0, "<script>x</script>" },
		{ &F_TEXT, "a\x01" "b", 0, "a\xef\xbf\xbd" "b" },
		{ &F_TEXT, "a\x7f\xc2\x85" "b", 0, "a\xef\xbf\xbd\xef\xbf\xbd" "b" },
		{ &F_TEXT, "a\xef\xbf\xbf", 0, "a\xef\xbf\xbd" },
		{ &F_AREA, "a\r\n\tb", 0, "a\r\n\tb" },
		{ &F_TEXT, "a\xff" "b", 0, "" },
		{ &F_TEXT, "a\0b", 3, "" },
		{ &F_TEXT3, "张伟明华", 0, "张伟明华" },
	};

	for (size_t i = 0; i < sizeof(rc) / sizeof(rc[0]); i++) {
		struct form_result r;
		size_t len = rc[i].len ? rc[i].len : strlen(rc[i].in);
		const struct field_value *fv = run1(rc[i].f, rc[i].in, len, &r);
		ok(streq(fv->raw, rc[i].raw), "raw of \"%s\" is \"%s\"", shown(rc[i].in, len),
		    shown(rc[i].raw, strlen(rc[i].raw)));
	}
}

static void
test_set_error(void)
{
	struct form_result r;
	const char *dupmail = "A contact with this email already exists.";
	const char *stale = "Someone else changed this contact; check and save again.";

	contact("name=Ann&email=ann@example.com&kind=lead", &r);
	form_set_error(&r, "email", dupmail);
	ok(r.nerrors == 1 && streq(err(&r, "email"), dupmail) && val(&r, "email") == NULL &&
	    streq(form_field(&r, "email")->raw, "ann@example.com"), "form_set_error marks a valid field");
	form_set_error(&r, "email", E_EMAIL);
	ok(r.nerrors == 1 && streq(err(&r, "email"), E_EMAIL), "a second form_set_error replaces, not recounts");
	form_set_error(&r, NULL, stale);
	ok(r.nerrors == 2 && streq(r.error, stale), "form_set_error(NULL) sets the form-wide error");
	form_set_error(&r, NULL, stale);
	ok(r.nerrors == 2, "form-wide error counted once");

	contact("name=Ann&kind=lead", &r);
	form_set_error(&r, "no_such_field", dupmail);
	ok(r.nerrors == 1 && streq(r.error, dupmail), "undeclared name: the form still fails");

	contact("budget=5000", &r);
	form_set_error(&r, "budget", dupmail);
	ok(form_field(&r, "budget")->error_arg_kind == FORM_ARG_NONE &&
	    form_error_arg(&A, form_field(&r, "budget")) == NULL, "form_set_error drops a previous number");
}

static void
test_error_arg(void)
{
	struct form_result r;
	const struct field_value *fv;

	fv = run1(&F_TEXT3, "abcd", 4, &r);
	ok(fv->error_arg_kind == FORM_ARG_NUMBER && streq(form_error_arg(&A, fv), "3"),
	    "length: NUMBER arg \"3\"");
	fv = run1(&F_INT_NEG, "-11", 3, &r);
	ok(fv->error_arg_kind == FORM_ARG_NUMBER && streq(form_error_arg(&A, fv), "-10"),
	    "INT bound: NUMBER arg \"-10\"");
	fv = run1(&F_MONEY_1K, "1000.01", 7, &r);
	ok(fv->error_arg_kind == FORM_ARG_MONEY && streq(form_error_arg(&A, fv), "1,000.00"),
	    "MONEY bound: MONEY arg \"1,000.00\"");
	fv = run1(&F_EMAIL, "x", 1, &r);
	ok(fv->error_arg_kind == FORM_ARG_NONE && form_error_arg(&A, fv) == NULL,
	    "message without a number: NULL");
	fv = run1(&F_TEXT, "ok", 2, &r);
	ok(form_error_arg(&A, fv) == NULL, "no error: NULL");
}

static void
test_format_money(void)
{
	static const struct {
		long long cents;
		const char *want;
	} mc[] = {
		{ 0, "0.00" }, { 5, "0.05" }, { 99, "0.99" }, { 100, "1.00" },
		{ 99999, "999.99" }, { 100000, "1,000.00" }, { 123456, "1,234.56" },
		{ 123456789, "1,234,567.89" }, { 100000000, "1,000,000.00" },
		{ -5, "-0.05" }, { -100, "-1.00" }, { -123456, "-1,234.56" },
		{ LLONG_MAX, "92,233,720,368,547,758.07" },
		{ LLONG_MIN, "-92,233,720,368,547,758.08" },
		{ LLONG_MIN + 1, "-92,233,720,368,547,758.07" },
	};

	arena_reset(&A);
	for (size_t i = 0; i < sizeof(mc) / sizeof(mc[0]); i++) {
		const char *got = format_money(&A, mc[i].cents);
		ok(streq(got, mc[i].want), "format_money(%lld) = \"%s\" (got \"%s\")", mc[i].cents,
		    mc[i].want, got ? got : "(null)");
	}
}

static void
test_def_check(void)
{
	static const char *const no_choices[] = { NULL };
	static const char *const empty_choice[] = { "a", "", NULL };
	static const struct field_def dup[] = {
		{ "a", "A", FIELD_TEXT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
		{ "a", "A again", FIELD_INT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE },
	};
	static const struct field_def bad[][1] = {
		{ { "c", "C", FIELD_CHOICE, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE } },
		{ { "c", "C", FIELD_CHOICE, false, 0, 0, NULL, NULL, no_choices, 0, 0, PICK_NONE } },
		{ { "c", "C", FIELD_CHOICE, false, 0, 0, NULL, NULL, empty_choice, 0, 0, PICK_NONE } },
		{ { "n", "N", FIELD_INT, false, 0, 0, NULL, NULL, NULL, 10, 1, PICK_NONE } },
		{ { "t", "T", FIELD_TEXT, false, 5, 2, NULL, NULL, NULL, 0, 0, PICK_NONE } },
		{ { "t", "T", FIELD_TEXT, false, 0, 0, "([a-z", NULL, NULL, 0, 0, PICK_NONE } },
		{ { "t", "T", FIELD__MAX, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE } },
		{ { "", "T", FIELD_TEXT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE } },
		{ { "t", NULL, FIELD_TEXT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_NONE } },
		{ { "t", "T", FIELD_TEXT, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK_ROLE } },
		{ { "i", "I", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 1, 0, PICK_ROLE } },
		{ { "i", "I", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 0, -1, PICK_ROLE } },
		{ { "i", "I", FIELD_ID, false, 0, 0, NULL, NULL, NULL, 0, 0, PICK__MAX } },
	};
	struct form_def d = { "dup", dup, 2 };

	ok(form_def_check(&contact_form) == 0, "form_def_check: the contact form is fine");
	ok(form_def_check(&activity_form) == 0, "form_def_check: the activity form is fine");
	ok(form_def_check(&accounts_filter_form) == 0, "form_def_check: the accounts filter is fine");
	ok(form_def_check(&leads_filter_form) == 0, "form_def_check: the leads filter is fine");
	ok(form_def_check(&deals_filter_form) == 0, "form_def_check: the deals filter is fine");
	ok(form_def_check(&activities_filter_form) == 0, "form_def_check: the activities filter is fine");
	ok(form_def_check(&role_cap_form) == 0, "form_def_check: the role's export row cap is fine");
	ok(form_def_check(&deal_form) == 0, "form_def_check: the deal form is fine");
	ok(form_def_check(&lead_form) == 0, "form_def_check: the lead form is fine");
	ok(form_def_check(&d) == -1, "form_def_check: a name declared twice");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct form_def b = { "bad", bad[i], 1 };
		ok(form_def_check(&b) == -1, "form_def_check: bad table %zu refused", i);
	}
	{
		struct form_def b = { "bad", bad[6], 1 };
		struct form_result r;
		struct param_list l;
		arena_reset(&A);
		pairs(&l, "t=x");
		ok(form_validate(&b, &l, &A, &r) == 1 && r.values[0].error != NULL,
		    "an out-of-range type fails closed at validation too");
	}
}

/* The role's export row cap: empty is the server default (valid, no
 * value); 1..1000000 whole numbers only. */
static void
test_role_cap(void)
{
	static const struct {
		const char *input;
		bool valid;
		const char *value;	/* NULL: none (the server default) */
	} c[] = {
		{ "export_row_cap=", true, NULL },
		{ "", true, NULL },
		{ "export_row_cap=1", true, "1" },
		{ "export_row_cap=+500", false, NULL },
		{ "export_row_cap=%20500%20", true, "500" },
		{ "export_row_cap=1000000", true, "1000000" },
		{ "export_row_cap=0", false, NULL },
		{ "export_row_cap=-5", false, NULL },
		{ "export_row_cap=1000001", false, NULL },
		{ "export_row_cap=99999999999999999999999", false, NULL },
		{ "export_row_cap=ten", false, NULL },
		{ "export_row_cap=1e3", false, NULL },
		{ "export_row_cap=12.5", false, NULL },
		{ "export_row_cap=10,000", false, NULL },
		{ "export_row_cap=5&export_row_cap=6", false, NULL },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct form_result r;
		struct param_list l;
		const struct field_value *v;
		char *in;
		arena_reset(&A);
		in = arena_strdup(&A, c[i].input);
		for (char *p = in; (p = strstr(p, "%20")) != NULL; )	/* pairs() does not decode */
			memmove(p + 1, p + 3, strlen(p + 3) + 1), *p = ' ';
		pairs(&l, in);
		form_validate(&role_cap_form, &l, &A, &r);
		v = form_field(&r, "export_row_cap");
		ok((v->error == NULL) == c[i].valid && (c[i].value == NULL ? v->value == NULL :
		    v->value != NULL && strcmp(v->value, c[i].value) == 0),
		    "role export row cap \"%s\": %s", c[i].input, c[i].valid ? "accepted" : "refused");
	}
}

/* form_id_parse: the spelling FIELD_ID accepts, for ids that are not
 * declared fields (role.N keys, query parameters). */
static void
test_id_parse(void)
{
	static const struct {
		const char *s;
		long long max, want;
	} c[] = {
		{ "1", 0, 1 }, { "42", 0, 42 }, { "9223372036854775807", 0, LLONG_MAX },
		{ "9223372036854775808", 0, 0 }, { "99999999999999999999999", 0, 0 },
		{ "999999999999999999", 0, 999999999999999999LL },
		{ "999999999999999999", FORM_ID_MAX_U32, 0 }, { "4294967295", FORM_ID_MAX_U32, 4294967295LL },
		{ "4294967296", FORM_ID_MAX_U32, 0 }, { "0", 0, 0 }, { "-1", 0, 0 }, { "+1", 0, 0 },
		{ "01", 0, 0 }, { " 1", 0, 0 }, { "1 ", 0, 0 }, { "1x", 0, 0 }, { "x", 0, 0 }, { "", 0, 0 },
		{ NULL, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		ok(form_id_parse(c[i].s, c[i].max) == c[i].want, "form_id_parse(\"%s\", %lld) is %lld",
		    c[i].s ? c[i].s : "(null)", c[i].max, c[i].want);
}

int
main(void)
{
	arena_init(&A);
	make_long_inputs();
	test_cases();
	test_whole_form();
	test_raw();
	test_set_error();
	test_error_arg();
	test_format_money();
	test_def_check();
	test_role_cap();
	test_id_parse();
	arena_reset(&A);
	return tap_done();
}
