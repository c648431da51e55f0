"""test_46_pipeline_board.py: the pipeline board at /deals/pipeline
through nginx. A manager sees one column per stage with the count, total
and probability-weighted total of the matching deals (an aggregate, so a
column capped at 50 cards still counts them all and links to the rest);
a rep whose role hides amounts is told so and sees none. A card moves by
its plain form POST (no script): the stage changes, the audit record is
written, and the answer goes back to the board with the same filter and
a flash. A forged stage or a deal out of scope is refused with nothing
written. The filters (owner, team, close dates) narrow the cards; bad
filter input gets a message, not a 500. The deal page has a stage bar.
Self-contained: the deals are made in a team of the test's own, with the
sales manager and rep moved into it for the test."""
import re
import uuid
from urllib.parse import urlencode

from harness import get, mariadb, no_internals, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of

TAG = "B46-" + uuid.uuid4().hex[:6]
STATE = {}


def sql1(q):
    return mariadb(q).stdout.strip()


def stage_id(name):
    return sql1("SELECT id FROM deal_stages WHERE name = '%s'" % name)


def user_id(name):
    return sql1("SELECT id FROM users WHERE username = '%s'" % name)


def add_deal(name, stage, owner, team, cents=0, prob=10, close=None, account=None):
    mariadb("INSERT INTO deals (name, account_id, amount_cents, currency, stage_id, probability, expected_close,"
            " owner_id, team_id, created_at, updated_at) VALUES ('%s', %s, %d, 'CHF', %s, %d, %s, %s, %s,"
            " UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (name, account or "NULL", cents, stage_id(stage), prob,
                                                      "'%s'" % close if close else "NULL", owner, team))
    return sql1("SELECT id FROM deals WHERE name = '%s' ORDER BY id DESC LIMIT 1" % name)


def setup():
    """Once: the sessions, a team of the test's own with the manager and rep in it, and the deals."""
    if "mgr" in STATE:
        return
    mgr_name, mgr_pw = creds()["sales-manager"]
    rep_name, rep_pw = creds()["sales-rep"]
    STATE["mgr"] = sign_in(mgr_name, mgr_pw)[1]
    STATE["rep"] = sign_in(rep_name, rep_pw)[1]
    mgr, rep = user_id(mgr_name), user_id(rep_name)
    STATE["saved"] = {n: sql1("SELECT COALESCE(team_id, 'NULL') FROM users WHERE id = %s" % i)
                      for n, i in ((mgr_name, mgr), (rep_name, rep))}
    mariadb("INSERT INTO teams (name, created_at) VALUES ('%s', UTC_TIMESTAMP())" % TAG)
    team = sql1("SELECT id FROM teams WHERE name = '%s'" % TAG)
    mariadb("UPDATE users SET team_id = %s WHERE id IN (%s, %s)" % (team, mgr, rep))
    other = sql1("SELECT id FROM teams WHERE name <> '%s' ORDER BY id LIMIT 1" % TAG)
    # Someone in another team (a user row is enough: nobody signs in as them).
    mariadb("INSERT INTO users (username, created_at, team_id) VALUES ('%s', UTC_TIMESTAMP(), %s)"
            % (TAG.lower(), other))
    admin = user_id(TAG.lower())
    # An account of another team: the manager may not view it.
    mariadb("INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at) VALUES"
            " ('%s Hidden GmbH', %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (TAG, admin, other))
    hidden_acc = sql1("SELECT id FROM accounts WHERE name = '%s Hidden GmbH'" % TAG)
    mariadb("INSERT INTO accounts (name, owner_id, team_id, created_at, updated_at) VALUES"
            " ('%s Visible AG', %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())" % (TAG, rep, team))
    visible_acc = sql1("SELECT id FROM accounts WHERE name = '%s Visible AG'" % TAG)
    STATE.update(team=team, other=other, mgr_id=mgr, rep_id=rep)
    STATE["a"] = add_deal(TAG + " Alpha", "Proposal", rep, team, 100000, 50, "2030-01-10", visible_acc)
    STATE["b"] = add_deal(TAG + " Bravo", "Proposal", mgr, team, 300000, 50, "2030-03-10", hidden_acc)
    STATE["c"] = add_deal(TAG + " Charlie", "Negotiation", rep, team, 50000, 80, "2031-06-15")
    STATE["out"] = add_deal(TAG + " Outside", "Proposal", admin, other, 700000, 50, "2030-02-01")
    for i in range(52):
        add_deal("%s Bulk %02d" % (TAG, i), "Qualification", mgr, team, 1000, 20)


def board(session, **query):
    setup()
    path = "/deals/pipeline" + ("?" + urlencode(query) if query else "")
    return get(path, headers={"Cookie": session})


def column(text, stage):
    """The HTML of the board column of stage (its <section>)."""
    for part in text.split("<section")[1:]:
        if 'class="stage-name">%s<' % stage in part:
            return part.split("</section>")[0]
    raise AssertionError("no column %s" % stage)


def count_of(col):
    return int(re.search(r'class="count"><span>(\d+)</span>', col).group(1))


def test_manager_sees_columns_with_counts_and_totals():
    """one column per stage in order; counts and totals come from all matching deals, not the 50 cards"""
    setup()
    page = board(STATE["mgr"], team=STATE["team"])
    assert page.status == 200, page.text[:500]
    names = re.findall(r'class="stage-name">([^<]+)<', page.text)
    stages = mariadb("SELECT name FROM deal_stages ORDER BY position").stdout.split("\n")
    assert names == [s for s in stages if s], names
    proposal = column(page.text, "Proposal")
    assert count_of(proposal) == 2
    assert "4,000.00 CHF" in proposal and "2,000.00 CHF" in proposal, proposal
    assert TAG + " Alpha" in proposal and TAG + " Outside" not in page.text
    # The account the manager may view is a link; the other is not named.
    assert TAG + " Visible AG" in proposal and TAG + " Hidden GmbH" not in page.text
    assert "A record you cannot open" in proposal
    qual = column(page.text, "Qualification")
    assert count_of(qual) == 52 and qual.count('class="deal-card"') == 50
    assert "520.00 CHF" in qual and "104.00 CHF" in qual and ">2</span> <a href=\"/deals?stage=%s&amp;team=%s\"" % (stage_id("Qualification"), STATE["team"]) in qual
    assert "Amounts are hidden" not in page.text
    # Owner initials, with the full name for screen readers.
    assert 'class="avatar" aria-hidden="true"' in proposal and creds()["sales-rep"][0] in proposal
    assert '<script src="/assets/js/board.js"' in page.text


def test_rep_is_told_amounts_are_hidden():
    """a rep whose role hides amounts sees the notice once and no amount or total anywhere"""
    setup()
    page = board(STATE["rep"])
    assert page.status == 200
    assert page.text.count("Amounts are hidden for your role.") == 1
    assert "CHF" not in page.text and "stage-sums" not in page.text
    proposal = column(page.text, "Proposal")
    assert TAG + " Alpha" in proposal and TAG + " Bravo" not in page.text


def card_form(text, deal):
    """The fields of the move form on deal's card."""
    m = re.search(r'<form class="card-move" method="post" action="/deals/%s/stage">(.*?)</form>' % deal, text, re.S)
    assert m, "no move form for %s" % deal
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', m.group(1)))
    options = re.findall(r'<option value="(\d+)"(?: selected="selected")?>([^<]+)</option>', m.group(1))
    return fields, options


def audit_count(deal):
    return int(sql1("SELECT COUNT(*) FROM audit_log WHERE action = 'record.update' AND object_type = 'deals'"
                    " AND object_id = '%s'" % deal))


def test_move_by_plain_form_post():
    """the card's form moves the deal, audits it and comes back to the board with the filter and a flash"""
    setup()
    mgr, a = STATE["mgr"], STATE["a"]
    page = board(mgr, team=STATE["team"], close_from="2030-01-01", close_to="2030-12-31")
    assert page.status == 200
    fields, options = card_form(page.text, a)
    assert fields["return"] == "board" and fields["team"] == STATE["team"] and fields["close_to"] == "2030-12-31"
    assert ("%s" % stage_id("Proposal"), "Proposal") not in options and ("%s" % stage_id("Negotiation"),
                                                                          "Negotiation") in options
    # The next stage is the one chosen already.
    assert re.search(r'<option value="%s" selected="selected">Negotiation<' % stage_id("Negotiation"), page.text)
    before = audit_count(a)
    r = request("POST", "/deals/%s/stage" % a, body=urlencode(dict(fields, stage=stage_id("Negotiation"))).encode(),
                headers=dict(FORM, Cookie=mgr))
    assert r.status == 303, (r.status, r.text[:300])
    assert r.headers["location"].endswith(
        "/deals/pipeline?team=%s&close_from=2030-01-01&close_to=2030-12-31" % STATE["team"]), r.headers["location"]
    assert sql1("SELECT stage_id FROM deals WHERE id = %s" % a) == stage_id("Negotiation")
    assert audit_count(a) == before + 1
    detail = sql1("SELECT detail FROM audit_log WHERE action = 'record.update' AND object_type = 'deals'"
                  " AND object_id = '%s' ORDER BY seq DESC LIMIT 1" % a)
    assert '"stage"' in detail, detail
    flash = re.search(r"__Host-flash=(\d+)", r.headers.get("set-cookie", ""))
    assert flash, r.headers
    loc = r.headers["location"]
    back = get(loc[loc.index("/deals/pipeline"):], headers={"Cookie": mgr + "; __Host-flash=" + flash.group(1)})
    assert "The deal was moved to its new stage." in back.text
    assert TAG + " Alpha" in column(back.text, "Negotiation")


def test_forged_stage_and_out_of_scope_refused():
    """a stage that does not exist, or a deal the user may not edit, is refused and nothing is written"""
    setup()
    mgr, rep, b = STATE["mgr"], STATE["rep"], STATE["b"]
    fields, _ = card_form(board(mgr, team=STATE["team"]).text, b)
    before, stage = audit_count(b), sql1("SELECT stage_id FROM deals WHERE id = %s" % b)
    for forged in ("999999", "0", "-1", "abc", "1 OR 1=1"):
        r = request("POST", "/deals/%s/stage" % b, body=urlencode(dict(fields, stage=forged)).encode(),
                    headers=dict(FORM, Cookie=mgr))
        assert 400 <= r.status < 500, (forged, r.status)
        assert no_internals(r.text), r.text[:300]
    # The manager's deal is outside the rep's own scope; another team's is outside the manager's.
    rep_csrf = csrf_of(board(rep).text)
    r = request("POST", "/deals/%s/stage" % b, body=urlencode(dict(fields, csrf=rep_csrf,
                stage=stage_id("Won"))).encode(), headers=dict(FORM, Cookie=rep))
    assert r.status in (403, 404), ("rep", r.status)
    out = STATE["out"]
    r = request("POST", "/deals/%s/stage" % out, body=urlencode(dict(fields, stage=stage_id("Won"))).encode(),
                headers=dict(FORM, Cookie=mgr))
    assert r.status == 404, ("out", r.status)
    assert sql1("SELECT stage_id FROM deals WHERE id = %s" % b) == stage
    assert sql1("SELECT stage_id FROM deals WHERE id = %s" % out) == stage_id("Proposal")
    assert audit_count(b) == before and audit_count(out) == 0
    # Without the CSRF token: refused too.
    r = request("POST", "/deals/%s/stage" % b, body=urlencode(dict(fields, csrf="0" * 64,
                stage=stage_id("Won"))).encode(), headers=dict(FORM, Cookie=mgr))
    assert r.status == 403 and sql1("SELECT stage_id FROM deals WHERE id = %s" % b) == stage


def test_filters_narrow_the_cards():
    """owner, team and the close-date range each narrow the board; the counts follow"""
    setup()
    mgr, team = STATE["mgr"], STATE["team"]
    mine = board(mgr, team=team, owner=STATE["rep_id"])
    assert mine.status == 200
    assert TAG + " Charlie" in mine.text and TAG + " Bravo" not in mine.text and TAG + " Bulk" not in mine.text
    assert 'value="%s" selected="selected"' % STATE["rep_id"] in mine.text
    dated = board(mgr, team=team, close_from="2031-01-01", close_to="2031-12-31")
    assert TAG + " Charlie" in dated.text and TAG + " Bravo" not in dated.text
    assert count_of(column(dated.text, "Qualification")) == 0
    early = board(mgr, team=team, close_to="2030-06-30")
    assert TAG + " Bravo" in early.text and TAG + " Charlie" not in early.text


def test_bad_filters_get_a_message():
    """a date that is not one, a range backwards, a team or owner not offered: a message and 400, never a 500"""
    setup()
    mgr = STATE["mgr"]
    cases = [({"close_from": "2030-13-45"}, "This date does not exist."),
             ({"close_to": "tomorrow"}, "Enter a date as YYYY-MM-DD."),
             ({"close_from": "2031-01-01", "close_to": "2030-01-01"}, "before its start"),
             ({"team": STATE["other"]}, "Choose one of the options offered."),
             ({"team": "x"}, None), ({"owner": "99999999"}, "Choose one of the options offered.")]
    for query, message in cases:
        r = board(mgr, **query)
        assert r.status == 400, (query, r.status)
        assert 'id="error-summary"' in r.text and 'aria-invalid="true"' in r.text, query
        if message:
            assert message in r.text, (query, r.text[:800])
        assert 'class="deal-card"' not in r.text
        assert no_internals(r.text), r.text[:300]


def test_deal_page_stage_bar():
    """the deal page lists every stage in order with the current one marked as the step; won is told apart"""
    setup()
    mgr, c = STATE["mgr"], STATE["c"]
    page = get("/deals/%s" % c, headers={"Cookie": mgr})
    assert page.status == 200
    bar = page.text.split('class="stage-bar"')[1].split("</nav>")[0]
    steps = re.findall(r'<li class="([^"]+)"( aria-current="step")?><span>([^<]+)</span>', bar)
    assert [s[2] for s in steps][:3] == ["Prospecting", "Qualification", "Proposal"], steps
    current = [s for s in steps if s[1]]
    assert len(current) == 1 and current[0][2] == "Negotiation" and "step-current" in current[0][0]
    assert "step-done" in steps[0][0] and any("step-won" in s[0] for s in steps)


def test_heads_count_a_deal_reached_through_a_temporary_grant():
    """the column heads (read from the maintained summary without a date filter) count a deal the rep reaches
    only through a temporary grant, as the cards show it; with a date filter, the same"""
    setup()
    rep, out = STATE["rep_id"], STATE["out"]
    before = count_of(column(board(STATE["rep"]).text, "Proposal"))
    mariadb("INSERT INTO temp_grants (user_id, module, action, record_id, reason, granted_by, created_at, expires_at)"
            " VALUES (%s, 'deals', 'view', %s, 'test_46', %s, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY)"
            % (rep, out, STATE["mgr_id"]))
    try:
        plain = column(board(STATE["rep"]).text, "Proposal")
        assert TAG + " Outside" in plain and count_of(plain) == before + 1, (before, plain)
        dated = column(board(STATE["rep"], close_from="2030-01-01", close_to="2030-12-31").text, "Proposal")
        assert TAG + " Outside" in dated and count_of(dated) == dated.count('class="deal-card"'), dated
    finally:
        mariadb("DELETE FROM temp_grants WHERE reason = 'test_46' AND record_id = %s" % out)
    assert count_of(column(board(STATE["rep"]).text, "Proposal")) == before


def test_restore_teams():
    """the manager and the rep go back to the teams they were in before this file"""
    for name, team in STATE.get("saved", {}).items():
        mariadb("UPDATE users SET team_id = %s WHERE username = '%s'" % (team, name))
        assert sql1("SELECT COALESCE(team_id, 'NULL') FROM users WHERE username = '%s'" % name) == team
