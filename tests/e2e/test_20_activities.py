"""test_20_activities.py: activities (tasks, calls, meetings, notes)
through nginx: attached to a contact the user may view, shown on the
contact's timeline and in "my open tasks" (overdue first), completed,
edited with optimistic concurrency, soft-deleted; record scope (another
team's manager gets 404 for the activity and cannot attach one to the
contact); the body encrypted under the contact's data key (and still
readable after crmctl keys rotate --data), masked for a role with an
audited reveal; bad input refused with messages; the audit records."""
import datetime
import json
import re
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, post
from test_15_local_sso_admin import crmctl
from test_17_access import _role_form, _role_id, _save_role, sessions
from test_18_contacts import new_contact, strip

NOTE = "Budget approved 机密 by the CFO"
STATE = {}


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def when(days):
    return (datetime.datetime.utcnow() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def new_activity(session, cid, kind, subject, body="", due=""):
    path = "/activities/new?related=contact&id=%s" % cid
    page = get(path + "&kind=" + kind, headers={"Cookie": session})
    assert page.status == 200, page.status
    r = form_post(path, session, {"csrf": csrf_of(page.text), "kind": kind, "subject": subject,
                                  "body": body, "due_at": due})
    assert r.status == 303, (r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def set_team(uid, team):
    admin = sessions()["administrator"]
    page = get("/admin/users/%s" % uid, headers={"Cookie": admin})
    assert post("/admin/users/%s/team" % uid, admin, csrf=csrf_of(page.text), team=team).status == 303


def user_id(role):
    return mariadb("SELECT id FROM users WHERE username = '%s'" % creds()[role][0]).stdout.strip()


def test_create_on_contact():
    """a sales rep adds a task with a due date, an overdue task, a call and a note to a new contact"""
    north = mariadb("SELECT id FROM teams WHERE name = 'Sales North'").stdout.strip()
    set_team(user_id("sales-rep"), north)
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    cid = new_contact(sam, "Grace", "Hopper", "grace.hopper@example.com")
    STATE.update(sam=sam, cid=cid)
    STATE["task"] = new_activity(sam, cid, "task", "Send the proposal", due=when(3))
    STATE["late"] = new_activity(sam, cid, "task", "Chase the invoice", due=when(-2)[:10])
    STATE["call"] = new_activity(sam, cid, "call", "Intro call", body="Talked about pricing")
    STATE["note"] = new_activity(sam, cid, "note", "CFO meeting notes", body=NOTE)
    page = get("/activities/%s" % STATE["note"], headers={"Cookie": sam})
    assert page.status == 200 and NOTE in page.text and "/contacts/%s" % cid in page.text
    assert "Who can access this" in page.text and name in page.text.split("Who can access this")[1]


def test_timeline_on_contact_page():
    """the contact page lists its activities newest first, with links to add each kind"""
    page = get("/contacts/%s" % STATE["cid"], headers={"Cookie": STATE["sam"]})
    assert page.status == 200
    pos = [page.text.find(s) for s in ("CFO meeting notes", "Intro call", "Chase the invoice", "Send the proposal")]
    assert -1 not in pos and pos == sorted(pos), pos
    assert "/activities/new?related=contact&amp;id=%s&amp;kind=note" % STATE["cid"] in page.text
    assert NOTE not in page.text     # bodies are not in lists


def test_my_open_tasks_overdue_first():
    """/activities shows my open tasks, the overdue one first and marked"""
    page = get("/activities", headers={"Cookie": STATE["sam"]})
    assert page.status == 200
    tasks = page.text.split('id="recent-title"')[0]
    late, task = tasks.find("Chase the invoice"), tasks.find("Send the proposal")
    assert 0 <= late < task, (late, task)
    assert "Overdue" in tasks and "Intro call" not in tasks
    assert "Intro call" in page.text.split('id="recent-title"')[1]


def test_complete_task():
    """completing a task marks it done, takes it off my open tasks, and is audited"""
    sam, tid = STATE["sam"], STATE["task"]
    page = get("/activities/%s" % tid, headers={"Cookie": sam})
    assert "Mark done" in page.text
    assert post("/activities/%s/complete" % tid, sam, csrf=csrf_of(page.text)).status == 303
    assert mariadb("SELECT done_at IS NOT NULL FROM activities WHERE id = %s" % tid).stdout.strip() == "1"
    tasks = get("/activities", headers={"Cookie": sam}).text.split('id="recent-title"')[0]
    assert "Send the proposal" not in tasks and "Chase the invoice" in tasks
    rec = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type ="
                             " 'activities' AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % tid).stdout)
    assert rec == {"done": [False, True]}, rec
    assert post("/activities/%s/complete" % STATE["note"], sam, csrf=csrf_of(page.text)).status == 400


def test_edit_conflict():
    """an edit from a stale version is a conflict (409), nothing overwritten; a current one is audited"""
    sam, aid = STATE["sam"], STATE["call"]
    form = get("/activities/%s/edit" % aid, headers={"Cookie": sam})
    assert form.status == 200 and "Talked about pricing" in form.text
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    base = {"csrf": csrf_of(form.text), "version": version, "kind": "call", "subject": "Intro call",
            "body": "Talked about pricing and terms", "due_at": ""}
    assert form_post("/activities/%s/edit" % aid, sam, dict(base, subject="First call")).status == 303
    stale = form_post("/activities/%s/edit" % aid, sam, dict(base, subject="Overwrite"))
    assert stale.status == 409 and "changed this activity" in stale.text
    assert "Overwrite" not in get("/activities/%s" % aid, headers={"Cookie": sam}).text
    rec = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type ="
                             " 'activities' AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % aid).stdout)
    assert rec["before"]["subject"] == "Intro call" and rec["after"]["subject"] == "First call", rec
    assert rec["before"]["body"] == "T\u2022\u2022\u2022" and "pricing" not in json.dumps(rec), rec


def test_other_team_manager_gets_404():
    """a manager of another team gets 404 for the activity, like a missing one, and cannot attach one to the contact"""
    mgr_id = user_id("sales-manager")
    before = mariadb("SELECT COALESCE(team_id, '') FROM users WHERE id = %s" % mgr_id).stdout.strip()
    south = mariadb("SELECT id FROM teams WHERE name = 'Sales South'").stdout.strip()
    set_team(mgr_id, south)
    try:
        mgr = sessions()["sales-manager"]
        nid = STATE["note"]
        a, b = get("/activities/%s" % nid, headers={"Cookie": mgr}), get("/activities/99999999", headers={"Cookie": mgr})
        assert a.status == b.status == 404 and strip(a.text) == strip(b.text)
        page = get("/account/sessions", headers={"Cookie": mgr})
        for path in ("/activities/%s/edit", "/activities/%s/delete", "/activities/%s/complete", "/activities/%s/reveal"):
            assert post(path % nid, mgr, csrf=csrf_of(page.text), kind="note", subject="x").status == 404, path
        new = "/activities/new?related=contact&id=%s" % STATE["cid"]
        assert get(new, headers={"Cookie": mgr}).status == 404
        r = form_post(new, mgr, {"csrf": csrf_of(page.text), "kind": "note", "subject": "sneaky"})
        assert r.status == 404
        assert mariadb("SELECT COUNT(*) FROM activities WHERE subject = 'sneaky'").stdout.strip() == "0"
        assert "CFO meeting notes" not in get("/activities", headers={"Cookie": mgr}).text
    finally:
        set_team(mgr_id, before)


def test_body_encrypted_and_rotated():
    """the note body is an envelope (no plaintext in the table) and survives crmctl keys rotate --data"""
    nid = STATE["note"]
    before = mariadb("SELECT HEX(body) FROM activities WHERE id = %s" % nid).stdout.strip()
    assert before and NOTE.encode().hex().upper() not in before and b"CFO".hex().upper() not in before
    r = crmctl("keys", "rotate", "--data")
    assert r.returncode == 0, r.stdout + r.stderr
    after = mariadb("SELECT HEX(body) FROM activities WHERE id = %s" % nid).stdout.strip()
    assert after != before
    assert NOTE in get("/activities/%s" % nid, headers={"Cookie": STATE["sam"]}).text
    rec = mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type = 'activities'"
                  " AND object_id = '%s'" % nid).stdout
    assert NOTE not in rec and "B\u2022\u2022\u2022" in rec and '"related": "contact:%s"' % STATE["cid"] in rec.replace('":"', '": "'), rec


def test_masked_body_and_audited_reveal():
    """with activities.body masked for auditors, the auditor sees it masked and a reveal is audited"""
    admin, aud = sessions()["administrator"], sessions()["auditor"]
    rid = _role_id("auditor")
    fields, csrf = _role_form(admin, rid)
    nid = STATE["note"]
    try:
        assert _save_role(admin, rid, dict(fields, **{"f.activities.body": "masked"}), csrf).status == 303
        page = get("/activities/%s" % nid, headers={"Cookie": aud})
        assert page.status == 200 and NOTE not in page.text and "B\u2022\u2022\u2022" in page.text
        r = post("/activities/%s/reveal" % nid, aud, csrf=csrf_of(page.text))
        assert r.status == 200 and NOTE in r.text
        rec = mariadb("SELECT actor, object_id, detail FROM audit_log WHERE action = 'record.reveal'"
                      " AND object_type = 'activities' ORDER BY seq DESC LIMIT 1").stdout
        assert creds()["auditor"][0] in rec and nid in rec and '"body"' in rec, rec
        assert get("/activities/%s/edit" % nid, headers={"Cookie": aud}).status == 403
    finally:
        _save_role(admin, rid, fields, csrf)
    assert NOTE in get("/activities/%s" % nid, headers={"Cookie": aud}).text     # read-only again
    views = mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'record.view' AND object_type = 'activities'"
                    " AND object_id = '%s'" % nid).stdout.strip()
    assert int(views) >= 3, views


def test_bad_input_refused():
    """bad kind, subject, body and due values are refused with a message, the input kept, nothing stored"""
    sam, cid = STATE["sam"], STATE["cid"]
    path = "/activities/new?related=contact&id=%s" % cid
    page = get(path, headers={"Cookie": sam})
    before = mariadb("SELECT COUNT(*) FROM activities").stdout
    cases = ({"kind": "email"}, {"subject": ""}, {"subject": "x" * 201}, {"body": "b" * 10001},
             {"due_at": "2026-02-30"}, {"due_at": "2026-03-01T25:00"}, {"due_at": "tomorrow"},
             {"kind": "note", "due_at": "2026-03-01"})
    for bad in cases:
        fields = dict({"csrf": csrf_of(page.text), "kind": "task", "subject": "Keep me", "body": "kept body"}, **bad)
        r = form_post(path, sam, fields)
        assert r.status == 400 and ("field-error" in r.text or "form-error" in r.text), (bad, r.status)
        if "subject" not in bad:
            assert 'value="Keep me"' in r.text, bad
    r = form_post(path, sam, {"csrf": csrf_of(page.text), "kind": "note", "subject": "x", "due_at": "2026-03-01"})
    assert "A note has no due date" in r.text
    assert "Too long" in form_post(path, sam, {"csrf": csrf_of(page.text), "kind": "task", "subject": "y" * 201}).text
    for other in ("/activities/new?related=contact&id=99999999", "/activities/new?related=deal&id=99999999",
                  "/activities/new?related=contact&id=abc", "/activities/new"):
        assert get(other, headers={"Cookie": sam}).status == 404, other
    assert mariadb("SELECT COUNT(*) FROM activities").stdout == before


def test_soft_delete():
    """a rep deletes their own activity: 404 afterwards, the row kept with deleted_at, audited"""
    sam, aid = STATE["sam"], STATE["call"]
    page = get("/activities/%s" % aid, headers={"Cookie": sam})
    assert post("/activities/%s/delete" % aid, sam, csrf=csrf_of(page.text)).status == 303
    assert get("/activities/%s" % aid, headers={"Cookie": sam}).status == 404
    assert mariadb("SELECT deleted_at IS NOT NULL FROM activities WHERE id = %s" % aid).stdout.strip() == "1"
    assert "First call" not in get("/contacts/%s" % STATE["cid"], headers={"Cookie": sam}).text
    n = mariadb("SELECT COUNT(*) FROM audit_log WHERE action = 'record.delete' AND object_type = 'activities'"
                " AND object_id = '%s'" % aid).stdout.strip()
    assert n == "1", n
