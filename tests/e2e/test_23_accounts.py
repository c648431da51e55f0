"""test_23_accounts.py: accounts through nginx: finance records the tax
number and bank account (sealed under the account's key, audited
masked); a sales rep's pages never show them (hidden by default) and a
forged value is refused; the auditor sees them masked; out of scope
answers like missing; a stale edit is a conflict."""
import re
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of
from test_17_access import sessions

IBAN = "CH9300762011623852957"
STATE = {}


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def test_finance_records_bank_details():
    """finance creates an account with tax number and IBAN; stored encrypted; audit masked"""
    fin = sessions()["finance"]
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    assert get("/accounts/new", headers={"Cookie": fin}).status == 403     # finance edits, does not create
    form = get("/accounts/new", headers={"Cookie": sessions()["administrator"]})
    r = form_post("/accounts/new", sessions()["administrator"], {"csrf": csrf_of(form.text), "name": "Globex AG",
                  "tax_id": "CHE-123.456.789", "bank_account": IBAN})
    assert r.status == 303, (r.status, r.text[:300])
    aid = r.headers["location"].rsplit("/", 1)[1]
    page = get("/accounts/%s" % aid, headers={"Cookie": fin})
    assert page.status == 200 and IBAN in page.text and "CHE-123.456.789" in page.text
    assert IBAN.encode().hex().upper() not in mariadb("SELECT HEX(bank_account) FROM accounts WHERE id = %s" % aid).stdout
    rec = mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type = 'accounts'"
                  " AND object_id = '%s'" % aid).stdout
    assert IBAN not in rec and "Globex AG" in rec
    STATE.update(aid=aid, sam=sam)


def test_sales_never_see_bank_details():
    """a rep creating an account has no tax/bank fields and a forged value is refused"""
    sam = STATE["sam"]
    form = get("/accounts/new", headers={"Cookie": sam})
    assert form.status == 200 and 'name="bank_account"' not in form.text
    r = form_post("/accounts/new", sam, {"csrf": csrf_of(form.text), "name": "Initech", "bank_account": IBAN})
    assert r.status == 403
    r = form_post("/accounts/new", sam, {"csrf": csrf_of(form.text), "name": "Initech"})
    assert r.status == 303
    own = r.headers["location"].rsplit("/", 1)[1]
    assert "Initech" in get("/accounts/%s" % own, headers={"Cookie": sam}).text
    a = get("/accounts/%s" % STATE["aid"], headers={"Cookie": sam})
    b = get("/accounts/99999999", headers={"Cookie": sam})
    assert a.status == b.status == 404      # the administrator's account is not the rep's


def test_auditor_sees_masked():
    """the auditor sees tax number and IBAN masked"""
    aud = sessions()["auditor"]
    page = get("/accounts/%s" % STATE["aid"], headers={"Cookie": aud})
    assert page.status == 200 and IBAN not in page.text and "CH\u2022\u2022\u2022" in page.text


def test_stale_edit_conflicts():
    """finance edits with the version it opened; a second edit from the same old form conflicts"""
    fin, aid = sessions()["finance"], STATE["aid"]
    form = get("/accounts/%s/edit" % aid, headers={"Cookie": fin})
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base = {"csrf": csrf_of(form.text), "version": version, "name": "Globex AG", "tax_id": "CHE-123.456.789",
            "bank_account": IBAN}
    assert form_post("/accounts/%s/edit" % aid, fin, dict(base, name="Globex Holding AG")).status == 303
    assert form_post("/accounts/%s/edit" % aid, fin, dict(base, name="Stale")).status == 409
    assert "Globex Holding AG" in get("/accounts/%s" % aid, headers={"Cookie": fin}).text
