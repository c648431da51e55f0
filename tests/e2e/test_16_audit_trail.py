"""test_16_audit_trail.py: every audited action that exists so far,
performed through nginx, leaves its record with the right fields (time,
actor, roles, address, user agent, request id = the response's
X-Request-Id, action, object, outcome, detail); /admin/audit filters and
pages them for auditors, its CSV export is audited and safe to open in a
spreadsheet; /admin/alerts shows watcher alerts and their audited
acknowledgement; integrity failures are recorded; the chain still
verifies at the end. The CRM core will extend this with record events."""
import csv
import io
import json
import re
import subprocess
import time

from harness import VAR, get, mariadb, request
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, oathtool, post
from test_15_local_sso_admin import crmctl, enrolled_session

UA = "crm-audit-test/1.0"
ADMIN = "auditadmin"
ADMIN_PW = "Audit-Admin-Password-42"
STATE = {}


def records(where):
    """audit_log rows (dicts) matching where, oldest first."""
    cols = ["seq", "at", "actor_id", "actor", "roles", "ip", "user_agent", "request_id", "action",
            "object_type", "object_id", "outcome", "items", "detail"]
    out = mariadb("SELECT %s FROM audit_log WHERE %s ORDER BY seq" % (", ".join(cols), where))
    assert out.returncode == 0, out.stderr
    return [dict(zip(cols, line.split("\t"))) for line in out.stdout.splitlines()]


def last(where):
    rows = records(where)
    assert rows, "no audit record where " + where
    return rows[-1]


def signed(name, pw):
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', get("/login").text).group(1)
    body = "csrf=%s&username=%s&password=%s" % (token, name, pw)
    return request("POST", "/login", body=body.encode(),
                   headers=dict(FORM, Cookie="__Host-csrf=" + token, **{"User-Agent": UA}))


def test_failed_sign_in_is_recorded_with_request_id():
    """a wrong password: auth.login failure with the typed name, address, agent and the response's request id"""
    name, _ = creds()["sales-rep"]
    r = signed(name, "definitely-wrong")
    assert r.status == 401
    rec = last("action = 'auth.login' AND request_id = '%s'" % r.headers["x-request-id"])
    assert rec["actor"] == name and rec["outcome"] == "failure" and rec["ip"] == "127.0.0.1", rec
    assert rec["user_agent"] == UA and json.loads(rec["detail"])["reason"] == "denied", rec
    assert "definitely-wrong" not in json.dumps(records("seq >= %s" % rec["seq"])), "password in the trail"


def test_successful_sign_in_and_sign_out_are_recorded():
    """sign-in records the roles held; sign-out records the session ended"""
    name, pw = creds()["sales-rep"]
    r = signed(name, pw)
    assert r.status == 303
    rec = last("action = 'auth.login' AND request_id = '%s'" % r.headers["x-request-id"])
    assert rec["outcome"] == "success" and rec["roles"] == "sales-rep" and rec["actor_id"] != "NULL", rec
    assert json.loads(rec["detail"])["method"] == "password"
    session = re.search(r"__Host-session=[0-9a-f]{64}", r.headers["set-cookie"]).group(0)
    page = get("/account/sessions", headers={"Cookie": session})
    out = post("/logout", session, csrf=csrf_of(page.text))
    assert out.status == 303
    rec = last("action = 'auth.logout' AND request_id = '%s'" % out.headers["x-request-id"])
    assert rec["actor"] == name and rec["object_type"] == "session" and rec["outcome"] == "success", rec


def test_refusals_are_recorded_with_their_reason():
    """malformed names, hostile input and a disabled account leave failure records, never a crash"""
    r = signed("*)(uid=*", "x")
    rec = last("request_id = '%s'" % r.headers["x-request-id"])
    assert rec["actor"] == "*)(uid=*" and json.loads(rec["detail"])["reason"] == "invalid_input", rec
    dora, pw = creds()["disabled"]
    r = signed(dora, pw)
    rec = last("request_id = '%s'" % r.headers["x-request-id"])
    assert rec["outcome"] == "failure" and rec["actor"] == dora, rec


def test_admin_actions_are_recorded():
    """break-glass account, second factor, role change and ending sessions each leave their record"""
    r = crmctl("user", "add-local", ADMIN, "--password-stdin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    rec = last("action = 'local_user.add' AND object_id = '%s'" % ADMIN)
    assert rec["actor"] == "crmctl" and json.loads(rec["detail"])["role"] == "administrator", rec
    admin, secret = enrolled_session(ADMIN, ADMIN_PW)
    STATE.update(admin=admin, secret=secret)
    assert last("action = 'auth.mfa.enrol' AND actor = '%s'" % ADMIN)["outcome"] == "success"
    roles = get("/admin/roles", headers={"Cookie": admin})
    rid = mariadb("SELECT id FROM roles WHERE name = 'auditor'").stdout.strip()
    r = post("/admin/roles/%s/mfa" % rid, admin, csrf=csrf_of(roles.text), mfa_required="on")
    rec = last("action = 'role.update' AND request_id = '%s'" % r.headers["x-request-id"])
    detail = json.loads(rec["detail"])
    assert detail == {"role": "auditor", "before": {"mfa_required": False}, "after": {"mfa_required": True}}, detail
    assert "administrator" in rec["roles"]
    post("/admin/roles/%s/mfa" % rid, admin, csrf=csrf_of(roles.text))
    name, pw = creds()["sales-manager"]
    sign_in(name, pw)
    uid = mariadb("SELECT id FROM users WHERE username = '%s'" % name).stdout.strip()
    r = post("/admin/users/%s/sessions/revoke" % uid, admin, csrf=csrf_of(roles.text))
    rec = last("action = 'user.sessions_revoke' AND request_id = '%s'" % r.headers["x-request-id"])
    assert rec["object_id"] == uid and int(rec["items"]) >= 1 and rec["actor"] == ADMIN, rec


def test_mfa_sign_in_events_are_recorded():
    """a wrong code and a right code at sign-in: auth.mfa.verify failure then success"""
    r, session = sign_in(ADMIN, ADMIN_PW)
    form = get("/login/mfa", headers={"Cookie": session})
    bad = post("/login/mfa", session, csrf=csrf_of(form.text), code="000000")
    assert last("request_id = '%s'" % bad.headers["x-request-id"])["outcome"] == "failure"
    good = post("/login/mfa", session, csrf=csrf_of(form.text), code=oathtool(STATE["secret"], 30))
    assert good.status == 303, good.status
    rec = last("request_id = '%s'" % good.headers["x-request-id"])
    assert rec["action"] == "auth.mfa.verify" and rec["outcome"] == "success", rec


def test_key_rotation_is_recorded():
    """crmctl keys rotate writes keys.rotate as crmctl"""
    assert crmctl("keys", "rotate").returncode == 0
    rec = last("action = 'keys.rotate'")
    assert rec["actor"] == "crmctl" and rec["outcome"] == "success" and rec["object_type"] == "key", rec


def row_actions(html):
    """The action column of each record row of an /admin/audit page."""
    body = html.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return re.findall(r'<span class="audit-action">([^<]*)</span>', body)


def test_audit_page_filters_and_refuses_others():
    """the auditor reads /admin/audit with filters; a sales rep gets 403; bad filters get 400; nothing can be posted"""
    name, pw = creds()["auditor"]
    _, aud = sign_in(name, pw)
    page = get("/admin/audit?action=auth&user=%s" % ADMIN, headers={"Cookie": aud})
    acts = row_actions(page.text)
    assert page.status == 200 and {"auth.mfa.verify", "auth.login"} <= set(acts), (page.status, acts)
    assert all(a.startswith("auth.") for a in acts), ("the action prefix filter let others through", acts)
    one = get("/admin/audit?action=keys.rotate", headers={"Cookie": aud})
    acts = row_actions(one.text)
    assert one.status == 200 and acts and set(acts) == {"keys.rotate"}, ("exact action filter", one.status, acts)
    bad = get("/admin/audit?from=2026-02-30&ip=not-an-ip", headers={"Cookie": aud})
    assert bad.status == 400 and "IPv4 or IPv6" in bad.text, ("bad filter", bad.status)
    rep, rpw = creds()["sales-rep"]
    _, s = sign_in(rep, rpw)
    assert get("/admin/audit", headers={"Cookie": s}).status == 403
    assert get("/admin/audit.csv", headers={"Cookie": s}).status == 403
    csrf = csrf_of(page.text)
    assert post("/admin/audit", aud, csrf=csrf).status == 405, "post"
    STATE["auditor"] = aud


def test_csv_export_is_audited_and_formula_safe():
    """the CSV export carries a header and rows, writes audit.export with the row count, and neutralises formulas"""
    signed("=HYPERLINK(\"http://x\")", "x")     # a hostile typed username lands in the trail
    r = get("/admin/audit.csv?action=auth.login", headers={"Cookie": STATE["auditor"]})
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["seq", "time_utc", "user"] and len(rows) > 5
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row), "formula not neutralised"
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    rec = last("action = 'audit.export' AND request_id = '%s'" % r.headers["x-request-id"])
    assert int(rec["items"]) == len(rows) - 1, (rec["items"], len(rows))


def test_previous_sign_in_and_history_are_shown():
    """the start page shows the previous sign-in and failures since; the admin user page shows the history"""
    name, pw = creds()["finance"]
    sign_in(name, pw)
    signed(name, "wrong-password-1")
    _, s = sign_in(name, pw)
    home = get("/", headers={"Cookie": s})
    assert "previous sign-in" in home.text and "127.0.0.1" in home.text, home.text[:800]
    assert re.search(r"Failed sign-in attempts since then: <strong>[1-9]", home.text)
    uid = mariadb("SELECT id FROM users WHERE username = '%s'" % name).stdout.strip()
    hist = get("/admin/users/%s" % uid, headers={"Cookie": STATE["admin"]})
    assert hist.status == 200 and "Wrong password, unknown user or no access" in hist.text and "auth.login" in hist.text


def test_integrity_failure_is_recorded_and_alerted():
    """a TOTP secret copied from another user's row fails to decrypt: crypto.integrity record and alert"""
    other = mariadb("SELECT user_id FROM user_mfa m JOIN users u ON u.id = m.user_id "
                    "WHERE u.username <> '%s' LIMIT 1" % ADMIN).stdout.strip()
    assert other, "no other user with a second factor to copy from"
    mine = mariadb("SELECT id FROM users WHERE username = '%s'" % ADMIN).stdout.strip()
    saved = mariadb("SELECT HEX(secret) FROM user_mfa WHERE user_id = %s" % mine).stdout.strip()
    mariadb("UPDATE user_mfa SET secret = (SELECT s FROM (SELECT secret s FROM user_mfa WHERE user_id = %s) t)"
            " WHERE user_id = %s" % (other, mine))
    try:
        r, session = sign_in(ADMIN, ADMIN_PW)
        form = get("/login/mfa", headers={"Cookie": session})
        post("/login/mfa", session, csrf=csrf_of(form.text), code="123456")
        rec = last("action = 'crypto.integrity'")
        assert rec["object_type"] == "user_mfa.secret" and rec["object_id"] == mine, rec
    finally:
        mariadb("UPDATE user_mfa SET secret = UNHEX('%s') WHERE user_id = %s" % (saved, mine))
    out = crmctl("watch", "--once")
    assert out.returncode == 0, out.stderr
    n = mariadb("SELECT COUNT(*) FROM alerts WHERE kind = 'crypto.integrity'").stdout.strip()
    assert int(n) >= 1, out.stdout


def test_alert_acknowledgement_is_recorded():
    """an administrator acknowledges an alert with a note; it is audited and leaves the open list"""
    page = get("/admin/alerts", headers={"Cookie": STATE["admin"]})
    assert page.status == 200 and "crypto.integrity" in page.text
    m = re.search(r'action="/admin/alerts/(\d+)/ack"', page.text)
    empty = post("/admin/alerts/%s/ack" % m.group(1), STATE["admin"], csrf=csrf_of(page.text), note="")
    assert empty.status == 400
    r = post("/admin/alerts/%s/ack" % m.group(1), STATE["admin"], csrf=csrf_of(page.text),
             note="restored+the+row+from+backup")
    assert r.status == 303
    rec = last("action = 'alert.ack' AND object_id = '%s'" % m.group(1))
    assert json.loads(rec["detail"])["note"] == "restored the row from backup" and rec["actor"] == ADMIN
    again = post("/admin/alerts/%s/ack" % m.group(1), STATE["admin"], csrf=csrf_of(page.text), note="twice")
    assert again.status == 404
    aud_page = get("/admin/alerts?show=all", headers={"Cookie": STATE["auditor"]})
    assert aud_page.status == 200 and 'action="/admin/alerts/' not in aud_page.text, "auditor may acknowledge"
    assert post("/admin/alerts/%s/ack" % m.group(1), STATE["auditor"], csrf=csrf_of(aud_page.text),
                note="x").status == 403


def test_chain_verifies_after_all_of_it():
    """crmctl audit verify passes over everything the tests wrote"""
    r = crmctl("audit", "verify")
    assert r.returncode == 0 and "intact" in r.stdout, r.stdout + r.stderr
