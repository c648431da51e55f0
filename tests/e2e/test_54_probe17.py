"""test_54_probe17.py: defects found probing issue 17's features (the
pipeline board, global search, the dashboard, language and time zone,
the role editor's review, stage names) as an attacker and a careful new
user, through nginx. Each test failed on the code before its fix.
Self-contained: it makes its own stage and deals and removes them."""
import re
import uuid

from harness import get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of

TAG = "P54-" + uuid.uuid4().hex[:6]
STATE = {}


def sql1(q):
    return mariadb(q).stdout.strip()


def user_id(name):
    return sql1("SELECT id FROM users WHERE username = '%s'" % name)


def stage_id(name):
    return sql1("SELECT id FROM deal_stages WHERE name = '%s'" % name)


def session(role):
    if role not in STATE:
        name, pw = creds()[role]
        STATE[role] = sign_in(name, pw)[1]
    return STATE[role]


def add_deal(name, stage, owner, cents, prob, closed_days_ago=None):
    mariadb("INSERT INTO deals (name, amount_cents, currency, stage_id, probability, owner_id, team_id,"
            " created_at, updated_at) VALUES ('%s', %d, 'CHF', %s, %d, %s,"
            " (SELECT team_id FROM users WHERE id = %s), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
            % (name, cents, stage, prob, owner, owner))
    did = sql1("SELECT id FROM deals WHERE name = '%s' ORDER BY id DESC LIMIT 1" % name)
    if closed_days_ago is not None:
        mariadb("UPDATE deals SET closed_at = UTC_TIMESTAMP() - INTERVAL %d DAY, lost_reason = 'price'"
                " WHERE id = %s" % (closed_days_ago, did))
    return did


def purge(*deals):
    for d in deals:
        mariadb("DELETE FROM deals WHERE id = %s" % d)


def move(sess, deal, stage, version, **extra):
    page = get("/deals/pipeline", headers={"Cookie": sess})
    body = "csrf=%s&stage=%s&version=%s&return=board" % (csrf_of(page.text), stage, version)
    body += "".join("&%s=%s" % kv for kv in extra.items())
    return request("POST", "/deals/%s/stage" % deal, body=body.encode(), headers=dict(FORM, Cookie=sess))


def test_dashboard_weighted_rounds_like_the_board():
    """The dashboard's weighted totals are rounded once, as the board's:
    two owners' deals of 0.05 at 10% are 0.01 weighted, not 0.00 (each
    summary row was cut to whole cents before adding up)."""
    stage = TAG + " Rounding"
    mariadb("INSERT INTO deal_stages (name, position, probability, outcome) VALUES ('%s', 35, 10, 'open')"
            % stage)
    sid = stage_id(stage)
    deals = [add_deal(TAG + " R1", sid, user_id(creds()["sales-rep"][0]), 5, 10),
             add_deal(TAG + " R2", sid, user_id(creds()["sales-manager"][0]), 5, 10)]
    try:
        fin = session("finance")
        home = get("/", headers={"Cookie": fin})
        assert home.status == 200
        row = re.search(r'<tr>\s*<td class="card-title">%s</td>(.*?)</tr>' % re.escape(stage), home.text, re.S)
        assert row, home.text[:2000]
        cells = re.findall(r'<span class="cell-label">(\w+)</span> <span>([^<]*)</span>', row.group(1))
        assert ("Weighted", "0.01 CHF") in cells, cells
        board = get("/deals/pipeline", headers={"Cookie": fin})
        col = board.text.split('data-stage="%s"' % sid)[1].split("</section>")[0]
        assert re.search(r"<dt>Weighted</dt><dd>0.01 CHF</dd>", col), col[:800]
    finally:
        purge(*deals)
        mariadb("DELETE FROM deal_stages WHERE id = %s" % sid)


def test_lost_deal_won_later_closes_when_won():
    """A deal lost long ago and won today is won today: its closing time
    follows the change of outcome (it kept the time it was lost, so the
    dashboard's "won this quarter" missed it)."""
    rep = session("sales-rep")
    deal = add_deal(TAG + " Comeback", stage_id("Lost"), user_id(creds()["sales-rep"][0]), 100, 0,
                    closed_days_ago=200)
    try:
        r = move(rep, deal, stage_id("Won"), 1)
        assert r.status == 303, (r.status, r.text[:300])
        assert sql1("SELECT stage_id FROM deals WHERE id = %s" % deal) == stage_id("Won")
        recent = sql1("SELECT closed_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR FROM deals WHERE id = %s" % deal)
        assert recent == "1", sql1("SELECT closed_at FROM deals WHERE id = %s" % deal)
        # Won to won-again keeps the time; back to open clears it.
        r = move(rep, deal, stage_id("Proposal"), 2)
        assert r.status == 303
        assert sql1("SELECT closed_at IS NULL FROM deals WHERE id = %s" % deal) == "1"
    finally:
        purge(deal)


def test_search_by_phone_counts_all_sharing_it():
    """Six contacts with one phone number (a switchboard): the search says
    six and links to the list with all of them (it said five, the hits it
    showed, and offered no way to the sixth)."""
    rep = session("sales-rep")
    phone = "+41 44 %03d %02d %02d" % (uuid.uuid4().int % 900 + 100, uuid.uuid4().int % 90 + 10,
                                       uuid.uuid4().int % 90 + 10)
    made = []
    for i in range(6):
        page = get("/contacts/new", headers={"Cookie": rep})
        body = "csrf=%s&first_name=%s&last_name=Switchboard%d&phone=%s&allow_duplicate=on" % (
            csrf_of(page.text), TAG, i, phone.replace("+", "%2B").replace(" ", "+"))
        r = request("POST", "/contacts/new", body=body.encode(), headers=dict(FORM, Cookie=rep))
        assert r.status == 303, (r.status, r.text[:500])
        made.append(r.headers["location"].rsplit("/", 1)[1])
    try:
        r = get("/search?q=" + phone.replace("+", "%2B").replace(" ", "+"), headers={"Cookie": rep})
        assert r.status == 200
        group = r.text.split('id="search-contacts"')[1].split("</section>")[0]
        assert "(6)" in group, group[:800]
        assert len(re.findall(r'href="/contacts/\d+"', group)) == 5, group[:800]
        assert "All matching contacts" in group, group[:800]
    finally:
        for c in made:
            mariadb("DELETE FROM contacts WHERE id = %s" % c)
