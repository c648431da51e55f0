"""test_26_csv_all.py: CSV export of the accounts, leads, deals and
activities lists and CSV import of accounts and leads, through nginx
(contacts: test_19). Export: header, BOM option, formula cells
neutralised, a field rule hiding or masking a column, the row cap (the
server's and each role's: the largest cap among a user's roles wins, a
role without one counts as the server's; set on /admin/roles/{id},
validated, audited, copied by clone, not raised by its holder), the
reason required, the audit record with its row count, the file name
naming exporter and minute, 403 without the export grant. Import: the
column mapping (guessed or chosen), a dry run listing every row problem
with its line, broken quoting and non-UTF-8 refused, all-or-nothing (one
bad row imports nothing), duplicates (accounts by name, leads by email
or phone, in the file and in the database), a round trip export ->
import, and a large file's commit streaming its progress."""
import csv
import io
import json
import re
import uuid
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds
from test_12_mfa import csrf_of
from test_17_access import ADMIN, _role_form, _role_id, _save_role, sessions
from test_18_contacts import new_contact
from test_19_csv import _checked, _mapping, _multipart, _set_cap
from test_20_activities import new_activity

TAG = "Ca" + uuid.uuid4().hex[:6]            # a name prefix unique to this run
DIGITS = "%06d" % (uuid.uuid4().int % 1000000)
FORMULA = "=cmd|' /C calc'!A0"
NOTE = "Renewal notes 机密 " + TAG
STATE = {}


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def export(kind, session, reason="yearly account review", q=None, bom=False):
    page = get("/%s/export" % kind, headers={"Cookie": session})
    assert page.status == 200, (kind, page.status)
    fields = {"csrf": csrf_of(page.text), "reason": reason, "q": TAG if q is None else q}
    if bom:
        fields["bom"] = "on"
    return form_post("/%s/export" % kind, session, fields)


def rows_of(r):
    return list(csv.reader(io.StringIO(r.body.decode("utf-8").lstrip("\ufeff"), newline="")))


def upload(kind, session, data, name="upload.csv", timeout=10, **fields):
    page = get("/%s/import" % kind, headers={"Cookie": session})
    assert page.status == 200, (kind, page.status)
    body, ctype = _multipart(dict(fields, csrf=csrf_of(page.text)), data, name)
    return request("POST", "/%s/import" % kind, body=body, headers={"Content-Type": ctype, "Cookie": session},
                   timeout=timeout)


def commit(kind, session, data, timeout=10):
    """dry run, then the import of what it checked; returns (dry run, commit)."""
    dry = upload(kind, session, data, timeout=timeout)
    assert dry.status == 200 and _checked(dry), re.sub(r"\s+", " ", dry.text[dry.text.find("<main"):])[:2000]
    return dry, upload(kind, session, data, timeout=timeout, action="import", checked=_checked(dry), **_mapping(dry))


def count(table, like=None):
    where = " WHERE deleted_at IS NULL" + (" AND %s" % like if like else "")
    return int(mariadb("SELECT COUNT(*) FROM %s%s" % (table, where)).stdout)


def last_audit(action, kind):
    out = mariadb("SELECT actor, items, detail FROM audit_log WHERE action = '%s' AND object_type = '%s'"
                  " ORDER BY seq DESC LIMIT 1" % (action, kind)).stdout.rstrip("\n").split("\t")
    return out[0], int(out[1]), json.loads(out[2])


def with_rules(role, rules, fn):
    """runs fn with the role's field rules changed, then restores them."""
    admin = sessions()["administrator"]
    rid = _role_id(role)
    fields, token = _role_form(admin, rid)
    try:
        assert _save_role(admin, rid, dict(fields, **rules), token).status == 303
        return fn()
    finally:
        assert _save_role(admin, rid, fields, token).status == 303


def file_name_ok(r, kind, role):
    user = ADMIN if role == "administrator" else creds()[role][0]
    return re.fullmatch(r'attachment; filename="%s-%s-\d{8}T\d{4}Z\.csv"' % (kind, re.escape(user)),
                        r.headers.get("content-disposition", "")) is not None


# ---- export ----

def test_export_accounts():
    """accounts: header, BOM, a formula cell neutralised, the file name, the audit record with its rows"""
    admin = sessions()["administrator"]
    for name, tax, bank in ((TAG + " Alpha AG", "CHE-111.222.333", FORMULA), (TAG + " Beta GmbH", "", "")):
        form = get("/accounts/new", headers={"Cookie": admin})
        r = form_post("/accounts/new", admin, {"csrf": csrf_of(form.text), "name": name, "tax_id": tax,
                                               "bank_account": bank})
        assert r.status == 303, (r.status, r.text[:300])
    listing = get("/accounts?q=" + TAG, headers={"Cookie": admin})
    assert 'href="/accounts/export?q=%s"' % TAG in listing.text and 'href="/accounts/import"' in listing.text
    r = export("accounts", admin, bom=True)
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv"), (r.status, r.text[:300])
    assert r.body.startswith(b"\xef\xbb\xbf")
    assert file_name_ok(r, "accounts", "administrator"), r.headers.get("content-disposition")
    rows = rows_of(r)
    assert rows[0] == ["name", "tax_id", "bank_account", "industry", "website", "phone", "billing_address",
                       "shipping_address", "employees", "annual_revenue", "revenue_currency", "parent"]
    assert rows[1:] == [[TAG + " Alpha AG", "CHE-111.222.333", "'" + FORMULA] + [""] * 9,
                        [TAG + " Beta GmbH", "", ""] + [""] * 9], rows
    assert '"\'=cmd|\' /C calc\'!A0"' in r.text
    _, items, detail = last_audit("export", "accounts")
    assert items == 2 and detail["reason"] == "yearly account review" and detail["filter"] == TAG
    assert detail["columns"] == rows[0]
    plain = export("accounts", admin)
    assert not plain.body.startswith(b"\xef\xbb\xbf") and rows_of(plain) == rows


def test_export_field_rules_hide_and_mask():
    """a hidden field is no column, a masked one is exported masked (finance: bank hidden, tax masked)"""
    fin = sessions()["finance"]

    def run():
        r = export("accounts", fin)
        assert r.status == 200
        rows = rows_of(r)
        assert rows[0] == ["name", "tax_id", "industry", "website", "phone", "billing_address", "shipping_address",
                           "employees", "annual_revenue", "revenue_currency", "parent"], rows[0]
        alpha = [row for row in rows if row[0] == TAG + " Alpha AG"][0]
        assert alpha[1].startswith("CH\u2022") and "111" not in alpha[1], alpha
        assert FORMULA not in r.text
        return rows
    with_rules("finance", {"f.accounts.bank_account": "hidden", "f.accounts.tax_id": "masked"}, run)
    assert rows_of(export("accounts", fin))[0] == ["name", "tax_id", "bank_account", "industry", "website", "phone",
                                                   "billing_address", "shipping_address", "employees",
                                                   "annual_revenue", "revenue_currency", "parent"]


def test_export_leads():
    """leads: every column, email and phone opened, a formula company neutralised, a masked email"""
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    form = get("/leads/new", headers={"Cookie": admin})
    r = form_post("/leads/new", admin, {"csrf": csrf_of(form.text), "first_name": "Lena", "last_name": TAG + "lead",
                                        "company": "@SUM(1+1)", "email": "lena.%s@example.com" % TAG.lower(),
                                        "phone": "+41 44 6" + DIGITS, "status": "new"})
    assert r.status == 303, (r.status, r.text[:300])
    STATE["lead"] = r.headers["location"].rsplit("/", 1)[1]
    r = export("leads", admin)
    assert r.status == 200 and file_name_ok(r, "leads", "administrator")
    rows = rows_of(r)
    assert rows[0] == ["first_name", "last_name", "company", "email", "phone", "status", "title", "source", "rating"]
    assert rows[1:] == [["Lena", TAG + "lead", "'@SUM(1+1)", "lena.%s@example.com" % TAG.lower(),
                         "'+41446" + DIGITS, "new", "", "", ""]], rows
    assert last_audit("export", "leads")[1] == 1

    def masked():
        # The lead is outside the manager's team: the file is a header only, with the masked column kept.
        mariadb("UPDATE leads SET team_id = (SELECT team_id FROM users WHERE username = '%s') WHERE id = %s"
                % (creds()["sales-manager"][0], STATE["lead"]))
        rows = rows_of(export("leads", mgr))
        assert rows[0] == ["first_name", "last_name", "company", "email", "status", "title", "source",
                           "rating"], rows[0]
        return rows
    rows = with_rules("sales-manager", {"f.leads.email": "masked", "f.leads.phone": "hidden"}, masked)
    if len(rows) > 1:     # the manager has a team: the lead is in it
        assert rows[1][3].startswith("l\u2022") and rows[1][3].endswith("@example.com"), rows


def test_export_deals():
    """deals: the amount as a plain decimal for finance, masked by a rule, with stage and currency"""
    admin, fin = sessions()["administrator"], sessions()["finance"]
    stage = mariadb("SELECT id FROM deal_stages ORDER BY position LIMIT 1").stdout.strip()
    form = get("/deals/new", headers={"Cookie": admin})
    r = form_post("/deals/new", admin, {"csrf": csrf_of(form.text), "name": TAG + " rollout", "amount": "12,345.5",
                                        "currency": "EUR", "stage": stage, "expected_close": "2031-03-31"})
    assert r.status == 303, (r.status, r.text[:300])
    r = export("deals", fin)
    assert r.status == 200 and file_name_ok(r, "deals", "finance")
    rows = rows_of(r)
    assert rows[0] == ["name", "account", "stage", "amount", "currency", "probability", "expected_close",
                       "next_step", "forecast_category", "lost_reason"]
    assert len(rows) == 2 and rows[1][0] == TAG + " rollout" and rows[1][3:5] == ["12345.50", "EUR"], rows
    assert rows[1][6] == "2031-03-31"
    masked = with_rules("finance", {"f.deals.amount": "masked"}, lambda: rows_of(export("deals", fin)))
    assert masked[1][3] == "\u2022\u2022\u2022", masked
    hidden = with_rules("finance", {"f.deals.amount": "hidden"}, lambda: rows_of(export("deals", fin)))
    assert "amount" not in hidden[0] and "12345" not in str(hidden)
    assert last_audit("export", "deals")[1] == 1


def test_export_activities():
    """activities: the notes opened under the record's key, hidden by a rule; related record named"""
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    cid = new_contact(admin, "Act", TAG + "act")
    new_activity(admin, cid, "note", TAG + " call notes", body=NOTE)
    r = export("activities", admin)
    assert r.status == 200 and file_name_ok(r, "activities", "administrator")
    rows = rows_of(r)
    assert rows[0] == ["kind", "subject", "related_type", "related_id", "due", "done", "created", "notes"]
    assert rows[1][:4] == ["note", TAG + " call notes", "contact", str(cid)] and rows[1][7] == NOTE, rows
    hidden = with_rules("sales-manager", {"f.activities.body": "hidden"}, lambda: export("activities", mgr))
    assert hidden.status == 200 and "notes" not in rows_of(hidden)[0] and NOTE not in hidden.text
    assert 'href="/activities/export"' in get("/activities", headers={"Cookie": admin}).text


def test_export_refused_without_reason_permission_or_under_cap():
    """no reason: 400 and no file; no grant: 403; over the cap: a clear 400; nothing audited for them"""
    admin, rep, aud = sessions()["administrator"], sessions()["sales-rep"], sessions()["auditor"]
    before = {k: last_audit("export", k) for k in ("accounts", "leads", "deals", "activities")}
    for kind in before:
        for reason in ("", "abc"):
            r = export(kind, admin, reason=reason)
            assert r.status == 400 and "content-disposition" not in r.headers and "Reason" in r.text, kind
        for who in (rep, aud):
            assert get("/%s/export" % kind, headers={"Cookie": who}).status == 403
        assert 'href="/%s/export' % kind not in get("/" + kind, headers={"Cookie": rep}).text
    page = get("/account/sessions", headers={"Cookie": rep})
    r = form_post("/leads/export", rep, {"csrf": csrf_of(page.text), "reason": "just curious", "q": ""})
    assert r.status == 403 and "content-disposition" not in r.headers
    assert form_post("/deals/export", admin, {"reason": "no token here", "q": ""}).status == 403
    assert {k: last_audit("export", k) for k in before} == before
    form = get("/accounts/new", headers={"Cookie": admin})
    form_post("/accounts/new", admin, {"csrf": csrf_of(form.text), "name": TAG + " Gamma SA"})
    _set_cap(2)
    try:
        r = export("accounts", admin)
        assert r.status == 400 and "content-disposition" not in r.headers
        assert "Narrow the search" in r.text and re.search(r"maximum number of rows:</span> <span>2</span>", r.text)
        assert export("accounts", admin, q=TAG + " Alpha").status == 200
    finally:
        _set_cap(None)


# ---- per-role export row cap ----

def set_role_cap(role, cap, session=None, **extra):
    """saves the role's form with export_row_cap = cap ("" for the server default)."""
    session = session or sessions()["administrator"]
    rid = _role_id(role)
    fields, token = _role_form(session, rid)
    return _save_role(session, rid, dict(fields, export_row_cap=cap, **extra), token)


def role_cap(role):
    return mariadb("SELECT IFNULL(export_row_cap, 'NULL') FROM roles WHERE name = '%s'" % role).stdout.strip()


def post_new_role(session, name):
    page = get("/admin/roles", headers={"Cookie": session})
    r = form_post("/admin/roles", session, {"csrf": csrf_of(page.text), "name": name})
    assert r.status == 303, (r.status, r.text[:300])


def refused_over(r, cap):
    return (r.status == 400 and "content-disposition" not in r.headers and "Narrow the search" in r.text and
            re.search(r"maximum number of rows:</span> <span>%d</span>" % cap, r.text) is not None)


def test_role_export_cap():
    """a role's cap refuses its users' larger exports naming it, others unaffected; of two roles the larger wins"""
    # A role without a cap of its own counts as the server's; the change is audited, shown on the list, cloned.
    admin, fin = sessions()["administrator"], sessions()["finance"]
    for n in ("One", "Two", "Three"):
        form = get("/accounts/new", headers={"Cookie": admin})
        assert form_post("/accounts/new", admin, {"csrf": csrf_of(form.text), "name": "%scap %s" % (TAG, n)}).status == 303
    q = TAG + "cap"
    extra = "capwide" + TAG.lower()
    fin_id = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()["finance"][0]).stdout.strip()
    assert export("accounts", fin, q=q).status == 200
    try:
        r = set_role_cap("finance", "2")
        assert r.status == 303, (r.status, r.text[:300])
        assert role_cap("finance") == "2"
        detail = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'role.update' ORDER BY seq DESC"
                                    " LIMIT 1").stdout)
        assert detail["role"] == "finance" and detail["export_row_cap"] == ["default", "2"], detail
        assert 'value="2"' in get("/admin/roles/%s" % _role_id("finance"), headers={"Cookie": admin}).text
        roles = get("/admin/roles", headers={"Cookie": admin}).text
        assert re.search(r">finance</a></td>.*?</form>\s*</td>\s*<td>2</td>", roles, re.S), roles[:3000]
        assert re.search(r">sales-rep</a></td>.*?</form>\s*</td>\s*<td><span>Server default:</span> <span>10000<",
                         roles, re.S)
        before = last_audit("export", "accounts")
        assert refused_over(export("accounts", fin, q=q), 2)
        assert last_audit("export", "accounts") == before
        assert len(rows_of(export("accounts", fin, q=TAG + "cap One"))) == 2
        ok = export("accounts", admin, q=q)     # another role's user: the server's cap
        assert ok.status == 200 and len(rows_of(ok)) == 4
        # A second role: the larger cap wins, whichever it is; no cap of its own counts as the server's.
        post_new_role(admin, extra)
        mariadb("INSERT INTO user_roles (user_id, role_id, source) SELECT %s, id, 'manual' FROM roles"
                " WHERE name = '%s'" % (fin_id, extra))
        assert set_role_cap(extra, "5").status == 303
        assert export("accounts", fin, q=q).status == 200
        assert set_role_cap(extra, "1").status == 303
        assert refused_over(export("accounts", fin, q=q), 2)
        assert set_role_cap(extra, "").status == 303 and role_cap(extra) == "NULL"
        assert export("accounts", fin, q=q).status == 200
        # A copy keeps the cap.
        page = get("/admin/roles", headers={"Cookie": admin})
        copy = "fincopy" + TAG.lower()
        r = form_post("/admin/roles/%s/clone" % _role_id("finance"), admin, {"csrf": csrf_of(page.text), "name": copy})
        assert r.status == 303 and role_cap(copy) == "2"
        cid = _role_id(copy)
        assert form_post("/admin/roles/%s/delete" % cid, admin, {"csrf": csrf_of(page.text)}).status == 303
    finally:
        mariadb("DELETE ur FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = '%s'" % extra)
        mariadb("DELETE p FROM role_permissions p JOIN roles r ON r.id = p.role_id WHERE r.name = '%s'" % extra)
        mariadb("DELETE FROM roles WHERE name = '%s'" % extra)
        set_role_cap("finance", "")
    assert role_cap("finance") == "NULL" and export("accounts", fin, q=q).status == 200


def test_role_export_cap_refused_on_the_form():
    """a cap that is not a whole number in 1..1000000 is refused with a message; nothing is saved or audited"""
    admin = sessions()["administrator"]
    seq = mariadb("SELECT MAX(seq) FROM audit_log WHERE action = 'role.update'").stdout.strip()
    for bad in ("ten", "0", "-3", "1000001", "12.5", "1e3", "10,000", "99999999999999999999"):
        r = set_role_cap("finance", bad, description="should not be saved")
        assert r.status == 400, (bad, r.status)
        assert "The export row cap is a whole number from 1 to 1000000" in r.text, bad
        assert 'value="%s"' % bad in r.text, bad      # what was typed is shown again, with the submitted matrix
        sel = re.search(r'<select name="p\.accounts\.view"[^>]*>(.*?)</select>', r.text, re.S)
        assert sel and re.search(r'<option value="all" selected', sel.group(1)), bad
        assert role_cap("finance") == "NULL"
        assert mariadb("SELECT description FROM roles WHERE name = 'finance'").stdout.strip() != "should not be saved"
    assert mariadb("SELECT MAX(seq) FROM audit_log WHERE action = 'role.update'").stdout.strip() == seq
    zh = request("GET", "/admin/roles/%s" % _role_id("finance"), headers={"Cookie": admin, "Accept-Language": "zh-CN"})
    assert "导出行数上限" in zh.text


def test_role_export_cap_not_raised_by_its_holder():
    """the administrator role's cap may change (its matrix may not), but its holders may only lower it"""
    admin = sessions()["administrator"]
    try:
        r = set_role_cap("administrator", "50")
        assert r.status == 303, (r.status, r.text[:400])
        assert role_cap("administrator") == "50"
        r = set_role_cap("administrator", "")
        assert r.status == 403 and "cannot widen it" in r.text and role_cap("administrator") == "50"
        r = set_role_cap("administrator", "51")
        assert r.status == 403 and role_cap("administrator") == "50"
        assert set_role_cap("administrator", "40").status == 303 and role_cap("administrator") == "40"
    finally:
        mariadb("UPDATE roles SET export_row_cap = NULL WHERE name = 'administrator'")
    assert role_cap("administrator") == "NULL"


# ---- import ----

ACCOUNTS = ("Account name,Tax ID,IBAN,Notes\r\n"
            "{t}imp One AG,CHE-100.200.300,CH93 0076 2011 6238 5295 7,x\r\n"
            "\"{t}imp Two, Ltd.\",,,\r\n"
            "{t}imp   Three   SA,,\"'=1+2\",\r\n")


def test_import_accounts_dry_run_then_commit():
    """mapping guessed from the header, a dry run writing nothing, then all rows sealed and audited in one go"""
    admin = sessions()["administrator"]
    data = ACCOUNTS.format(t=TAG).encode()
    before = count("accounts")
    dry = upload("accounts", admin, data)
    assert dry.status == 200, (dry.status, dry.text[:500])
    assert _mapping(dry) == {"map_0": "name", "map_1": "tax_id", "map_2": "bank_account", "map_3": "ignore"}
    assert "Rows checked: <span>3</span>" in dry.text and "Problems: <span>0</span>" in dry.text
    assert count("accounts") == before
    r = upload("accounts", admin, data, action="import", checked=_checked(dry), **_mapping(dry))
    assert r.status == 303 and r.headers["location"] == "/accounts", (r.status, r.text[:500])
    assert count("accounts") == before + 3
    assert count("accounts", "name = '%simp Three SA'" % TAG) == 1       # whitespace runs collapsed
    hexed = mariadb("SELECT HEX(tax_id), HEX(bank_account) FROM accounts WHERE name = '%simp One AG'" % TAG).stdout
    assert hexed.strip() and "CHE-100".encode().hex().upper() not in hexed
    actor, items, detail = last_audit("import", "accounts")
    assert items == 3 and detail["rows"] == 3 and detail["file"] == "upload.csv"
    assert detail["columns"] == ["name", "tax_id", "bank_account"]
    page = get("/accounts?q=%simp" % TAG, headers={"Cookie": admin}).text
    aid = re.search(r'href="/accounts/(\d+)">%simp Three SA' % TAG, page).group(1)
    assert "=1+2" in get("/accounts/%s" % aid, headers={"Cookie": admin}).text


def test_import_accounts_problems_listed_nothing_written():
    """duplicates in the file and in the database, a too long name, a short row: each listed by line; none imported"""
    admin = sessions()["administrator"]
    data = ("name,tax_id\n"
            "{t}new Corp,\n"              # line 2: fine
            "{t}IMP one ag,\n"            # line 3: exists (case ignored)
            "{t}NEW   corp,\n"            # line 4: same name as line 2
            "{long},\n"                   # line 5: too long
            "\"{t}multi\nline\",\n"       # line 6 (two lines): no line end in a one-line field
            "{t}short\n").format(t=TAG, long="x" * 201).encode()   # line 8: one cell
    before = count("accounts")
    dry = upload("accounts", admin, data)
    assert dry.status == 200 and _checked(dry) is None and 'value="import"' not in dry.text
    text = re.sub(r"\s+", " ", dry.text)
    assert re.search(r"<td>3</td> <td></td> <td><span>An account with this name already exists.</span>", text), text
    assert re.search(r"<td>4</td> <td></td> <td><span>An account with the same name is already on line:</span>"
                     r" <span>2</span>", text)
    assert re.search(r"<td>5</td> <td><span>Name</span></td>", text)
    assert re.search(r"<td>6</td> <td><span>Name</span></td>", text)
    assert re.search(r"<td>8</td> <td></td> <td><span>This row does not have as many cells", text)
    assert "Problems: <span>5</span>" in text
    forced = upload("accounts", admin, data, action="import", checked="0" * 64, **_mapping(dry))
    assert forced.status in (400, 409) and count("accounts") == before
    assert count("accounts", "name LIKE '%snew%%'" % TAG) == 0


def test_import_mapping_chosen_by_hand():
    """unknown headers map to nothing (a clear 400); the user's mapping is used; a field twice is refused"""
    admin = sessions()["administrator"]
    data = ("col a,col b,col c\nLeo,{t}map,leo.{l}@example.com\n".format(t=TAG, l=TAG.lower())).encode()
    r = upload("leads", admin, data)
    assert r.status == 400 and "Choose the columns that hold the first and the last name." in r.text
    assert _mapping(r) == {"map_0": "ignore", "map_1": "ignore", "map_2": "ignore"}
    r = upload("leads", admin, data, map_0="first_name", map_1="first_name", map_2="email")
    assert r.status == 400 and "Two columns go to the same field" in r.text
    r = upload("leads", admin, data, map_0="first_name", map_1="bogus", map_2="email")
    assert r.status == 400 and "not a field of this list" in r.text
    mapping = {"map_0": "first_name", "map_1": "last_name", "map_2": "email"}
    dry = upload("leads", admin, data, **mapping)
    assert dry.status == 200 and _checked(dry) and _mapping(dry) == mapping
    r = upload("leads", admin, data, action="import", checked=_checked(dry), **mapping)
    assert r.status == 303 and r.headers["location"] == "/leads"
    assert count("leads", "last_name = '%smap'" % TAG) == 1


def test_import_leads_duplicates_and_all_or_nothing():
    """leads: duplicates by email or phone (file and database), a bad status and email listed; nothing imported"""
    admin = sessions()["administrator"]
    data = ("First name,Last name,Company,E-mail,Mobile,Status\n"
            "Ann,{t}la,Acme,ann.{l}@example.com,,qualified\n"           # fine
            "Ben,{t}lb,,lena.{l}@example.com,,\n"                      # the exported lead's email
            "Cat,{t}lc,,,+41 44 6{d},\n"                               # the exported lead's phone
            "Dan,{t}ld,,ANN.{l}@example.com,,\n"                       # line 2's email
            "Eve,{t}le,,not-an-email,,converted\n").format(t=TAG, l=TAG.lower(), d=DIGITS).encode()
    before = count("leads")
    dry = upload("leads", admin, data)
    text = re.sub(r"\s+", " ", dry.text)
    assert dry.status == 200 and _checked(dry) is None, text[:1000]
    assert _mapping(dry) == {"map_0": "first_name", "map_1": "last_name", "map_2": "company", "map_3": "email",
                             "map_4": "phone", "map_5": "status"}
    assert re.search(r"<td>3</td> <td></td> <td><span>A lead with this email address or phone number", text)
    assert re.search(r"<td>4</td> <td></td> <td><span>A lead with this email address or phone number", text)
    assert re.search(r"<td>5</td> <td></td> <td><span>The same email address or phone number is already on"
                     r" line:</span> <span>2</span>", text)
    assert re.search(r"<td>6</td> <td><span>Email</span></td>", text)
    assert re.search(r"<td>6</td> <td><span>Status</span></td>", text)
    assert "Problems: <span>5</span>" in text
    forced = upload("leads", admin, data, action="import", checked="0" * 64, **_mapping(dry))
    assert forced.status in (400, 409) and count("leads") == before
    good = data.split(b"\n")[:2] + [b""]
    _, r = commit("leads", admin, b"\n".join(good))
    assert r.status == 303 and count("leads") == before + 1
    row = mariadb("SELECT status, company, email_bidx IS NOT NULL, HEX(email) FROM leads WHERE last_name = '%sla'"
                  % TAG).stdout.split("\t")
    assert row[:3] == ["qualified", "Acme", "1"] and "ann".encode().hex().upper() not in row[3]
    assert last_audit("import", "leads")[1] == 1


def test_import_broken_files_refused():
    """broken quoting, invalid UTF-8, no rows, no file: a clear 400 naming the line; nothing written"""
    admin = sessions()["administrator"]
    before = (count("accounts"), count("leads"))
    for kind in ("accounts", "leads"):
        r = upload(kind, admin, b'name,first_name,last_name\nA,"open\nB,C\n')
        assert r.status == 400 and "never closed" in r.text and "Line: <span>2</span>" in r.text
        r = upload(kind, admin, b'name,last_name\nA,B"C\n')
        assert r.status == 400 and "quote" in r.text and "Line: <span>2</span>" in r.text
        r = upload(kind, admin, b"name,first_name,last_name\nA,\xe9t\xe9,B\n")     # Latin-1, not UTF-8
        assert r.status == 400 and "not UTF-8" in r.text and "Column: <span>2</span>" in r.text
        r = upload(kind, admin, b"name,first_name,last_name\n")
        assert r.status == 400 and "no %s" % kind in r.text
        r = upload(kind, admin, b"")
        assert r.status == 400 and "Choose a CSV file" in r.text
    assert (count("accounts"), count("leads")) == before


def test_import_needs_permission():
    """only roles with the import grant see the link and reach the pages (403 otherwise)"""
    mgr, fin = sessions()["sales-manager"], sessions()["finance"]
    for kind in ("accounts", "leads"):
        for who in (mgr, fin):
            assert get("/%s/import" % kind, headers={"Cookie": who}).status in (403,)
        assert 'href="/%s/import"' % kind not in get("/" + kind, headers={"Cookie": mgr}).text
    page = get("/account/sessions", headers={"Cookie": mgr})
    body, ctype = _multipart({"csrf": csrf_of(page.text)}, b"name\nX\n")
    r = request("POST", "/accounts/import", body=body, headers={"Content-Type": ctype, "Cookie": mgr})
    assert r.status == 403


def test_round_trip():
    """accounts and leads exported, the originals deleted, the files imported: the same rows again"""
    admin = sessions()["administrator"]
    for kind, table, like in (("accounts", "accounts", "name LIKE '%s%%'" % TAG),
                              ("leads", "leads", "last_name LIKE '%s%%'" % TAG)):
        first = export(kind, admin, bom=True)
        rows = rows_of(first)
        assert first.status == 200 and len(rows) >= 2, rows
        mariadb("UPDATE %s SET deleted_at = UTC_TIMESTAMP() WHERE %s" % (table, like))
        _, r = commit(kind, admin, first.body)
        assert r.status == 303, (kind, r.status, r.text[:300])
        again = rows_of(export(kind, admin))
        assert sorted(again[1:]) == sorted(rows[1:]) and again[0] == rows[0], (kind, rows, again)
    assert any(row[2] == "'" + FORMULA for row in rows_of(export("accounts", admin)))


def test_large_import_streams_progress():
    """a commit of more than 1,000 rows streams its progress, then commits every row at once"""
    admin = sessions()["administrator"]
    n = 2500
    data = ("name\n" + "".join("%sbulk %05d\n" % (TAG, i) for i in range(n))).encode()
    before = count("accounts")
    dry, r = commit("accounts", admin, data, timeout=120)
    assert "Rows checked: <span>%d</span>" % n in dry.text
    assert r.status == 200, (r.status, r.text[:500])
    assert "content-length" not in r.headers          # streamed, not buffered
    text = re.sub(r"\s+", " ", r.text)
    assert "<li>Rows written, not yet committed: 1000</li>" in text, text[-2000:]
    assert "<li>Rows written, not yet committed: 2000</li>" in text
    assert "<li>Imported and committed. Rows: %d</li>" % n in text and text.rstrip().endswith("</html>")
    assert count("accounts") == before + n
    _, items, detail = last_audit("import", "accounts")
    assert items == n and detail["rows"] == n
