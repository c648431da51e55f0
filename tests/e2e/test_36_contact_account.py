"""test_36_contact_account.py: a contact belongs to at most one account,
picked on the contact form without script (a search box that shows the
matching accounts the user may view, then a select), shown on the
contact page as a link, and listed with its contacts on the account
page. An account the user may not view is never named: not in the
search, not on the contact page ("A record you cannot open"), and
picking its id is refused with nothing written. The change of account
is in the record.update audit details. Self-contained: it makes its own
records (the sales rep's scope is their own records)."""
import json
import re
import uuid

from harness import get, mariadb
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of

TAG = "Ca" + uuid.uuid4().hex[:8]
STATE = {}


def page(session, path):
    r = get(path, headers={"Cookie": session})
    assert r.status == 200, (path, r.status)
    return r


def ready():
    """The rep's account and contact, and an administrator's account the rep may not view."""
    if "mine" in STATE:
        return
    s = sessions()
    STATE["mine"] = create(s["sales-rep"], "/accounts/new", {"name": "Mine %s AG" % TAG})
    STATE["theirs"] = create(s["administrator"], "/accounts/new", {"name": "Secret %s GmbH" % TAG})
    STATE["cid"] = create(s["sales-rep"], "/contacts/new", {"first_name": "Ann", "last_name": TAG,
                                                           "allow_duplicate": "on"})


def test_search_offers_only_accounts_in_scope():
    """the form's search lists the rep's account by part of its name, never the other one"""
    ready()
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/%s/edit" % STATE["cid"])
    r = form_post("/contacts/%s/edit" % STATE["cid"], rep,
                  {"csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Ann",
                   "last_name": TAG, "account": "", "account_q": TAG, "account_find": "1"})
    assert r.status == 200, r.status
    assert 'value="%s"' % STATE["mine"] in r.text and "Mine %s AG" % TAG in r.text
    assert "Secret %s" % TAG not in r.text
    assert 'value="%s"' % STATE["theirs"] not in r.text
    assert 'value="Ann"' in r.text          # the typed values are kept
    by_get = page(rep, "/contacts/new?account_q=" + TAG)
    assert "Mine %s AG" % TAG in by_get.text and "Secret %s" % TAG not in by_get.text


def test_rep_links_contact_and_sees_it_on_the_account():
    """saving the picked account: the contact links to it, the account lists the contact, the update is audited"""
    ready()
    rep = sessions()["sales-rep"]
    form = page(rep, "/contacts/%s/edit" % STATE["cid"])
    r = form_post("/contacts/%s/edit" % STATE["cid"], rep,
                  {"csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Ann",
                   "last_name": TAG, "account": STATE["mine"]})
    assert r.status == 303, (r.status, r.text[:400])
    contact = page(rep, "/contacts/%s" % STATE["cid"])
    assert re.search(r'<a href="/accounts/%s">Mine %s AG</a>' % (STATE["mine"], TAG), contact.text), \
        contact.text[contact.text.find("Account"):][:600]
    account = page(rep, "/accounts/%s" % STATE["mine"])
    assert '<a href="/contacts/%s">' % STATE["cid"] in account.text, account.text[-3000:]
    detail = mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'contacts'"
                     " AND object_id = '%s' AND detail LIKE '%%account%%'" % STATE["cid"]).stdout.strip()
    assert json.loads(detail) == {"before": {"account": ""}, "after": {"account": int(STATE["mine"])}}, detail
    listed = page(rep, "/accounts?q=Mine+" + TAG)
    assert re.search(r'Contacts</span> <span>1</span></td>', listed.text), listed.text[-2000:]


def test_hostile_account_id_refused():
    """an account the rep may not view, a missing one and letters: 400 with the pick message, nothing changed"""
    ready()
    rep = sessions()["sales-rep"]
    before = mariadb("SELECT CONCAT(COALESCE(account_id, 0), ':', version) FROM contacts WHERE id = %s"
                     % STATE["cid"]).stdout.strip()
    for bad in (STATE["theirs"], "99999999", "0", "-1", "abc"):
        form = page(rep, "/contacts/%s/edit" % STATE["cid"])
        r = form_post("/contacts/%s/edit" % STATE["cid"], rep,
                      {"csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Ann",
                       "last_name": TAG, "account": bad})
        assert r.status == 400, (bad, r.status)
        assert "Secret %s" % TAG not in r.text
    assert mariadb("SELECT CONCAT(COALESCE(account_id, 0), ':', version) FROM contacts WHERE id = %s"
                   % STATE["cid"]).stdout.strip() == before
    form = page(rep, "/contacts/new")
    n = mariadb("SELECT COUNT(*) FROM contacts").stdout.strip()
    r = form_post("/contacts/new", rep, {"csrf": csrf_of(form.text), "first_name": "Bo", "last_name": TAG,
                                         "account": STATE["theirs"], "allow_duplicate": "on"})
    assert r.status == 400 and "There is no such account." in r.text, r.status
    assert "Secret %s" % TAG not in r.text
    assert mariadb("SELECT COUNT(*) FROM contacts").stdout.strip() == n


def test_out_of_scope_account_never_named():
    """a contact of the rep's linked (by conversion or an administrator) to an account the rep may not view"""
    ready()
    rep = sessions()["sales-rep"]
    mariadb("UPDATE contacts SET account_id = %s WHERE id = %s" % (STATE["theirs"], STATE["cid"]))
    contact = page(rep, "/contacts/%s" % STATE["cid"])
    assert "A record you cannot open" in contact.text, contact.text
    assert "Secret %s" % TAG not in contact.text and "/accounts/%s" % STATE["theirs"] not in contact.text
    form = page(rep, "/contacts/%s/edit" % STATE["cid"])
    assert "Secret %s" % TAG not in form.text and "A record you cannot open" in form.text, form.text
    # keeping it while changing the name is allowed; the administrator sees the name
    r = form_post("/contacts/%s/edit" % STATE["cid"], rep,
                  {"csrf": csrf_of(form.text), "version": version_of(form), "first_name": "Anna",
                   "last_name": TAG, "account": STATE["theirs"]})
    assert r.status == 303, (r.status, r.text)
    admin = page(sessions()["administrator"], "/contacts/%s" % STATE["cid"])
    assert "Secret %s GmbH" % TAG in admin.text, admin.text
    # the rep's own account page does not count or list it any more
    assert '/contacts/%s"' % STATE["cid"] not in page(rep, "/accounts/%s" % STATE["mine"]).text
