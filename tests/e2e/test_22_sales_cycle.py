"""test_22_sales_cycle.py: the whole sales cycle in the browser's terms,
through nginx: a sales rep records a lead, qualifies it, converts it (one
transaction: account, contact with the lead's email and phone re-sealed
under the contact's key, deal in the first stage), moves the deal through
the stages to won; the audit trail tells the story; a second conversion
and other people's leads are refused."""
import re
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, post
from test_17_access import sessions

STATE = {}


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def test_lead_created_and_qualified():
    """a rep records a lead (email sealed under the lead's key) and qualifies it"""
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    form = get("/leads/new", headers={"Cookie": sam})
    assert form.status == 200
    bad = form_post("/leads/new", sam, {"csrf": csrf_of(form.text), "first_name": "Mei", "last_name": "Chen",
                    "email": "not an email"})
    assert bad.status == 400
    r = form_post("/leads/new", sam, {"csrf": csrf_of(form.text), "first_name": "Mei", "last_name": "Chen",
                  "company": "Orchid Trading", "email": "mei.chen@orchid.example", "phone": "+41 44 555 01 02"})
    assert r.status == 303, (r.status, r.text[:300])
    lid = r.headers["location"].rsplit("/", 1)[1]
    row = mariadb("SELECT HEX(email) FROM leads WHERE id = %s" % lid).stdout
    assert "mei.chen".encode().hex().upper() not in row
    page = get("/leads/%s/edit" % lid, headers={"Cookie": sam})
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    r = form_post("/leads/%s/edit" % lid, sam, {"csrf": csrf_of(page.text), "version": version, "first_name": "Mei",
                  "last_name": "Chen", "company": "Orchid Trading", "status": "qualified",
                  "email": "mei.chen@orchid.example", "phone": "+41 44 555 01 02"})
    assert r.status == 303, (r.status, r.text[:300])
    assert "<dd>Qualified</dd>" in get("/leads/%s" % lid, headers={"Cookie": sam}).text   # the status, translated
    STATE.update(sam=sam, lid=lid)


def test_conversion_creates_account_contact_deal():
    """converting creates the account, the contact (email readable under its own key) and a deal, once"""
    sam, lid = STATE["sam"], STATE["lid"]
    page = get("/leads/%s" % lid, headers={"Cookie": sam})
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    r = post("/leads/%s/convert" % lid, sam, csrf=csrf_of(page.text), version=version)
    assert r.status == 303 and r.headers["location"].startswith("/deals/"), (r.status, r.text[:300])
    did = r.headers["location"].rsplit("/", 1)[1]
    deal = get("/deals/%s" % did, headers={"Cookie": sam})
    assert deal.status == 200 and "Orchid Trading" in deal.text and "Prospecting" in deal.text
    cid = mariadb("SELECT contact_id FROM deals WHERE id = %s" % did).stdout.strip()
    contact = get("/contacts/%s" % cid, headers={"Cookie": sam})
    assert contact.status == 200 and "mei.chen@orchid.example" in contact.text
    assert mariadb("SELECT status, converted_deal_id FROM leads WHERE id = %s" % lid).stdout.split() == ["converted", did]
    acts = mariadb("SELECT object_type FROM audit_log WHERE action = 'record.create' AND detail LIKE"
                   " '%%converted_from_lead\":%s}'" % lid).stdout.split()
    assert sorted(acts) == ["accounts", "contacts", "deals"], acts
    again = post("/leads/%s/convert" % lid, sam, csrf=csrf_of(page.text), version=version)
    assert again.status == 400 and "converted already" in again.text
    assert get("/leads/%s" % lid, headers={"Cookie": sam}).text.count("Open the deal") == 1
    STATE["did"] = did


def test_deal_through_stages_to_won():
    """the deal moves Prospecting -> Qualification -> Proposal -> Negotiation -> Won"""
    sam, did = STATE["sam"], STATE["did"]
    for stage in ("Qualification", "Proposal", "Negotiation", "Won"):
        page = get("/deals/%s" % did, headers={"Cookie": sam})
        version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
        sid = mariadb("SELECT id FROM deal_stages WHERE name = '%s'" % stage).stdout.strip()
        assert post("/deals/%s/stage" % did, sam, csrf=csrf_of(page.text), version=version, stage=sid).status == 303
    assert "Won" in get("/deals/%s" % did, headers={"Cookie": sam}).text
    board = get("/deals/pipeline", headers={"Cookie": sam})
    won = board.text.split('class="stage-name">Won<')[1].split("</section>")[0]
    assert "Orchid Trading" in won


def test_tasks_and_notes_on_the_way():
    """the rep logs a note and an overdue follow-up task on the new contact; the dashboard shows it; it is done"""
    import datetime
    from test_20_activities import new_activity
    sam, did = STATE["sam"], STATE["did"]
    cid = mariadb("SELECT contact_id FROM deals WHERE id = %s" % did).stdout.strip()
    yesterday = (datetime.datetime.utcnow() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    new_activity(sam, cid, "note", "Met at the fair", body="Wants 40 seats, budget approved")
    tid = new_activity(sam, cid, "task", "Send the signed order", due=yesterday)
    home = get("/", headers={"Cookie": sam})
    tasks = home.text.split('id="tasks-title"')[1].split("</section>")[0]
    assert "Send the signed order" in tasks and "Overdue" in tasks
    assert "Met at the fair" in home.text.split('id="recent-title"')[1]
    page = get("/activities/%s" % tid, headers={"Cookie": sam})
    assert post("/activities/%s/complete" % tid, sam, csrf=csrf_of(page.text)).status == 303
    home = get("/", headers={"Cookie": sam})
    assert 'id="tasks-title"' not in home.text or "Send the signed order" not in \
        home.text.split('id="tasks-title"')[1].split("</section>")[0]
    timeline = get("/contacts/%s" % cid, headers={"Cookie": sam})
    assert "Met at the fair" in timeline.text and "Send the signed order" in timeline.text


def test_others_cannot_touch_the_lead():
    """a manager of another team gets 404 for the rep's lead, like a missing one; the auditor cannot convert"""
    mgr_name = creds()["sales-manager"][0]
    saved = mariadb("SELECT COALESCE(team_id, 'NULL') FROM users WHERE username = '%s'" % mgr_name).stdout.strip()
    mariadb("UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'Sales South') WHERE username = '%s'"
            % mgr_name)
    try:
        mgr = sessions()["sales-manager"]
        lid = STATE["lid"]
        assert get("/leads/%s" % lid, headers={"Cookie": mgr}).status == 404
        assert get("/leads/99999999", headers={"Cookie": mgr}).status == 404
    finally:
        mariadb("UPDATE users SET team_id = %s WHERE username = '%s'" % (saved, mgr_name))
    aud = sessions()["auditor"]
    page = get("/leads/%s" % STATE["lid"], headers={"Cookie": aud})
    assert page.status == 200
    assert post("/leads/%s/convert" % STATE["lid"], aud, csrf=csrf_of(page.text)).status == 403
