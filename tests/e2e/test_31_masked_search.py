"""test_31_masked_search.py: a field a role sees masked or hidden cannot be
a search key for that role (the blind index would confirm a guessed value:
an oracle), on the contact and lead lists and their CSV exports, while a
role that sees the field in clear still finds the record; duplicate checks
never look up such a field; and the built-in roles' default rules for
personal fields (README "Personal fields: default rules per role"): the
auditor sees a contact's address and birth date and a lead's email and
phone masked, finance a birth date, and migration 025 gives those rules
only to roles that still had the value 010 seeded. Self-contained: it
makes its own records and restores every role it changes."""
import os
import re
import uuid
from urllib.parse import quote, urlencode

from harness import ROOT, get, mariadb, request
from test_11_signin import FORM
from test_12_mfa import csrf_of
from test_17_access import _role_id, sessions
from test_19_csv import _checked, _multipart
from test_26_csv_all import with_rules

TAG = "Ms" + uuid.uuid4().hex[:8]
LOW = TAG.lower()
DIGITS = "%06d" % (uuid.uuid4().int % 1_000_000)    # phone numbers unique to this run
EMAIL = "x.%s@example.com" % LOW
PHONE = "+41 44 3" + DIGITS
LEAD_EMAIL = "lead.%s@example.com" % LOW
LEAD_PHONE = "+41 44 5" + DIGITS
ADDRESS = "12 Hidden Lane %s" % TAG
BIRTH = "1971-08-29"
STATE = {}

REFUSED_EMAIL = "does not see email addresses in clear here"
REFUSED_PHONE = "does not see phone numbers in clear here"


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def create(session, kind, fields):
    page = get("/%s/new" % kind, headers={"Cookie": session})
    r = form_post("/%s/new" % kind, session, dict(fields, csrf=csrf_of(page.text)))
    assert r.status == 303, (kind, r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def records():
    """a contact with every personal field and two leads, made by the sales rep"""
    if "cid" not in STATE:
        rep = sessions()["sales-rep"]
        STATE["cid"] = create(rep, "contacts", {"first_name": "Xia", "last_name": TAG, "email": EMAIL,
                                                "phone": PHONE, "address": ADDRESS, "birth_date": BIRTH,
                                                "allow_duplicate": "on"})
        STATE["other"] = create(rep, "contacts", {"first_name": "Yan", "last_name": TAG + "b",
                                                  "allow_duplicate": "on"})
        STATE["lid"] = create(rep, "leads", {"first_name": "Lea", "last_name": TAG, "company": "Acme",
                                             "email": LEAD_EMAIL, "phone": LEAD_PHONE, "status": "new"})
        STATE["lother"] = create(rep, "leads", {"first_name": "Leo", "last_name": TAG + "b", "status": "new"})
    return STATE


def page_of(session, path):
    return get(path, headers={"Cookie": session})


def bare(text):
    """the page without tokens and the searched address, for comparing two refusals"""
    return re.sub(r"[a-z0-9.]+(@|%40)example\.com", "Q", re.sub(r"[0-9a-f]{32,64}", "", text))


def test_contact_search_by_masked_email_or_phone_refused():
    """the auditor searching a masked email or phone gets the refusal, and no answer about a match"""
    r = records()
    aud = sessions()["auditor"]
    for q, msg in ((EMAIL, REFUSED_EMAIL), (EMAIL.upper(), REFUSED_EMAIL), (PHONE, REFUSED_PHONE)):
        page = page_of(aud, "/contacts?q=" + quote(q))
        assert page.status == 403, (q, page.status)
        assert msg in page.text, page.text[:2000]
        assert "/contacts/%s" % r["cid"] not in page.text
    # The answer is the same whether anything matches: no oracle left in the refusal.
    hit = page_of(aud, "/contacts?q=" + quote(EMAIL))
    miss = page_of(aud, "/contacts?q=" + quote("nobody.%s@example.com" % LOW))
    assert hit.status == miss.status == 403
    assert bare(hit.text) == bare(miss.text)
    # A name search still works for the auditor.
    assert "/contacts/%s" % r["cid"] in page_of(aud, "/contacts?q=" + quote(TAG)).text


def test_contact_search_in_clear_still_finds():
    """a role that sees email and phone in clear finds the contact by either, and only it"""
    r = records()
    for role in ("sales-rep", "finance"):
        s = sessions()[role]
        for q in (EMAIL, PHONE):
            page = page_of(s, "/contacts?q=" + quote(q))
            assert page.status == 200, (role, q, page.status)
            assert "/contacts/%s" % r["cid"] in page.text and "/contacts/%s" % r["other"] not in page.text


def test_hidden_field_search_refused():
    """a field hidden from a role cannot be searched by it either (it used to find the record)"""
    r = records()
    fin = sessions()["finance"]

    def check():
        page = page_of(fin, "/contacts?q=" + quote(PHONE))
        assert page.status == 403 and REFUSED_PHONE in page.text
        assert "/contacts/%s" % r["cid"] not in page.text
        ok = page_of(fin, "/contacts?q=" + quote(EMAIL))     # email still in clear for finance
        assert ok.status == 200 and "/contacts/%s" % r["cid"] in ok.text
    with_rules("finance", {"f.contacts.phone": "hidden"}, check)


def test_lead_search_masked_refused_and_clear_finds():
    """/leads: the auditor's search by a masked lead email or phone is refused; the owner finds the lead"""
    r = records()
    rep, aud = sessions()["sales-rep"], sessions()["auditor"]
    for q in (LEAD_EMAIL, LEAD_PHONE):
        page = page_of(rep, "/leads?q=" + quote(q))
        assert page.status == 200, (q, page.status)
        assert "/leads/%s" % r["lid"] in page.text and "/leads/%s" % r["lother"] not in page.text
        refused = page_of(aud, "/leads?q=" + quote(q))
        assert refused.status == 403, (q, refused.status)
        assert (REFUSED_EMAIL if "@" in q else REFUSED_PHONE) in refused.text
        assert "/leads/%s" % r["lid"] not in refused.text
    named = page_of(aud, "/leads?q=" + quote(TAG))
    assert named.status == 200 and "/leads/%s" % r["lid"] in named.text


def test_export_search_by_masked_field_refused():
    """a CSV export searched by a field the exporter sees masked: 403 with the message, no file, no audit"""
    r = records()
    mgr = sessions()["sales-manager"]
    before = mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'export'").stdout.strip()

    def export(kind, q, who=mgr):
        page = page_of(who, "/%s/export" % kind)
        assert page.status == 200, page.status
        return form_post("/%s/export" % kind, who, {"csrf": csrf_of(page.text), "reason": "check masked search",
                                                    "q": q})

    def check():
        for kind, q, msg in (("contacts", EMAIL, REFUSED_EMAIL), ("leads", LEAD_PHONE, REFUSED_PHONE)):
            x = export(kind, q)
            assert x.status == 403 and "content-disposition" not in x.headers, (kind, x.status, x.text[:300])
            assert msg in x.text, x.text[:3000]
        assert mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'export'").stdout.strip() == before, before
    with_rules("sales-manager", {"f.contacts.email": "masked", "f.leads.phone": "masked"}, check)
    # In clear (the administrator), the export's search finds the lead by its email.
    ok = export("leads", LEAD_EMAIL, sessions()["administrator"])
    assert ok.status == 200 and "content-disposition" in ok.headers, (ok.status, ok.text[:500])
    assert TAG in ok.body.decode() and TAG + "b" not in ok.body.decode()


def test_duplicate_checks_never_key_on_a_masked_field():
    """a role that sees email masked cannot submit or import it, so no duplicate check answers about it"""
    records()
    rep = sessions()["sales-rep"]

    def check():
        page = page_of(rep, "/contacts/new")
        r = form_post("/contacts/new", rep, {"csrf": csrf_of(page.text), "first_name": "Dup", "last_name": TAG,
                                             "email": EMAIL})
        assert r.status == 403 and "/contacts/%s" % STATE["cid"] not in r.text
        data = ("First name,Last name,Email\nDup,%s,%s\n" % (TAG, EMAIL)).encode()
        page = page_of(rep, "/contacts/import")
        assert page.status == 200, page.status
        body, ctype = _multipart({"csrf": csrf_of(page.text)}, data)
        dry = request("POST", "/contacts/import", body=body, headers={"Content-Type": ctype, "Cookie": rep})
        text = re.sub(r"\s+", " ", dry.text)
        assert _checked(dry) is None and "already exists" not in text, text[:1500]
        assert "/contacts/%s" % STATE["cid"] not in text
    with_rules("sales-rep", {"f.contacts.email": "masked", "p.contacts.import": "own"}, check)


def test_auditor_sees_personal_fields_masked():
    """the auditor's defaults: a contact's address and birth date and a lead's email and phone are masked"""
    r = records()
    aud, rep, fin = sessions()["auditor"], sessions()["sales-rep"], sessions()["finance"]
    page = page_of(aud, "/contacts/%s" % r["cid"])
    assert page.status == 200
    for value in (ADDRESS, BIRTH, EMAIL):
        assert value not in page.text, value
    assert "1\u2022\u2022\u2022" in page.text          # address and birth date, masked
    lead = page_of(aud, "/leads/%s" % r["lid"])
    assert lead.status == 200 and LEAD_EMAIL not in lead.text and "l\u2022\u2022\u2022@example.com" in lead.text
    assert LEAD_PHONE not in lead.text and LEAD_PHONE.replace(" ", "") not in lead.text
    own = page_of(rep, "/contacts/%s" % r["cid"]).text
    assert ADDRESS in own and BIRTH in own                # the owner still sees them
    fin_page = page_of(fin, "/contacts/%s" % r["cid"]).text
    assert ADDRESS in fin_page and BIRTH not in fin_page  # finance: address read-only, birth date masked
    # An audited reveal still shows the masked address to the auditor.
    rv = form_post("/contacts/%s/reveal" % r["cid"], aud, {"csrf": csrf_of(page.text), "field": "address"})
    assert rv.status == 200 and ADDRESS in rv.text


def test_migration_keeps_an_administrators_choice():
    """025 adds a masked rule only where the built-in role still has 010's value (no rule row)"""
    rid = _role_id("auditor")
    rules = mariadb("SELECT module, field, rule FROM role_field_rules WHERE role_id = %s"
                    " ORDER BY module, field" % rid).stdout
    for module, field in (("contacts", "address"), ("contacts", "birth_date"), ("leads", "email"),
                          ("leads", "phone"), ("contacts", "email")):
        assert "%s\t%s\tmasked" % (module, field) in rules, rules
    sql = open(os.path.join(ROOT, "sql", "025_personal_field_defaults.sql")).read()
    saved = mariadb("SELECT module, field, rule FROM role_field_rules WHERE role_id = %s" % rid).stdout
    try:
        # As on an installation where an administrator chose read-only for the address,
        # and the birth date still had 010's value.
        mariadb("UPDATE role_field_rules SET rule = 'readonly' WHERE role_id = %s AND field = 'address';"
                "DELETE FROM role_field_rules WHERE role_id = %s AND module = 'contacts'"
                " AND field = 'birth_date'" % (rid, rid))
        out = mariadb(sql)
        assert out.returncode == 0, out.stderr
        after = mariadb("SELECT field, rule FROM role_field_rules WHERE role_id = %s AND module = 'contacts'"
                        " AND field IN ('address', 'birth_date') ORDER BY field" % rid).stdout
        assert after == "address\treadonly\nbirth_date\tmasked\n", after
    finally:
        mariadb("DELETE FROM role_field_rules WHERE role_id = %s;" % rid + "".join(
            "INSERT INTO role_field_rules VALUES (%s, '%s', '%s', '%s');" % ((rid,) + tuple(line.split("\t")))
            for line in saved.splitlines() if line))
