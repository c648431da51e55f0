/* test_utf8.c: tests utf8_valid against a table of well-formed and ill-formed byte strings. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

struct utf8_case {
	const char *name;
	const char *bytes;
	size_t len;	/* explicit: some strings hold NUL bytes */
	bool valid;
};

#define C(name, lit, valid) { name, lit, sizeof(lit) - 1, valid }

static const struct utf8_case cases[] = {
	/* well-formed */
	C("empty", "", true),
	C("ASCII", "hello, world", true),
	C("all ASCII controls", "\x01\x02\x1f\x7f", true),
	C("embedded NUL counts as valid", "a\0b", true),
	C("only NUL", "\0", true),
	C("2-byte U+0080 (lowest)", "\xc2\x80", true),
	C("2-byte U+00E9", "\xc3\xa9", true),
	C("2-byte U+07FF (highest)", "\xdf\xbf", true),
	C("3-byte U+0800 (lowest)", "\xe0\xa0\x80", true),
	C("3-byte U+4E2D", "\xe4\xb8\xad", true),
	C("3-byte U+D7FF (below surrogates)", "\xed\x9f\xbf", true),
	C("3-byte U+E000 (above surrogates)", "\xee\x80\x80", true),
	C("3-byte U+FFFD", "\xef\xbf\xbd", true),
	C("3-byte U+FFFF", "\xef\xbf\xbf", true),
	C("4-byte U+10000 (lowest)", "\xf0\x90\x80\x80", true),
	C("4-byte U+1F600", "\xf0\x9f\x98\x80", true),
	C("4-byte U+10FFFF (highest)", "\xf4\x8f\xbf\xbf", true),
	C("mixed ASCII and multibyte", "a\xc3\xa9z\xe4\xb8\xad!\xf0\x9f\x98\x80.", true),
	C("multibyte followed by NUL", "\xc3\xa9\0", true),

	/* overlong forms */
	C("overlong NUL C0 80", "\xc0\x80", false),
	C("overlong '/' C0 AF", "\xc0\xaf", false),
	C("overlong C1 BF", "\xc1\xbf", false),
	C("overlong NUL E0 80 80", "\xe0\x80\x80", false),
	C("overlong E0 9F BF (U+07FF)", "\xe0\x9f\xbf", false),
	C("overlong NUL F0 80 80 80", "\xf0\x80\x80\x80", false),
	C("overlong F0 8F BF BF (U+FFFF)", "\xf0\x8f\xbf\xbf", false),

	/* surrogates */
	C("surrogate ED A0 80 (U+D800)", "\xed\xa0\x80", false),
	C("surrogate ED BF BF (U+DFFF)", "\xed\xbf\xbf", false),
	C("surrogate pair as CESU-8", "\xed\xa0\xbd\xed\xb8\x80", false),

	/* above U+10FFFF and impossible lead bytes */
	C("F4 90 80 80 (U+110000)", "\xf4\x90\x80\x80", false),
	C("F4 BF BF BF", "\xf4\xbf\xbf\xbf", false),
	C("lead F5", "\xf5\x80\x80\x80", false),
	C("lead F7", "\xf7\xbf\xbf\xbf", false),
	C("lead F8 (5-byte form)", "\xf8\x88\x80\x80\x80", false),
	C("lead FC (6-byte form)", "\xfc\x84\x80\x80\x80\x80", false),
	C("lead FE", "\xfe", false),
	C("lead FF", "\xff", false),
	C("FF after ASCII", "abc\xff", false),

	/* truncated sequences */
	C("truncated 2-byte at end", "a\xc3", false),
	C("truncated 3-byte (1 of 2)", "a\xe4", false),
	C("truncated 3-byte (2 of 2)", "a\xe4\xb8", false),
	C("truncated 4-byte (3 of 3)", "\xf0\x9f\x98", false),
	C("truncated 4-byte (1 of 3)", "\xf0\x9f", false),
	C("truncated then ASCII", "\xe4\xb8z", false),
	C("2-byte lead then NUL", "\xc3\0", false),
	C("3-byte with NUL inside", "\xe4\0\xad", false),

	/* lone and misplaced continuation bytes */
	C("lone continuation 80", "\x80", false),
	C("lone continuation BF", "\xbf", false),
	C("continuation after ASCII", "a\x80", false),
	C("extra continuation after 2-byte", "\xc3\xa9\xa9", false),
	C("2-byte with non-continuation", "\xc3\x28", false),
	C("2-byte with lead as continuation", "\xc3\xc3", false),
	C("3-byte bad 3rd byte", "\xe4\xb8\x28", false),
	C("4-byte bad 4th byte", "\xf0\x9f\x98\x28", false),
	C("4-byte bad 3rd byte", "\xf0\x9f\xc0\x80", false),
	C("Latin-1 e-acute", "caf\xe9", false),
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(utf8_valid(cases[i].bytes, cases[i].len) == cases[i].valid,
		    "%s: %s", cases[i].name, cases[i].valid ? "valid" : "invalid");

	/* The length bounds the check: bytes past len are never looked at. */
	ok(utf8_valid("ab\xff", 2), "invalid byte beyond len is ignored");
	ok(!utf8_valid("\xe4\xb8\xad", 2), "valid sequence cut by len is invalid");
	ok(utf8_valid("\xe4\xb8\xad", 0), "len 0 is valid");

	/* Every single byte: below 0x80 valid on its own, none above. */
	{
		int bad = 0;
		for (int c = 0; c < 256; c++) {
			char b = (char)c;
			if (utf8_valid(&b, 1) != (c < 0x80))
				bad++;
		}
		ok(bad == 0, "each single byte: valid iff < 0x80 (%d wrong)", bad);
	}
	/* Every 2-byte lead with every second byte. */
	{
		int bad = 0;
		for (int c = 0x80; c < 0x100; c++)
			for (int d = 0; d < 0x100; d++) {
				char b[2] = { (char)c, (char)d };
				bool want = c >= 0xc2 && c <= 0xdf && d >= 0x80 && d <= 0xbf;
				if (utf8_valid(b, 2) != want)
					bad++;
			}
		ok(bad == 0, "all 2-byte strings with a high first byte (%d wrong)", bad);
	}
	/* Every BMP code point encoded by hand: valid unless a surrogate. */
	{
		int bad = 0;
		for (unsigned cp = 0x800; cp <= 0xffff; cp++) {
			char b[3] = { (char)(0xe0 | cp >> 12), (char)(0x80 | ((cp >> 6) & 0x3f)),
			    (char)(0x80 | (cp & 0x3f)) };
			if (utf8_valid(b, 3) != !(cp >= 0xd800 && cp <= 0xdfff))
				bad++;
		}
		ok(bad == 0, "3-byte encodings of U+0800..U+FFFF, surrogates refused (%d wrong)", bad);
	}
	/* Supplementary planes: valid up to U+10FFFF, refused above. */
	{
		int bad = 0;
		for (unsigned cp = 0x10000; cp <= 0x13ffff; cp += 0x3f) {
			char b[4] = { (char)(0xf0 | cp >> 18), (char)(0x80 | ((cp >> 12) & 0x3f)),
			    (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)) };
			if (utf8_valid(b, 4) != (cp <= 0x10ffff))
				bad++;
		}
		ok(bad == 0, "4-byte encodings up to U+13FFFF, valid iff <= U+10FFFF (%d wrong)", bad);
	}
	return tap_done();
}
