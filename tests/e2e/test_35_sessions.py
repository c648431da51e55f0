"""test_35_sessions.py: sessions where features meet (issue 14, items 2,
8 and 13). A member of a role that requires two-step sign-in sees no CRM
data before enrolling; signing in again ends the session it replaces;
the per-user session limit ends the oldest (audited); ending another
session, turning two-step sign-in off and new recovery codes need the
password or a code again, and wrong answers end the session; a database
outage answers 503 with Retry-After and keeps the session."""
import os
import re
import time

from harness import VAR, get, instance, mariadb, request, wait_until
from test_11_signin import FORM, creds, sign_in
from test_12_mfa import csrf_of, oathtool, post
from test_15_local_sso_admin import crmctl, enrolled_session

USER, USER_PW = "sessionlimit", "Session-Limit-Password-31"
ADMIN, ADMIN_PW = "mfanoenrol", "Mfa-No-Enrol-Password-52"


def _set_auth(key, value):
    conf = os.path.join(VAR, "crm.conf")
    text = open(conf).read()
    if re.search(r"^%s = " % key, text, flags=re.M):
        text = re.sub(r"^%s = .*$" % key, "%s = %s" % (key, value), text, flags=re.M)
    else:
        text = text.replace("[auth]\n", "[auth]\n%s = %s\n" % (key, value), 1)
    open(conf, "w").write(text)
    instance("app-reload")
    time.sleep(1.5)   # the new generation of workers takes over


def _alive(session):
    return get("/account/sessions", headers={"Cookie": session}).status == 200


def _local(name, pw, role):
    r = crmctl("user", "add-local", name, "--password-stdin", "--role", role, stdin=pw + "\n")
    assert r.returncode == 0, r.stderr


def test_must_enrol_start_page_shows_no_data():
    """a member of a role that requires two-step sign-in, signed in with the password only, gets the enrolment page instead of the dashboard"""
    _local(ADMIN, ADMIN_PW, "administrator")
    r, s = sign_in(ADMIN, ADMIN_PW)
    assert r.status == 303 and s, r.status
    home = get("/", headers={"Cookie": s})
    assert home.status == 303 and home.headers.get("location") == "/account/mfa", home.status
    for path in ("/", "/contacts", "/deals/pipeline", "/account/sessions", "/account/language"):
        page = get(path, headers={"Cookie": s})
        assert "pipeline" not in page.text.lower() and 'href="/contacts"' not in page.text, path
    enrol = get("/account/mfa", headers={"Cookie": s})
    assert enrol.status == 200 and "secret" in enrol.text


def test_sign_in_ends_the_session_it_replaces():
    """signing in again from a signed-in browser ends the old session"""
    _local(USER, USER_PW, "sales-rep")
    _, old = sign_in(USER, USER_PW)
    assert _alive(old)
    page = get("/account/sessions", headers={"Cookie": old})
    body = "csrf=%s&username=%s&password=%s" % (csrf_of(page.text), USER, USER_PW)
    r = request("POST", "/login", body=body.encode(), headers=dict(FORM, Cookie=old))
    assert r.status == 303, r.status
    new = "__Host-session=" + re.search(r"__Host-session=([0-9a-f]{64})", r.headers["set-cookie"]).group(1)
    assert new != old and _alive(new)
    assert not _alive(old), "the replaced session still works"


def test_session_limit_ends_the_oldest():
    """past [auth] session_limit a sign-in ends the user's oldest session, audited as session.evict"""
    mariadb("DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '%s'" % USER)
    _set_auth("session_limit", 3)
    try:
        made = [sign_in(USER, USER_PW)[1] for _ in range(4)]
        assert all(made)
        assert [_alive(s) for s in made] == [False, True, True, True]
        n = mariadb("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id"
                    " WHERE u.username = '%s'" % USER).stdout.strip()
        assert n == "3", n
        rec = mariadb("SELECT actor, outcome, detail FROM audit_log WHERE action = 'session.evict'"
                      " ORDER BY seq DESC LIMIT 1").stdout.split("\t")
        assert rec[0] == USER and rec[1] == "success" and '"limit": 3' in rec[2].replace('":', '": '), rec
    finally:
        _set_auth("session_limit", 100)


def _other_revoke_form(session):
    """The form that ends the one other session of USER."""
    page = get("/account/sessions", headers={"Cookie": session})
    forms = re.findall(r'<form[^>]*action="(/account/sessions/\d+/revoke)".*?</form>', page.text, re.S)
    blocks = re.findall(r'<form[^>]*action="/account/sessions/\d+/revoke".*?</form>', page.text, re.S)
    others = [a for a, b in zip(forms, blocks) if "End session" in b]
    assert len(others) == 1, others
    return others[0], csrf_of(page.text)


def test_ending_another_session_needs_the_password():
    """ending another session needs the password again; three wrong answers end the asking session"""
    mariadb("DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '%s'" % USER)
    _, victim = sign_in(USER, USER_PW)
    _, thief = sign_in(USER, USER_PW)
    action, csrf = _other_revoke_form(thief)
    r = post(action, thief, csrf=csrf)
    assert r.status == 400 and _alive(victim), r.status
    for i in range(2):
        r = post(action, thief, csrf=csrf, reauth="wrong-password-%d" % i)
        assert r.status == 401 and "not right" in r.text, (i, r.status)
    assert _alive(victim) and _alive(thief)
    r = post(action, thief, csrf=csrf, reauth="wrong-password-3")
    assert r.status == 303 and r.headers.get("location") == "/login", r.status
    assert not _alive(thief) and _alive(victim)
    acts = mariadb("SELECT outcome FROM audit_log WHERE action = 'auth.reauth' AND actor = '%s'" % USER).stdout.split()
    assert acts.count("failure") >= 3, acts
    mariadb("DELETE s FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = '%s'" % USER)
    _, victim = sign_in(USER, USER_PW)
    _, owner = sign_in(USER, USER_PW)
    action, csrf = _other_revoke_form(owner)
    assert post(action, owner, csrf=csrf, reauth=USER_PW).status == 303
    assert not _alive(victim) and _alive(owner)


def test_mfa_off_and_new_codes_need_a_code():
    """turning two-step sign-in off and making new recovery codes need the password or a current code"""
    name, pw = USER, USER_PW
    session, secret = enrolled_session(name, pw)
    page = get("/account/mfa", headers={"Cookie": session})
    assert "/account/mfa/recovery-codes" in page.text and "/account/mfa/disable" in page.text
    csrf = csrf_of(page.text)
    assert post("/account/mfa/recovery-codes", session, csrf=csrf).status == 400
    assert post("/account/mfa/recovery-codes", session, csrf=csrf, reauth="000000").status == 401
    time.sleep(1)
    r = post("/account/mfa/recovery-codes", session, csrf=csrf, reauth=oathtool(secret, 30))
    assert r.status == 200 and r.text.count("<li><code>") == 10, r.status
    assert post("/account/mfa/disable", session, csrf=csrf).status == 400
    r = post("/account/mfa/disable", session, csrf=csrf, reauth=pw)
    assert r.status == 303, r.status
    n = mariadb("SELECT COUNT(*) FROM user_mfa m JOIN users u ON u.id = m.user_id"
                " WHERE u.username = '%s'" % name).stdout.strip()
    assert n == "0", n
    acts = set(mariadb("SELECT action FROM audit_log WHERE actor = '%s'" % name).stdout.split())
    assert {"auth.mfa.disable", "auth.mfa.recovery_codes"} <= acts, acts


def test_required_mfa_cannot_be_turned_off():
    """a member of a role that requires two-step sign-in cannot turn it off"""
    admin, _ = enrolled_session(ADMIN, ADMIN_PW)
    page = get("/account/mfa", headers={"Cookie": admin})
    assert "cannot be turned off" in page.text
    r = post("/account/mfa/disable", admin, csrf=csrf_of(page.text), reauth=ADMIN_PW)
    assert r.status == 403 and "cannot be turned off" in r.text, r.status


def test_database_outage_keeps_the_session():
    """with MariaDB down a signed-in page is a 503 with Retry-After (not the sign-in page) and a POST says nothing was saved; the session works again after"""
    _, session = sign_in(USER, USER_PW)
    form = get("/contacts/new", headers={"Cookie": session})
    assert form.status == 200
    instance("db-stop")
    try:
        page = get("/contacts", headers={"Cookie": session})
        assert page.status == 503 and page.headers.get("retry-after"), (page.status, page.headers)
        assert "__Host-session=;" not in page.headers.get("set-cookie", "") and "/login" not in page.headers.get("location", "")
        r = post("/contacts/new", session, csrf=csrf_of(form.text), first_name="Out", last_name="Age")
        assert r.status == 503 and r.headers.get("retry-after"), r.status
        assert "Nothing you sent was saved" in r.text
    finally:
        instance("db-start")
    assert wait_until(lambda: get("/contacts", headers={"Cookie": session}).status == 200, timeout=20)
    r = post("/contacts/new", session, csrf=csrf_of(form.text), first_name="Out", last_name="Age")
    assert r.status == 303, r.status
