"""test_27_contact_list.py: the contact list's orders, paging, owner
filter and name search (one statement per case, contact_list.c), and the
workers' rights cache: a change made straight in MariaDB (as an operator
might) still applies from the next request, through the rbac generation
the triggers of migration 017 keep."""
import re
import time

from harness import get, mariadb
from test_11_signin import creds, sign_in
from test_18_contacts import form_post, new_contact
from test_12_mfa import csrf_of

STATE = {}


def ids(text):
    return re.findall(r'href="/contacts/([0-9]+)"', text)


def next_link(text):
    m = re.search(r'<a href="(/contacts\?[^"]*after=[^"]*)"', text)
    return m.group(1).replace("&amp;", "&") if m else None


def test_paging_by_name_is_complete_and_ordered():
    """55 contacts of one surname page as 50 + 5 in name order, none twice, none lost"""
    name, pw = creds()["sales-rep"]
    _, rep = sign_in(name, pw)
    made = [new_contact(rep, "P%02d" % i, "Pagingtest") for i in range(55)]
    STATE.update(rep=rep, made=made)
    first = get("/contacts?q=Pagingtest", headers={"Cookie": rep})
    assert first.status == 200 and len(ids(first.text)) == 50, len(ids(first.text))
    nxt = next_link(first.text)
    assert nxt, "no next page link"
    second = get(nxt, headers={"Cookie": rep})
    seen = ids(first.text) + ids(second.text)
    assert sorted(seen, key=int) == sorted(made, key=int), (len(seen), len(set(seen)))
    assert next_link(second.text) is None
    assert seen == sorted(seen, key=int), "same surname: ordered by id within it"


def test_first_name_search():
    """a search matches the beginning of the first name as well as the last"""
    rep = STATE["rep"]
    cid = new_contact(rep, "Quirinaldo", "Zed")
    assert "/contacts/%s" % cid in get("/contacts?q=Quirin", headers={"Cookie": rep}).text
    assert "/contacts/%s" % cid not in get("/contacts?q=uirin", headers={"Cookie": rep}).text


def test_sort_newest_and_recently_updated():
    """newest first lists the latest contact first; recently updated moves an edited one to the top"""
    rep, made = STATE["rep"], STATE["made"]
    newest = get("/contacts?sort=newest", headers={"Cookie": rep})
    assert newest.status == 200 and ids(newest.text)[0] == max(ids(newest.text), key=int)
    oldest = made[0]
    mariadb("UPDATE contacts SET updated_at = UTC_TIMESTAMP() + INTERVAL 1 MINUTE WHERE id = %s" % oldest)
    updated = get("/contacts?sort=updated", headers={"Cookie": rep})
    assert ids(updated.text)[0] == oldest, ids(updated.text)[:3]
    nxt = next_link(updated.text)
    assert nxt and "sort=updated" in nxt
    assert oldest not in ids(get(nxt, headers={"Cookie": rep}).text)


def test_unknown_sort_refused():
    """an unknown order is a clear 400, not a database error"""
    r = get("/contacts?sort=%27%3B%20DROP", headers={"Cookie": STATE["rep"]})
    assert r.status == 400 and "Unknown sort order." in r.text and "SQL" not in r.text


def test_only_mine():
    """'only mine' hides the team's contacts owned by others"""
    name, pw = creds()["sales-manager"]
    _, mgr = sign_in(name, pw)
    team = mariadb("SELECT team_id FROM users WHERE username = '%s'" % creds()["sales-rep"][0]).stdout.strip()
    if team in ("", "NULL"):
        team = mariadb("SELECT id FROM teams ORDER BY id LIMIT 1").stdout.strip()
    mariadb("UPDATE users SET team_id = %s WHERE username IN ('%s', '%s')"
            % (team, name, creds()["sales-rep"][0]))
    mariadb("UPDATE contacts SET team_id = %s WHERE id IN (%s)" % (team, ",".join(STATE["made"])))
    _, mgr = sign_in(name, pw)
    mine_cid = new_contact(mgr, "Mina", "Pagingtest")
    team_view = ids(get("/contacts?q=Pagingtest", headers={"Cookie": mgr}).text)
    assert STATE["made"][0] in team_view, "the manager sees the team's contacts"
    mine = ids(get("/contacts?q=Pagingtest&mine=1", headers={"Cookie": mgr}).text)
    assert mine == [mine_cid], mine


def test_rights_change_in_the_database_applies_next_request():
    """a grant added and removed with SQL (not the admin pages) changes access on the next request"""
    rep = STATE["rep"]
    assert get("/admin/audit", headers={"Cookie": rep}).status == 403
    role = "(SELECT id FROM roles WHERE name = 'sales-rep')"
    mariadb("INSERT INTO role_permissions (role_id, module, action, scope) VALUES (%s, 'admin.audit', 'view', 'all')"
            % role)
    try:
        assert get("/admin/audit", headers={"Cookie": rep}).status == 200
    finally:
        mariadb("DELETE FROM role_permissions WHERE role_id = %s AND module = 'admin.audit'" % role)
    assert get("/admin/audit", headers={"Cookie": rep}).status == 403


def test_expired_temporary_grant_stops_at_once():
    """a module grant that expires stops working on the next request, not a cache lifetime later"""
    rep = STATE["rep"]
    uid = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()["sales-rep"][0]).stdout.strip()
    # Granted by an administrator: a grant never gives more than its granter
    # holds (the grant ceiling, issue 14), so a self-made one would give nothing.
    admin = mariadb("SELECT id FROM users WHERE username = '%s'" % creds()["administrator"][0]).stdout.strip()
    assert admin, "the demo administrator has not signed in yet"
    mariadb("INSERT INTO temp_grants (user_id, module, action, reason, granted_by, created_at, expires_at)"
            " VALUES (%s, 'admin.audit', 'view', 'test', %s, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 3 SECOND)"
            % (uid, admin))
    assert get("/admin/audit", headers={"Cookie": rep}).status == 200
    time.sleep(4)
    assert get("/admin/audit", headers={"Cookie": rep}).status == 403
