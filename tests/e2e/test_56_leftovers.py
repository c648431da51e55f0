"""test_56_leftovers.py: what issue 17's second round left, through
nginx. The board's "N more deals" link keeps the board's whole filter
(owner, team, close dates) and /deals applies it with the board's checks;
counts read "1 deal" / "2 deals" on the board and the dashboard (and
in the screen-reader text); the audit trail shows a deal's stage change
by the stages' names and its amount as "Amount" formatted like the deal
page. Self-contained: the deals are made in a team of the test's own,
with the sales manager moved into it for the test and back at the end."""
import html
import re
import uuid
from urllib.parse import urlencode

from harness import get, mariadb, no_internals, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of
from test_17_access import sessions
from test_24_lifecycle import create, form_post, version_of
from test_46_pipeline_board import sql1, stage_id, user_id
from test_50_admin_readable import visible_text

TAG = "L56-" + uuid.uuid4().hex[:6]
STATE = {}


def add_deal(name, stage, owner, team, cents=1000, close=None, currency="CHF"):
    mariadb("INSERT INTO deals (name, amount_cents, currency, stage_id, probability, expected_close,"
            " owner_id, team_id, created_at, updated_at) VALUES ('%s', %d, '%s', %s, 20, %s, %s, %s,"
            " UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (name, cents, currency, stage_id(stage),
                                                     "'%s'" % close if close else "NULL", owner, team))
    return sql1("SELECT id FROM deals WHERE name = '%s' ORDER BY id DESC LIMIT 1" % name)


def setup():
    """Once: the manager's session, a team of the test's own with the manager in it, and the deals."""
    if "mgr" in STATE:
        return
    mgr_name, mgr_pw = creds()["sales-manager"]
    sign_in(mgr_name, mgr_pw)       # the user row exists after a first sign-in
    mgr = user_id(mgr_name)
    STATE["saved"] = (mgr_name, sql1("SELECT COALESCE(team_id, 'NULL') FROM users WHERE id = %s" % mgr))
    mariadb("INSERT INTO teams (name, created_at) VALUES ('%s', UTC_TIMESTAMP())" % TAG)
    team = sql1("SELECT id FROM teams WHERE name = '%s'" % TAG)
    mariadb("UPDATE users SET team_id = %s WHERE id = %s" % (team, mgr))
    STATE["mgr"] = sign_in(mgr_name, mgr_pw)[1]     # a session that starts in the new team
    other = sql1("SELECT id FROM teams WHERE name <> '%s' ORDER BY id LIMIT 1" % TAG)
    STATE.update(team=team, other=other, mgr_id=mgr)
    # 53 matching deals in Qualification (the column shows 50), then newer
    # ones the filter leaves out: a later close date, and no close date.
    for i in range(53):
        add_deal("%s Match %02d" % (TAG, i), "Qualification", mgr, team, close="2032-05-%02d" % (i % 28 + 1))
    STATE["late"] = add_deal(TAG + " Late", "Qualification", mgr, team, close="2033-01-01")
    STATE["undated"] = add_deal(TAG + " Undated", "Qualification", mgr, team)
    # One deal alone in Negotiation: its column says "1 deal".
    STATE["one"] = add_deal(TAG + " Single", "Negotiation", mgr, team, 1234567, close="2032-05-03")
    # One deal won today: the dashboard says "1 deal" won this quarter.
    STATE["won"] = add_deal(TAG + " Won", "Won", mgr, team, 5000)
    mariadb("UPDATE deals SET closed_at = UTC_TIMESTAMP() WHERE id = %s" % STATE["won"])


def board(**query):
    setup()
    return get("/deals/pipeline?" + urlencode(query), headers={"Cookie": STATE["mgr"]})


def column(text, stage):
    for part in text.split("<section")[1:]:
        if 'class="stage-name">%s<' % stage in part:
            return part.split("</section>")[0]
    raise AssertionError("no column %s" % stage)


def board_filter():
    setup()
    return {"owner": STATE["mgr_id"], "team": STATE["team"], "close_from": "2032-05-01", "close_to": "2032-05-31"}


# ---- 1. the board's "more deals" link keeps the filter ----

def test_more_link_keeps_every_filter():
    """the column's "N more deals" link carries owner, team and close dates, and /deals shows just those deals"""
    f = board_filter()
    page = board(**f)
    assert page.status == 200, page.text[:500]
    qual = column(page.text, "Qualification")
    assert qual.count('class="deal-card"') == 50 and TAG + " Late" not in qual, qual[:300]
    m = re.search(r'class="stage-more">.*?<a href="([^"]+)"', qual, re.S)
    assert m, qual[-600:]
    href = html.unescape(m.group(1))
    assert href == "/deals?stage=%s&%s" % (stage_id("Qualification"), urlencode(f)), href
    listed = get(href, headers={"Cookie": STATE["mgr"]})
    assert listed.status == 200, (listed.status, listed.text[:500])
    assert TAG + " Late" not in listed.text and TAG + " Undated" not in listed.text
    assert TAG + " Single" not in listed.text and TAG + " Won" not in listed.text
    assert listed.text.count(TAG + " Match") == 50
    # The filter holds on the next page: the 3 left.
    nxt = re.search(r'<a href="([^"]+)">Next page<', listed.text)
    assert nxt, listed.text[-800:]
    rest = get(html.unescape(nxt.group(1)), headers={"Cookie": STATE["mgr"]})
    assert rest.status == 200 and rest.text.count(TAG + " Match") == 3 and TAG + " Late" not in rest.text
    # The list's filter form shows the team and dates chosen.
    assert re.search(r'<option value="%s" selected="selected">%s<' % (STATE["team"], TAG), listed.text)
    assert 'name="close_from" value="2032-05-01"' in listed.text
    # "All deals as a list" carries the filter too.
    assert 'href="/deals?%s"' % html.escape(urlencode(f)) in page.text


def test_deals_list_checks_team_and_dates_like_the_board():
    """/deals refuses a team not offered, a backwards range and a date that is not one: 400 and a message"""
    setup()
    cases = [({"team": STATE["other"]}, "Choose one of the options offered."),
             ({"close_from": "2032-06-01", "close_to": "2032-05-01"}, "before its start"),
             ({"close_to": "2032-13-40"}, "This date does not exist."),
             ({"team": "x"}, None)]
    for query, message in cases:
        r = get("/deals?" + urlencode(query), headers={"Cookie": STATE["mgr"]})
        assert r.status == 400, (query, r.status)
        if message:
            assert message in r.text, (query, r.text[:800])
        assert TAG + " Match" not in r.text and no_internals(r.text), query


# ---- 2. counts read "1 deal" / "2 deals" ----

def head_of(col):
    return col.split("</h2>")[0]


def test_board_counts_singular_and_plural():
    """a column of one deal says "1 deal" to screen readers, more say "deals"; "1 more deal" / "3 more deals" """
    f = board_filter()
    page = board(**f)
    assert page.status == 200
    one = head_of(column(page.text, "Negotiation"))
    assert re.search(r'class="count"><span>1</span><span class="visually-hidden"> <span>deal</span></span>', one), one
    many = head_of(column(page.text, "Qualification"))
    assert re.search(r'class="count"><span>53</span><span class="visually-hidden"> <span>deals</span>', many), many
    assert re.search(r'<span>3</span> <a href="[^"]+">more deals in the list</a>', page.text)
    # Days 1-25 twice and the 26th once: 51 deals, one left off the column.
    f["close_to"] = "2032-05-26"
    page = board(**f)
    assert re.search(r'<span>1</span> <a href="[^"]+">more deal in the list</a>', page.text), \
        re.findall(r'class="stage-more">.*?</p>', page.text)
    # Chinese has one form.
    zh = get("/deals/pipeline?" + urlencode(f), headers={"Cookie": STATE["mgr"], "Accept-Language": "zh-CN"})
    assert re.search(r'<span>1</span><span class="visually-hidden"> <span>个商机</span>', zh.text), zh.text[:500]
    assert "个商机在列表中" in zh.text


def test_dashboard_counts_singular_and_plural():
    """the dashboard's won figures say "1 deal" won this quarter and "0 deals" last quarter"""
    setup()
    home = get("/", headers={"Cookie": STATE["mgr"], "Accept-Language": "en"})
    assert home.status == 200
    stats = home.text.split('class="dash-stats"')[1].split("</dl>")[0]
    won = re.search(r"<dt>Won this quarter</dt><dd><span>(\d+)</span> <span class=\"dash-unit\">(\w+)</span>", stats)
    before = re.search(r"<dt>Won last quarter</dt><dd><span>(\d+)</span> <span class=\"dash-unit\">(\w+)</span>",
                       stats)
    assert won and before, stats
    assert won.groups() == ("1", "deal"), won.groups()
    assert before.groups() == ("0", "deals"), before.groups()


# ---- 3. the audit trail names a deal's stages and formats its amount ----

def trail_text(session, query, lang="en"):
    r = get("/admin/audit?" + query, headers={"Cookie": session, "Accept-Language": lang})
    assert r.status == 200, (query, r.status)
    row = re.search(r"<tbody>(.*?)</tbody>", r.text, re.S)
    assert row, r.text[:2000]
    return re.sub(r"\s+", " ", visible_text(row.group(1)))


def audited_deal():
    """A deal the administrator creates at 12,345.67 CHF in Prospecting and changes to 20,000.00 EUR in
    Qualification (the manager's role may not change amounts)."""
    if "audited" in STATE:
        return STATE["audited"]
    admin = sessions()["administrator"]
    did = create(admin, "/deals/new", {"name": TAG + " Audited", "currency": "CHF", "amount": "12345.67",
                                       "stage": stage_id("Prospecting")})
    form = get("/deals/%s/edit" % did, headers={"Cookie": admin})
    assert form.status == 200, form.status
    r = form_post("/deals/%s/edit" % did, admin, {
        "csrf": csrf_of(form.text), "version": version_of(form), "name": TAG + " Audited", "currency": "EUR",
        "amount": "20000", "stage": stage_id("Qualification")})
    assert r.status == 303, (r.status, r.text[:500])
    STATE["audited"] = did
    return did


def test_audit_trail_deal_stage_names_and_amount():
    """the trail reads "Stage Prospecting changed to Qualification", "Amount 12,345.67 CHF changed to 20,000.00 EUR"; zh-CN names"""
    did = audited_deal()
    admin = sessions()["administrator"]
    upd = trail_text(admin, "action=record.update&object=deals:%s" % did)
    assert "Stage Prospecting changed to Qualification" in upd, upd
    assert "Amount 12,345.67 CHF changed to 20,000.00 EUR" in upd, upd
    assert "amount_cents" not in upd and "1234567" not in upd, upd
    new = trail_text(admin, "action=record.create&object=deals:%s" % did)
    assert "Amount 12,345.67 CHF" in new and "Stage Prospecting" in new, new
    assert "amount_cents" not in new, new
    zh = trail_text(admin, "action=record.update&object=deals:%s" % did, "zh-CN")
    assert "潜在客户" in zh and "资格确认" in zh and "12,345.67 CHF" in zh, zh
    assert "Prospecting" not in zh and "amount_cents" not in zh, zh


def test_audit_trail_amount_masked_for_a_role_that_may_not_see_it():
    """an auditor whose role sees deal amounts masked reads "Amount ••• changed to •••", never the figures"""
    did = audited_deal()
    mariadb("INSERT INTO role_field_rules (role_id, module, field, rule) SELECT id, 'deals', 'amount', 'masked'"
            " FROM roles WHERE name = 'auditor'")
    try:
        name, pw = creds()["auditor"]
        auditor = sign_in(name, pw)[1]
        upd = trail_text(auditor, "action=record.update&object=deals:%s" % did)
        assert "Amount \u2022\u2022\u2022 changed to \u2022\u2022\u2022" in upd, upd
        assert "12,345" not in upd and "1234567" not in upd and "20,000" not in upd, upd
        assert "Stage Prospecting changed to Qualification" in upd, upd
    finally:
        mariadb("DELETE f FROM role_field_rules f JOIN roles r ON r.id = f.role_id WHERE r.name = 'auditor'"
                " AND f.module = 'deals' AND f.field = 'amount'")


# ---- the end ----

def test_restore_team():
    """the manager goes back to the team they were in before this file"""
    if "saved" in STATE:
        name, team = STATE["saved"]
        mariadb("UPDATE users SET team_id = %s WHERE username = '%s'" % (team, name))
        assert sql1("SELECT COALESCE(team_id, 'NULL') FROM users WHERE username = '%s'" % name) == team
