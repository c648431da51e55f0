"""test_19_csv.py: CSV export and import of contacts through nginx.
Export: a reason is required; the file holds the contacts of the
exporter's scope matching the search, honours field rules (hidden: no
column, masked: masked), neutralises formula cells, offers a BOM, is
refused over [server] export_row_cap, and is audited with its rows and
reason; a role without export gets 403. Import: a dry run with the
column mapping lists every row's problem by line and writes nothing;
the commit writes all rows (encrypted, searchable) with one audit
record, or none; broken quoting, invalid UTF-8 and oversized uploads get
clear errors; an export imported again gives the same values."""
import csv
import io
import json
import os
import re
import time
import uuid
from urllib.parse import urlencode

from harness import VAR, get, instance, mariadb, raw, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, post
from test_17_access import ADMIN, _role_form, _role_id, _save_role, sessions
from test_18_contacts import new_contact

TAG = "Csv" + uuid.uuid4().hex[:6]      # a last-name prefix unique to this run
DIGITS = "%06d" % (uuid.uuid4().int % 1000000)     # phone numbers unique to this run
FORMULA = "=cmd|' /C calc'!A0"
STATE = {}


def _export(session, reason="quarterly customer review", q=None, bom=False):
    page = get("/contacts/export", headers={"Cookie": session})
    fields = {"csrf": csrf_of(page.text), "reason": reason, "q": TAG if q is None else q}
    if bom:
        fields["bom"] = "on"
    return request("POST", "/contacts/export", body=urlencode(fields).encode(),
                   headers=dict(FORM, Cookie=session))


def _rows(r):
    text = r.body.decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _multipart(fields, data, name="contacts.csv"):
    b = "----crm" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: text/csv\r\n\r\n" % (b, name)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def _import(session, data, **fields):
    page = get("/contacts/import", headers={"Cookie": session})
    body, ctype = _multipart(dict(fields, csrf=csrf_of(page.text)), data)
    return request("POST", "/contacts/import", body=body, headers={"Content-Type": ctype, "Cookie": session})


def _mapping(page):
    """map_N -> the selected target of the mapping page."""
    out = {}
    for m in re.finditer(r'<select name="(map_\d+)"[^>]*>(.*?)</select>', page.text, re.S):
        sel = re.search(r'<option value="([a-z_]+)" selected', m.group(2))
        out[m.group(1)] = sel.group(1) if sel else "ignore"
    return out


def _checked(page):
    m = re.search(r'name="checked" value="([0-9a-f]{64})"', page.text)
    return m.group(1) if m else None


def _count():
    return int(mariadb("SELECT COUNT(*) FROM contacts").stdout)


def _last_audit(action):
    out = mariadb("SELECT actor, items, detail FROM audit_log WHERE action = '%s' AND object_type = 'contacts'"
                  " ORDER BY seq DESC LIMIT 1" % action).stdout.rstrip("\n").split("\t")
    return out[0], int(out[1]), json.loads(out[2])


def test_export_scope_columns_and_audit():
    """a sales manager exports the team's matching contacts, with every column, formula cells neutralised, audited"""
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    team = mariadb("SELECT id FROM teams WHERE name = 'Sales North'").stdout.strip()
    page = get("/admin/users", headers={"Cookie": admin})
    for role in ("sales-rep", "sales-manager"):
        uid = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()[role][0]).stdout.strip()
        assert post("/admin/users/%s/team" % uid, admin, csrf=csrf_of(page.text), team=team).status == 303
    _, rep = sign_in(*creds()["sales-rep"])
    new_contact(rep, "Alice", TAG + "a", "alice.%s@example.com" % TAG.lower(), "+41 44 7" + DIGITS)
    new_contact(rep, FORMULA, TAG + "b")
    new_contact(admin, "Outside", TAG + "z", "outside.%s@example.com" % TAG.lower())
    listing = get("/contacts?q=" + TAG, headers={"Cookie": mgr})
    assert 'href="/contacts/export?q=%s"' % TAG in listing.text and 'href="/contacts/import"' not in listing.text
    r = _export(mgr)
    assert r.status == 200, (r.status, r.text[:300])
    assert r.headers["content-type"].startswith("text/csv")
    name = creds()["sales-manager"][0]
    assert re.fullmatch(r'attachment; filename="contacts-%s-\d{8}T\d{4}Z\.csv"' % re.escape(name),
                        r.headers["content-disposition"]), r.headers["content-disposition"]
    assert not r.body.startswith(b"\xef\xbb\xbf")
    rows = _rows(r)
    assert rows[0] == ["first_name", "last_name", "email", "phone", "address", "birth_date", "title", "department",
                       "mobile", "preferred_language", "do_not_call", "email_opt_out"]
    by_last = {row[1]: row for row in rows[1:]}
    assert set(by_last) == {TAG + "a", TAG + "b"}, by_last       # the admin's contact is outside the team
    assert by_last[TAG + "a"][2] == "alice.%s@example.com" % TAG.lower()
    assert by_last[TAG + "a"][3].lstrip("'").startswith("+41")
    assert by_last[TAG + "b"][0] == "'" + FORMULA                 # neutralised for spreadsheets
    assert '"\'=cmd|\' /C calc\'!A0"' in r.text
    actor, items, detail = _last_audit("export")
    assert actor == name and items == 2, (actor, items)
    assert detail["reason"] == "quarterly customer review" and detail["filter"] == TAG
    assert detail["columns"] == rows[0]
    bom = _export(mgr, bom=True)
    assert bom.status == 200 and bom.body.startswith(b"\xef\xbb\xbf") and _rows(bom) == rows


def test_export_masked_and_hidden_fields():
    """a masked field is exported masked, a hidden one is no column at all"""
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    rid = _role_id("sales-manager")
    fields, csrf = _role_form(admin, rid)
    try:
        changed = dict(fields, **{"f.contacts.email": "masked", "f.contacts.phone": "hidden"})
        assert _save_role(admin, rid, changed, csrf).status == 303
        rows = _rows(_export(mgr))
        assert rows[0] == ["first_name", "last_name", "email", "address", "birth_date", "title", "department",
                           "mobile", "preferred_language", "do_not_call", "email_opt_out"]
        alice = [row for row in rows if row[1] == TAG + "a"][0]
        assert alice[2].startswith("a\u2022") and alice[2].endswith("@example.com") and "alice" not in alice[2]
        assert "+41" not in _export(mgr).text
    finally:
        _save_role(admin, rid, fields, csrf)


def test_export_refused_without_reason_or_permission():
    """no reason, a too short one, or no CSRF token: no file; a sales rep gets 403"""
    mgr, rep = sessions()["sales-manager"], sessions()["sales-rep"]
    before = _last_audit("export")
    for reason in ("", "abc"):
        r = _export(mgr, reason=reason)
        assert r.status == 400 and "text/html" in r.headers["content-type"], r.status
        assert "content-disposition" not in r.headers and "Reason" in r.text
    bad = request("POST", "/contacts/export", body=urlencode({"reason": "a good reason", "q": TAG}).encode(),
                  headers=dict(FORM, Cookie=mgr))
    assert bad.status == 403
    assert _last_audit("export") == before
    assert get("/contacts/export", headers={"Cookie": rep}).status == 403
    page = get("/account/sessions", headers={"Cookie": rep})
    r = request("POST", "/contacts/export", body=urlencode({"csrf": csrf_of(page.text), "reason": "just curious",
                "q": ""}).encode(), headers=dict(FORM, Cookie=rep))
    assert r.status == 403 and "content-disposition" not in r.headers
    assert 'href="/contacts/export' not in get("/contacts", headers={"Cookie": rep}).text


def _set_cap(n):
    conf = os.path.join(VAR, "crm.conf")
    text = open(conf).read()
    text = re.sub(r"^export_row_cap = \d+\n", "", text, flags=re.M)
    if n is not None:
        text = re.sub(r"^\[server\]$", "[server]\nexport_row_cap = %d" % n, text, count=1, flags=re.M)
    open(conf, "w").write(text)
    instance("app-reload")
    time.sleep(1.5)   # the new generation of workers takes over


def test_export_over_the_cap_refused():
    """more matching rows than export_row_cap: a clear 400 asking to narrow the search, nothing sent"""
    mgr = sessions()["sales-manager"]
    _set_cap(1)
    try:
        r = _export(mgr)
        assert r.status == 400 and "content-disposition" not in r.headers
        assert "Narrow the search" in r.text and re.search(r"maximum number of rows:</span> <span>1</span>", r.text)
        one = _export(mgr, q=TAG + "a")
        assert one.status == 200 and len(_rows(one)) == 2
    finally:
        _set_cap(None)
    assert _export(mgr).status == 200


GOOD = ("First name,Last name,E-mail,Phone,Address,Birth date,Notes\r\n"
        "伟,张{t}c,zhang.{l}@example.com,+86 10 12{p},\"北京市, 朝阳区\n建国路 1 号\",1980-02-29,x\r\n"
        "\"Mary, Jr.\",{t}d,mary.{l}@example.com,,\"1 \"\"Main\"\" St\",,\r\n"
        "Bob,{t}e,,+41 44 55{p},,,\r\n")


def _good():
    return GOOD.format(t=TAG, l=TAG.lower(), p=DIGITS).encode()


def test_import_dry_run_then_commit():
    """the dry run maps columns from the header and writes nothing; the commit writes all rows, encrypted, audited"""
    admin = sessions()["administrator"]
    assert get("/contacts/import", headers={"Cookie": admin}).status == 200
    before = _count()
    dry = _import(admin, _good())
    assert dry.status == 200, (dry.status, dry.text[:400])
    mapping = _mapping(dry)
    assert mapping == {"map_0": "first_name", "map_1": "last_name", "map_2": "email", "map_3": "phone",
                       "map_4": "address", "map_5": "birth_date", "map_6": "ignore"}, mapping
    assert "Rows checked: <span>3</span>" in dry.text and "Problems: <span>0</span>" in dry.text
    assert _count() == before
    checked = _checked(dry)
    assert checked
    r = _import(admin, _good(), action="import", checked=checked, **mapping)
    assert r.status == 303 and r.headers["location"] == "/contacts", (r.status, r.text[:400])
    assert _count() == before + 3
    row = mariadb("SELECT first_name, HEX(email), HEX(address), email_bidx IS NOT NULL FROM contacts"
                  " WHERE last_name = '张%sc'" % TAG).stdout.split("\t")
    assert row[0] == "伟" and row[3].strip() == "1"
    assert "zhang".encode().hex().upper() not in row[1] and "北京".encode().hex().upper() not in row[2]
    found = get("/contacts?q=ZHANG.%s@example.com" % TAG.lower(), headers={"Cookie": admin})
    assert "张%sc" % TAG in found.text
    cid = re.search(r'href="/contacts/(\d+)">伟 张', found.text).group(1)
    detail = get("/contacts/%s" % cid, headers={"Cookie": admin}).text
    assert "北京市, 朝阳区" in detail and "1980-02-29" in detail
    actor, items, det = _last_audit("import")
    assert actor == ADMIN, actor
    assert items == 3 and det["file"] == "contacts.csv" and det["rows"] == 3
    assert det["columns"] == ["first_name", "last_name", "email", "phone", "address", "birth_date"]
    again = _import(admin, _good())
    assert "already exists" in again.text and _checked(again) is None


def test_import_with_a_bad_row_writes_nothing():
    """one bad row: the dry run names its line and problem, there is no import button, a forced commit is refused"""
    admin = sessions()["administrator"]
    data = ("first_name,last_name,email,birth_date\n"
            "Ann,%sf,ann.%s@example.com,1990-01-01\n"
            "Ben,%sg,not-an-email,1990-02-30\n"
            "Cat,%sh,ann.%s@example.com,\n" % (TAG, TAG.lower(), TAG, TAG, TAG.lower())).encode()
    before = _count()
    dry = _import(admin, data)
    assert dry.status == 200 and _checked(dry) is None and 'value="import"' not in dry.text
    assert re.search(r"<td>3</td>\s*<td><span>Email</span></td>", dry.text), dry.text
    assert re.search(r"<td>3</td>\s*<td><span>Birth date</span></td>", dry.text)
    assert re.search(r"<td>4</td>.*already on line:</span> <span>2</span>", dry.text, re.S)
    assert "Problems: <span>3</span>" in dry.text
    forced = _import(admin, data, action="import", checked="0" * 64, **_mapping(dry))
    assert forced.status in (400, 409) and _count() == before
    assert int(mariadb("SELECT COUNT(*) FROM contacts WHERE last_name LIKE '%sf'" % TAG).stdout) == 0


def test_import_broken_files_get_clear_errors():
    """broken quoting, invalid UTF-8, an empty file and a changed file between check and commit are refused clearly"""
    admin = sessions()["administrator"]
    before = _count()
    r = _import(admin, b'first_name,last_name\nA,"open\nB,C\n')
    assert r.status == 400 and "never closed" in r.text and "Line: <span>2</span>" in r.text
    r = _import(admin, b'first_name,last_name\nA,B"C\n')
    assert r.status == 400 and "quote" in r.text and "Line: <span>2</span>" in r.text
    r = _import(admin, b'first_name,last_name\nA,\xff\xfe\n')
    assert r.status == 400 and "not UTF-8" in r.text and "Column: <span>2</span>" in r.text
    r = _import(admin, b"first_name,last_name\n")
    assert r.status == 400 and "no contacts" in r.text
    r = _import(admin, b"")
    assert r.status == 400 and "Choose a CSV file" in r.text
    dry = _import(admin, _good().replace(TAG.encode(), (TAG + "x").encode()))
    other = _good().replace(TAG.encode(), (TAG + "y").encode())
    r = _import(admin, other, action="import", checked=_checked(dry), **_mapping(dry))
    assert r.status == 409 and "Check the file again" in r.text
    assert _count() == before


def test_oversized_upload_refused():
    """a body over the 1 MB limit gets nginx's 413 page; a 100 MB upload is refused before it is sent"""
    admin = sessions()["administrator"]
    r = _import(admin, b"first_name,last_name\n" + b"a,b\n" * 400000)
    assert r.status == 413 and "Payload Too Large" in r.text
    head = ("POST /contacts/import HTTP/1.1\r\nHost: localhost\r\nCookie: %s\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n"
            % (admin, 100 * 1024 * 1024)).encode()
    status, data = raw(head + b"--x\r\n")
    assert status == 413 and b"Payload Too Large" in data
    assert get("/contacts/import", headers={"Cookie": admin}).status == 200


def test_round_trip():
    """an export imported again (after the originals are gone) recreates the same values"""
    admin = sessions()["administrator"]
    first = _export(admin, q=TAG, bom=True)
    assert first.status == 200
    rows = _rows(first)
    assert len(rows) == 6, rows      # a, b (formula), z, d, e: the last names starting with TAG
    mariadb("UPDATE contacts SET deleted_at = UTC_TIMESTAMP() WHERE last_name LIKE '%s%%'" % TAG)
    dry = _import(admin, first.body)
    assert dry.status == 200 and _checked(dry), re.sub(r"\s+", " ", dry.text[dry.text.find("<main"):])[:3000]
    r = _import(admin, first.body, action="import", checked=_checked(dry), **_mapping(dry))
    assert r.status == 303
    again = _export(admin, q=TAG)
    assert sorted(_rows(again)[1:]) == sorted(rows[1:])
    assert any(row[0] == "'" + FORMULA for row in rows)
