"""test_39_account_related.py: an account page lists its related records
(issue 16): its contacts (a rep links one on the contact form and sees it
there), its open and closed deals with their totals per currency, the
leads converted into it and a timeline holding the activities of the
account, of its contacts and of its deals. Every related name is a link.
Links never leak: a contact, deal or activity the user may not view is
not shown (no name), not counted and not summed, while an administrator
sees the same records on the same page (so they are linked). Amounts
follow the role's rule for deals.amount: hidden, no amounts and no
totals but a note; masked, masked; visible, the totals, and the read is
audited. Lists stop at ten rows and say how many there are.
Self-contained: it makes its own records (the sales rep's scope is their
own records; the administrator's are out of it)."""
import json
import re
import uuid

from harness import get, mariadb
from test_12_mfa import csrf_of, post
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of
from test_26_csv_all import with_rules

TAG = "Rel" + uuid.uuid4().hex[:8]
STATE = {}


def page(session, path):
    r = get(path, headers={"Cookie": session})
    assert r.status == 200, (path, r.status)
    return r


def section(text, hid):
    """The markup of the section whose heading has id hid."""
    start = text.find('id="%s"' % hid)
    assert start >= 0, (hid, text[text.find("<main"):][:3000])
    return text[start:text.find("</section>", start)]


def count_of(sec):
    """The count badge of a section's heading."""
    return int(re.search(r'class="count">(\d+)<', sec).group(1))


def sql(q):
    return mariadb(q).stdout.strip()


def stage(name):
    return sql("SELECT id FROM deal_stages WHERE name = '%s'" % name)


def deal(session, name, account, cents, currency, stage_name):
    """A deal made on the deal form, then put on the account with an
    amount (the deal form has no account field; the rep's role may not
    set amounts)."""
    did = create(session, "/deals/new", {"name": name, "currency": currency, "stage": stage("Prospecting")})
    closed = stage_name in ("Won", "Lost")
    mariadb("UPDATE deals SET account_id = %s, amount_cents = %d, stage_id = %s, closed_at = %s WHERE id = %s"
            % (account, cents, stage(stage_name), "UTC_TIMESTAMP()" if closed else "NULL", did))
    return did


def link_contact(session, cid, first, last, account):
    form = page(session, "/contacts/%s/edit" % cid)
    r = form_post("/contacts/%s/edit" % cid, session, {"csrf": csrf_of(form.text), "version": version_of(form),
                                                       "first_name": first, "last_name": last, "account": account})
    assert r.status == 303, (r.status, r.text[:400])


def activity(session, related, rid, kind, subject):
    path = "/activities/new?related=%s&id=%s" % (related, rid)
    form = page(session, path + "&kind=" + kind)
    r = form_post(path, session, {"csrf": csrf_of(form.text), "kind": kind, "subject": subject, "body": "",
                                  "due_at": ""})
    assert r.status == 303, (r.status, r.text[:400])
    return r.headers["location"].rsplit("/", 1)[1]


def ready():
    """The rep's account with the rep's contact (linked on the form), four
    deals and an activity on the contact; the administrator's contact and
    deal on the same account (out of the rep's scope); an activity of the
    rep's on the administrator's contact."""
    if "acc" in STATE:
        return
    s = sessions()
    rep, admin = s["sales-rep"], s["administrator"]
    acc = create(rep, "/accounts/new", {"name": "Related %s AG" % TAG})
    cid = create(rep, "/contacts/new", {"first_name": "Ann", "last_name": TAG, "allow_duplicate": "on"})
    link_contact(rep, cid, "Ann", TAG, acc)
    secret = create(admin, "/contacts/new", {"first_name": "Secret", "last_name": TAG, "allow_duplicate": "on",
                                             "account": acc})
    deals = {
        "open_a": deal(rep, "Open A %s" % TAG, acc, 100000, "CHF", "Proposal"),
        "open_b": deal(rep, "Open B %s" % TAG, acc, 25050, "EUR", "Prospecting"),
        "won": deal(rep, "Won %s" % TAG, acc, 500000, "CHF", "Won"),
        "lost": deal(rep, "Lost %s" % TAG, acc, 70000, "CHF", "Lost"),
        "hidden": deal(admin, "Hidden deal %s" % TAG, acc, 999900, "CHF", "Negotiation"),
    }
    act = activity(rep, "contact", cid, "call", "Call with Ann %s" % TAG)
    deal_act = activity(rep, "deal", deals["open_a"], "meeting", "Meeting on Open A %s" % TAG)
    own = activity(rep, "account", acc, "note", "Note on the account %s" % TAG)
    # The rep's own activity on the administrator's contact and deal: the
    # rep may view the activities but not the records they are on.
    rep_id = sql("SELECT owner_id FROM accounts WHERE id = %s" % acc)
    for rel, rid in (("contact", secret), ("deal", deals["hidden"])):
        mariadb("INSERT INTO activities (kind, subject, related_type, related_id, owner_id, created_at, updated_at)"
                " VALUES ('call', 'Hidden %s call %s', '%s', %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
                % (rel, TAG, rel, rid, rep_id))
    STATE.update(acc=acc, cid=cid, secret=secret, deals=deals, act=act, deal_act=deal_act, own=own)


def test_rep_links_contact_and_sees_it_on_the_account():
    """the contact linked on the contact form is listed, as a link, on the account page"""
    ready()
    text = page(sessions()["sales-rep"], "/accounts/%s" % STATE["acc"]).text
    contacts = section(text, "rel-contacts")
    assert '<a href="/contacts/%s">Ann %s</a>' % (STATE["cid"], TAG) in contacts, contacts
    assert count_of(contacts) == 1, contacts


def test_out_of_scope_records_never_named_nor_counted():
    """the administrator's contact, deal and the activities on them: not named, not counted for the rep"""
    ready()
    text = page(sessions()["sales-rep"], "/accounts/%s" % STATE["acc"]).text
    for hidden in ("Secret %s" % TAG, "Hidden deal %s" % TAG, "Hidden contact call", "Hidden deal call",
                   "/contacts/%s\"" % STATE["secret"], "/deals/%s\"" % STATE["deals"]["hidden"]):
        assert hidden not in text, hidden
    assert count_of(section(text, "rel-contacts")) == 1
    assert count_of(section(text, "rel-open")) == 2
    assert count_of(section(text, "timeline-title")) == 3
    # The same records are on the same page for the administrator: they are linked.
    admin = page(sessions()["administrator"], "/accounts/%s" % STATE["acc"]).text
    assert '<a href="/contacts/%s">Secret %s</a>' % (STATE["secret"], TAG) in admin
    assert "Hidden deal %s" % TAG in admin and "Hidden contact call %s" % TAG in admin
    assert count_of(section(admin, "rel-contacts")) == 2 and count_of(section(admin, "rel-open")) == 3
    assert count_of(section(admin, "timeline-title")) == 5


def test_open_and_closed_deals_with_totals():
    """with amounts visible: open and closed deals as links with their amounts, totals per currency of visible deals only"""
    ready()
    rep = sessions()["sales-rep"]

    def check():
        text = page(rep, "/accounts/%s" % STATE["acc"]).text
        closed = section(text, "rel-closed")
        open_ = text[text.find('id="rel-open"'):text.find('id="rel-closed"')]
        d = STATE["deals"]
        for key in ("open_a", "open_b"):
            assert 'href="/deals/%s"' % d[key] in open_ and 'href="/deals/%s"' % d[key] not in closed, key
        for key in ("won", "lost"):
            assert 'href="/deals/%s"' % d[key] in closed and 'href="/deals/%s"' % d[key] not in open_, key
        foot = open_[open_.find("<tfoot"):]
        assert re.search(r'Total</span> <span class="count">1</span></th>\s*<td class="num amount">1,000.00 CHF<', foot), foot
        assert "250.50 EUR" in foot and "9,999.00" not in text and "10,999.00" not in text, foot
        cfoot = closed[closed.find("<tfoot"):]
        assert re.search(r'Won</span> <span class="count">1</span></th>\s*<td class="num amount">5,000.00 CHF<', cfoot), cfoot
        assert re.search(r'Lost</span> <span class="count">1</span></th>\s*<td class="num amount">700.00 CHF<', cfoot), cfoot
        assert count_of(open_) == 2 and count_of(closed) == 2
        assert "Amounts and totals are hidden" not in text
    seq = int(sql("SELECT COALESCE(MAX(seq), 0) FROM audit_log"))
    with_rules("sales-rep", {"f.deals.amount": "readonly"}, check)
    items = sql("SELECT items FROM audit_log WHERE action = 'record.view' AND object_type = 'deals'"
                " AND object_id = 'account:%s' AND seq > %d" % (STATE["acc"], seq))
    assert items == "4", items


def test_hidden_and_masked_amounts():
    """deals.amount hidden (the rep's default): no amounts, no totals, a note; masked: masked amounts and total"""
    ready()
    rep = sessions()["sales-rep"]
    text = page(rep, "/accounts/%s" % STATE["acc"]).text
    deals = text[text.find('id="rel-deals"'):text.find("</section>", text.find('id="rel-deals"'))]
    assert "Amounts and totals are hidden for your role." in deals
    assert "Open A %s" % TAG in deals and "<tfoot" not in deals and ">Amount<" not in deals
    for amount in ("1,000.00", "250.50", "5,000.00", "700.00", "CHF", "EUR"):
        assert amount not in deals, amount

    def masked():
        t = page(rep, "/accounts/%s" % STATE["acc"]).text
        d = t[t.find('id="rel-deals"'):t.find("</section>", t.find('id="rel-deals"'))]
        assert "\u2022\u2022\u2022" in d and "1,000.00" not in d and "CHF" not in d, d
        assert re.search(r'Total</span> <span class="count">2</span></th>\s*<td class="num amount">\u2022\u2022\u2022<', d)
    with_rules("sales-rep", {"f.deals.amount": "masked"}, masked)


def test_activities_of_contacts_and_deals_on_the_account_timeline():
    """the call on the account's contact and the meeting on its deal are on the account's timeline, naming them"""
    ready()
    text = page(sessions()["sales-rep"], "/accounts/%s" % STATE["acc"]).text
    tl = section(text, "timeline-title")
    assert '<a href="/activities/%s">Call with Ann %s</a>' % (STATE["act"], TAG) in tl, tl
    assert re.search(r'Contact</span>\s*<a href="/contacts/%s">Ann %s</a>' % (STATE["cid"], TAG), tl), tl
    assert '<a href="/activities/%s">Meeting on Open A %s</a>' % (STATE["deal_act"], TAG) in tl
    assert re.search(r'Deal</span>\s*<a href="/deals/%s">Open A %s</a>' % (STATE["deals"]["open_a"], TAG), tl)
    assert '<a href="/activities/%s">Note on the account %s</a>' % (STATE["own"], TAG) in tl
    assert "Hidden" not in tl
    # still on the contact's own timeline
    assert "Call with Ann %s" % TAG in page(sessions()["sales-rep"], "/contacts/%s" % STATE["cid"]).text


def test_converted_lead_listed_on_its_account():
    """a converted lead points at the account made for it (audited) and is listed there as a link"""
    rep = sessions()["sales-rep"]
    lid = create(rep, "/leads/new", {"first_name": "Lena", "last_name": TAG, "company": "Lead %s GmbH" % TAG})
    lead = page(rep, "/leads/%s" % lid)
    r = post("/leads/%s/convert" % lid, rep, csrf=csrf_of(lead.text), version=version_of(lead))
    assert r.status == 303, (r.status, r.text[:400])
    acc = sql("SELECT converted_account_id FROM leads WHERE id = %s" % lid)
    assert acc == sql("SELECT id FROM accounts WHERE name = 'Lead %s GmbH'" % TAG), acc
    detail = json.loads(sql("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'leads'"
                            " AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % lid))
    assert detail["after"]["account"] == int(acc), detail
    text = page(rep, "/accounts/%s" % acc).text
    leads = section(text, "rel-leads")
    assert '<a href="/leads/%s">Lena %s</a>' % (lid, TAG) in leads and count_of(leads) == 1, leads
    assert "Lena %s" % TAG in section(text, "rel-contacts") and count_of(section(text, "rel-open")) == 1


def test_lists_are_bounded():
    """twelve contacts: ten listed, the count says twelve, a note says only the first ten are shown"""
    rep = sessions()["sales-rep"]
    acc = create(rep, "/accounts/new", {"name": "Many %s AG" % TAG})
    owner = sql("SELECT owner_id FROM accounts WHERE id = %s" % acc)
    for i in range(12):
        mariadb("INSERT INTO contacts (account_id, first_name, last_name, owner_id, created_at, updated_at)"
                " VALUES (%s, 'P%02d', '%s', %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (acc, i, TAG, owner))
    contacts = section(page(rep, "/accounts/%s" % acc).text, "rel-contacts")
    assert len(re.findall(r'<a href="/contacts/\d+">', contacts)) == 10 and count_of(contacts) == 12, contacts
    assert "Only the first 10 are shown." in contacts
    assert "P00 %s" % TAG in contacts and "P11 %s" % TAG not in contacts
