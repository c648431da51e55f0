"""i18n_check.py: every user-visible string has a translation. Template
texts are checked by the engine itself (crmctl i18n-check compiles every
page in every language); strings in C are the N_("...") literals (in .c
files and headers: link_sql.h declares labels), looked up here in every
po/*.po catalog. Prints TAP."""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def po_msgids(path):
    """msgids with a non-empty msgstr (enough of PO for a check)."""
    ids, cur, field, entries = set(), {}, None, []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        m = re.match(r'^(msgid|msgstr|msgctxt)\s+"(.*)"$', line)
        if m:
            if m.group(1) == "msgid" and cur:
                entries.append(cur)
                cur = {}
            field = m.group(1)
            cur[field] = m.group(2)
        elif line.startswith('"') and field:
            cur[field] += line[1:-1]
        elif not line:
            field = None
    if cur:
        entries.append(cur)
    for e in entries:
        if e.get("msgid") and e.get("msgstr"):
            ids.add(e["msgid"].replace('\\"', '"'))
    return ids


def c_msgids():
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.[ch]"), recursive=True)):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'\bN_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', text):
            found.setdefault(m.group(1).replace('\\"', '"'), os.path.basename(path))
    return found


def main():
    n = failed = 0
    strings = c_msgids()
    n += 1
    if len(strings) >= 30:
        print("ok %d - %d N_() strings found in src/" % (n, len(strings)))
    else:
        failed += 1
        print("not ok %d - only %d N_() strings found in src/: the extractor is broken" % (n, len(strings)))
    for po in sorted(glob.glob(os.path.join(ROOT, "po", "*.po"))):
        have = po_msgids(po)
        missing = sorted(s for s in strings if s not in have)
        n += 1
        if missing:
            failed += 1
            print("not ok %d - %s translates every N_() string in src/" % (n, os.path.basename(po)))
            for s in missing:
                print("#   %s: %s" % (strings[s], s))
        else:
            print("ok %d - %s translates all %d N_() strings in src/" % (n, os.path.basename(po), len(strings)))
    crmctl = os.path.join(os.environ.get("CRM_BIN", os.path.join(ROOT, "src")), "crmctl")
    conf = os.path.join(os.environ.get("CRM_TEST_VAR", os.path.join(ROOT, "var")), "crm.conf")
    r = subprocess.run([crmctl, "-c", conf, "i18n-check"], capture_output=True, text=True)
    n += 1
    if r.returncode == 0 and r.stdout.strip().endswith("0 texts without a translation"):
        print("ok %d - crmctl i18n-check: every template text is translated" % n)
    else:
        failed += 1
        print("not ok %d - crmctl i18n-check (exit %d)" % (n, r.returncode))
        for line in (r.stdout + r.stderr).splitlines()[:30]:
            print("#   " + line)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
