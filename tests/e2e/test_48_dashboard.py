"""test_48_dashboard.py: the dashboard at / through nginx. A sales rep
(deals.amount hidden for the role) is told the amounts are hidden and
sees none; their tasks due today and overdue appear for them only; a deal
closing this month appears; moving a deal to won counts it in "won this
quarter"; a sales manager (team scope) sees the per-owner lines, the rep
does not; records outside the scope never appear; the summary table the
figures come from (sql/036_dashboard.sql) agrees with the deals.
Self-contained: it makes its own team, deals and tasks."""
import re
from urllib.parse import urlencode

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of

TAG = "Dash48"
STATE = {}


def sql(q):
    return mariadb(q).stdout.strip()


def user_id(name):
    return sql("SELECT id FROM users WHERE username = '%s'" % name)


def stage_id(name):
    return sql("SELECT id FROM deal_stages WHERE name = '%s'" % name)


def deal(name, owner, team, stage, close="UTC_DATE()", cents=777700):
    sql("INSERT INTO deals (name, amount_cents, currency, stage_id, probability, expected_close, owner_id,"
        " team_id, created_at, updated_at) VALUES ('%s', %d, 'CHF', %s, 50, %s, %s, %s, UTC_TIMESTAMP(),"
        " UTC_TIMESTAMP())" % (name, cents, stage_id(stage), close, owner, team))
    return sql("SELECT MAX(id) FROM deals WHERE name = '%s'" % name)


def task(subject, owner, team, due, kind="task"):
    sql("INSERT INTO activities (kind, subject, related_type, related_id, due_at, owner_id, team_id,"
        " created_at, updated_at) VALUES ('%s', '%s', 'deal', %s, %s, %s, %s, UTC_TIMESTAMP(),"
        " UTC_TIMESTAMP())" % (kind, subject, STATE["rep_deal"], due, owner, team))


def home(session):
    r = get("/", headers={"Cookie": session})
    assert r.status == 200, r.status
    return r.text


def tasks_of(text):
    return text.split('id="tasks-title"')[1].split("</section>")[0]


def won_count(text):
    m = re.search(r"Won this quarter</dt>\s*<dd>\s*<span>(\d+)</span>", text)
    assert m, text[:2000]
    return int(m.group(1))


def setup():
    if "rep" in STATE:
        return
    rep_name, rep_pw = creds()["sales-rep"]
    mgr_name, mgr_pw = creds()["sales-manager"]
    _, rep = sign_in(rep_name, rep_pw)
    _, mgr = sign_in(mgr_name, mgr_pw)
    team = sql("SELECT id FROM teams WHERE name = 'Sales North'")
    other = sql("SELECT id FROM teams WHERE name = 'Sales South'")
    saved = {n: sql("SELECT COALESCE(team_id, 'NULL') FROM users WHERE username = '%s'" % n)
             for n in (rep_name, mgr_name)}
    sql("UPDATE users SET team_id = %s WHERE username IN ('%s', '%s')" % (team, rep_name, mgr_name))
    rep_id, mgr_id = user_id(rep_name), user_id(mgr_name)
    STATE.update(rep=rep, mgr=mgr, rep_name=rep_name, mgr_name=mgr_name, saved=saved, team=team)
    STATE["rep_deal"] = deal(TAG + " rep closing", rep_id, team, "Proposal")
    STATE["rep_won"] = deal(TAG + " rep to win", rep_id, team, "Negotiation", close="NULL")
    # Outside the rep's scope (the manager's own) and outside both (another team's).
    deal(TAG + " manager closing", mgr_id, team, "Qualification")
    fin_name, fin_pw = creds()["finance"]
    sign_in(fin_name, fin_pw)
    deal(TAG + " south closing", user_id(fin_name), other, "Qualification")
    task(TAG + " rep today", rep_id, team, "UTC_DATE() + INTERVAL 23 HOUR + INTERVAL 30 MINUTE")
    task(TAG + " rep overdue", rep_id, team, "UTC_DATE() - INTERVAL 1 MINUTE")
    task(TAG + " rep next week", rep_id, team, "UTC_DATE() + INTERVAL 8 DAY")
    task(TAG + " manager today", mgr_id, team, "UTC_DATE() + INTERVAL 23 HOUR + INTERVAL 30 MINUTE")
    task(TAG + " rep meeting", rep_id, team, "UTC_DATE() + INTERVAL 23 HOUR", kind="meeting")


def test_rep_amounts_hidden_said_and_absent():
    """the rep's role may not see amounts: the page says so and shows none"""
    setup()
    text = home(STATE["rep"])
    assert "Amounts are hidden for your role" in text
    assert "7,777.00" not in text and not re.search(r"\d,\d{3}\.\d{2}", text)
    assert "Weighted forecast" not in text and ">Total<" not in text


def test_rep_tasks_today_and_overdue_own_only():
    """tasks due today and overdue appear for their owner, flagged; not another user's, not next week's"""
    setup()
    page = home(STATE["rep"])
    text = tasks_of(page)
    assert TAG + " rep today" in text and TAG + " rep overdue" in text
    assert TAG + " rep next week" not in text
    assert TAG + " manager today" not in page
    overdue = text[text.index(TAG + " rep overdue"):][:600]
    assert "Overdue" in overdue
    assert TAG + " rep meeting" in page.split('id="meetings-title"')[1].split("</section>")[0]
    mgr = home(STATE["mgr"])
    assert TAG + " manager today" in tasks_of(mgr) and TAG + " rep today" not in mgr


def test_deal_closing_this_month():
    """a deal closing this month appears for its owner and the team's manager, out of scope ones never"""
    setup()
    rep, mgr = home(STATE["rep"]), home(STATE["mgr"])
    assert TAG + " rep closing" in rep and TAG + " rep closing" in mgr
    assert TAG + " manager closing" not in rep and TAG + " manager closing" in mgr
    assert TAG + " south closing" not in rep and TAG + " south closing" not in mgr
    assert "7,777.00 CHF" in mgr


def test_won_this_quarter_counts_a_deal_moved_to_won():
    """moving a deal to won through the form counts it in won this quarter"""
    setup()
    rep, did = STATE["rep"], STATE["rep_won"]
    before = won_count(home(rep))
    form = get("/deals/%s/edit" % did, headers={"Cookie": rep})
    assert form.status == 200, form.status
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    r = request("POST", "/deals/%s/edit" % did, headers=dict(FORM, Cookie=rep), body=urlencode({
        "csrf": csrf_of(form.text), "version": version, "name": TAG + " rep to win", "currency": "CHF",
        "stage": stage_id("Won")}).encode())
    assert r.status == 303, (r.status, r.text[:300])
    assert won_count(home(rep)) == before + 1


def test_manager_sees_owner_breakdown_rep_does_not():
    """the manager's page has a line per owner (the rep among them); the rep's has none"""
    setup()
    mgr, rep = home(STATE["mgr"]), home(STATE["rep"])
    assert "By owner" in mgr and "Team pipeline" in mgr
    owners = mgr[mgr.index("By owner"):]
    assert ">%s</a>" % STATE["rep_name"] in owners
    assert "By owner" not in rep and "My pipeline" in rep


def test_summary_agrees_with_deals():
    """the maintained sums equal the deals, after inserts, form edits and a delete"""
    setup()
    sql("UPDATE deals SET deleted_at = UTC_TIMESTAMP() WHERE name = '%s'" % (TAG + " manager closing"))
    sums = sql("SELECT CONCAT(COALESCE(SUM(deals), 0), ' ', COALESCE(SUM(amount_cents), 0), ' ',"
               " COALESCE(SUM(weighted), 0)) FROM deal_pipeline_sums")
    deals = sql("SELECT CONCAT(COUNT(*), ' ', COALESCE(SUM(amount_cents), 0), ' ',"
                " COALESCE(SUM(amount_cents * probability), 0)) FROM deals WHERE deleted_at IS NULL")
    assert sums == deals, (sums, deals)
    assert TAG + " manager closing" not in home(STATE["mgr"])
    for name, team in STATE["saved"].items():
        sql("UPDATE users SET team_id = %s WHERE username = '%s'" % (team, name))
