"""test_38_deal_links.py: a deal's account and its contacts with their
roles (issue 16). A rep picks the account and two contacts on the deal
form without script (search buttons, then selects), the deal page links
them with their roles, and each contact page lists the deal in its Deals
list (amounts hidden for the rep's role). A contact the rep may not view
(another user's, outside the rep's own-records scope) is never named: on
the deal page and form it is "A record you cannot open", keeping it is
allowed, and picking its id in a forged POST is refused with nothing
written. Moving a deal to a lost stage needs a reason; the reason is
stored and shown. Lead conversion links the account and the contact
(role decision maker). Self-contained: it makes its own records."""
import json
import re
import uuid

from harness import get, mariadb
from test_12_mfa import csrf_of, post
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of

TAG = "Dl" + uuid.uuid4().hex[:8]
STATE = {}


def page(session, path):
    r = get(path, headers={"Cookie": session})
    assert r.status == 200, (path, r.status)
    return r


def stage(name):
    return mariadb("SELECT id FROM deal_stages WHERE name = '%s'" % name).stdout.strip()


def ready():
    """The rep's account and two contacts, an administrator's contact the rep may not view, and the deal."""
    if "did" in STATE:
        return
    s = sessions()
    rep = s["sales-rep"]
    STATE["account"] = create(rep, "/accounts/new", {"name": "Acct %s AG" % TAG})
    STATE["ann"] = create(rep, "/contacts/new", {"first_name": "Ann", "last_name": TAG, "allow_duplicate": "on"})
    STATE["bob"] = create(rep, "/contacts/new", {"first_name": "Bob", "last_name": TAG, "allow_duplicate": "on"})
    STATE["secret"] = create(s["administrator"], "/contacts/new", {"first_name": "Secret", "last_name": TAG,
                                                                   "allow_duplicate": "on"})
    form = page(rep, "/deals/new")
    # The contact search offers the rep's two contacts in the empty rows, never the other one.
    found = form_post("/deals/new", rep, {"csrf": csrf_of(form.text), "name": "Links %s" % TAG, "currency": "CHF",
                                          "stage": stage("Prospecting"), "contacts_shown": "1",
                                          "contact_q": TAG, "contact_find": "1", "account_q": TAG,
                                          "account_find": "1"})
    assert found.status == 200, found.status
    rows = found.text[found.text.find('name="contact_1"'):found.text.find('id="contact_q"')]
    for who in ("ann", "bob"):
        assert '<option value="%s">' % STATE[who] in rows, (who, rows)
    assert '<option value="%s">Acct %s AG' % (STATE["account"], TAG) in found.text, found.text
    assert "Secret" not in found.text and 'value="%s"' % STATE["secret"] not in rows, rows
    assert 'value="Links %s"' % TAG in found.text, found.text          # the typed values are kept
    r = form_post("/deals/new", rep, {"csrf": csrf_of(form.text), "name": "Links %s" % TAG, "currency": "CHF",
                                      "stage": stage("Prospecting"), "account": STATE["account"],
                                      "next_step": "Send the offer", "forecast_category": "best_case",
                                      "contacts_shown": "1", "contact_1": STATE["ann"], "role_1": "decision_maker",
                                      "contact_2": STATE["bob"], "role_2": "influencer", "contact_3": ""})
    assert r.status == 303, (r.status, r.text[:500])
    STATE["did"] = r.headers["location"].rsplit("/", 1)[1]


def links():
    return mariadb("SELECT contact_id, role FROM deal_contacts WHERE deal_id = %s ORDER BY position"
                   % STATE["did"]).stdout.split()


def test_deal_with_two_contacts_and_roles():
    """the deal page links the account and both contacts with their roles; the create is audited with them"""
    ready()
    rep = sessions()["sales-rep"]
    assert links() == [STATE["ann"], "decision_maker", STATE["bob"], "influencer"], (links(), STATE)
    deal = page(rep, "/deals/%s" % STATE["did"])
    assert '<a href="/accounts/%s">Acct %s AG</a>' % (STATE["account"], TAG) in deal.text, deal.text[-3000:]
    assert re.search(r'<a href="/contacts/%s">Ann %s</a>\s*<span class="hint">Decision maker</span>'
                     % (STATE["ann"], TAG), deal.text), deal.text[deal.text.find("Contacts"):][:800]
    assert re.search(r'<a href="/contacts/%s">Bob %s</a>\s*<span class="hint">Influencer</span>'
                     % (STATE["bob"], TAG), deal.text), deal.text
    assert "Send the offer" in deal.text and "Best case" in deal.text, deal.text
    detail = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.create' AND object_type ="
                                " 'deals' AND object_id = '%s'" % STATE["did"]).stdout.strip())
    assert detail["after"]["account"] == int(STATE["account"]), detail
    assert detail["after"]["contacts"] == [{"contact": int(STATE["ann"]), "role": "decision_maker"},
                                           {"contact": int(STATE["bob"]), "role": "influencer"}], detail


def test_contact_pages_list_the_deal():
    """each contact's Deals list links the deal with the contact's role; the rep sees no amount, the admin does"""
    ready()
    s = sessions()
    for who, role in (("ann", "Decision maker"), ("bob", "Influencer")):
        contact = page(s["sales-rep"], "/contacts/%s" % STATE[who])
        section = contact.text[contact.text.find('id="contact-deals-title"'):]
        assert re.search(r'<a href="/deals/%s">Links %s</a></td>\s*<td class="nowrap">%s</td>' % (STATE["did"], TAG, role),
                         section), section[:1500]
        assert "Amounts are hidden for your role." in section and "0.00 CHF" not in section, section
    admin = page(s["administrator"], "/contacts/%s" % STATE["ann"])
    assert "0.00 CHF" in admin.text and "Amounts are hidden" not in admin.text, admin.text


def test_out_of_scope_contact_never_named():
    """an administrator's contact on the rep's deal: "A record you cannot open" on the page and form, kept on save"""
    ready()
    s = sessions()
    rep = s["sales-rep"]
    mariadb("INSERT INTO deal_contacts (deal_id, contact_id, role, position, created_at) VALUES (%s, %s, 'user', 2,"
            " UTC_TIMESTAMP())" % (STATE["did"], STATE["secret"]))
    deal = page(rep, "/deals/%s" % STATE["did"])
    assert "A record you cannot open" in deal.text
    assert "Secret" not in deal.text and "/contacts/%s" % STATE["secret"] not in deal.text
    form = page(rep, "/deals/%s/edit" % STATE["did"])
    assert "Secret" not in form.text and "A record you cannot open" in form.text
    # Saving the form as it is keeps it (it is not picked again) and changes the next step.
    fields = {"csrf": csrf_of(form.text), "version": version_of(form), "name": "Links %s" % TAG, "currency": "CHF",
              "stage": stage("Prospecting"), "account": STATE["account"], "next_step": "Call back",
              "contacts_shown": "1", "contact_1": STATE["ann"], "role_1": "decision_maker",
              "contact_2": STATE["bob"], "role_2": "influencer", "contact_3": STATE["secret"], "role_3": "user"}
    r = form_post("/deals/%s/edit" % STATE["did"], rep, fields)
    assert r.status == 303, (r.status, r.text[:500])
    assert links()[4:] == [STATE["secret"], "user"]
    assert "Secret %s" % TAG in page(s["administrator"], "/deals/%s" % STATE["did"]).text
    # The rep's view of the other contact's page is still refused.
    assert get("/contacts/%s" % STATE["secret"], headers={"Cookie": rep}).status == 404


def test_forged_contact_ids_refused():
    """a contact the rep may not view (newly picked), a missing one, letters, a duplicate, a bad role: 400, nothing written"""
    ready()
    rep = sessions()["sales-rep"]
    mariadb("DELETE FROM deal_contacts WHERE deal_id = %s AND contact_id = %s" % (STATE["did"], STATE["secret"]))
    before = (links(), mariadb("SELECT version FROM deals WHERE id = %s" % STATE["did"]).stdout)
    base = {"name": "Links %s" % TAG, "currency": "CHF", "stage": stage("Prospecting"), "account": STATE["account"],
            "contacts_shown": "1", "contact_1": STATE["ann"], "role_1": "decision_maker"}
    for extra, msg in (({"contact_2": STATE["secret"], "role_2": "user"}, "There is no such contact."),
                       ({"contact_2": "99999999", "role_2": "user"}, "There is no such contact."),
                       ({"contact_2": "abc", "role_2": "user"}, "There is no such contact."),
                       ({"contact_2": STATE["ann"], "role_2": "user"}, "only once"),
                       ({"contact_2": STATE["bob"], "role_2": "boss"}, "role from the list")):
        form = page(rep, "/deals/%s/edit" % STATE["did"])
        r = form_post("/deals/%s/edit" % STATE["did"], rep,
                      dict(base, csrf=csrf_of(form.text), version=version_of(form), **extra))
        assert r.status == 400 and msg in r.text, (extra, r.status)
        assert "Secret" not in r.text
    assert (links(), mariadb("SELECT version FROM deals WHERE id = %s" % STATE["did"]).stdout) == before
    n = mariadb("SELECT COUNT(*) FROM deals").stdout
    form = page(rep, "/deals/new")
    r = form_post("/deals/new", rep, dict(base, csrf=csrf_of(form.text), contact_2=STATE["secret"], role_2="user"))
    assert r.status == 400 and "There is no such contact." in r.text and "Secret" not in r.text
    assert mariadb("SELECT COUNT(*) FROM deals").stdout == n
    # Taking Bob off the deal (his row left out) is audited with before and after.
    form = page(rep, "/deals/%s/edit" % STATE["did"])
    r = form_post("/deals/%s/edit" % STATE["did"], rep, dict(base, csrf=csrf_of(form.text), version=version_of(form)))
    assert r.status == 303, (r.status, r.text[:400])
    assert links() == [STATE["ann"], "decision_maker"]
    detail = json.loads(mariadb("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type ="
                                " 'deals' AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % STATE["did"]).stdout)
    assert len(detail["before"]["contacts"]) == 2 and detail["after"]["contacts"] == [
        {"contact": int(STATE["ann"]), "role": "decision_maker"}], detail
    assert "/deals/%s" % STATE["did"] not in page(rep, "/contacts/%s" % STATE["bob"]).text


def test_lost_needs_a_reason():
    """moving to a lost stage without a reason is refused with a message; with one it is stored and shown"""
    ready()
    rep = sessions()["sales-rep"]
    deal = page(rep, "/deals/%s" % STATE["did"])
    r = post("/deals/%s/stage" % STATE["did"], rep, csrf=csrf_of(deal.text), version=version_of(deal),
             stage=stage("Lost"), lost_reason="")
    assert r.status == 400 and "moving it to a lost stage needs a reason" in r.text, r.status
    assert mariadb("SELECT s.name FROM deals d JOIN deal_stages s ON s.id = d.stage_id WHERE d.id = %s"
                   % STATE["did"]).stdout.strip() == "Prospecting"
    form = page(rep, "/deals/%s/edit" % STATE["did"])
    r = form_post("/deals/%s/edit" % STATE["did"], rep, {"csrf": csrf_of(form.text), "version": version_of(form),
                  "name": "Links %s" % TAG, "currency": "CHF", "stage": stage("Lost")})
    assert r.status == 400 and "a deal in a lost stage needs one" in r.text, r.status
    r = post("/deals/%s/stage" % STATE["did"], rep, csrf=csrf_of(deal.text), version=version_of(deal),
             stage=stage("Lost"), lost_reason="Budget went to a competitor")
    assert r.status == 303, (r.status, r.text[:400])
    assert mariadb("SELECT lost_reason FROM deals WHERE id = %s" % STATE["did"]).stdout.strip() == \
        "Budget went to a competitor"
    assert "Budget went to a competitor" in page(rep, "/deals/%s" % STATE["did"]).text


def test_lead_conversion_links_account_and_contact():
    """a converted lead's deal has the new account and the new contact as its decision maker"""
    rep = sessions()["sales-rep"]
    lid = create(rep, "/leads/new", {"first_name": "Lu", "last_name": TAG, "company": "Conv %s Ltd" % TAG})
    lead = page(rep, "/leads/%s" % lid)
    r = post("/leads/%s/convert" % lid, rep, csrf=csrf_of(lead.text), version=version_of(lead))
    assert r.status == 303 and r.headers["location"].startswith("/deals/"), (r.status, r.text[:300])
    did = r.headers["location"].rsplit("/", 1)[1]
    account, contact = mariadb("SELECT d.account_id, c.id FROM deals d JOIN contacts c ON c.last_name = '%s'"
                               " AND c.first_name = 'Lu' WHERE d.id = %s" % (TAG, did)).stdout.split()
    assert mariadb("SELECT name FROM accounts WHERE id = %s" % account).stdout.strip() == "Conv %s Ltd" % TAG
    assert mariadb("SELECT contact_id, role FROM deal_contacts WHERE deal_id = %s" % did).stdout.split() == \
        [contact, "decision_maker"]
    deal = page(rep, "/deals/%s" % did)
    assert '<a href="/accounts/%s">Conv %s Ltd</a>' % (account, TAG) in deal.text
    assert '<a href="/contacts/%s">Lu %s</a>' % (contact, TAG) in deal.text
    assert '<a href="/deals/%s">' % did in page(rep, "/contacts/%s" % contact).text
