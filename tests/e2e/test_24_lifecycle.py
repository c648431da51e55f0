"""test_24_lifecycle.py: the record lifecycle of every type through nginx:
soft delete and restore of contacts, accounts, leads, deals and
activities (audited; restore refused after [server] restore_days and out
of scope, with the same 404 as a missing record); an account that live
contacts and deals belong to is not deleted (the page counts them); a
stale version is a conflict for deleting and for reassigning; owner
reassignment by the rules (all scope: anyone enabled; team or own scope:
the own team or oneself; the team follows the new owner), audited with
from and to; CSRF refused; crmctl reassign for a leaver."""
import json
import os
import re
import subprocess
from urllib.parse import urlencode

from harness import BIN, VAR, get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of
from test_17_access import sessions

STATE = {}
TYPES = ("contacts", "accounts", "leads", "deals", "activities")


def form_post(path, session, fields):
    return request("POST", path, body=urlencode(fields).encode(), headers=dict(FORM, Cookie=session))


def strip(text):
    return re.sub(r'[0-9a-f]{32,64}', "", text)


def user_id(name):
    return mariadb("SELECT id FROM users WHERE username = '%s'" % name).stdout.strip()


def team_id(name):
    return mariadb("SELECT id FROM teams WHERE name = '%s'" % name).stdout.strip()


def version_of(page):
    return re.search(r'name="version" value="(\d+)"', page.text).group(1)


def create(session, path, fields):
    form = get(path, headers={"Cookie": session})
    assert form.status == 200, (path, form.status)
    r = form_post(path, session, dict(fields, csrf=csrf_of(form.text)))
    assert r.status == 303, (path, r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def new_records(session, tag):
    """One record of each type owned by session's user: {type: id}."""
    cid = create(session, "/contacts/new", {"first_name": "Life", "last_name": tag, "allow_duplicate": "on"})
    stage = mariadb("SELECT id FROM deal_stages WHERE name = 'Prospecting'").stdout.strip()
    return {
        "contacts": cid,
        "accounts": create(session, "/accounts/new", {"name": "Lifecycle %s AG" % tag}),
        "leads": create(session, "/leads/new", {"first_name": "Lead", "last_name": tag, "company": "X"}),
        "deals": create(session, "/deals/new", {"name": "Deal %s" % tag, "currency": "CHF", "stage": stage}),
        "activities": create(session, "/activities/new?related=contact&id=%s" % cid,
                             {"kind": "note", "subject": "Note %s" % tag}),
    }


def ready():
    """Once: sam and max in Sales North, fin in Sales South; a disabled user in Sales North."""
    if "north" in STATE:
        return
    north, south = team_id("Sales North"), team_id("Sales South")
    sessions()
    for role, team in (("sales-rep", north), ("sales-manager", north), ("finance", south)):
        mariadb("UPDATE users SET team_id = %s WHERE username = '%s'" % (team, creds()[role][0]))
    mariadb("INSERT IGNORE INTO users (username, source, created_at) VALUES ('gone24', 'directory', UTC_TIMESTAMP())")
    mariadb("UPDATE users SET disabled = 1, team_id = %s WHERE username = 'gone24'" % north)
    STATE.update(north=north, south=south)


def test_delete_and_restore_every_type():
    """each type: the page's delete (with its version) hides it, the deleted list restores it; both audited"""
    ready()
    admin = sessions()["administrator"]
    ids = new_records(admin, "Round")
    for kind in TYPES:
        rid = ids[kind]
        page = get("/%s/%s" % (kind, rid), headers={"Cookie": admin})
        assert page.status == 200 and 'action="/%s/%s/delete"' % (kind, rid) in page.text, kind
        r = form_post("/%s/%s/delete" % (kind, rid), admin, {"csrf": csrf_of(page.text), "version": version_of(page)})
        assert r.status == 303 and r.headers["location"] == "/" + kind, (kind, r.status, r.text[:300])
        assert get("/%s/%s" % (kind, rid), headers={"Cookie": admin}).status == 404, kind
        listing = get("/%s" % kind, headers={"Cookie": admin})
        assert 'href="/%s/deleted"' % kind in listing.text, kind
        deleted = get("/%s/deleted" % kind, headers={"Cookie": admin})
        assert deleted.status == 200 and "/%s/%s/restore" % (kind, rid) in deleted.text, kind
        r = form_post("/%s/%s/restore" % (kind, rid), admin, {"csrf": csrf_of(deleted.text)})
        assert r.status == 303 and r.headers["location"] == "/%s/%s" % (kind, rid), (kind, r.status)
        assert get("/%s/%s" % (kind, rid), headers={"Cookie": admin}).status == 200, kind
        rows = mariadb("SELECT action, detail FROM audit_log WHERE object_type = '%s' AND object_id = '%s'"
                       " AND action IN ('record.delete', 'record.update') ORDER BY seq" % (kind, rid)).stdout
        assert '{"soft":true}' in rows and '{"restored":true}' in rows, (kind, rows)
    STATE["admin_ids"] = ids


def test_account_with_live_records_is_kept():
    """an account that a live contact and deal belong to is not deleted; the page counts them; afterwards it is"""
    ready()
    admin = sessions()["administrator"]
    ids = STATE["admin_ids"]
    aid = ids["accounts"]
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (aid, ids["contacts"]))
    mariadb("UPDATE deals SET account_id = %s WHERE id = %s" % (aid, ids["deals"]))
    page = get("/accounts/%s" % aid, headers={"Cookie": admin})
    r = form_post("/accounts/%s/delete" % aid, admin, {"csrf": csrf_of(page.text), "version": version_of(page)})
    assert r.status == 409 and "live records still belong to it" in r.text, (r.status, r.text[:300])
    assert re.search(r'Contacts</span> <strong>1</strong>', r.text) and re.search(r'Deals</span> <strong>1</strong>', r.text)
    assert get("/accounts/%s" % aid, headers={"Cookie": admin}).status == 200
    for kind in ("contacts", "deals"):
        p = get("/%s/%s" % (kind, ids[kind]), headers={"Cookie": admin})
        assert form_post("/%s/%s/delete" % (kind, ids[kind]), admin, {"csrf": csrf_of(p.text)}).status == 303
    page = get("/accounts/%s" % aid, headers={"Cookie": admin})
    r = form_post("/accounts/%s/delete" % aid, admin, {"csrf": csrf_of(page.text), "version": version_of(page)})
    assert r.status == 303, (r.status, r.text[:300])


def test_stale_version_is_a_conflict():
    """deleting and reassigning with the version of an older page change nothing (409)"""
    ready()
    admin = sessions()["administrator"]
    lid = STATE["admin_ids"]["leads"]
    old = get("/leads/%s" % lid, headers={"Cookie": admin})
    form = get("/leads/%s/edit" % lid, headers={"Cookie": admin})
    r = form_post("/leads/%s/edit" % lid, admin, {"csrf": csrf_of(form.text), "version": version_of(form),
                  "first_name": "Lead", "last_name": "Renamed", "company": "X", "status": "contacted"})
    assert r.status == 303, r.status
    r = form_post("/leads/%s/delete" % lid, admin, {"csrf": csrf_of(old.text), "version": version_of(old)})
    assert r.status == 409 and "Someone changed this record" in r.text
    r = form_post("/leads/%s/owner" % lid, admin, {"csrf": csrf_of(old.text), "version": version_of(old),
                  "owner": user_id(creds()["sales-manager"][0])})
    assert r.status == 409 and "Someone changed this record" in r.text
    assert get("/leads/%s" % lid, headers={"Cookie": admin}).status == 200
    assert mariadb("SELECT owner_id FROM leads WHERE id = %s" % lid).stdout.strip() == user_id("accessadmin")


def test_restore_refused_out_of_scope_and_after_the_period():
    """a manager neither lists nor restores another team's deleted record (404 like missing); nobody restores one past the period"""
    ready()
    admin, mgr = sessions()["administrator"], sessions()["sales-manager"]
    fin_name = creds()["finance"][0]
    did = STATE["admin_ids"]["deals"]          # deleted above
    mariadb("UPDATE deals SET owner_id = %s, team_id = %s WHERE id = %s" % (user_id(fin_name), STATE["south"], did))
    listing = get("/deals/deleted", headers={"Cookie": mgr})
    assert listing.status == 200 and "/deals/%s/restore" % did not in listing.text
    a = form_post("/deals/%s/restore" % did, mgr, {"csrf": csrf_of(listing.text)})
    b = form_post("/deals/99999999/restore", mgr, {"csrf": csrf_of(listing.text)})
    assert a.status == b.status == 404 and strip(a.text) == strip(b.text)
    mariadb("UPDATE deals SET deleted_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE id = %s" % did)
    listing = get("/deals/deleted", headers={"Cookie": admin})
    assert "/deals/%s/restore" % did not in listing.text
    assert form_post("/deals/%s/restore" % did, admin, {"csrf": csrf_of(listing.text)}).status == 404
    assert mariadb("SELECT deleted_at IS NOT NULL FROM deals WHERE id = %s" % did).stdout.strip() == "1"
    rep = sign_in(*creds()["sales-rep"])[1]
    assert get("/deals/deleted", headers={"Cookie": rep}).status == 403     # reps may not delete deals


def test_purge_removes_an_old_deleted_account():
    """crmctl purge-deleted removes an account past the period and destroys its data key"""
    ready()
    aid = STATE["admin_ids"]["accounts"]       # deleted above, its contact and deal too
    mariadb("UPDATE accounts SET deleted_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE id = %s" % aid)
    r = subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf"), "purge-deleted"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "accounts" in r.stdout, r.stdout + r.stderr
    assert mariadb("SELECT COUNT(*) FROM accounts WHERE id = %s" % aid).stdout.strip() == "0"
    assert mariadb("SELECT COUNT(*) FROM contacts WHERE account_id = %s" % aid).stdout.strip() == "0"
    assert mariadb("SELECT COUNT(*) FROM data_keys WHERE subject_type = 'account' AND subject_id = %s"
                   " AND wrapped IS NOT NULL" % aid).stdout.strip() == "0"


def test_manager_reassigns_within_the_team():
    """the manager (team scope) sees only the team as choices, gives a record to a team member, not to another team"""
    ready()
    mgr, rep_name, mgr_name = sessions()["sales-manager"], creds()["sales-rep"][0], creds()["sales-manager"][0]
    rep = sign_in(*creds()["sales-rep"])[1]
    cid = create(rep, "/contacts/new", {"first_name": "Owned", "last_name": "BySam", "allow_duplicate": "on"})
    page = get("/contacts/%s" % cid, headers={"Cookie": mgr})
    assert page.status == 200 and 'action="/contacts/%s/owner"' % cid in page.text
    choices = re.findall(r'<option value="(\d+)"', page.text.split('name="owner"')[1].split("</select>")[0])
    assert user_id(rep_name) in choices and user_id(mgr_name) in choices
    assert user_id(creds()["finance"][0]) not in choices and user_id("gone24") not in choices
    for other in (user_id(creds()["finance"][0]), user_id("gone24"), "99999999"):
        r = form_post("/contacts/%s/owner" % cid, mgr, {"csrf": csrf_of(page.text), "version": version_of(page),
                      "owner": other})
        assert r.status == 403 and "enabled users of your own team" in r.text, (other, r.status)
    for bad in ("", "abc", "0", "-1", "1e3"):
        r = form_post("/contacts/%s/owner" % cid, mgr, {"csrf": csrf_of(page.text), "version": version_of(page),
                      "owner": bad})
        assert r.status == 400 and "Choose the new owner" in r.text, (bad, r.status)
    r = form_post("/contacts/%s/owner" % cid, mgr, {"csrf": csrf_of(page.text), "version": version_of(page),
                  "owner": user_id(rep_name)})
    assert r.status == 400 and "owns the record already" in r.text
    assert mariadb("SELECT owner_id FROM contacts WHERE id = %s" % cid).stdout.strip() == user_id(rep_name)
    r = form_post("/contacts/%s/owner" % cid, mgr, {"csrf": csrf_of(page.text), "version": version_of(page),
                  "owner": user_id(mgr_name)})
    assert r.status == 303 and r.headers["location"] == "/contacts/%s" % cid, (r.status, r.text[:300])
    assert mariadb("SELECT owner_id, team_id FROM contacts WHERE id = %s" % cid).stdout.split() == \
        [user_id(mgr_name), STATE["north"]]
    rec = mariadb("SELECT actor, detail FROM audit_log WHERE action = 'record.reassign' AND object_type = 'contacts'"
                  " AND object_id = '%s'" % cid).stdout.strip().split("\t")
    assert rec[0] == mgr_name and json.loads(rec[1])["from"] == rep_name and json.loads(rec[1])["to"] == mgr_name
    assert get("/contacts/%s" % cid, headers={"Cookie": rep}).status == 404     # the rep sees own records only
    STATE["cid"] = cid


def test_rep_gives_own_record_to_teammate_only():
    """a rep (own scope) may give an own lead to a teammate, not to another team; another's record answers 404"""
    ready()
    rep, mgr_name = sign_in(*creds()["sales-rep"])[1], creds()["sales-manager"][0]
    lid = create(rep, "/leads/new", {"first_name": "Rep", "last_name": "Lead", "company": "Y"})
    page = get("/leads/%s" % lid, headers={"Cookie": rep})
    base = {"csrf": csrf_of(page.text), "version": version_of(page)}
    r = form_post("/leads/%s/owner" % lid, rep, dict(base, owner=user_id(creds()["finance"][0])))
    assert r.status == 403
    a = form_post("/contacts/%s/owner" % STATE["cid"], rep, dict(base, owner=user_id(mgr_name)))
    b = form_post("/contacts/99999999/owner", rep, dict(base, owner=user_id(mgr_name)))
    assert a.status == b.status == 404 and strip(a.text) == strip(b.text)
    r = form_post("/leads/%s/owner" % lid, rep, dict(base, owner=user_id(mgr_name)))
    assert r.status == 303, (r.status, r.text[:300])
    assert mariadb("SELECT owner_id FROM leads WHERE id = %s" % lid).stdout.strip() == user_id(mgr_name)
    aud = sessions()["auditor"]
    assert 'name="owner"' not in get("/leads/%s" % lid, headers={"Cookie": aud}).text
    assert form_post("/leads/%s/owner" % lid, aud, dict(base, owner=user_id(mgr_name))).status == 403


def test_administrator_gives_to_another_team():
    """all scope: any enabled user, and the record's team becomes the new owner's team"""
    ready()
    admin, fin_name = sessions()["administrator"], creds()["finance"][0]
    aid = create(admin, "/activities/new?related=contact&id=%s" % STATE["cid"], {"kind": "task", "subject": "Call back"})
    page = get("/activities/%s" % aid, headers={"Cookie": admin})
    r = form_post("/activities/%s/owner" % aid, admin, {"csrf": csrf_of(page.text), "version": version_of(page),
                  "owner": user_id("gone24")})
    assert r.status == 403                                          # disabled
    r = form_post("/activities/%s/owner" % aid, admin, {"csrf": csrf_of(page.text), "version": version_of(page),
                  "owner": user_id(fin_name)})
    assert r.status == 303, (r.status, r.text[:300])
    assert mariadb("SELECT owner_id, team_id FROM activities WHERE id = %s" % aid).stdout.split() == \
        [user_id(fin_name), STATE["south"]]
    detail = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.reassign'"
                                " AND object_type = 'activities' AND object_id = '%s'" % aid).stdout)
    assert detail["to"] == fin_name and detail["team_id"] == int(STATE["south"]), detail


def test_posts_without_csrf_refused():
    """delete, restore and owner changes without the session's CSRF token are refused and change nothing"""
    ready()
    admin = sessions()["administrator"]
    ids = new_records(admin, "Csrf")
    for kind in TYPES:
        for action, extra in (("delete", {}), ("restore", {}), ("owner", {"owner": user_id(creds()["finance"][0])})):
            r = form_post("/%s/%s/%s" % (kind, ids[kind], action), admin, dict(extra, version="1"))
            assert r.status == 403, (kind, action, r.status)
        assert get("/%s/%s" % (kind, ids[kind]), headers={"Cookie": admin}).status == 200, kind
    STATE["csrf_ids"] = ids


def crmctl(*args):
    return subprocess.run([os.path.join(BIN, "crmctl"), "-c", os.path.join(VAR, "crm.conf")] + list(args),
                          capture_output=True, text=True)


def test_crmctl_reassign_for_a_leaver():
    """crmctl reassign moves every record of a leaver (deleted ones too), one audit record per type, team following"""
    ready()
    ids, fin_name = STATE["csrf_ids"], creds()["finance"][0]
    mariadb("INSERT IGNORE INTO users (username, source, created_at) VALUES ('leaver24', 'directory', UTC_TIMESTAMP())")
    leaver = user_id("leaver24")
    for kind in TYPES:
        mariadb("UPDATE %s SET owner_id = %s, team_id = %s WHERE id = %s" % (kind, leaver, STATE["north"], ids[kind]))
    mariadb("UPDATE leads SET deleted_at = UTC_TIMESTAMP() WHERE id = %s" % ids["leads"])
    mariadb("UPDATE users SET disabled = 1 WHERE id = %s" % leaver)
    before = mariadb("SELECT version FROM contacts WHERE id = %s" % ids["contacts"]).stdout.strip()
    assert crmctl("reassign", "--from", "leaver24").returncode == 2
    assert crmctl("reassign", "--from", "leaver24", "--to", fin_name, "--type", "widgets").returncode == 2
    assert crmctl("reassign", "--from", "leaver24", "--to", "leaver24").returncode == 2
    r = crmctl("reassign", "--from", "leaver24", "--to", "gone24")
    assert r.returncode == 1 and "disabled" in r.stderr, r.stderr
    assert crmctl("reassign", "--from", "nobody24", "--to", fin_name).returncode == 1
    r = crmctl("reassign", "--from", "leaver24", "--to", fin_name, "--type", "contacts")
    assert r.returncode == 0 and "1 contacts" in r.stdout and "accounts" not in r.stdout, r.stdout + r.stderr
    r = crmctl("reassign", "--from", "leaver24", "--to", fin_name)
    assert r.returncode == 0 and "0 contacts 1 accounts 1 leads 1 deals 1 activities" in r.stdout, r.stdout + r.stderr
    for kind in TYPES:
        assert mariadb("SELECT owner_id, team_id FROM %s WHERE id = %s" % (kind, ids[kind])).stdout.split() == \
            [user_id(fin_name), STATE["south"]], kind
    assert int(mariadb("SELECT version FROM contacts WHERE id = %s" % ids["contacts"]).stdout) > int(before)
    recs = mariadb("SELECT object_type, items, detail FROM audit_log WHERE action = 'record.reassign'"
                   " AND actor = 'crmctl' AND object_id = 'bulk' AND detail LIKE '%%leaver24%%' ORDER BY seq").stdout
    rows = [line.split("\t") for line in recs.strip().splitlines()]
    assert [(t, n) for t, n, _ in rows] == [("contacts", "1"), ("accounts", "1"), ("leads", "1"), ("deals", "1"),
                                            ("activities", "1")], rows
    assert json.loads(rows[0][2])["to"] == fin_name
    assert "0 contacts 0 accounts" in crmctl("reassign", "--from", "leaver24", "--to", fin_name).stdout
