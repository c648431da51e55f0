"""test_41_delete_links.py: deleting a record that other records link to
(issue 16). The delete answers with what is linked (counts of every
linked row, also those the user may not open, never their names) and
two choices: keep the record (nothing changes) or "Unlink and delete"
(the links are removed in the delete's transaction, saved, and listed in
its audit record). Restoring puts back the links that still make sense,
listed in the restore's audit record. No live row is left pointing at a
deleted record through a declared link. History (activities) stays
attached and does not ask. Self-contained: it makes its own records."""
import json
import uuid

from harness import get, mariadb
from test_11_signin import creds
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_24_lifecycle import create, crmctl, form_post, version_of

TAG = "Dl" + uuid.uuid4().hex[:8]
STATE = {}
# The declared links a deletion unlinks: (table, column, table pointed at).
UNLINKED = (("contacts", "account_id", "accounts"), ("deals", "account_id", "accounts"),
            ("deals", "contact_id", "contacts"))


def sql(q):
    return mariadb(q).stdout.strip()


def stage():
    return sql("SELECT id FROM deal_stages WHERE name = 'Prospecting'")


def dangling(ids):
    """Live rows pointing at a deleted record of ids ({table: id}) through a declared link."""
    n = 0
    for table, column, target in UNLINKED:
        if target in ids:
            n += int(sql("SELECT COUNT(*) FROM %s t JOIN %s x ON x.id = t.%s WHERE t.deleted_at IS NULL"
                         " AND x.deleted_at IS NOT NULL AND x.id = %s" % (table, target, column, ids[target])))
    return n


def audit(kind, rid, action):
    return json.loads(sql("SELECT detail FROM audit_log WHERE object_type = '%s' AND object_id = '%s'"
                          " AND action = '%s' ORDER BY seq DESC LIMIT 1" % (kind, rid, action)))


def ready():
    """The manager (team scope) in Sales North; an account of theirs with their contact, a contact they
    may not open (the administrator's), a deal of the account and the contact, and an activity."""
    if "aid" in STATE:
        return
    s = sessions()
    mgr_name = creds()["sales-manager"][0]
    mariadb("UPDATE users SET team_id = (SELECT id FROM teams WHERE name = 'Sales North') WHERE username = '%s'"
            % mgr_name)
    mgr, admin = s["sales-manager"], s["administrator"]
    aid = create(mgr, "/accounts/new", {"name": "Linked %s AG" % TAG})
    c1 = create(mgr, "/contacts/new", {"first_name": "Visible", "last_name": TAG, "allow_duplicate": "on"})
    c2 = create(admin, "/contacts/new", {"first_name": "Hidden", "last_name": "Secret" + TAG, "allow_duplicate": "on"})
    did = create(mgr, "/deals/new", {"name": "Deal %s" % TAG, "currency": "CHF", "stage": stage()})
    act = create(mgr, "/activities/new?related=account&id=%s" % aid, {"kind": "note", "subject": "Note " + TAG})
    mariadb("UPDATE contacts SET account_id = %s WHERE id IN (%s, %s)" % (aid, c1, c2))
    mariadb("UPDATE deals SET account_id = %s, contact_id = %s WHERE id = %s" % (aid, c1, did))
    assert get("/contacts/%s" % c2, headers={"Cookie": mgr}).status == 404      # out of the manager's scope
    STATE.update(mgr=mgr, admin=admin, aid=aid, c1=c1, c2=c2, did=did, act=act)


def ask(session, kind, rid, extra=None):
    page = get("/%s/%s" % (kind, rid), headers={"Cookie": session})
    assert page.status == 200, (kind, rid, page.status)
    fields = {"csrf": csrf_of(page.text), "version": version_of(page)}
    return form_post("/%s/%s/delete" % (kind, rid), session, dict(fields, **(extra or {})))


def test_delete_asks_with_counts_only():
    """deleting an account with links answers with the counts (also of a contact the user may not open), no names"""
    ready()
    r = ask(STATE["mgr"], "accounts", STATE["aid"])
    assert r.status == 409, (r.status, r.text[:300])
    assert "live records still belong to it" in r.text and "Linked %s AG" % TAG in r.text    # names the record
    assert "Contacts</span> <strong>2</strong>" in r.text, r.text
    assert "Deals</span> <strong>1</strong>" in r.text and "Activities</span> <strong>1</strong>" in r.text
    assert "Unlink and delete" in r.text and 'name="unlink" value="1"' in r.text
    assert 'href="/accounts/%s"' % STATE["aid"] in r.text                          # keep it: back to the record
    for name in ("Secret" + TAG, "Visible", "Deal " + TAG, "Note " + TAG):
        assert name not in r.text, name
    STATE["question"] = r.text


def test_refusing_changes_nothing():
    """keeping the record: it, its links and the audit trail are as before"""
    ready()
    aid = STATE["aid"]
    assert get("/accounts/%s" % aid, headers={"Cookie": STATE["mgr"]}).status == 200
    assert sql("SELECT deleted_at IS NULL FROM accounts WHERE id = %s" % aid) == "1"
    assert sql("SELECT COUNT(*) FROM contacts WHERE account_id = %s" % aid) == "2"
    assert sql("SELECT account_id FROM deals WHERE id = %s" % STATE["did"]) == aid
    assert sql("SELECT COUNT(*) FROM record_unlinks WHERE kind = 'accounts' AND record_id = %s" % aid) == "0"
    assert sql("SELECT COUNT(*) FROM audit_log WHERE object_type = 'accounts' AND object_id = '%s'"
               " AND action = 'record.delete'" % aid) == "0"


def test_unlink_with_a_stale_version_is_a_conflict():
    """the answer's form carries the version: a record changed since is not deleted, nothing unlinked"""
    ready()
    aid, mgr = STATE["aid"], STATE["mgr"]
    page = get("/accounts/%s" % aid, headers={"Cookie": mgr})
    r = form_post("/accounts/%s/delete" % aid, mgr, {"csrf": csrf_of(page.text), "unlink": "1",
                  "version": str(int(version_of(page)) - 1)})
    assert r.status == 409 and "Someone changed this record" in r.text
    assert sql("SELECT COUNT(*) FROM contacts WHERE account_id = %s" % aid) == "2"


def test_unlink_and_delete():
    """"Unlink and delete" clears the links in the delete's transaction, audited with what was unlinked"""
    ready()
    aid, mgr = STATE["aid"], STATE["mgr"]
    r = ask(mgr, "accounts", aid, {"unlink": "1"})
    assert r.status == 303 and r.headers["location"] == "/accounts", (r.status, r.text[:300])
    assert get("/accounts/%s" % aid, headers={"Cookie": mgr}).status == 404
    assert sql("SELECT COUNT(*) FROM contacts WHERE account_id = %s" % aid) == "0"
    assert sql("SELECT COALESCE(account_id, 0), contact_id FROM deals WHERE id = %s" % STATE["did"]).split() == \
        ["0", STATE["c1"]]
    assert dangling({"accounts": aid}) == 0
    detail = audit("accounts", aid, "record.delete")
    assert detail["soft"] is True, detail
    assert detail["unlinked"]["contact_account"] == {"n": 2, "ids": sorted([int(STATE["c1"]), int(STATE["c2"])])}
    assert detail["unlinked"]["deal_account"] == {"n": 1, "ids": [int(STATE["did"])]}, detail
    assert sql("SELECT COUNT(*) FROM record_unlinks WHERE kind = 'accounts' AND record_id = %s" % aid) == "3"
    # the activity stays attached to the deleted account
    assert sql("SELECT related_type, related_id, deleted_at IS NULL FROM activities WHERE id = %s"
               % STATE["act"]).split() == ["account", aid, "1"]


def test_restore_puts_back_what_still_makes_sense():
    """restoring relinks the contacts and the deal; one linked elsewhere meanwhile keeps its new account"""
    ready()
    aid, mgr, admin = STATE["aid"], STATE["mgr"], STATE["admin"]
    other = create(admin, "/accounts/new", {"name": "Other %s AG" % TAG})
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (other, STATE["c2"]))
    listing = get("/accounts/deleted", headers={"Cookie": mgr})
    assert listing.status == 200 and "/accounts/%s/restore" % aid in listing.text
    r = form_post("/accounts/%s/restore" % aid, mgr, {"csrf": csrf_of(listing.text)})
    assert r.status == 303 and r.headers["location"] == "/accounts/%s" % aid, (r.status, r.text[:300])
    assert sql("SELECT account_id FROM contacts WHERE id = %s" % STATE["c1"]) == aid
    assert sql("SELECT account_id FROM contacts WHERE id = %s" % STATE["c2"]) == other
    assert sql("SELECT account_id FROM deals WHERE id = %s" % STATE["did"]) == aid
    detail = audit("accounts", aid, "record.update")
    assert detail["restored"] is True, detail
    assert detail["relinked"] == {"contact_account": {"n": 1, "ids": [int(STATE["c1"])]},
                                  "deal_account": {"n": 1, "ids": [int(STATE["did"])]}}, detail
    assert sql("SELECT COUNT(*) FROM record_unlinks WHERE kind = 'accounts' AND record_id = %s" % aid) == "0"
    page = get("/accounts/%s" % aid, headers={"Cookie": mgr})
    assert page.status == 200 and "Visible" in page.text


def test_contact_linked_to_a_deal():
    """a contact a deal names: asked, then unlinked with the delete and relinked by the restore"""
    ready()
    admin = STATE["admin"]
    cid = create(admin, "/contacts/new", {"first_name": "Dealt", "last_name": TAG, "allow_duplicate": "on"})
    did = create(admin, "/deals/new", {"name": "Deal of %s" % TAG, "currency": "CHF", "stage": stage()})
    mariadb("UPDATE deals SET contact_id = %s WHERE id = %s" % (cid, did))
    r = ask(admin, "contacts", cid)
    assert r.status == 409 and "Deals</span> <strong>1</strong>" in r.text, (r.status, r.text[:300])
    assert sql("SELECT contact_id FROM deals WHERE id = %s" % did) == cid
    r = ask(admin, "contacts", cid, {"unlink": "1"})
    assert r.status == 303, (r.status, r.text[:300])
    assert sql("SELECT COALESCE(contact_id, 0) FROM deals WHERE id = %s" % did) == "0"
    assert dangling({"contacts": cid}) == 0
    assert audit("contacts", cid, "record.delete")["unlinked"] == {"deal_contact": {"n": 1, "ids": [int(did)]}}
    listing = get("/contacts/deleted", headers={"Cookie": admin})
    assert form_post("/contacts/%s/restore" % cid, admin, {"csrf": csrf_of(listing.text)}).status == 303
    assert sql("SELECT contact_id FROM deals WHERE id = %s" % did) == cid
    assert audit("contacts", cid, "record.update")["relinked"] == {"deal_contact": {"n": 1, "ids": [int(did)]}}


def test_history_only_does_not_ask():
    """a contact with only an activity is deleted at once as before; the activity stays attached"""
    ready()
    admin = STATE["admin"]
    cid = create(admin, "/contacts/new", {"first_name": "Quiet", "last_name": TAG, "allow_duplicate": "on"})
    act = create(admin, "/activities/new?related=contact&id=%s" % cid, {"kind": "note", "subject": "Hist " + TAG})
    r = ask(admin, "contacts", cid)
    assert r.status == 303, (r.status, r.text[:300])
    assert audit("contacts", cid, "record.delete") == {"soft": True}
    assert sql("SELECT related_id, deleted_at IS NULL FROM activities WHERE id = %s" % act).split() == [cid, "1"]


def test_deleted_rows_lose_the_link_too():
    """a deleted contact's link to an account being deleted is removed without asking (its restore would
    otherwise point at a deleted account) and comes back with the account"""
    ready()
    admin = STATE["admin"]
    aid = create(admin, "/accounts/new", {"name": "Quiet %s AG" % TAG})
    cid = create(admin, "/contacts/new", {"first_name": "Gone", "last_name": TAG, "allow_duplicate": "on"})
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (aid, cid))
    assert ask(admin, "contacts", cid).status == 303
    r = ask(admin, "accounts", aid)
    assert r.status == 303, (r.status, r.text[:300])
    assert sql("SELECT COALESCE(account_id, 0) FROM contacts WHERE id = %s" % cid) == "0"
    assert audit("accounts", aid, "record.delete")["unlinked"] == {"contact_account": {"n": 1, "ids": [int(cid)]}}
    listing = get("/contacts/deleted", headers={"Cookie": admin})
    assert form_post("/contacts/%s/restore" % cid, admin, {"csrf": csrf_of(listing.text)}).status == 303
    assert sql("SELECT COALESCE(account_id, 0) FROM contacts WHERE id = %s" % cid) == "0"   # never dangling
    listing = get("/accounts/deleted", headers={"Cookie": admin})
    assert form_post("/accounts/%s/restore" % aid, admin, {"csrf": csrf_of(listing.text)}).status == 303
    assert sql("SELECT account_id FROM contacts WHERE id = %s" % cid) == aid


def test_purge_drops_saved_links_past_the_period():
    """crmctl purge-deleted drops the saved links of deletions older than the restore period"""
    ready()
    admin = STATE["admin"]
    aid = create(admin, "/accounts/new", {"name": "Aged %s AG" % TAG})
    cid = create(admin, "/contacts/new", {"first_name": "Aged", "last_name": TAG, "allow_duplicate": "on"})
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (aid, cid))
    assert ask(admin, "accounts", aid, {"unlink": "1"}).status == 303
    saved = "SELECT COUNT(*) FROM record_unlinks WHERE kind = 'accounts' AND record_id = %s" % aid
    assert sql(saved) == "1"
    mariadb("UPDATE record_unlinks SET unlinked_at = UTC_TIMESTAMP() - INTERVAL 40 DAY WHERE record_id = %s" % aid)
    r = crmctl("purge-deleted")
    assert r.returncode == 0, r.stdout + r.stderr
    assert sql(saved) == "0"
