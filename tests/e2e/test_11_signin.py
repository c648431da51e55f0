"""test_11_signin.py: sign-in through nginx against the instance's own
OpenLDAP directory via nslcd, PAM (pam_ldap) and NSS groups: no mocks.
Demo users and passwords come from the instance's demo-credentials."""
import os
import re
import time

from harness import VAR, get, mariadb, request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def creds():
    users = {}
    for line in open(os.path.join(VAR, "demo-credentials")):
        if line.strip() and not line.startswith("#"):
            name, password, role = line.split()[:3]
            users[role] = (name, password)
    return users


def _csrf():
    r = get("/login")
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text).group(1)
    return token, "__Host-csrf=" + token


def sign_in(user, password):
    """Returns (response, session cookie or None)."""
    token, jar = _csrf()
    body = "csrf=%s&username=%s&password=%s" % (token, user, password)
    r = request("POST", "/login", body=body.encode(), headers=dict(FORM, Cookie=jar))
    m = re.search(r"__Host-session=([0-9a-f]{64})", r.headers.get("set-cookie", ""))
    return r, ("__Host-session=" + m.group(1)) if m else None


def test_sales_rep_signs_in_with_role():
    """a directory user signs in and gets the role of their group"""
    name, pw = creds()["sales-rep"]
    r, session = sign_in(name, pw)
    assert r.status == 303 and r.headers.get("location") == "/", (r.status, r.text[:300])
    assert session, "no session cookie"
    setc = r.headers["set-cookie"]
    assert "HttpOnly" in setc and "Secure" in setc and "SameSite=Strict" in setc
    home = get("/", headers={"Cookie": session})
    assert name in home.text and "sales-rep" in home.text, home.text[:500]


def test_manager_and_admin_roles():
    """each demo group maps to its role"""
    users = creds()
    for role in ("sales-manager", "administrator", "finance", "auditor"):
        name, pw = users[role]
        r, session = sign_in(name, pw)
        assert r.status == 303 and session, (role, r.status)
        if role == "administrator":
            # The role requires two-step sign-in: until it is enrolled the
            # enrolment page is all the session opens (issue 14), so the
            # role is read from the database.
            held = mariadb("SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
                           " JOIN users u ON u.id = ur.user_id WHERE u.username = '%s'" % name).stdout.split()
            assert role in held, held
            assert get("/", headers={"Cookie": session}).headers.get("location") == "/account/mfa"
        else:
            assert role in get("/", headers={"Cookie": session}).text, role


def test_wrong_password_and_unknown_user_alike():
    """a wrong password and an unknown user get identical answers"""
    name, _ = creds()["sales-rep"]
    a, sa = sign_in(name, "not-the-password")
    b, sb = sign_in("nosuchuser", "not-the-password")
    assert a.status == b.status == 401 and sa is None and sb is None
    strip = lambda t: re.sub(r'value="[^"]*"|[0-9a-f]{32,64}', "", t)
    assert strip(a.text) == strip(b.text).replace("nosuchuser", name) or \
        strip(a.text).replace(name, "") == strip(b.text).replace("nosuchuser", "")
    assert "Wrong username or password" in a.text


def test_disabled_user_refused():
    """a disabled directory account cannot sign in, with the same message"""
    name, pw = creds()["disabled"]
    r, session = sign_in(name, pw)
    assert r.status in (401, 403) and session is None, r.status


def test_hostile_usernames():
    """LDAP filter syntax, empty, huge, NUL and non-ASCII usernames are refused safely"""
    for u in ("*)(uid=*", "*", "", "a" * 5000, "sam%00", "%E5%BC%A0", "%E5%BC%A0" * 60, "sam)(objectClass=*"):
        r, session = sign_in(u, "x")
        assert r.status in (400, 401, 413) and session is None, (u[:20], r.status)
        assert "<script" not in r.text


def test_session_and_sign_out():
    """sign-out deletes the session server-side: the old cookie no longer works"""
    name, pw = creds()["sales-rep"]
    _, session = sign_in(name, pw)
    page = get("/", headers={"Cookie": session})
    token = re.search(r'action="/logout".*?name="csrf" value="([0-9a-f]{64})"', page.text, re.S).group(1)
    bad = request("POST", "/logout", body=b"csrf=" + b"0" * 64, headers=dict(FORM, Cookie=session))
    assert bad.status == 403
    out = request("POST", "/logout", body=("csrf=" + token).encode(), headers=dict(FORM, Cookie=session))
    assert out.status == 303 and out.headers["location"] == "/login"
    after = get("/", headers={"Cookie": session})
    assert name not in after.text


def test_session_token_stored_hashed():
    """the sessions table holds no cookie value"""
    name, pw = creds()["sales-rep"]
    _, session = sign_in(name, pw)
    token = session.split("=")[1]
    dump = mariadb("SELECT HEX(token_hash), csrf_token FROM sessions").stdout.lower()
    assert token not in dump and token.upper().lower() not in dump


def test_signin_without_csrf_refused():
    """a sign-in POST without its CSRF token is refused"""
    name, pw = creds()["sales-rep"]
    r = request("POST", "/login", body=("username=%s&password=%s" % (name, pw)).encode(), headers=FORM)
    assert r.status == 403 and "__Host-session" not in r.headers.get("set-cookie", "")


def test_new_token_each_sign_in():
    """each sign-in issues a new session token"""
    name, pw = creds()["sales-rep"]
    _, s1 = sign_in(name, pw)
    _, s2 = sign_in(name, pw)
    assert s1 and s2 and s1 != s2


def test_sessions_list_and_revoke():
    """/account/sessions lists the user's sessions; revoking another one needs the password again and ends it on its next request"""
    name, pw = creds()["sales-rep"]
    _, mine = sign_in(name, pw)
    _, other = sign_in(name, pw)
    page = get("/account/sessions", headers={"Cookie": mine})
    assert page.status == 200 and page.text.count("/revoke") >= 2, page.status
    assert "<th scope=\"col\">" in page.text
    forms = re.findall(r'action="(/account/sessions/(\d+)/revoke)".*?value="([0-9a-f]{64})".*?<button[^>]*>([^<]*)<',
                       page.text, re.S)
    target = [f for f in forms if "End session" in f[3]][0]
    assert request("POST", target[0], body=b"csrf=" + b"1" * 64,
                   headers=dict(FORM, Cookie=mine)).status == 403
    # The CSRF token alone no longer ends another session (issue 14, item 8):
    # a stolen cookie must not be able to throw the owner out.
    bare = request("POST", target[0], body=("csrf=" + target[2]).encode(), headers=dict(FORM, Cookie=mine))
    assert bare.status == 400 and "Enter your password" in bare.text, bare.status
    assert len([s for s in (mine, other) if name in get("/", headers={"Cookie": s}).text]) == 2
    r = request("POST", target[0], body=("csrf=%s&reauth=%s" % (target[2], pw)).encode(),
                headers=dict(FORM, Cookie=mine))
    assert r.status == 303, r.status
    alive = [s for s in (mine, other) if name in get("/", headers={"Cookie": s}).text]
    assert alive == [mine] or len(alive) == 1, alive
    assert get("/account/sessions", headers={"Cookie": "__Host-session=" + "a" * 64}).status == 303


def test_signed_out_pages_redirect():
    """account pages redirect to /login without a session"""
    r = get("/account/sessions")
    assert r.status == 303 and r.headers.get("location") == "/login"


def test_screenshots_signed_in():
    """Chromium screenshots of the sign-in page and of a list page (artefacts)"""
    from cdp import Browser
    from harness import URL
    shots = os.path.join(VAR, "screenshots")
    os.makedirs(shots, exist_ok=True)
    name, pw = creds()["sales-manager"]
    _, session = sign_in(name, pw)
    b = Browser()
    try:
        b.open(URL + "/login")
        b.screenshot(os.path.join(shots, "login.png"))
        assert "Sign in" in b.text()
        b.open(URL + "/account/sessions", cookies=[("__Host-session", session.split("=")[1])])
        b.screenshot(os.path.join(shots, "sessions-list.png"))
        text = b.text()
        assert "Your sessions" in text and name in text, text[:300]
    finally:
        b.close()
    for f in ("login.png", "sessions-list.png"):
        data = open(os.path.join(shots, f), "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 8000, f


def test_lockout_engages_and_expires():
    """failed sign-ins back off, then lock (even the right password), and the lock expires"""
    name, pw = creds()["finance"]
    statuses = [sign_in(name, "wrong-%d" % i)[0].status for i in range(5)]
    assert 401 in statuses and statuses[-1] in (401, 429), statuses
    locked, session = sign_in(name, pw)
    assert locked.status == 429 and session is None, locked.status
    assert "Too many failed sign-ins" in locked.text and int(locked.headers.get("retry-after", "0")) > 0
    ghost = [sign_in("ghost-user", "x")[0].status for _ in range(6)][-1]
    assert ghost == 429, "a made-up username must lock the same way"
    time.sleep(int(locked.headers["retry-after"]) + 1)
    r, session = sign_in(name, pw)
    assert r.status == 303 and session, r.status


def test_idle_and_absolute_timeouts():
    """a session idle longer than session_idle, or older than session_max, no longer signs in"""
    name, pw = creds()["sales-rep"]
    _, idle = sign_in(name, pw)
    _, old = sign_in(name, pw)
    assert name in get("/", headers={"Cookie": idle}).text
    import hashlib
    h = lambda c: hashlib.sha256(c.split("=")[1].encode()).hexdigest()
    mariadb("UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL 2 HOUR WHERE token_hash = UNHEX('%s')" % h(idle))
    mariadb("UPDATE sessions SET created_at = created_at - INTERVAL 13 HOUR WHERE token_hash = UNHEX('%s')" % h(old))
    assert name not in get("/", headers={"Cookie": idle}).text, "idle session still valid"
    assert name not in get("/", headers={"Cookie": old}).text, "session past its maximum age still valid"


def test_directory_down():
    """with the directory down sign-in answers 503 and existing sessions keep working"""
    from harness import instance
    name, pw = creds()["sales-rep"]
    _, session = sign_in(name, pw)
    instance("directory-stop")
    try:
        r, s = sign_in(name, pw)
        assert r.status == 503 and s is None and "unavailable" in r.text, r.status
        assert name in get("/", headers={"Cookie": session}).text
    finally:
        instance("directory-start")
    end = time.time() + 20
    while time.time() < end:
        r, s = sign_in(name, pw)
        if s:
            break
        time.sleep(1)
    assert s, "sign-in did not come back after the directory restarted"
