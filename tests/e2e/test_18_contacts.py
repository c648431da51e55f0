"""test_18_contacts.py: contacts through nginx with access control on
records and fields: create (sensitive fields encrypted, blind-indexed),
list and search, record scope (own, team, all; out of scope answers
exactly like missing, for reading, editing and deleting), field rules
(masked with an audited reveal, hidden everywhere, read-only refused),
"who can access this" with a temporary grant, optimistic concurrency,
soft delete, and the audit records of each."""
import json
import re
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, post
from test_17_access import _role_form, _role_id, _save_role, sessions

EMAIL = "zhang.wei@example.com"
STATE = {}


def form_post(path, session, fields):
    body = urlencode(fields).encode()
    return request("POST", path, body=body, headers=dict(FORM, Cookie=session))


def new_contact(session, first, last, email="", phone=""):
    page = get("/contacts/new", headers={"Cookie": session})
    r = form_post("/contacts/new", session, {"csrf": csrf_of(page.text), "first_name": first,
                  "last_name": last, "email": email, "phone": phone, "address": "1 Main St",
                  "allow_duplicate": "on"})
    assert r.status == 303, (r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def strip(text):
    return re.sub(r'[0-9a-f]{32,64}', "", text)


def test_create_encrypted_and_searchable():
    """a sales rep creates a contact; email and phone are stored encrypted and found by exact search"""
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    cid = new_contact(sam, "伟", "张", EMAIL, "+41 44 123 45 67")
    STATE.update(sam=sam, cid=cid)
    page = get("/contacts/%s" % cid, headers={"Cookie": sam})
    assert page.status == 200 and EMAIL in page.text and "张" in page.text
    row = mariadb("SELECT HEX(email), HEX(phone), email_bidx IS NOT NULL FROM contacts WHERE id = %s" % cid).stdout
    assert EMAIL.encode().hex().upper() not in row and "1" in row.split()[-1], row
    found = get("/contacts?q=%s" % EMAIL.upper(), headers={"Cookie": sam})
    assert "/contacts/%s" % cid in found.text
    assert "/contacts/%s" % cid in get("/contacts?q=%2B41441234567", headers={"Cookie": sam}).text
    assert "/contacts/%s" % cid in get("/contacts?q=%E5%BC%A0", headers={"Cookie": sam}).text
    rec = mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_id = '%s'" % cid).stdout
    assert EMAIL not in rec and "z\u2022\u2022\u2022" in rec, rec


def test_duplicate_detected_on_create():
    """creating a contact with an existing email (any spelling) is flagged; 'create anyway' adds it"""
    sam = STATE["sam"]
    page = get("/contacts/new", headers={"Cookie": sam})
    fields = {"csrf": csrf_of(page.text), "first_name": "Wei", "last_name": "Zhang", "email": EMAIL.upper()}
    r = form_post("/contacts/new", sam, fields)
    assert r.status == 409 and "exists already" in r.text and "/contacts/%s" % STATE["cid"] in r.text
    r = form_post("/contacts/new", sam, dict(fields, allow_duplicate="on"))
    assert r.status == 303


def test_bad_input_refused():
    """invalid email, date and overlong names are refused with messages, nothing stored"""
    sam = STATE["sam"]
    page = get("/contacts/new", headers={"Cookie": sam})
    before = mariadb("SELECT COUNT(*) FROM contacts").stdout
    for bad in ({"email": "not-an-email"}, {"birth_date": "2026-02-30"}, {"last_name": "x" * 101},
                {"first_name": ""}, {"phone": "call me"}):
        fields = dict({"csrf": csrf_of(page.text), "first_name": "A", "last_name": "B"}, **bad)
        r = form_post("/contacts/new", sam, fields)
        assert r.status == 400 and "field-error" in r.text or "form-error" in r.text, (bad, r.status)
    assert mariadb("SELECT COUNT(*) FROM contacts").stdout == before


def test_out_of_scope_answers_like_missing():
    """a manager outside the owner's team gets the same 404 for this contact as for a missing one, for every action"""
    mgr = sessions()["sales-manager"]
    cid = STATE["cid"]
    # Earlier tests may have put the manager in the rep's team: another one.
    mariadb("UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'Sales South') WHERE username = '%s'"
            % creds()["sales-manager"][0])
    a, b = get("/contacts/%s" % cid, headers={"Cookie": mgr}), get("/contacts/99999999", headers={"Cookie": mgr})
    assert a.status == b.status == 404 and strip(a.text) == strip(b.text)
    page = get("/account/sessions", headers={"Cookie": mgr})
    for path in ("/contacts/%s/edit", "/contacts/%s/delete", "/contacts/%s/reveal"):
        assert post(path % cid, mgr, csrf=csrf_of(page.text), first_name="X", last_name="Y").status == 404
    assert "/contacts/%s" % cid not in get("/contacts", headers={"Cookie": mgr}).text
    fin = sessions()["finance"]
    assert get("/contacts/%s" % cid, headers={"Cookie": fin}).status == 200


def test_team_scope_and_temporary_grant():
    """team scope shows the team's records; a temporary grant on one record opens it and is listed on it"""
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    team = mariadb("SELECT id FROM teams WHERE name = 'Sales North'").stdout.strip()
    sam_id = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()["sales-rep"][0]).stdout.strip()
    mgr_id = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()["sales-manager"][0]).stdout.strip()
    page = get("/admin/users/%s" % sam_id, headers={"Cookie": admin})
    for uid in (sam_id, mgr_id):
        assert post("/admin/users/%s/team" % uid, admin, csrf=csrf_of(page.text), team=team).status == 303
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    tid = new_contact(sam, "Li", "Na", "li.na@example.com")
    assert get("/contacts/%s" % tid, headers={"Cookie": mgr}).status == 200
    cid = STATE["cid"]
    import datetime
    soon = (datetime.datetime.utcnow() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    r = post("/admin/users/%s/grants" % mgr_id, admin, csrf=csrf_of(page.text), module="contacts",
             action="view", record=cid, reason="covering+for+a+colleague", expires=soon)
    assert r.status == 303, r.status
    detail = get("/contacts/%s" % cid, headers={"Cookie": mgr})
    assert detail.status == 200 and "Temporary grant" in detail.text and "covering for a colleague" in detail.text
    assert "Role: all records" in detail.text      # finance, auditor, administrator
    STATE["sam"] = sam


def test_masked_field_and_audited_reveal():
    """the auditor sees the email masked; revealing it shows it once and is audited"""
    aud = sessions()["auditor"]
    cid = STATE["cid"]
    page = get("/contacts/%s" % cid, headers={"Cookie": aud})
    assert page.status == 200 and EMAIL not in page.text and "z\u2022\u2022\u2022@example.com" in page.text
    r = post("/contacts/%s/reveal" % cid, aud, csrf=csrf_of(page.text), field="email")
    assert r.status == 200 and EMAIL in r.text
    rec = mariadb("SELECT actor, detail FROM audit_log WHERE action = 'record.reveal' ORDER BY seq DESC LIMIT 1").stdout
    assert creds()["auditor"][0] in rec and '"email"' in rec, rec
    assert post("/contacts/%s/reveal" % cid, aud, csrf=csrf_of(page.text), field="first_name").status == 404
    listing = get("/contacts", headers={"Cookie": aud})
    assert EMAIL not in listing.text


def test_hidden_field_is_absent_everywhere():
    """a field hidden from a role is absent from its list, detail, search and edit form"""
    admin, fin = sessions()["administrator"], sessions()["finance"]
    rid = _role_id("finance")
    fields, csrf = _role_form(admin, rid)
    try:
        assert _save_role(admin, rid, dict(fields, **{"f.contacts.email": "hidden"}), csrf).status == 303
        cid = STATE["cid"]
        detail = get("/contacts/%s" % cid, headers={"Cookie": fin})
        assert detail.status == 200 and EMAIL not in detail.text and ">Email<" not in detail.text
        listing = get("/contacts", headers={"Cookie": fin})
        assert EMAIL not in listing.text and ">Email<" not in listing.text
    finally:
        _save_role(admin, rid, fields, csrf)


def test_read_only_field_cannot_be_forged():
    """a read-only field is not in the edit form, and a forged value for it is refused"""
    admin, sam = sessions()["administrator"], STATE["sam"]
    rid = _role_id("sales-rep")
    fields, csrf = _role_form(admin, rid)
    cid = STATE["cid"]
    try:
        assert _save_role(admin, rid, dict(fields, **{"f.contacts.email": "readonly"}), csrf).status == 303
        form = get("/contacts/%s/edit" % cid, headers={"Cookie": sam})
        assert form.status == 200 and 'name="email"' not in form.text
        version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
        r = form_post("/contacts/%s/edit" % cid, sam, {"csrf": csrf_of(form.text), "version": version,
                      "first_name": "伟", "last_name": "张", "email": "evil@example.com"})
        assert r.status == 403 and "cannot change" in r.text
        assert "evil@example.com" not in get("/contacts/%s" % cid, headers={"Cookie": sam}).text
    finally:
        _save_role(admin, rid, fields, csrf)


def test_edit_conflict_and_audit():
    """an edit based on an old version is a conflict; a current one saves with before/after audited"""
    sam, cid = STATE["sam"], STATE["cid"]
    form = get("/contacts/%s/edit" % cid, headers={"Cookie": sam})
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base = {"csrf": csrf_of(form.text), "version": version, "first_name": "伟", "last_name": "张",
            "email": EMAIL, "phone": "+41 44 123 45 67", "address": "1 Main St"}
    r = form_post("/contacts/%s/edit" % cid, sam, dict(base, last_name="Zhang"))
    assert r.status == 303, r.status
    stale = form_post("/contacts/%s/edit" % cid, sam, dict(base, last_name="Overwrite"))
    assert stale.status == 409 and "changed this contact" in stale.text
    assert "Overwrite" not in get("/contacts/%s" % cid, headers={"Cookie": sam}).text
    rec = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_id = '%s'"
                             " ORDER BY seq DESC LIMIT 1" % cid).stdout)
    assert rec == {"before": {"last_name": "张"}, "after": {"last_name": "Zhang"}}, rec


def test_soft_delete():
    """a rep may not delete contacts; an administrator's delete hides it (404) but keeps the row, audited"""
    sam, cid, admin = STATE["sam"], STATE["cid"], sessions()["administrator"]
    page = get("/contacts/%s" % cid, headers={"Cookie": sam})
    assert post("/contacts/%s/delete" % cid, sam, csrf=csrf_of(page.text)).status == 403
    page = get("/contacts/%s" % cid, headers={"Cookie": admin})
    r = post("/contacts/%s/delete" % cid, admin, csrf=csrf_of(page.text))
    assert r.status == 303, (r.status, r.text[:300])
    assert get("/contacts/%s" % cid, headers={"Cookie": sam}).status == 404
    assert mariadb("SELECT deleted_at IS NOT NULL FROM contacts WHERE id = %s" % cid).stdout.strip() == "1"
    n = mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'record.delete' AND object_id = '%s'" % cid)
    assert n.stdout.strip() == "1", n.stdout


def test_restore_then_purge():
    """a deleted contact is listed and restorable within the period; past it crmctl purge-deleted removes it and its key"""
    import subprocess, os
    from harness import BIN, VAR
    admin, cid = sessions()["administrator"], STATE["cid"]
    page = get("/contacts/deleted", headers={"Cookie": admin})
    assert page.status == 200 and "/contacts/%s/restore" % cid in page.text
    assert post("/contacts/%s/restore" % cid, admin, csrf=csrf_of(page.text)).status == 303
    assert get("/contacts/%s" % cid, headers={"Cookie": admin}).status == 200
    assert post("/contacts/%s/restore" % cid, admin, csrf=csrf_of(page.text)).status == 404   # not deleted
    page = get("/contacts/%s" % cid, headers={"Cookie": admin})
    assert post("/contacts/%s/delete" % cid, admin, csrf=csrf_of(page.text)).status == 303
    mariadb("UPDATE contacts SET deleted_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE id = %s" % cid)
    assert post("/contacts/%s/restore" % cid, admin, csrf=csrf_of(page.text)).status == 404   # too old
    r = subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf"), "purge-deleted"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "purged" in r.stdout, r.stdout + r.stderr
    assert mariadb("SELECT COUNT(*) FROM contacts WHERE id = %s" % cid).stdout.strip() == "0"
    assert mariadb("SELECT wrapped IS NULL FROM data_keys WHERE subject_type = 'contact' AND subject_id = %s"
                   % cid).stdout.strip() in ("1", ""), "data key not destroyed"
    assert mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'record.delete' AND object_id = 'purge'"
                   " AND actor = 'crmctl'").stdout.strip() != "0"


def test_concurrent_creates_do_not_deadlock():
    """eight contacts created at the same moment all succeed (each data key is created without a locking lookup)"""
    from concurrent.futures import ThreadPoolExecutor
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    page = get("/contacts/new", headers={"Cookie": sam})
    csrf = csrf_of(page.text)

    def create(i):
        r = form_post("/contacts/new", sam, {"csrf": csrf, "first_name": "Par%d" % i, "last_name": "Allel",
                      "email": "par%d@example.com" % i, "allow_duplicate": "on"})
        return r.status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(create, range(16)))
    assert statuses == [303] * 16, statuses
