"""test_25_activities_everywhere.py: activities on accounts, deals and
leads, and the list filters, through nginx. A sales rep attaches a task,
an overdue task, a call and a note to an account, a deal and a lead: each
record's page shows its timeline newest first with open and overdue tasks
marked and links to add each kind; the activity links back to its
record; /activities and the dashboard name the record. Attaching to a
record out of scope, deleted or missing answers the same 404 and stores
nothing. A converted lead keeps its activities and the deal links to it.
The attached record's name is shown only to those who may view it. The
lists of accounts, leads, deals and activities filter by their obvious
fields, refuse bad values with a message (400), and keep the filter in
their paging links. Every creation is audited with its record."""
import datetime
import html
import json
import re
from urllib.parse import urlencode

from harness import get, mariadb, no_internals, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, post
from test_17_access import sessions
from test_18_contacts import strip

STATE = {}
CHOICE = "Choose one of the options offered."


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def when(days):
    return (datetime.datetime.utcnow() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def created_id(r):
    assert r.status == 303, (r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def user_id(role):
    return mariadb("SELECT id FROM users WHERE username = '%s'" % creds()[role][0]).stdout.strip()


def team_id(name):
    return mariadb("SELECT id FROM teams WHERE name = '%s'" % name).stdout.strip()


def stage_id(name):
    return mariadb("SELECT id FROM deal_stages WHERE name = '%s'" % name).stdout.strip()


def new_record(session, kind, fields):
    form = get("/%s/new" % kind, headers={"Cookie": session})
    assert form.status == 200, (kind, form.status)
    return created_id(form_post("/%s/new" % kind, session, dict(fields, csrf=csrf_of(form.text))))


def new_activity(session, related, rid, kind, subject, body="", due=""):
    path = "/activities/new?related=%s&id=%s" % (related, rid)
    page = get(path + "&kind=" + kind, headers={"Cookie": session})
    assert page.status == 200, (path, page.status)
    return created_id(form_post(path, session, {"csrf": csrf_of(page.text), "kind": kind, "subject": subject,
                                                "body": body, "due_at": due}))


def rows_of(page, prefix):
    """The record ids a list page links to, e.g. prefix "/deals/"."""
    return set(re.findall(r'href="%s(\d+)"' % re.escape(prefix), page.text))


def test_attach_to_account_deal_lead():
    """a rep attaches a task, an overdue task, a call and a note to an account, a deal and a lead"""
    mariadb("UPDATE users SET team_id = %s WHERE id = %s" % (team_id("Sales North"), user_id("sales-rep")))
    name, pw = creds()["sales-rep"]
    _, sam = sign_in(name, pw)
    recs = {
        "account": new_record(sam, "accounts", {"name": "Umbrella Logistics"}),
        "deal": new_record(sam, "deals", {"name": "Umbrella fleet renewal", "currency": "EUR",
                                          "stage": stage_id("Proposal")}),
        "lead": new_record(sam, "leads", {"first_name": "Rosa", "last_name": "Keller", "company": "Keller Bau"}),
    }
    acts = {}
    for rel, rid in recs.items():
        acts[rel] = {
            "task": new_activity(sam, rel, rid, "task", "Send %s terms" % rel, due=when(5)),
            "late": new_activity(sam, rel, rid, "task", "Chase %s reply" % rel, due=when(-3)[:10]),
            "call": new_activity(sam, rel, rid, "call", "Called %s" % rel, body="Asked about dates"),
            "note": new_activity(sam, rel, rid, "note", "Notes on %s" % rel, body="Secret %s memo" % rel),
        }
        row = mariadb("SELECT related_type, related_id, HEX(body) FROM activities WHERE id = %s"
                      % acts[rel]["note"]).stdout.split()
        assert row[:2] == [rel, rid] and b"memo".hex().upper() not in row[2], row
    STATE.update(sam=sam, recs=recs, acts=acts)


def test_timeline_on_each_record_page():
    """each record page shows its activities newest first, open and overdue tasks marked, and add links"""
    sam, recs, acts = STATE["sam"], STATE["recs"], STATE["acts"]
    paths = {"account": "/accounts/%s", "deal": "/deals/%s", "lead": "/leads/%s"}
    for rel, rid in recs.items():
        page = get(paths[rel] % rid, headers={"Cookie": sam})
        assert page.status == 200, (rel, page.status)
        text = page.text.split('id="timeline-title"')[1]
        subjects = ["Notes on %s", "Called %s", "Chase %s reply", "Send %s terms"]
        pos = [text.find(s % rel) for s in subjects]
        assert -1 not in pos and pos == sorted(pos), (rel, pos)
        items = text.split("<li")
        late = next(i for i in items if "Chase %s reply" % rel in i)
        task = next(i for i in items if "Send %s terms" % rel in i)
        call = next(i for i in items if "Called %s" % rel in i)
        assert "Overdue" in late and "Open" not in late, late
        assert "Open" in task and "Overdue" not in task, task
        assert "Open" not in call and "Overdue" not in call, call
        for kind in ("task", "call", "meeting", "note"):
            assert "/activities/new?related=%s&amp;id=%s&amp;kind=%s" % (rel, rid, kind) in page.text, (rel, kind)
        assert "Secret" not in page.text     # bodies are not in lists
        seen = mariadb("SELECT items FROM audit_log WHERE action = 'record.view' AND object_type = 'activities'"
                       " AND object_id = '%s:%s' ORDER BY seq DESC LIMIT 1" % (rel, rid)).stdout.strip()
        assert seen == "4", (rel, seen)
        one = get("/activities/%s" % acts[rel]["note"], headers={"Cookie": sam})
        assert one.status == 200 and "Secret %s memo" % rel in one.text
        assert 'href="%s"' % (paths[rel] % rid) in one.text, rel


def test_lists_and_dashboard_name_the_record():
    """/activities and the dashboard name the account, deal and lead an activity is attached to"""
    sam = STATE["sam"]
    page = get("/activities", headers={"Cookie": sam})
    assert page.status == 200
    recent = page.text.split('id="recent-title"')[1]
    for label, name, href in (("Account", "Umbrella Logistics", "/accounts/%s" % STATE["recs"]["account"]),
                              ("Deal", "Umbrella fleet renewal", "/deals/%s" % STATE["recs"]["deal"]),
                              ("Lead", "Rosa Keller", "/leads/%s" % STATE["recs"]["lead"])):
        assert 'href="%s"' % href in recent and name in recent, (label, name)
    tasks = page.text.split('id="tasks-title"')[1].split('id="recent-title"')[0]
    assert "Umbrella Logistics" in tasks and "Chase account reply" in tasks
    home = get("/", headers={"Cookie": sam})
    tasks = home.text.split('id="tasks-title"')[1].split("</section>")[0]
    assert 'href="/accounts/%s"' % STATE["recs"]["account"] in tasks and "Umbrella Logistics" in tasks
    recent = home.text.split('id="recent-title"')[1].split("</section>")[0]
    assert 'href="/leads/%s"' % STATE["recs"]["lead"] in recent and "Rosa Keller" in recent


def test_creation_audited_with_its_record():
    """each activity's record.create names its record (type:id), the notes masked"""
    for rel, rid in STATE["recs"].items():
        aid = STATE["acts"][rel]["note"]
        rec = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.create'"
                                 " AND object_type = 'activities' AND object_id = '%s'" % aid).stdout)
        assert rec["after"]["related"] == "%s:%s" % (rel, rid), rec
        assert rec["after"]["body"] == "S\u2022\u2022\u2022" and "memo" not in json.dumps(rec), rec


def test_out_of_scope_deleted_and_missing_are_alike():
    """another team's manager, a deleted record and a missing one all get the same 404; nothing is stored"""
    mgr_id = user_id("sales-manager")
    saved = mariadb("SELECT COALESCE(team_id, 'NULL') FROM users WHERE id = %s" % mgr_id).stdout.strip()
    mariadb("UPDATE users SET team_id = %s WHERE id = %s" % (team_id("Sales South"), mgr_id))
    before = mariadb("SELECT COUNT(*) FROM activities").stdout
    try:
        mgr = sessions()["sales-manager"]
        token = csrf_of(get("/account/sessions", headers={"Cookie": mgr}).text)
        for rel, rid in STATE["recs"].items():
            path = "/activities/new?related=%s&id=%%s" % rel
            theirs, missing = get(path % rid, headers={"Cookie": mgr}), get(path % "99999999", headers={"Cookie": mgr})
            assert theirs.status == missing.status == 404 and strip(theirs.text) == strip(missing.text), rel
            r = form_post(path % rid, mgr, {"csrf": token, "kind": "note", "subject": "sneaky"})
            assert r.status == 404, (rel, r.status)
    finally:
        mariadb("UPDATE users SET team_id = %s WHERE id = %s" % (saved, mgr_id))
    sam, admin = STATE["sam"], sessions()["administrator"]
    gone = {
        "deal": new_record(sam, "deals", {"name": "Short-lived deal", "currency": "CHF",
                                          "stage": stage_id("Prospecting")}),
        "lead": new_record(sam, "leads", {"first_name": "Gone", "last_name": "Soon", "company": "Nowhere"}),
        "account": new_record(sam, "accounts", {"name": "Vanished GmbH"}),
    }
    for rel in ("deal", "lead"):
        page = get("/%ss/%s" % (rel, gone[rel]), headers={"Cookie": admin})
        assert post("/%ss/%s/delete" % (rel, gone[rel]), admin, csrf=csrf_of(page.text)).status == 303, rel
    mariadb("UPDATE accounts SET deleted_at = UTC_TIMESTAMP() WHERE id = %s" % gone["account"])
    token = csrf_of(get("/account/sessions", headers={"Cookie": sam}).text)
    for rel, rid in gone.items():
        path = "/activities/new?related=%s&id=%%s" % rel
        deleted, missing = get(path % rid, headers={"Cookie": sam}), get(path % "99999999", headers={"Cookie": sam})
        assert deleted.status == missing.status == 404 and strip(deleted.text) == strip(missing.text), rel
        assert form_post(path % rid, sam, {"csrf": token, "kind": "note", "subject": "sneaky"}).status == 404, rel
    for bad in ("/activities/new?related=invoice&id=1", "/activities/new?related=account&id=01",
                "/activities/new?related=account&id=-1", "/activities/new?related=account"):
        assert get(bad, headers={"Cookie": sam}).status == 404, bad
    assert mariadb("SELECT COUNT(*) FROM activities").stdout == before
    assert mariadb("SELECT COUNT(*) FROM activities WHERE subject = 'sneaky'").stdout.strip() == "0"


def test_record_name_only_for_those_who_may_view_it():
    """an activity stays visible to its owner, but the record's name goes once the record is out of their scope"""
    sam = STATE["sam"]
    aid = new_record(sam, "accounts", {"name": "Hidden Harbour AG"})
    act = new_activity(sam, "account", aid, "note", "About the harbour")
    other = user_id("finance")
    mariadb("UPDATE accounts SET owner_id = %s, team_id = %s WHERE id = %s" % (other, team_id("Sales South"), aid))
    page = get("/activities/%s" % act, headers={"Cookie": sam})
    assert page.status == 200 and "About the harbour" in page.text
    assert "Hidden Harbour" not in page.text and "/accounts/%s" % aid not in page.text
    assert "not visible to you" in page.text
    listing = get("/activities", headers={"Cookie": sam})
    assert "About the harbour" in listing.text and "Hidden Harbour" not in listing.text
    assert "Hidden Harbour" in get("/activities/%s" % act, headers={"Cookie": sessions()["auditor"]}).text


def test_converted_lead_keeps_its_activities():
    """converting a lead leaves its activities on the lead; the deal links to the lead"""
    sam, lid = STATE["sam"], STATE["recs"]["lead"]
    page = get("/leads/%s" % lid, headers={"Cookie": sam})
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    did = created_id(post("/leads/%s/convert" % lid, sam, csrf=csrf_of(page.text), version=version))
    n = mariadb("SELECT COUNT(*) FROM activities WHERE related_type = 'lead' AND related_id = %s" % lid).stdout
    assert n.strip() == "4", n
    deal = get("/deals/%s" % did, headers={"Cookie": sam})
    assert deal.status == 200 and 'href="/leads/%s"' % lid in deal.text and "Rosa Keller" in deal.text
    assert "Converted from lead" in deal.text
    lead = get("/leads/%s" % lid, headers={"Cookie": sam})
    assert "Notes on lead" in lead.text and 'href="/deals/%s"' % did in lead.text
    assert "Secret lead memo" in get("/activities/%s" % STATE["acts"]["lead"]["note"], headers={"Cookie": sam}).text


def test_account_filters():
    """accounts filter by owner (within the user's scope) and keep the search; bad values are refused"""
    admin, sam = sessions()["administrator"], STATE["sam"]
    theirs = new_record(admin, "accounts", {"name": "Umbrella Holdings"})
    mine = STATE["recs"]["account"]
    both = rows_of(get("/accounts?q=Umbrella", headers={"Cookie": admin}), "/accounts/")
    assert {theirs, mine} <= both, both
    only = get("/accounts?q=Umbrella&owner=%s" % user_id("sales-rep"), headers={"Cookie": admin})
    assert only.status == 200 and mine in rows_of(only, "/accounts/") and theirs not in rows_of(only, "/accounts/")
    assert re.search(r'<option value="%s" selected="selected">' % user_id("sales-rep"), only.text), "owner kept"
    for bad in ("owner=abc", "owner=0", "owner=99999999"):
        r = get("/accounts?" + bad, headers={"Cookie": admin})
        assert r.status == 400 and "field-error" in r.text and no_internals(r.text), (bad, r.status)
    r = get("/accounts?owner=%s" % user_id("finance"), headers={"Cookie": sam})     # not in a rep's scope
    assert r.status == 400 and CHOICE in r.text
    assert get("/accounts?owner=%s" % user_id("sales-rep"), headers={"Cookie": sam}).status == 200


def test_lead_filters():
    """leads filter by status and owner; a bad status is refused with a message"""
    admin, sam = sessions()["administrator"], STATE["sam"]
    fresh = new_record(sam, "leads", {"first_name": "Nina", "last_name": "Frei", "company": "Frei AG"})
    conv = STATE["recs"]["lead"]
    page = get("/leads?status=converted", headers={"Cookie": sam})
    assert page.status == 200 and conv in rows_of(page, "/leads/") and fresh not in rows_of(page, "/leads/")
    page = get("/leads?status=new&owner=%s" % user_id("sales-rep"), headers={"Cookie": admin})
    assert fresh in rows_of(page, "/leads/") and conv not in rows_of(page, "/leads/")
    assert get("/leads?status=new&owner=%s" % user_id("finance"), headers={"Cookie": admin}).status == 200
    assert fresh not in rows_of(get("/leads?owner=%s" % user_id("finance"), headers={"Cookie": admin}), "/leads/")
    for bad in ("status=won", "status=NEW", "status=new&status=contacted", "owner=1x"):
        r = get("/leads?" + bad, headers={"Cookie": sam})
        assert r.status == 400 and "field-error" in r.text and no_internals(r.text), (bad, r.status)
    assert CHOICE in get("/leads?status=won", headers={"Cookie": sam}).text


def test_deal_filters():
    """deals filter by stage, outcome, currency and owner; bad values are refused with a message"""
    fin, sam = sessions()["finance"], STATE["sam"]
    eur = STATE["recs"]["deal"]                 # Proposal, EUR
    chf = new_record(sam, "deals", {"name": "Keller crane hire", "currency": "CHF", "stage": stage_id("Proposal")})
    won = new_record(sam, "deals", {"name": "Keller scaffolding", "currency": "CHF", "stage": stage_id("Won")})
    ids = lambda q, s=sam: rows_of(get("/deals?" + q, headers={"Cookie": s}), "/deals/")   # noqa: E731
    assert {eur, chf} <= ids("stage=%s" % stage_id("Proposal")) and won not in ids("stage=%s" % stage_id("Proposal"))
    assert won in ids("outcome=won") and eur not in ids("outcome=won")
    assert {eur, chf} <= ids("outcome=open") and won not in ids("outcome=open")
    assert eur in ids("currency=EUR") and chf not in ids("currency=EUR")
    assert chf in ids("currency=CHF&outcome=open") and won not in ids("currency=CHF&outcome=open")
    assert {eur, chf, won} <= ids("owner=%s" % user_id("sales-rep"), fin)
    assert eur not in ids("owner=%s" % user_id("finance"), fin)
    for bad in ("stage=99999999", "stage=abc", "outcome=pending", "currency=XYZ", "currency=eur",
                "owner=%s" % user_id("finance")):
        r = get("/deals?" + bad, headers={"Cookie": sam})
        assert r.status == 400 and "field-error" in r.text and no_internals(r.text), (bad, r.status)
        assert "Keller crane hire" not in r.text, bad
    assert 'value="%s" selected="selected"' % stage_id("Won") in get("/deals?stage=%s" % stage_id("Won"),
                                                                   headers={"Cookie": sam}).text


def test_activity_filters():
    """activities filter by kind, state (open, overdue, done) and owner; bad values are refused"""
    sam, acts = STATE["sam"], STATE["acts"]
    page = get("/activities", headers={"Cookie": sam})
    done = acts["deal"]["task"]
    assert post("/activities/%s/complete" % done, sam, csrf=csrf_of(page.text)).status == 303
    ids = lambda q: rows_of(get("/activities?" + q, headers={"Cookie": sam}), "/activities/")   # noqa: E731
    calls = ids("kind=call")
    assert {a["call"] for a in acts.values()} <= calls and not calls & {a["note"] for a in acts.values()}
    overdue = ids("state=overdue")
    assert {a["late"] for a in acts.values()} <= overdue and not overdue & {a["task"] for a in acts.values()}
    opened = ids("state=open")
    assert {acts["account"]["task"], acts["account"]["late"]} <= opened and done not in opened
    assert acts["account"]["call"] not in opened                  # the state concerns tasks
    assert done in ids("state=done") and acts["account"]["task"] not in ids("state=done")
    assert acts["lead"]["note"] in ids("kind=note&owner=%s" % user_id("sales-rep"))
    filtered = get("/activities?kind=note", headers={"Cookie": sam})
    assert 'id="tasks-title"' not in filtered.text and "Clear the filter" in filtered.text
    for bad in ("kind=email", "state=late", "owner=%s" % user_id("finance"), "owner=-3", "kind=note&kind=call"):
        r = get("/activities?" + bad, headers={"Cookie": sam})
        assert r.status == 400 and "field-error" in r.text and no_internals(r.text), (bad, r.status)


def test_filter_kept_across_pages():
    """the next-page link carries the filter, and the second page holds only matching rows"""
    sam, uid = STATE["sam"], user_id("sales-rep")
    mariadb("INSERT INTO activities (kind, subject, related_type, related_id, owner_id, team_id, created_at,"
            " updated_at) SELECT 'meeting', CONCAT('Bulk meeting ', seq), 'account', %s, %s, %s,"
            " UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_60"
            % (STATE["recs"]["account"], uid, team_id("Sales North")))
    first = get("/activities?kind=meeting&owner=%s" % uid, headers={"Cookie": sam})
    assert first.status == 200
    nxt = re.search(r'href="(/activities\?[^"]*after=\d+)"', first.text)
    assert nxt, "no next link"
    link = html.unescape(nxt.group(1))
    assert "kind=meeting" in link and "owner=%s" % uid in link, link
    second = get(link, headers={"Cookie": sam})
    assert second.status == 200
    subjects = re.findall(r'href="/activities/\d+">([^<]*)<', second.text)
    assert subjects and all(s.startswith("Bulk meeting") for s in subjects), subjects
    assert len(rows_of(first, "/activities/")) == 50
    assert len(rows_of(first, "/activities/") | rows_of(second, "/activities/")) == 60
